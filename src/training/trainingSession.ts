/**
 * Everything one run holds while it trains: config, tokenizer, model, optimizer, data stream,
 * validation data and the metric history. Created fresh (`start`) or from a checkpoint
 * (`resume`); `checkpoint()` captures exactly what `resume` needs, so a resumed run continues the
 * same loss curve as an uninterrupted one. Pure core: runs in Node and in a Web Worker; the
 * environment injects how datasets and starting weights are read.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Config } from '../model/config.ts';
import { T5Model } from '../model/t5Model.ts';
import { withAdapters } from '../model/adapters.ts';
import { ValidationError } from '../validation/checks.ts';
import { trainedParameterCount } from './finetuning.ts';
import { flopsPerToken } from '../model/parameterCount.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { createOptimizer } from './optimizerConfig.ts';
import type { Optimizer } from './optimizer.ts';
import { Trainer, type StepResult } from './trainer.ts';
import { prepareData, resolveModelConfig, resolveTokenizer, type DatasetLoader, type PreparedData } from './trainingData.ts';
import { decodeTrainerState, encodeTrainerState, modelFromTrainerState, type HistoryEntry, type LogWindow } from './trainerState.ts';
import { evaluateTasks, validationLoss, type TaskEvaluation } from './evaluation.ts';
import type { InitSpec, RunConfig } from './runConfig.ts';

export interface SessionEnvironment {
  loadDataset: DatasetLoader;
  /** The model to start from when `config.init` is not `scratch` (a run's checkpoint, an HF checkpoint). */
  loadInitialModel?: (init: InitSpec) => Promise<T5Model>;
}

export interface EvaluationResult extends Partial<TaskEvaluation> {
  step: number;
  valLoss: number;
}

/** What a session resolved from its config once, saved with the run so resuming never redoes it. */
export interface ResolvedRun {
  modelConfig: T5Config;
  tokenizer: Tokenizer;
}

const emptyWindow = (): LogWindow => ({ steps: 0, lossSum: 0, gradNormSum: 0 });

export class TrainingSession {
  readonly trainer: Trainer;
  readonly history: HistoryEntry[];
  private window: LogWindow;
  private windowStart = performance.now();
  private windowTokens = 0;
  /** Step-time sums of the steps this session ran since the last history entry. */
  private windowTiming = { steps: 0, forwardMs: 0, backwardMs: 0, optimizerMs: 0 };
  private tokensSeen: number;
  private examplesSeen: number;
  private disposed = false;

  private constructor(
    readonly config: RunConfig,
    readonly tokenizer: Tokenizer,
    readonly model: T5Model,
    readonly optimizer: Optimizer,
    readonly data: PreparedData,
    saved?: { history: HistoryEntry[]; window: LogWindow; tokensSeen: number; examplesSeen: number },
  ) {
    this.trainer = new Trainer(model, optimizer, {
      schedule: config.schedule,
      clipGradientNorm: config.clipGradientNorm,
      zLoss: config.zLoss,
      seed: config.seed,
      finetune: config.finetune,
    });
    this.history = saved ? [...saved.history] : [];
    this.window = saved ? { ...saved.window } : emptyWindow();
    this.tokensSeen = saved?.tokensSeen ?? 0;
    this.examplesSeen = saved?.examplesSeen ?? 0;
  }

