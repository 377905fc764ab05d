/**
 * Gradient clipping by global norm (the T5 recipe has none; nanoT5's AdamW recipe clips at 1.0):
 * if ‖g‖ = √(Σ_w Σ g_w²) exceeds `maxNorm`, every gradient is scaled by maxNorm/‖g‖.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Sum of tensors by a tree of pairwise adds. Not tf.addN: on tfjs-webgpu 4.22 (SwiftShader) addN
 * of more than 4 inputs returns stale values (measured: 8 scalars summed to a previous result).
 */
export function sumAll(xs: tf.Tensor[]): tf.Tensor {
  if (xs.length === 0) return tf.scalar(0);
  let level = xs;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? tf.add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/** ‖g‖ over every gradient, as a scalar tensor (caller disposes). */
export function globalNorm(grads: Iterable<tf.Tensor>): tf.Scalar {
  return tf.tidy(() => tf.sqrt(sumAll([...grads].map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/**
 * Gradients scaled so their global norm is at most `maxNorm` (new tensors: the caller disposes
 * both the inputs and the result), and the norm before clipping. No value is read back: the
 * scale stays on the device.
 */
export function clipByGlobalNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
): { grads: Map<string, tf.Tensor>; norm: tf.Scalar } {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0) || !Number.isFinite(maxNorm))
    throw new RangeError(`maxNorm must be a positive number (got ${maxNorm})`);
  const norm = globalNorm(grads.values());
  const clipped = tf.tidy(() => {
    const factor = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return [...grads].map(([name, g]) => [name, tf.mul(g, factor)] as const);
  });
  return { grads: new Map(clipped), norm };
}
