import { relativePositionBucket } from '../model/relativePositionBucket.ts';

export interface BucketCurvePoint {
  relative: number;
  bucket: number;
  direction: 'encoder (bidirectional)' | 'decoder (causal)';
}

/**
 * The offset → bucket curve for both stacks, the data behind the buckets cell's main figure.
 * `span` is the largest |offset| drawn; it defaults to a little past the saturation distance.
 */
export function bucketCurve(numBuckets: number, maxDistance: number, span = Math.ceil(maxDistance * 1.25)): BucketCurvePoint[] {
  const points: BucketCurvePoint[] = [];
  for (let r = -span; r <= span; r++) {
    points.push({
      relative: r,
      bucket: relativePositionBucket(r, { bidirectional: true, numBuckets, maxDistance }),
      direction: 'encoder (bidirectional)',
    });
    points.push({
      relative: r,
      bucket: relativePositionBucket(r, { bidirectional: false, numBuckets, maxDistance }),
      direction: 'decoder (causal)',
    });
  }
  return points;
}

/**
 * First distance at which the last bucket is reached (the effective saturation distance): 91
 * bidirectional / 113 causal for T5's 32/128, not 128 (spec §A.8).
 */
export function saturationDistance(bidirectional: boolean, numBuckets: number, maxDistance: number): number {
  const last = bidirectional ? numBuckets / 2 - 1 : numBuckets - 1;
  for (let n = 0; n <= maxDistance * 4; n++) {
    if (relativePositionBucket(-n, { bidirectional, numBuckets, maxDistance }) === last) return n;
  }
  return Infinity;
}
