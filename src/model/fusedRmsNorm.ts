/**
 * T5's RMS norm (spec §A.2) as two kernels, forward and backward, for backends that register them
 * (wasm: src/backend/wasmKernels/rmsnorm.wat). Composed of tfjs ops the norm is ~7 kernels forward
 * and ~12 backward, each a pass over the activations; fused it is one pass each way.
 * `rmsNorm` in ops.ts picks this path when the active backend has both kernels.
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs {x [..., d], scale [d]}, attrs {epsilon} → [y like x, inv [rows]] with inv = rsqrt(mean(x²) + ε). */
export const RMS_NORM = 'T5RmsNorm';
/** Inputs {dy, x, scale, inv} → [dx like x, dScale [d]]. */
export const RMS_NORM_GRAD = 'T5RmsNormGrad';

/** Whether the active backend registers both fused kernels. */
export function hasFusedRmsNorm(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(RMS_NORM, backend) !== undefined && tf.getKernel(RMS_NORM_GRAD, backend) !== undefined;
}

/** x·rsqrt(mean(x²) + ε)·scale over the last axis with the fused kernels; differentiable in x and scale. */
export function fusedRmsNorm(x: tf.Tensor, scale: tf.Tensor1D, epsilon: number): tf.Tensor {
  const op = tf.customGrad((xi, si, save) => {
    const [y, inv] = tf.engine().runKernel(RMS_NORM, { x: xi as tf.Tensor, scale: si as tf.Tensor }, { epsilon }) as tf.Tensor[];
    (save as tf.GradSaveFunc)([xi as tf.Tensor, si as tf.Tensor, inv]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, ss, sinv] = saved;
        return tf.engine().runKernel(RMS_NORM_GRAD, { dy, x: sx, scale: ss, inv: sinv }, {}) as tf.Tensor[];
      },
    };
  });
  return op(x, scale);
}
