/**
 * T5's relative-position buckets (spec §A.8), computed in JS doubles so the table is identical
 * on every backend. `rel = keyIndex − queryIndex` (negative: the key is in the past).
 */

export interface BucketOptions {
  /** Encoder self-attention: true (half the buckets per direction). Decoder: false. */
  bidirectional: boolean;
  /** Total number of buckets (T5: 32). */
  numBuckets: number;
  /** Distance at which the unclamped log formula would reach the last bucket (T5: 128). */
  maxDistance: number;
}

export const T5_BUCKETS: Readonly<Omit<BucketOptions, 'bidirectional'>> = { numBuckets: 32, maxDistance: 128 };

/** Checks bucket options, naming the offending field. */
export function validateBucketOptions(opts: BucketOptions): void {
  const { numBuckets, maxDistance, bidirectional } = opts;
  if (!Number.isInteger(numBuckets) || numBuckets < (bidirectional ? 2 : 1)) {
    throw new RangeError(`numBuckets must be an integer ≥ ${bidirectional ? 2 : 1} (got ${numBuckets})`);
  }
  if (bidirectional && numBuckets % 2 !== 0) {
    throw new RangeError(`numBuckets must be even for bidirectional buckets (got ${numBuckets})`);
  }
  if (!Number.isInteger(maxDistance) || maxDistance < 1) {
    throw new RangeError(`maxDistance must be a positive integer (got ${maxDistance})`);
  }
}

/** The bucket of one relative position. */
export function relativePositionBucket(rel: number, opts: BucketOptions): number {
  if (!Number.isInteger(rel)) throw new RangeError(`rel must be an integer (got ${rel})`);
  let numBuckets = opts.numBuckets;
  let base = 0;
  let n = -rel; // n > 0: the key lies n tokens before the query
  if (opts.bidirectional) {
    // Integer halves, as in the reference code's floor division.
    numBuckets = Math.floor(numBuckets / 2);
    if (n < 0) base = numBuckets;
    n = Math.abs(n);
  } else {
    n = Math.max(n, 0); // future keys collapse to bucket 0 (they are masked anyway)
  }
  const maxExact = Math.floor(numBuckets / 2);
  if (n < maxExact) return base + n;
  const large =
    maxExact +
    Math.trunc((Math.log(n / maxExact) / Math.log(opts.maxDistance / maxExact)) * (numBuckets - maxExact));
  return base + Math.min(large, numBuckets - 1);
}

/** Buckets for every relative position from `from` to `to` inclusive. */
export function bucketRange(from: number, to: number, opts: BucketOptions): { relative: number[]; bucket: number[] } {
  validateBucketOptions(opts);
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RangeError('from and to must be integers');
  if (to < from) throw new RangeError(`to (${to}) must not be smaller than from (${from})`);
  const relative: number[] = [];
  const bucket: number[] = [];
  for (let r = from; r <= to; r++) {
    relative.push(r);
    bucket.push(relativePositionBucket(r, opts));
  }
  return { relative, bucket };
}

/**
 * The [queryLength, keyLength] bucket grid, row-major, for the cells that draw it and for the
 * model's bias lookup. `queryOffset` shifts query positions (incremental decoding at step t).
 */
export function bucketGrid(queryLength: number, keyLength: number, opts: BucketOptions, queryOffset = 0): Int32Array {
  validateBucketOptions(opts);
  const out = new Int32Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j < keyLength; j++) out[i * keyLength + j] = relativePositionBucket(j - (i + queryOffset), opts);
  }
  return out;
}
