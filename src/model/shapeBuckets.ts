/**
 * Lengths rounded up to a bucket, so that decoding calls with nearby limits or input lengths run
 * the same tensor shapes: GPU backends then reuse their compiled shaders (tfjs-webgl writes shapes
 * into a shader; see src/model/dynamicShapes.ts and bench/suites/decoding.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from './config.ts';

/**
 * `n` rounded up to a multiple of 16: the capacity of a fixed self-attention cache, and the
 * input length a cached decoder reads (padded with PAD, which every key mask hides).
 */
export function shapeBucket(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/**
 * `ids` [b, length] padded with PAD to [b, L]. By a gather and a multiply rather than tf.pad or
 * tf.concat, whose WebGL shaders embed the length (one compile per input length).
 */
export function padColumns(ids: tf.Tensor2D, L: number): tf.Tensor2D {
  const length = ids.shape[1];
  const column = tf.tensor1d(
    Array.from({ length: L }, (_, j) => Math.min(j, length - 1)),
    'int32',
  );
  const keep = tf.tensor2d(
    Array.from({ length: L }, (_, j) => (j < length ? 1 : PAD_ID)),
    [1, L],
    'int32',
  );
  return tf.mul(tf.gather(ids, column, 1), keep) as tf.Tensor2D;
}
