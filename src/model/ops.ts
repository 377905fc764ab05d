/**
 * Differentiable building blocks that behave the same on cpu, wasm, webgl and webgpu and stay
 * fast on wasm (see shared tfjs-notes): a rank-checked matmul, an embedding lookup that trains
 * without tf.gather's gradient (wasm lacks UnsortedSegmentSum), T5's RMS norm and tanh-GELU.
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingGradient } from './embeddingGradient.ts';
import { fusedRmsNorm, hasFusedRmsNorm } from './fusedRmsNorm.ts';

/**
 * Matrix product (rank 2, or rank 3 with a matching batch dim), optionally with transposed
 * operands. tfjs's own gradient runs transposed products; on wasm they are as fast as plain ones
 * because src/backend/wasmKernels replaces the stock BatchMatMul (whose transposed path is a
 * scalar loop), so no explicit transpose copies are needed anywhere.
 */
export function matMul<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>, transposeA = false, transposeB = false): tf.Tensor<R> {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3)) {
    throw new RangeError(`matMul: operands must both be rank 2 or both rank 3 (got ${a.rank} and ${b.rank})`);
  }
  return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, transposeA, transposeB) as unknown as tf.Tensor<R>;
}

/**
 * Rows of `table` [V, d] for `ids` (int32, any shape, flattened): [ids.size, d]. Forward is a
 * gather; the gradient is a scatter-add (embeddingGradient.ts: ScatterNd, or a fixed-order sum
 * where ScatterNd's order is not fixed) so it trains on wasm and is bit-reproducible on webgpu.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor2D {
  const flat = ids.reshape([-1]) as tf.Tensor1D;
  const [V, d] = table.shape;
  const lookup = tf.customGrad((t, save) => {
    // The ids go through `save` so they survive a tf.tidy that ends before the backward pass.
    (save as tf.GradSaveFunc)([flat]);
    return {
      value: tf.gather(t as tf.Tensor2D, flat) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => embeddingGradient(saved[0] as tf.Tensor1D, dy.reshape([-1, d]) as tf.Tensor2D, V),
    };
  });
  return lookup(table) as tf.Tensor2D;
}

/**
 * T5 layer norm (spec §A.2): x·rsqrt(mean(x²) + ε)·g over the last axis; no mean, no bias. Uses
 * the fused kernels of fusedRmsNorm.ts where the backend has them (wasm), tfjs ops elsewhere.
 */
export function rmsNorm(x: tf.Tensor, scale: tf.Tensor1D, epsilon: number): tf.Tensor {
  if (x.dtype === 'float32' && hasFusedRmsNorm()) return fusedRmsNorm(x, scale, epsilon);
  const variance = tf.mean(tf.square(x), -1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, epsilon))), scale);
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (mesh-tf `gelu`, HF `gelu_new`; spec §A.4 / §F.8). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(x, tf.square(x)), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
