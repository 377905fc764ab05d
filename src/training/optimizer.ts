/**
 * What every t5lab optimizer offers the trainer. tfjs has neither Adafactor nor AdamW, and its
 * own optimizers cannot save and restore their slots by weight name, which resuming a run needs.
 *
 * Slots (moment estimates) are tf.Variables keyed `<weight name>/<slot>`, created on first use.
 * `getState()` reads them asynchronously (never dataSync: webgpu); `setState()` restores them
 * bit for bit, so a resumed run continues exactly where it stopped.
 */
import * as tf from '@tensorflow/tfjs';

/** One slot tensor as plain numbers. */
export interface SlotValues {
  shape: number[];
  values: Float32Array;
}

/** Everything an optimizer needs to continue: its kind, the update count and its slots. */
export interface OptimizerState {
  kind: string;
  /** Updates applied so far. */
  step: number;
  /** Slot tensors by `<weight name>/<slot name>`. */
  slots: Map<string, SlotValues>;
}

export interface Optimizer {
  readonly kind: string;
  /** Updates applied so far (0 before the first). */
  readonly step: number;
  /**
   * Applies one update to `weights` from `grads` (both keyed by weight name) with the schedule's
   * learning rate for this step. Gradients stay owned by the caller; every temporary is freed.
   */
  applyGradients(weights: ReadonlyMap<string, tf.Variable>, grads: ReadonlyMap<string, tf.Tensor>, learningRate: number): void;
  getState(): Promise<OptimizerState>;
  /** Restores a state from `getState()` of an optimizer of the same kind (throws naming a mismatch). */
  setState(state: OptimizerState): void;
  dispose(): void;
}

/**
 * Slot variables by key, created lazily. Shared by Adafactor and AdamW so state save/restore
 * and disposal are written once.
 */
export class SlotStore {
  private readonly slots = new Map<string, tf.Variable>();

  /** The slot `key` with `shape`, zero-initialised on first use. */
  get(key: string, shape: number[]): tf.Variable {
    let v = this.slots.get(key);
    if (!v) {
      v = tf.tidy(() => tf.variable(tf.zeros(shape), false));
      this.slots.set(key, v);
    }
    return v;
  }

  async read(): Promise<Map<string, SlotValues>> {
    const out = new Map<string, SlotValues>();
    for (const [key, v] of this.slots) out.set(key, { shape: [...v.shape], values: new Float32Array((await v.data()) as Float32Array) });
    return out;
  }

  /** Replaces every slot with `slots` (existing ones are disposed first). */
  write(slots: Map<string, SlotValues>, where: string): void {
    for (const [key, s] of slots) {
      const size = s.shape.reduce((a, b) => a * b, 1);
      if (!(s.values instanceof Float32Array) || s.values.length !== size)
        throw new RangeError(`${where}: slot "${key}" has ${s.values?.length} values for shape [${s.shape.join(', ')}]`);
    }
    this.dispose();
    for (const [key, s] of slots)
      this.slots.set(
        key,
        tf.tidy(() => tf.variable(tf.tensor(s.values, s.shape, 'float32'), false)),
      );
  }

  get size(): number {
    return this.slots.size;
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}

/** Throws unless `state` is a plausible OptimizerState of `kind`. */
export function checkOptimizerState(state: OptimizerState, kind: string): void {
  if (!state || typeof state !== 'object') throw new TypeError(`${kind}.setState: state must be an object from getState()`);
  if (state.kind !== kind) throw new RangeError(`${kind}.setState: the saved state belongs to a "${state.kind}" optimizer`);
  if (!Number.isInteger(state.step) || state.step < 0)
    throw new RangeError(`${kind}.setState: state.step must be an integer ≥ 0 (got ${state.step})`);
  if (!(state.slots instanceof Map)) throw new TypeError(`${kind}.setState: state.slots must be a Map`);
}

/** Root mean square of a tensor, as a scalar tensor. */
export function rms(x: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.mean(tf.square(x))) as tf.Scalar;
}
