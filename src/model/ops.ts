/**
 * Differentiable building blocks that behave the same on cpu, wasm, webgl and webgpu and stay
 * fast on wasm (see shared tfjs-notes): a matmul whose gradient uses explicit transposes
 * (wasm's transposeA/B matmul is 5–10× slower), an embedding lookup that trains without
 * tf.gather's gradient (wasm lacks UnsortedSegmentSum), T5's RMS norm and tanh-GELU.
 */
import * as tf from '@tensorflow/tfjs';

function swapLastTwo(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/** a·b for rank-2 or rank-3 (batched) operands of equal rank, no transpose flags anywhere. */
const matMulCustom = tf.customGrad((a, b, save) => {
  const A = a as tf.Tensor;
  const B = b as tf.Tensor;
  (save as tf.GradSaveFunc)([A, B]);
  return {
    value: tf.matMul(A as tf.Tensor3D, B as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      const perm = swapLastTwo(sa.rank);
      return [tf.matMul(dy as tf.Tensor3D, tf.transpose(sb, perm)), tf.matMul(tf.transpose(sa, perm), dy as tf.Tensor3D)];
    },
  };
});

/** Matrix product (rank 2, or rank 3 with a matching batch dim) with a wasm-friendly gradient. */
export function matMul<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3)) {
    throw new RangeError(`matMul: operands must both be rank 2 or both rank 3 (got ${a.rank} and ${b.rank})`);
  }
  return matMulCustom(a, b) as tf.Tensor<R>;
}

/**
 * Rows of `table` [V, d] for `ids` (int32, any shape, flattened): [ids.size, d]. Forward is a
 * gather; the gradient is a scatter-add (ScatterNd sums duplicate ids) so it trains on wasm.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor2D {
  const flat = ids.reshape([-1]) as tf.Tensor1D;
  const [V, d] = table.shape;
  const lookup = tf.customGrad((t, save) => {
    // The ids go through `save` so they survive a tf.tidy that ends before the backward pass.
    (save as tf.GradSaveFunc)([flat]);
    return {
      value: tf.gather(t as tf.Tensor2D, flat) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(saved[0].reshape([-1, 1]), dy, [V, d]),
    };
  });
  return lookup(table) as tf.Tensor2D;
}

/** T5 layer norm (spec §A.2): x·rsqrt(mean(x²) + ε)·g over the last axis; no mean, no bias. */
export function rmsNorm(x: tf.Tensor, scale: tf.Tensor1D, epsilon: number): tf.Tensor {
  const variance = tf.mean(tf.square(x), -1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, epsilon))), scale);
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (mesh-tf `gelu`, HF `gelu_new`; spec §A.4 / §F.8). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(x, tf.square(x)), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
