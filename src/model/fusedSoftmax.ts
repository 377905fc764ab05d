/**
 * Softmax over the last axis whose backward pass is one kernel where the backend registers
 * {@link SOFTMAX_GRAD} (wasm: softmax.wat; webgpu: webgpuKernels/softmaxGrad.ts). tfjs's own
 * softmax gradient is four kernels, mul, sum, mul and sub, each a pass over the [b, H, Lq, Lk]
 * attention probabilities; fused it reads dy and p once per row and writes dx once.
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs {dy, p} of one shape (softmax over the last axis) → dx = p·(dy − Σ_last dy·p). */
export const SOFTMAX_GRAD = 'T5SoftmaxGrad';

/** Whether the active backend registers the fused softmax gradient. */
export function hasFusedSoftmaxGrad(): boolean {
  return tf.getKernel(SOFTMAX_GRAD, tf.getBackend()) !== undefined;
}

/** softmax(x) over the last axis; differentiable, with the fused gradient where available. */
export function softmaxLastAxis<T extends tf.Tensor>(x: T): T {
  const op = tf.customGrad((xi, save) => {
    const p = tf.softmax(xi as tf.Tensor);
    (save as tf.GradSaveFunc)([p]);
    return {
      value: p,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [y] = saved;
        if (hasFusedSoftmaxGrad()) return tf.engine().runKernel(SOFTMAX_GRAD, { dy, p: y }, {}) as tf.Tensor;
        // tfjs's own softmax gradient, term for term, so backends without the kernel are unchanged.
        const dyTimesY = tf.mul(dy, y);
        return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, -1, true), y));
      },
    };
  });
  return op(x) as T;
}
