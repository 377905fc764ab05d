/**
 * Token cross-entropy for teacher forcing (spec §A.9): pad targets (id 0) are excluded and the
 * loss is the mean over the remaining tokens (HF convention; mesh-tf divides by all positions).
 * Optional z-loss: coefficient · (log Σ exp logits)² per token (mesh-tf / t5x use 1e-4).
 * The gradient is written out (softmax − one-hot) instead of differentiating tf.logSumExp,
 * whose max-gradient uses a broadcast Equal that alone took ~10% of a wasm training step.
 *
 * Where the backend registers {@link CROSS_ENTROPY_ROWS} and {@link CROSS_ENTROPY_GRAD} (wasm:
 * crossEntropy.wat), the [N, V] work is two passes over the logits forward and one backward, and
 * no [N, V] tensor is kept for the backward pass; elsewhere tfjs ops compute the same formula.
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs {logits [N, V] float32, labels [N] int32} → [max, Σ exp(z − max), z at the label] per row, each [N]. */
export const CROSS_ENTROPY_ROWS = 'T5CrossEntropyRows';

/**
 * Inputs {logits [N, V], logZ [N], labels [N] int32, a [N], b [N]} →
 * dx [N, V] = exp(z − logZ)·a − one-hot(labels)·b.
 */
export const CROSS_ENTROPY_GRAD = 'T5CrossEntropyGrad';

/** Whether the active backend registers the fused cross-entropy kernels. */
export function hasFusedCrossEntropy(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(CROSS_ENTROPY_ROWS, backend) !== undefined && tf.getKernel(CROSS_ENTROPY_GRAD, backend) !== undefined;
}

/**
 * Mean CE over non-pad targets of `logits` [N, V] against int32 `labels` [N]. `fused: false`
 * computes it from tfjs ops even where the fused kernels exist (benchmarks compare the two).
 */
export function maskedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, zLoss = 0, fused = true): tf.Scalar {
  const weights = tf.cast(tf.notEqual(labels, 0), 'float32') as tf.Tensor1D;
  // max(·, 1) keeps an all-pad batch at loss 0 instead of NaN.
  const scale = tf.div(weights, tf.maximum(tf.sum(weights), 1)) as tf.Tensor1D;
  return fused && hasFusedCrossEntropy() ? fusedCrossEntropy(logits, labels, scale, zLoss) : opsCrossEntropy(logits, labels, scale, zLoss);
}

/** Σ (per-token loss · scale), per-token loss = logZ − z_y (+ zLoss·logZ²), from tfjs ops. */
function opsCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, scale: tf.Tensor1D, zLoss: number): tf.Scalar {
  const V = logits.shape[1];
  // tf.oneHot(..., 'float32') is broken on wasm (tfjs 4.22 writes int32 bits): cast instead.
  const target = tf.cast(tf.oneHot(labels, V), 'float32') as tf.Tensor2D;
  const ce = tf.customGrad((x, save) => {
    const z = x as tf.Tensor2D;
    const shift = tf.max(z, -1, true);
    const expShifted = tf.exp(tf.sub(z, shift));
    const sumExp = tf.sum(expShifted, -1);
    const logZ = tf.add(tf.log(sumExp), shift.reshape([-1]));
    const picked = tf.sum(tf.mul(z, target), -1);
    let perToken = tf.sub(logZ, picked);
    if (zLoss > 0) perToken = tf.add(perToken, tf.mul(tf.square(logZ), zLoss));
    // softmax from the exponentials already taken (one pass over [N, V] instead of a second exp)
    const probs = tf.div(expShifted, sumExp.reshape([-1, 1]));
    (save as tf.GradSaveFunc)([probs, logZ, target, scale]);
    return {
      value: tf.sum(tf.mul(perToken, scale)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [p, lz, t, s] = saved;
        // d/dz [logZ − z_y + c·logZ²] = softmax·(1 + 2c·logZ) − onehot
        const factor = zLoss > 0 ? tf.add(tf.mul(lz, 2 * zLoss), 1).reshape([-1, 1]) : null;
        const g = tf.sub(factor ? tf.mul(p, factor) : p, t);
        return tf.mul(g, tf.mul(s, dy).reshape([-1, 1]));
      },
    };
  });
  return ce(logits) as tf.Scalar;
}

/** The same loss on the fused kernels: only [N]-sized tensors besides the logits themselves. */
function fusedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, scale: tf.Tensor1D, zLoss: number): tf.Scalar {
  const ce = tf.customGrad((x, save) => {
    const z = x as tf.Tensor2D;
    const [shift, sumExp, picked] = tf.engine().runKernel(CROSS_ENTROPY_ROWS, { logits: z, labels }, {}) as tf.Tensor1D[];
    const logZ = tf.add(tf.log(sumExp), shift);
    let perToken = tf.sub(logZ, picked);
    if (zLoss > 0) perToken = tf.add(perToken, tf.mul(tf.square(logZ), zLoss));
    (save as tf.GradSaveFunc)([z, logZ, labels, scale]);
    return {
      value: tf.sum(tf.mul(perToken, scale)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zs, lz, y, s] = saved;
        // (softmax·(1 + 2c·logZ) − onehot)·s·dy, as exp(z − logZ)·a − onehot·b
        const b = tf.mul(s, dy);
        const a = zLoss > 0 ? tf.mul(b, tf.add(tf.mul(lz, 2 * zLoss), 1)) : b;
        return tf.engine().runKernel(CROSS_ENTROPY_GRAD, { logits: zs, logZ: lz, labels: y, a, b }, {}) as tf.Tensor;
      },
    };
  });
  return ce(logits) as tf.Scalar;
}
