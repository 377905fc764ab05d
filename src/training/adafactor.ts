/**
 * Adafactor (Shazeer & Stern 2018) as T5 trained with it: mesh-tf `AdafactorOptimizer` defaults
 * (spec §A.10, §F.6): β1 = 0 (no first moment), second-moment decay 1 − (t+1)^−0.8, update
 * clipping at RMS 1.0, ε1 = 1e-30 added to g², ε2 = 1e-3 as the floor of the parameter scale,
 * updates multiplied by max(RMS(w), ε2), factored second moments for matrices.
 *
 * Per weight w with gradient g at update t (0-based):
 *   decay = 1 − (t+1)^−0.8,  g² ← g² + ε1
 *   factored (rank 2, both dims ≥ minDimSizeToFactor):
 *     r ← decay·r + (1−decay)·mean_cols(g²),  c ← decay·c + (1−decay)·mean_rows(g²)
 *     u = g · rsqrt(r / mean(r)) · rsqrt(c)          (v̂ = r·cᵀ / mean(r))
 *   otherwise: v ← decay·v + (1−decay)·g²,  u = g · rsqrt(v)
 *   u ← u / max(1, RMS(u) / clippingThreshold)
 *   Δ = lr · max(RMS(w), ε2) · u   (without parameter scale: lr · u)
 *   β1 > 0: m ← β1·m + (1−β1)·Δ, Δ = m
 *   w ← w − Δ
 *
 * Factoring threshold: the spec (and t5x) factor only when both dims are ≥ 128; mesh-tf's code
 * default is 32. `relativeStep` replaces the schedule by mesh-tf's built-in rate
 * min(1/√(t+1), 0.01) (× 0.05 without parameter scale).
 *
 * Where the backend registers them (wasm, webgpu), each weight's update is one fused kernel
 * (fusedAdafactor.ts) computing every element with the same float32 operations as the ops below.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOptimizerState, rms, SlotStore, type Optimizer, type OptimizerState } from './optimizer.ts';
import { fusedAdafactorFactored, fusedAdafactorFull, hasFusedAdafactor, type AdafactorUpdateAttrs } from './fusedAdafactor.ts';

export interface AdafactorConfig {
  kind: 'adafactor';
  /** First-moment decay; 0 (T5) keeps no first moment. */
  beta1?: number;
  /** Second-moment decay is 1 − (t+1)^−decayExponent; default 0.8. */
  decayExponent?: number;
  /** Update clipping threshold on RMS(u); default 1.0; null disables it. */
  clippingThreshold?: number | null;
  /** Added to squared gradients; default 1e-30. */
  epsilon1?: number;
  /** Floor of the parameter scale; default 1e-3. */
  epsilon2?: number;
  /** Factored second moments for large matrices; default true. */
  factored?: boolean;
  /** Both dims must be at least this to factor; default 128 (spec/t5x; mesh-tf code: 32). */
  minDimSizeToFactor?: number;
  /** Scale updates by max(RMS(w), ε2) ("relative step size"); default true. */
  multiplyByParameterScale?: boolean;
  /** Ignore the schedule and use min(1/√(t+1), 0.01) (× 0.05 without parameter scale); default false. */
  relativeStep?: boolean;
}

export const ADAFACTOR_DEFAULTS: Readonly<Required<AdafactorConfig>> = Object.freeze({
  kind: 'adafactor',
  beta1: 0,
  decayExponent: 0.8,
  clippingThreshold: 1.0,
  epsilon1: 1e-30,
  epsilon2: 1e-3,
  factored: true,
  minDimSizeToFactor: 128,
  multiplyByParameterScale: true,
  relativeStep: false,
});

export class Adafactor implements Optimizer {
  readonly kind = 'adafactor';
  readonly config: Readonly<Required<AdafactorConfig>>;
  private updates = 0;
  private readonly slots = new SlotStore();

  /**
   * `fusedKernels: false` composes every update of tfjs ops even where the backend has the fused
   * kernels (fusedAdafactor.ts): for benchmarks and tests comparing the two on one backend.
   */
  constructor(
    config: Partial<AdafactorConfig> = {},
    private readonly options: { fusedKernels?: boolean } = {},
  ) {
    this.config = Object.freeze({ ...ADAFACTOR_DEFAULTS, ...stripUndefined(config), kind: 'adafactor' });
  }

  get step(): number {
    return this.updates;
  }

  /** Whether the second moment of a weight of this shape is factored. */
  isFactored(shape: readonly number[]): boolean {
    return this.config.factored && shape.length === 2 && Math.min(shape[0], shape[1]) >= this.config.minDimSizeToFactor;
  }

  /** The learning rate actually used for an update given the schedule's value (see relativeStep). */
  effectiveLearningRate(scheduled: number): number {
    if (!this.config.relativeStep) return scheduled;
    const lr = Math.min(1 / Math.sqrt(this.updates + 1), 0.01);
    return this.config.multiplyByParameterScale ? lr : lr * 0.05;
  }

