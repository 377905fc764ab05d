/**
 * Token cross-entropy for teacher forcing (spec §A.9): pad targets (id 0) are excluded and the
 * loss is the mean over the remaining tokens (HF convention; mesh-tf divides by all positions).
 * Optional z-loss: coefficient · (log Σ exp logits)² per token (mesh-tf / t5x use 1e-4).
 */
import * as tf from '@tensorflow/tfjs';

/** Mean CE over non-pad targets of `logits` [N, V] against int32 `labels` [N]. */
export function maskedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, zLoss = 0): tf.Scalar {
  const V = logits.shape[1];
  const weights = tf.cast(tf.notEqual(labels, 0), 'float32');
  const logZ = tf.logSumExp(logits, -1);
  const picked = tf.sum(tf.mul(logits, tf.oneHot(labels, V, 1, 0, 'float32')), -1);
  let perToken = tf.sub(logZ, picked);
  if (zLoss > 0) perToken = tf.add(perToken, tf.mul(tf.square(logZ), zLoss));
  // max(·, 1) keeps an all-pad batch at loss 0 instead of NaN.
  return tf.div(tf.sum(tf.mul(perToken, weights)), tf.maximum(tf.sum(weights), 1)) as tf.Scalar;
}