  /** A new run: resolves the tokenizer and model, initialises (or loads) weights, builds the data. */
  static async start(config: RunConfig, env: SessionEnvironment): Promise<TrainingSession> {
    const tokenizer = await resolveTokenizer(config, env.loadDataset);
    let model: T5Model;
    if (config.init.kind === 'scratch') {
      model = T5Model.create(resolveModelConfig(config.model, tokenizer), { seed: config.seed });
    } else {
      if (!env.loadInitialModel) throw new Error(`init "${config.init.kind}" needs a loader for starting weights in this environment`);
      model = await withDropout(await env.loadInitialModel(config.init), config.model.overrides?.dropoutRate);
      if (model.config.vocabSize < tokenizer.vocabSize) {
        model.dispose();
        throw new RangeError(
          `the starting model's vocabulary (${model.config.vocabSize}) is smaller than the tokenizer's (${tokenizer.vocabSize}); use the tokenizer it was trained with`,
        );
      }
    }
    try {
      model = withFinetuneModel(model, config);
      const data = await prepareData(config, tokenizer, env.loadDataset);
      return new TrainingSession(config, tokenizer, model, createOptimizer(config.optimizer), data);
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** Continues a run from `checkpoint` bytes (see trainerState.ts) with the run's config. */
  static async resume(config: RunConfig, env: SessionEnvironment, checkpoint: Uint8Array): Promise<TrainingSession> {
    const state = decodeTrainerState(checkpoint);
    const tokenizer = loadTokenizer(state.meta.tokenizer);
    const model = modelFromTrainerState(state);
    const optimizer = createOptimizer(config.optimizer);
    try {
      optimizer.setState(state.optimizer);
      const data = await prepareData(config, tokenizer, env.loadDataset, state.meta.data);
      return new TrainingSession(config, tokenizer, model, optimizer, data, state.meta);
    } catch (err) {
      optimizer.dispose();
      model.dispose();
      throw err;
    }
  }

  /** Updates applied so far. */
  get step(): number {
    return this.trainer.step;
  }

  get resolved(): ResolvedRun {
    return { modelConfig: { ...this.model.config }, tokenizer: this.tokenizer };
  }

  /**
   * What a run record adds to its resolved model shape (RunResolved): the parameters the
   * fine-tuning strategy trains (gradual unfreezing: those unfrozen by the last step) and the
   * tokens of a pre-training run's training documents (for the repeats of Table 9).
   */
  get resolvedExtras(): { trainedParameters?: number; trainTokens?: number } {
    const ft = this.config.finetune;
    return {
      ...(ft ? { trainedParameters: trainedParameterCount(this.model.config, ft, Math.max(0, this.config.steps - 1)) } : {}),
      ...(this.data.trainTokens !== undefined ? { trainTokens: this.data.trainTokens } : {}),
    };
  }

  /** One training step; returns the history entry when this step closes a logging window. */
  async trainStep(): Promise<{ result: StepResult; entry?: HistoryEntry }> {
    this.assertAlive();
    const batch = this.data.batches.next();
    const result = await this.trainer.trainStep(batch);
    this.window.steps++;
    this.window.lossSum += result.loss;
    this.window.gradNormSum += result.gradNorm;
    this.windowTokens += result.tokens;
    const t = this.windowTiming;
    t.steps++;
    t.forwardMs += result.timing.forwardMs;
    t.backwardMs += result.timing.backwardMs;
    t.optimizerMs += result.timing.optimizerMs;
    this.tokensSeen += result.tokens;
    this.examplesSeen += result.examples;
    const s = result.step;
    const entry = s % this.config.logEvery === 0 || s === this.config.steps ? this.flush() : undefined;
    return { result, entry };
  }

  /** Leaves `ms` of wall-clock time (evaluation, checkpointing, a pause) out of tokens/s. */
  excludeFromThroughput(ms: number): void {
    if (ms > 0) this.windowStart += ms;
  }

  /** Closes the current logging window into a history entry. */
  private flush(): HistoryEntry {
    const now = performance.now();
    const w = this.window;
    const entry: HistoryEntry = {
      step: this.step,
      loss: w.lossSum / w.steps,
      learningRate: this.trainer.learningRate(this.step - 1),
      gradNorm: w.gradNormSum / w.steps,
      tokensSeen: this.tokensSeen,
      examplesSeen: this.examplesSeen,
      tokensPerSecond: now > this.windowStart ? this.windowTokens / ((now - this.windowStart) / 1000) : undefined,
      ...this.windowSpeed(now),
      memoryBytes: tf.memory().numBytes,
    };
    this.history.push(entry);
    this.window = emptyWindow();
    this.windowStart = now;
    this.windowTokens = 0;
    this.windowTiming = { steps: 0, forwardMs: 0, backwardMs: 0, optimizerMs: 0 };
    return entry;
  }

  /** Mean step-time split and achieved matmul GFLOP/s of the window's steps (none before a step ran). */
  private windowSpeed(now: number): Pick<HistoryEntry, 'stepTime' | 'achievedGflops'> {
    const t = this.windowTiming;
    if (t.steps === 0) return {};
    const { size, inputLength, targetLength } = this.config.batch;
    const flopsPerStep = 3 * flopsPerToken(this.model.config, { inputLength, targetLength }).forwardPerSequence * size;
    const seconds = (now - this.windowStart) / 1000;
    return {
      stepTime: { forwardMs: t.forwardMs / t.steps, backwardMs: t.backwardMs / t.steps, optimizerMs: t.optimizerMs / t.steps },
      achievedGflops: seconds > 0 ? (flopsPerStep * t.steps) / seconds / 1e9 : undefined,
    };
  }

  /**
   * Validation loss, and for tasks greedy predictions scored with their metrics. The result is
   * also written into the history entry of the current step.
   */
  async evaluate(options: { samples?: number } = {}): Promise<EvaluationResult> {
    this.assertAlive();
    // The entry of this step (closing the logging window first, so its tokens/s excludes evaluation).
    let entry = this.history[this.history.length - 1];
    if (!entry || entry.step !== this.step) {
      entry =
        this.window.steps > 0
          ? this.flush()
          : {
              step: this.step,
              loss: NaN,
              learningRate: this.trainer.learningRate(),
              gradNorm: NaN,
              tokensSeen: this.tokensSeen,
              examplesSeen: this.examplesSeen,
            };
      if (!this.history.includes(entry)) this.history.push(entry);
    }
    const started = performance.now();
    const valLoss = await validationLoss(this.model, this.data.validation);
    const result: EvaluationResult = { step: this.step, valLoss };
    if (this.data.evalSets.length > 0) {
      const maxSteps = this.config.batch.targetLength;
      Object.assign(
        result,
        await evaluateTasks([this.model], this.data.evalSets, this.tokenizer, {
          batchSize: this.config.batch.size,
          inputLength: this.config.batch.inputLength,
          maxSteps,
          samples: options.samples,
        }),
      );
    }
    if (Number.isFinite(valLoss)) entry.valLoss = valLoss;
    if (result.metrics) entry.metrics = result.metrics;
    this.excludeFromThroughput(performance.now() - started);
    return result;
  }

  /**
   * Loss of the current weights on the first validation batch (NaN when there is none): a
   * checkpoint holds the weights *after* its step's update, which that step's loss never saw,
   * so the loop probes them before keeping the checkpoint.
   */
  async probeLoss(): Promise<number> {
    this.assertAlive();
    if (this.data.validation.length === 0) return NaN;
    const started = performance.now();
    const loss = await validationLoss(this.model, this.data.validation.slice(0, 1));
    this.excludeFromThroughput(performance.now() - started);
    return loss;
  }

  /** The resumable state as bytes (weights, optimizer, data cursor with RNG state, history). */
  async checkpoint(): Promise<Uint8Array> {
    this.assertAlive();
    const started = performance.now();
    const optimizer = await this.optimizer.getState();
    const bytes = await encodeTrainerState(this.model, optimizer, {
      step: this.step,
      optimizer: { kind: optimizer.kind, step: optimizer.step },
      data: this.data.batches.cursor(),
      window: { ...this.window },
      tokensSeen: this.tokensSeen,
      examplesSeen: this.examplesSeen,
      history: this.history,
      modelConfig: { ...this.model.config },
      tokenizer: this.tokenizer.toJSON(),
      savedAt: Date.now(),
    });
    this.excludeFromThroughput(performance.now() - started);
    return bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    this.model.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('TrainingSession: this session has been disposed');
  }
}

/**
 * The model a fine-tuning strategy trains: with `adapters`, the starting model plus fresh
 * adapter layers (seeded by the run's seed; a scratch model or a continued adapter run that
 * already has them of that width is kept). Disposes `model` when it returns a new one.
 */
function withFinetuneModel(model: T5Model, config: RunConfig): T5Model {
  const ft = config.finetune;
  if (ft?.strategy !== 'adapters' || model.config.adapterDim === ft.adapterDim) return model;
  let next: T5Model;
  try {
    next = withAdapters(model, ft.adapterDim, config.seed);
  } catch (err) {
    throw new ValidationError('finetune.adapterDim', `finetune.adapterDim: ${(err as Error).message}`);
  }
  model.dispose();
  return next;
}

/** The model with another dropout rate (fine-tuning v1.1 checkpoints needs 0.1, spec §F.7). */
async function withDropout(model: T5Model, rate: number | undefined): Promise<T5Model> {
  if (rate === undefined || rate === model.config.dropoutRate) return model;
  const copy = T5Model.fromWeights({ ...model.config, dropoutRate: rate }, model.getWeights());
  model.dispose();
  return copy;
}
