/**
 * T5's relative-position buckets (spec §A.8), computed in JS doubles so the table is identical
 * on every backend. `rel = keyIndex − queryIndex` (negative: the key is in the past).
 */

import { fail, integer } from '../validation/checks.ts';

export interface BucketOptions {
  /** Encoder self-attention: true (half the buckets per direction). Decoder: false. */
  bidirectional: boolean;
  /** Total number of buckets (T5: 32). */
  numBuckets: number;
  /** Distance at which the unclamped log formula would reach the last bucket (T5: 128). */
  maxDistance: number;
}

export const T5_BUCKETS: Readonly<Omit<BucketOptions, 'bidirectional'>> = { numBuckets: 32, maxDistance: 128 };

/** The names a caller's user knows the two settings by (a CLI flag, a config key). */
export interface BucketFieldNames {
  numBuckets: string;
  maxDistance: string;
}

export interface BucketProblem {
  field: keyof BucketFieldNames;
  /** What the value must be, for `NAME must be WHAT (got VALUE)`. */
  what: string;
  got: unknown;
}

/**
 * The one set of rules for bucket settings that can work (spec §A.8). T5 uses the same count for
 * the encoder (bidirectional: half the buckets per direction) and the decoder, and each half
 * needs at least one exact and one log bucket, so the count is an even integer ≥ 4 — with fewer,
 * the log formula divides by log(1) and every offset gets NaN. The log buckets must also reach
 * past the exact ones: `maxDistance` must exceed half the count (the decoder's exact buckets).
 * Returns the first problem, or undefined.
 */
export function bucketSettingsProblem(opts: { numBuckets: unknown; maxDistance: unknown }): BucketProblem | undefined {
  const { numBuckets: n, maxDistance: d } = opts;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 4) return { field: 'numBuckets', what: 'an even integer ≥ 4', got: n };
  if (n % 2 !== 0) return { field: 'numBuckets', what: 'even, half for each direction', got: n };
  if (typeof d !== 'number' || !Number.isInteger(d) || d <= n / 2) {
    return { field: 'maxDistance', what: `an integer greater than ${n / 2}, half of the ${n} buckets`, got: d };
  }
  return undefined;
}

/**
 * Checks bucket options with {@link bucketSettingsProblem}, throwing a ValidationError that names
 * the setting as the caller's user knows it (`--num-buckets must be even …`).
 */
export function validateBucketOptions(
  opts: BucketOptions,
  names: BucketFieldNames = { numBuckets: 'numBuckets', maxDistance: 'maxDistance' },
): void {
  const problem = bucketSettingsProblem(opts);
  if (problem) fail(names[problem.field], problem.what, problem.got);
}

/** The bucket of one relative position. */
export function relativePositionBucket(rel: number, opts: BucketOptions): number {
  integer(rel, 'rel');
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
  const large = maxExact + Math.trunc((Math.log(n / maxExact) / Math.log(opts.maxDistance / maxExact)) * (numBuckets - maxExact));
  return base + Math.min(large, numBuckets - 1);
}

/** Buckets for every relative position from `from` to `to` inclusive. */
export function bucketRange(
  from: number,
  to: number,
  opts: BucketOptions,
  names?: BucketFieldNames & { from: string; to: string },
): { relative: number[]; bucket: number[] } {
  validateBucketOptions(opts, names);
  integer(from, names?.from ?? 'from');
  integer(to, names?.to ?? 'to');
  if (to < from) fail(names?.to ?? 'to', `at least ${names?.from ?? 'from'} (${from})`, to);
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
