/**
 * Fused projection weights: q‖k‖v for self-attention, k‖v for cross-attention and wi_0‖wi_1 for
 * the gated feed-forward, each one column-wise concatenation so a sub-layer runs one matmul.
 *
 * Two sources, because gradients decide:
 * - {@link concatPerPass}: concatenates inside the pass. Training needs this: the concat is
 *   recorded on the gradient tape, so each separate variable receives its gradient. Every
 *   weight is used once per pass, so nothing would be gained by caching within one.
 * - {@link FusedWeightCache}: built once and reused across the many passes of one decoding
 *   call (every decoded token runs every layer). An entry stays valid while its variables keep
 *   their values: `Variable.assign` gives a variable a new `dataId`, so a training step or
 *   `setWeights` in between is seen and the entry rebuilt. Never use it under a gradient tape.
 */
import * as tf from '@tensorflow/tfjs';

/** Where a stack gets its fused weights from. */
export interface FusedSource {
  /** The column-wise concatenation [in, Σ out] of the named weights. */
  fused(names: readonly string[]): tf.Tensor2D;
}

/** Weights by HF name (what {@link concatPerPass} and the cache read). */
export type WeightLookup = (name: string) => tf.Tensor;

/** Concatenates on every call (differentiable; freed by the caller's tidy). */
export function concatPerPass(weight: WeightLookup): FusedSource {
  return {
    fused: (names) =>
      tf.concat(
        names.map((n) => weight(n) as tf.Tensor2D),
        1,
      ),
  };
}

interface Entry {
  value: tf.Tensor2D;
  /** The `dataId` of every part when `value` was built. */
  versions: object[];
}

/** Fused weights kept across passes until {@link dispose}; see the module comment. */
export class FusedWeightCache implements FusedSource {
  private readonly entries = new Map<string, Entry>();
  /** Number of (re)builds, for tests and benchmarks. */
  builds = 0;

  constructor(private readonly weight: WeightLookup) {}

  fused(names: readonly string[]): tf.Tensor2D {
    const parts = names.map((n) => this.weight(n));
    const versions = parts.map((p) => p.dataId);
    const key = names.join('|');
    const hit = this.entries.get(key);
    if (hit && hit.versions.every((v, i) => v === versions[i])) return hit.value;
    hit?.value.dispose();
    // Built outside any surrounding tidy's bookkeeping: the entry outlives the pass that asked.
    const value = tf.keep(tf.concat(parts as tf.Tensor2D[], 1));
    this.entries.set(key, { value, versions });
    this.builds++;
    return value;
  }

  /** Number of tensors held. */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const e of this.entries.values()) e.value.dispose();
    this.entries.clear();
  }
}
