/**
 * T5 multi-head attention (spec §A.3): no biases, no 1/√d_kv, softmax over keys after adding the
 * position bias and masks. Heads are batched into one matmul; keys are produced already
 * transposed ([.., d_kv, L]) so the score matmul needs no transpose flag (slow on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from './ops.ts';
import { softmaxLastAxis } from './fusedSoftmax.ts';

export interface AttentionDims {
  batch: number;
  heads: number;
  dKv: number;
}

/** Queries [b·H, L, d_kv] from projected rows [b·L, H·d_kv]. */
export function splitHeads(x: tf.Tensor, L: number, dims: AttentionDims): tf.Tensor3D {
  const { batch: b, heads: H, dKv } = dims;
  return tf.transpose(x.reshape([b, L, H, dKv]), [0, 2, 1, 3]).reshape([b * H, L, dKv]) as tf.Tensor3D;
}

/** Keys, transposed, [b·H, d_kv, L] from projected rows [b·L, H·d_kv]. */
export function splitHeadsTransposed(x: tf.Tensor, L: number, dims: AttentionDims): tf.Tensor3D {
  const { batch: b, heads: H, dKv } = dims;
  return tf.transpose(x.reshape([b, L, H, dKv]), [0, 2, 3, 1]).reshape([b * H, dKv, L]) as tf.Tensor3D;
}

/** Rows [b·L, H·d_kv] from per-head outputs [b·H, L, d_kv]. */
export function mergeHeads(x: tf.Tensor3D, L: number, dims: AttentionDims): tf.Tensor2D {
  const { batch: b, heads: H, dKv } = dims;
  return tf.transpose(x.reshape([b, H, L, dKv]), [0, 2, 1, 3]).reshape([b * L, H * dKv]) as tf.Tensor2D;
}

export interface AttentionCoreResult {
  /** [b·Lq, H·d_kv], before the output projection. */
  context: tf.Tensor2D;
  /** [b, H, Lq, Lk] attention probabilities (before dropout). */
  probs: tf.Tensor4D;
}

/**
 * softmax(q·kᵀ + bias)·v for q [b·H, Lq, d_kv], kT [b·H, d_kv, Lk], v [b·H, Lk, d_kv];
 * `bias` broadcasts to [b, H, Lq, Lk] (position bias + masks). `dropout` acts on the
 * probabilities (spec §A.6 item 4).
 */
export function attentionCore(
  q: tf.Tensor3D,
  kT: tf.Tensor3D,
  v: tf.Tensor3D,
  bias: tf.Tensor | null,
  dims: AttentionDims,
  dropout: (x: tf.Tensor) => tf.Tensor,
): AttentionCoreResult {
  const { batch: b, heads: H } = dims;
  const Lq = q.shape[1];
  const Lk = kT.shape[2];
  let scores: tf.Tensor = matMul(q, kT).reshape([b, H, Lq, Lk]);
  if (bias) scores = tf.add(scores, bias);
  const probs = softmaxLastAxis(scores) as tf.Tensor4D;
  const dropped = dropout(probs).reshape([b * H, Lq, Lk]) as tf.Tensor3D;
  const context = mergeHeads(matMul(dropped, v), Lq, dims);
  return { context, probs };
}
