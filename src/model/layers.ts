/**
 * Seeded dropout and the T5 feed-forward block (spec §A.4, §A.6).
 */
import * as tf from '@tensorflow/tfjs';
import type { FeedForwardProj } from './config.ts';
import { geluTanh, matMul } from './ops.ts';
import { seededDropout } from './seededDropout.ts';

/**
 * Dropout that is active only while training with a positive rate. Each call draws a fresh mask
 * from `seed + n` (n counts calls), so a forward pass with a given seed is reproducible, and the
 * same on every backend (masks are a hash of seed and position, see seededDropout.ts). Masks
 * are independent per position (HF style); mesh-tf shares residual masks across positions
 * (spec §A.6), which matters only when reproducing its curves exactly.
 */
export class Dropout {
  private calls = 0;

  constructor(
    readonly rate: number,
    readonly active: boolean,
    private readonly seed: number,
  ) {}

  apply = (x: tf.Tensor): tf.Tensor => {
    if (!this.active || this.rate === 0) return x;
    return seededDropout(x, this.rate, this.seed + this.calls++);
  };
}

export interface FeedForwardWeights {
  /** ReLU: `wi` [d, d_ff]; gated-GELU: `wi_0` ‖ `wi_1` [d, 2·d_ff] (GELU branch, then linear branch). */
  wi: tf.Tensor2D;
  wo: tf.Tensor2D;
}

/** FF(x) = Dropout(act(x·W_i))·W_o on rows [N, d_model]; gated: GELU(x·W_i0) ⊙ (x·W_i1). */
export function feedForward(x: tf.Tensor2D, w: FeedForwardWeights, kind: FeedForwardProj, dropout: Dropout): tf.Tensor2D {
  let hidden: tf.Tensor2D;
  if (kind === 'gated-gelu') {
    const dFf = w.wi.shape[1] / 2;
    // One matmul for both branches, split afterwards (fewer, larger kernels).
    const [gate, linear] = tf.split(matMul(x, w.wi), [dFf, dFf], 1);
    hidden = tf.mul(geluTanh(gate), linear) as tf.Tensor2D;
  } else {
    hidden = tf.relu(matMul(x, w.wi));
  }
  return matMul(dropout.apply(hidden) as tf.Tensor2D, w.wo);
}
