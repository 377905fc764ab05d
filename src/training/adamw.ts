/**
 * AdamW (Loshchilov & Hutter 2019), PyTorch's formulation: at update t (1-based)
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²
 *   w ← w − lr·( m/(1−β1^t) / (√(v/(1−β2^t)) + ε) + λ·w )
 * Weight decay λ is decoupled from the gradient and applied to matrices only (rank ≥ 2): layer
 * norm scales are left alone, as the usual "no decay for norms and biases" parameter groups do.
 * For T5 fine-tuning a constant 1e-4 worked about like Adafactor at 1e-3 (spec §F.6).
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptimizerState, SlotStore, type Optimizer, type OptimizerState } from './optimizer.ts';

export interface AdamWConfig {
  kind: 'adamw';
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay λ (PyTorch default 0.01). */
  weightDecay?: number;
}

export const ADAMW_DEFAULTS: Readonly<Required<AdamWConfig>> = Object.freeze({
  kind: 'adamw',
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0.01,
});

export class AdamW implements Optimizer {
  readonly kind = 'adamw';
  readonly config: Readonly<Required<AdamWConfig>>;
  private updates = 0;
  private readonly slots = new SlotStore();

  constructor(config: Partial<AdamWConfig> = {}) {
    const given = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
    this.config = Object.freeze({ ...ADAMW_DEFAULTS, ...given, kind: 'adamw' });
  }

  get step(): number {
    return this.updates;
  }

  applyGradients(weights: ReadonlyMap<string, tf.Variable>, grads: ReadonlyMap<string, tf.Tensor>, learningRate: number): void {
    if (!Number.isFinite(learningRate) || learningRate < 0)
      throw new RangeError(`learningRate must be a finite number ≥ 0 (got ${learningRate})`);
    const { beta1, beta2, epsilon, weightDecay } = this.config;
    const t = this.updates + 1;
    // Bias corrections folded into two scalars: Δ = stepSize·m / (√v·rootCorrection⁻¹ + ε).
    const stepSize = learningRate / (1 - beta1 ** t);
    const rootCorrection = 1 / Math.sqrt(1 - beta2 ** t);
    for (const [name, g] of grads) {
      const w = weights.get(name);
      if (!w) throw new RangeError(`AdamW: gradient for unknown weight "${name}"`);
      tf.tidy(() => {
        const m = this.slots.get(`${name}/m`, [...w.shape]);
        const v = this.slots.get(`${name}/v`, [...w.shape]);
        const newM = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        m.assign(newM);
        v.assign(newV);
        const denom = tf.add(tf.mul(tf.sqrt(newV), rootCorrection), epsilon);
        let next = tf.sub(w, tf.mul(tf.div(newM, denom), stepSize));
        if (weightDecay > 0 && w.rank >= 2) next = tf.sub(next, tf.mul(w, learningRate * weightDecay));
        w.assign(next);
      });
    }
    this.updates++;
  }

  async getState(): Promise<OptimizerState> {
    return { kind: this.kind, step: this.updates, slots: await this.slots.read() };
  }

  setState(state: OptimizerState): void {
    checkOptimizerState(state, this.kind);
    this.slots.write(state.slots, 'AdamW.setState');
    this.updates = state.step;
  }

  dispose(): void {
    this.slots.dispose();
  }
}
