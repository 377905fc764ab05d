/** Small models and batches shared by the model tests (sizes keep SwiftShader webgpu fast). */
import * as tf from '@tensorflow/tfjs';
import type { T5Config } from '../../../src/model/config.ts';

/** 2+2 layers, short buckets (8 buckets, max distance 12) so log buckets occur at length 10. */
export const TINY: Partial<T5Config> = {
  dModel: 8,
  dFf: 16,
  numHeads: 2,
  dKv: 4,
  numLayers: 2,
  numDecoderLayers: 2,
  vocabSize: 110,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 12,
  dropoutRate: 0.1,
};

export const INPUTS = [
  [5, 17, 42, 9, 9, 33, 71, 8, 4, 1],
  [12, 99, 3, 1, 0, 0, 0, 0, 0, 0],
];
export const LABELS = [
  [7, 7, 20, 1, 0],
  [64, 5, 11, 13, 1],
];

export const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0].length], 'int32');

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
