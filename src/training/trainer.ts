/**
 * One training step: forward + backward on a batch, global gradient norm (optionally clipped),
 * a finiteness check, then the optimizer update with the schedule's learning rate. Loss and norm
 * are read in one async read (never dataSync: webgpu) BEFORE the update, so a NaN/Inf step
 * leaves the weights untouched and the run can stop with the last good state intact.
 * Dropout masks are seeded from (run seed, step): a resumed run draws the same masks.
 * A fine-tuning strategy (finetuning.ts) limits the step to the weights it trains then: only
 * those go to the gradient tape and the optimizer, so frozen weights get no gradient, no
 * optimizer slot, and stay bit-identical.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Model } from '../model/t5Model.ts';
import type { Optimizer } from './optimizer.ts';
import { learningRateAt, type LearningRateSchedule } from './schedules.ts';
import { clipByGlobalNorm, globalNorm } from './gradientClipping.ts';
import { batchTensors, disposeBatch, type HostBatch } from './batching.ts';
import { trainableWeightNames, type FinetuneSpec } from './finetuning.ts';

export interface StepResult {
  /** Updates applied after this step (1 after the first). */
  step: number;
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  learningRate: number;
  tokens: number;
  examples: number;
  /** Wall-clock split of the step (see {@link StepTiming}). */
  timing: StepTiming;
}

/**
 * Where a step's wall-clock time went: the forward pass (until the loss tensor exists), the
 * backward pass (until loss and gradient norm are read back) and the optimizer update. On cpu
 * and wasm kernels run as they are called, so the split is exact; webgpu and webgl queue work,
 * so there forward is its dispatch and the GPU's time lands in backward (the read-back waits).
 */
export interface StepTiming {
  forwardMs: number;
  backwardMs: number;
  optimizerMs: number;
}

/** A step whose loss or gradient norm was NaN or ±Inf; the weights were not updated. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(
    readonly step: number,
    readonly loss: number,
    readonly gradNorm: number,
  ) {
    super(
      `training diverged at step ${step + 1}: the loss is ${loss} and the gradient norm ${gradNorm}; the weights were not updated, so the last checkpoint is the last good state (try a lower learning rate or gradient clipping)`,
    );
  }
}

export interface TrainerOptions {
  schedule: LearningRateSchedule;
  /** Global-norm clipping threshold, or null. */
  clipGradientNorm: number | null;
  zLoss: number;
  seed: number;
  /** Which weights train at each step; absent = all (full fine-tuning / pre-training). */
  finetune?: FinetuneSpec;
}

/** The dropout seed of a step: distinct per (run seed, step), identical when a run is resumed. */
export function dropoutSeed(seed: number, step: number): number {
  return ((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0) + 1;
}

export class Trainer {
  private readonly weights: Map<string, tf.Variable>;
  private readonly varNames: Map<string, string>;

  constructor(
    readonly model: T5Model,
    readonly optimizer: Optimizer,
    private readonly options: TrainerOptions,
  ) {
    this.weights = model.getWeights() as Map<string, tf.Variable>;
    this.varNames = new Map([...this.weights].map(([hf, v]) => [v.name, hf]));
  }

  private trainableCache: { key: string; vars: tf.Variable[] } | null = null;

  /** The variables updated at `step` (all, or the fine-tuning strategy's), cached while the set is unchanged. */
  trainableVariables(step = this.step): tf.Variable[] {
    const spec = this.options.finetune;
    const names = spec ? trainableWeightNames(this.model.config, spec, step) : null;
    if (names === null) return [...this.weights.values()];
    const key = names.join('\n');
    if (this.trainableCache?.key !== key) this.trainableCache = { key, vars: names.map((n) => this.weights.get(n)!) };
    return this.trainableCache.vars;
  }

  /** Updates applied so far (the optimizer's count, restored with its state). */
  get step(): number {
    return this.optimizer.step;
  }

  learningRate(step = this.step): number {
    return learningRateAt(this.options.schedule, step);
  }

  /** One forward/backward/update on `batch`. Throws NonFiniteLossError without updating. */
  async trainStep(batch: HostBatch): Promise<StepResult> {
    const step = this.step;
    const lr = this.learningRate(step);
    const input = batchTensors(batch);
    const owned: tf.Tensor[] = [];
    try {
      const seed = dropoutSeed(this.options.seed, step);
      const started = performance.now();
      let forwardDone = started;
      const { value, grads } = tf.variableGrads(() => {
        const loss = this.model.loss({ ...input, training: true, seed, zLoss: this.options.zLoss });
        forwardDone = performance.now();
        return loss;
      }, this.trainableVariables(step));
      owned.push(value, ...Object.values(grads));
      let named = new Map(Object.entries(grads).map(([varName, g]) => [this.varNames.get(varName)!, g]));
      let norm: tf.Scalar;
      if (this.options.clipGradientNorm !== null) {
        const clipped = clipByGlobalNorm(named, this.options.clipGradientNorm);
        named = clipped.grads;
        norm = clipped.norm;
        owned.push(...named.values());
      } else norm = globalNorm(named.values());
      owned.push(norm);
      const both = tf.stack([value, norm]);
      owned.push(both);
      const [loss, gradNorm] = await both.data();
      const backwardDone = performance.now();
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) throw new NonFiniteLossError(step, loss, gradNorm);
      this.optimizer.applyGradients(this.weights, named, lr);
      const timing = {
        forwardMs: forwardDone - started,
        backwardMs: backwardDone - forwardDone,
        optimizerMs: performance.now() - backwardDone,
      };
      return { step: step + 1, loss, gradNorm, learningRate: lr, tokens: batch.tokens, examples: batch.examples, timing };
    } finally {
      tf.dispose(owned);
      disposeBatch(input);
    }
  }
}
