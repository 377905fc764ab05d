/**
 * Packed rows (several examples in one row, mesh-tf `pack_dataset`): segment ids say which
 * example each token belongs to (1, 2, … per row; 0 = padding). Attention must never cross
 * segments, and the decoder input of every segment starts with the start id 0 (spec §A.9, §F.3).
 *
 * The relative position bias needs no per-segment positions: mesh-tf uses positions that restart
 * at 0 in each segment, and for two tokens of the same segment their position difference equals
 * their index difference in the row; pairs from different segments are masked anyway. So the
 * ordinary [1, H, L, L] bias is exactly the packed one wherever attention is allowed.
 */
import * as tf from '@tensorflow/tfjs';
import { MASK_VALUE } from './positionBias.ts';

/** Segment ids of a packed batch: int32, same shapes as `inputIds` and `labels`. */
export interface SegmentIds {
  inputs: tf.Tensor2D;
  targets: tf.Tensor2D;
}

/**
 * [b, 1, Lq, Lk] attention bias: 0 where the query's and the key's segment ids are equal,
 * MASK_VALUE elsewhere. A real query (segment ≥ 1) therefore never sees padding (segment 0).
 */
export function segmentMaskBias(querySegments: tf.Tensor2D, keySegments: tf.Tensor2D): tf.Tensor4D {
  const [b, Lq] = querySegments.shape;
  const Lk = keySegments.shape[1];
  const same = tf.cast(tf.equal(querySegments.reshape([b, 1, Lq, 1]), keySegments.reshape([b, 1, 1, Lk])), 'float32');
  return tf.mul(tf.sub(1, same), MASK_VALUE) as tf.Tensor4D;
}

/**
 * Teacher-forcing decoder inputs of packed labels: `labels` shifted right by one, with 0 (the
 * start id) at the first position of every segment (mesh-tf `autoregressive_inputs`).
 */
export function shiftRightSegmented(labels: tf.Tensor2D, segments: tf.Tensor2D): tf.Tensor2D {
  const [b, T] = labels.shape;
  const start = tf.zeros([b, 1], 'int32');
  if (T === 1) return start as tf.Tensor2D;
  const prevLabel = tf.concat([start, tf.slice(labels, [0, 0], [b, T - 1])], 1);
  const prevSegment = tf.concat([start, tf.slice(segments, [0, 0], [b, T - 1])], 1);
  const sameSegment = tf.cast(tf.equal(segments, prevSegment), 'int32');
  return tf.mul(prevLabel, sameSegment) as tf.Tensor2D;
}