  applyGradients(weights: ReadonlyMap<string, tf.Variable>, grads: ReadonlyMap<string, tf.Tensor>, learningRate: number): void {
    if (!Number.isFinite(learningRate) || learningRate < 0)
      throw new RangeError(`learningRate must be a finite number ≥ 0 (got ${learningRate})`);
    const c = this.config;
    const decay = 1 - (this.updates + 1) ** -c.decayExponent;
    const lr = this.effectiveLearningRate(learningRate);
    const fused: AdafactorUpdateAttrs | null =
      this.options.fusedKernels !== false && hasFusedAdafactor()
        ? {
            decay,
            oneMinusDecay: 1 - decay,
            epsilon1: c.epsilon1,
            epsilon2: c.epsilon2,
            learningRate: lr,
            clippingThreshold: c.clippingThreshold,
            multiplyByParameterScale: c.multiplyByParameterScale,
            beta1: c.beta1,
          }
        : null;
    for (const [name, g] of grads) {
      const w = weights.get(name);
      if (!w) throw new RangeError(`Adafactor: gradient for unknown weight "${name}"`);
      if (fused && w.dtype === 'float32' && g.dtype === 'float32') this.applyFused(name, w, g, fused);
      else this.applyOps(name, w, g, decay, lr);
    }
    this.updates++;
  }

  /** One weight's update as one kernel (fusedAdafactor.ts); same float32 arithmetic as applyOps. */
  private applyFused(name: string, w: tf.Variable, g: tf.Tensor, attrs: AdafactorUpdateAttrs): void {
    // Slots are created in the same order as applyOps creates them, so saved states list them alike.
    const [a, b] = w.shape;
    const moments = this.isFactored(w.shape)
      ? [this.slots.get(`${name}/vr`, [a]), this.slots.get(`${name}/vc`, [b])]
      : [this.slots.get(`${name}/v`, [...w.shape])];
    const m = this.config.beta1 > 0 ? this.slots.get(`${name}/m`, [...w.shape]) : null;
    const outs =
      moments.length === 2
        ? fusedAdafactorFactored(w, g, moments[0], moments[1], m, attrs)
        : fusedAdafactorFull(w, g, moments[0], m, attrs);
    w.assign(outs[0]);
    moments.forEach((slot, i) => slot.assign(outs[1 + i]));
    if (m) m.assign(outs[1 + moments.length]);
    tf.dispose(outs);
  }

  /** One weight's update composed of tfjs ops (every backend). */
  private applyOps(name: string, w: tf.Variable, g: tf.Tensor, decay: number, lr: number): void {
    const c = this.config;
    tf.tidy(() => {
      const g2 = tf.add(tf.square(g), c.epsilon1);
      let u: tf.Tensor;
      if (this.isFactored(w.shape)) {
        const [a, b] = w.shape;
        const r = this.slots.get(`${name}/vr`, [a]);
        const col = this.slots.get(`${name}/vc`, [b]);
        const newR = tf.add(tf.mul(r, decay), tf.mul(tf.mean(g2, 1), 1 - decay));
        const newC = tf.add(tf.mul(col, decay), tf.mul(tf.mean(g2, 0), 1 - decay));
        r.assign(newR);
        col.assign(newC);
        const rFactor = tf.rsqrt(tf.div(newR, tf.mean(newR))).reshape([a, 1]);
        const cFactor = tf.rsqrt(newC).reshape([1, b]);
        u = tf.mul(tf.mul(g, rFactor), cFactor);
      } else {
        const v = this.slots.get(`${name}/v`, [...w.shape]);
        const newV = tf.add(tf.mul(v, decay), tf.mul(g2, 1 - decay));
        v.assign(newV);
        u = tf.mul(g, tf.rsqrt(newV));
      }
      if (c.clippingThreshold !== null) u = tf.div(u, tf.maximum(tf.div(rms(u), c.clippingThreshold), 1));
      const scale = c.multiplyByParameterScale ? tf.mul(tf.maximum(rms(w), c.epsilon2), lr) : tf.scalar(lr);
      let delta = tf.mul(u, scale);
      if (c.beta1 > 0) {
        const m = this.slots.get(`${name}/m`, [...w.shape]);
        delta = tf.add(tf.mul(m, c.beta1), tf.mul(delta, 1 - c.beta1));
        m.assign(delta);
      }
      w.assign(tf.sub(w, delta));
    });
  }

  async getState(): Promise<OptimizerState> {
    return { kind: this.kind, step: this.updates, slots: await this.slots.read() };
  }

  setState(state: OptimizerState): void {
    checkOptimizerState(state, this.kind);
    this.slots.write(state.slots, 'Adafactor.setState');
    this.updates = state.step;
  }

  dispose(): void {
    this.slots.dispose();
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
