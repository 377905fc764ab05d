/**
 * One Adafactor update of one weight as a single kernel, for backends that register it (wasm:
 * src/backend/wasmKernels/adafactor.wat). Op by op the update is ~22 tfjs kernels per weight,
 * each a pass (and on wasm ~10–20 µs of dispatch) over a tensor of the weight's size; a
 * bench-nano model has ~40 weights, so the optimizer took ~20 ms of a ~300 ms step. Fused it is
 * three passes per weight. adafactor.ts takes this path when the active backend has the kernels.
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs {w [a, b], g [a, b], r [a], c [b], m? [a, b]} → [w', r', c', m'?]: factored second moment. */
export const ADAFACTOR_FACTORED = 'T5AdafactorFactored';
/** Inputs {w, g, v, m?} of one shape → [w', v', m'?]: full second moment. */
export const ADAFACTOR_FULL = 'T5AdafactorFull';

/** The scalars of one update (the kernels' attributes), as adafactor.ts computes them. */
export interface AdafactorUpdateAttrs {
  decay: number;
  /** 1 − decay, computed in float64 as the op-by-op path does before it becomes float32. */
  oneMinusDecay: number;
  epsilon1: number;
  epsilon2: number;
  learningRate: number;
  /** Update clipping threshold, or null for none. */
  clippingThreshold: number | null;
  multiplyByParameterScale: boolean;
  /** 0 without a first moment (then no `m` input or output). */
  beta1: number;
}

/** Whether the active backend registers both fused Adafactor kernels. */
export function hasFusedAdafactor(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(ADAFACTOR_FACTORED, backend) !== undefined && tf.getKernel(ADAFACTOR_FULL, backend) !== undefined;
}

/** The attributes each kernel receives: the update's scalars with clipping as a flag and a value. */
export interface AdafactorKernelAttrs {
  decay: number;
  oneMinusDecay: number;
  epsilon1: number;
  epsilon2: number;
  learningRate: number;
  clip: boolean;
  /** Meaningful only when `clip`. */
  clippingThreshold: number;
  multiplyByParameterScale: boolean;
  beta1: number;
}

/** Throws naming the kernel and input unless `t` is a float32 tensor of `shape` (kernels share it). */
export function checkAdafactorInput(kernel: string, name: string, t: tf.TensorInfo | undefined, shape: readonly number[]): void {
  if (!t) throw new TypeError(`${kernel}: input ${name} is missing`);
  if (t.dtype !== 'float32' || !tf.util.arraysEqual(t.shape, shape as number[])) {
    throw new TypeError(`${kernel}: ${name} must be float32 [${shape}] (got ${t.dtype} [${t.shape}])`);
  }
}

function kernelAttrs(a: AdafactorUpdateAttrs): AdafactorKernelAttrs {
  return {
    decay: a.decay,
    oneMinusDecay: a.oneMinusDecay,
    epsilon1: a.epsilon1,
    epsilon2: a.epsilon2,
    learningRate: a.learningRate,
    clip: a.clippingThreshold !== null,
    clippingThreshold: a.clippingThreshold ?? 1,
    multiplyByParameterScale: a.multiplyByParameterScale,
    beta1: a.beta1,
  };
}

/** New weight, row and column factors (and first moment when `m` is given) of a factored update. */
export function fusedAdafactorFactored(
  w: tf.Tensor,
  g: tf.Tensor,
  r: tf.Tensor,
  c: tf.Tensor,
  m: tf.Tensor | null,
  attrs: AdafactorUpdateAttrs,
): tf.Tensor[] {
  const inputs: tf.NamedTensorMap = m ? { w, g, r, c, m } : { w, g, r, c };
  return tf.engine().runKernel(ADAFACTOR_FACTORED, inputs, kernelAttrs(attrs) as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

/** New weight and second moment (and first moment when `m` is given) of an unfactored update. */
export function fusedAdafactorFull(
  w: tf.Tensor,
  g: tf.Tensor,
  v: tf.Tensor,
  m: tf.Tensor | null,
  attrs: AdafactorUpdateAttrs,
): tf.Tensor[] {
  const inputs: tf.NamedTensorMap = m ? { w, g, v, m } : { w, g, v };
  return tf.engine().runKernel(ADAFACTOR_FULL, inputs, kernelAttrs(attrs) as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
