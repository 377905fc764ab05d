/**
 * The full description of a training run as plain JSON: model, initial weights, tokenizer, data
 * (an objective over a corpus, or tasks with a mixing strategy), batch, optimizer, schedule,
 * steps, seed and the logging/eval/checkpoint cadence. `validateRunConfig` fills defaults and
 * names the first bad field, so a config file or a cell's form fails with what to fix.
 */
import { validateConfig, type T5Config } from '../model/config.ts';
import { PRESET_NAMES } from '../model/presets.ts';
import { OBJECTIVE_NAMES, getObjective, type ObjectiveName } from '../objectives/objectives.ts';
import { computeInputAndTargetLengths } from '../objectives/lengths.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';
import type { MixingStrategy } from '../tasks/mixingRates.ts';
import { isKnownTask, resolveTask, validateUserTaskSpec, type UserTaskSpec } from '../tasks/userTask.ts';
import { validateBatchShape, type BatchShape } from './batching.ts';
import { validateOptimizerConfig, type OptimizerConfig } from './optimizerConfig.ts';
import { PAPER_FINETUNING_SCHEDULE, PAPER_PRETRAINING_SCHEDULE, validateSchedule, type LearningRateSchedule } from './schedules.ts';

export type TokenizerSpec =
  /** ByT5-style bytes (default vocabSize 384). */
  | { kind: 'byte'; vocabSize?: number }
  /** A unigram tokenizer trained on the run's training text at start (then saved with the run). */
  | { kind: 'unigram'; vocabSize: number }
  /** Any tokenizer JSON `loadTokenizer` understands (a saved run's, an imported tokenizer.json). */
  | { kind: 'saved'; json: TokenizerJSON };

export type DataSpec =
  /** `corpus`: a dataset reference (bundled name, stored dataset id in the browser, file path in Node). */
  | { kind: 'pretrain'; corpus: string; objective: ObjectiveName; density?: number; meanSpan?: number; docsPerStream?: number }
  /**
   * One task, or a mixture (rates from src/tasks/mixingRates.ts; default equal). A name is a
   * bundled task or a key of `userTasks`, which says where the user's examples come from.
   */
  | { kind: 'tasks'; tasks: string[]; mixing?: MixingStrategy; userTasks?: Record<string, UserTaskSpec> };

export type InitSpec =
  | { kind: 'scratch' }
  /** The latest checkpoint of a stored run (browser) — fine-tuning a pre-trained run. */
  | { kind: 'run'; runId: string }
  /** An HF checkpoint directory (Node: `--from DIR`; a t5lab train output is one). */
  | { kind: 'checkpoint-dir'; path: string }
  /** HF files handed over with the start request (browser import). */
  | { kind: 'hf-files'; name: string };

export interface ModelSpec {
  preset?: string;
  /** Fields over the preset (or over the defaults). vocabSize defaults to the tokenizer's, rounded up to 128. */
  overrides?: Partial<T5Config>;
}

export interface RunConfig {
  name: string;
  model: ModelSpec;
  init: InitSpec;
  tokenizer: TokenizerSpec;
  data: DataSpec;
  batch: Required<BatchShape>;
  optimizer: OptimizerConfig;
  schedule: LearningRateSchedule;
  /** Clip gradients to this global norm; null = no clipping (the T5 recipe). */
  clipGradientNorm: number | null;
  steps: number;
  seed: number;
  /** z-loss coefficient (mesh-tf/t5x 1e-4); default 0. */
  zLoss: number;
  /** Share of the data held out for validation by hash (src/data/split.ts); default 0.1. */
  validationFraction: number;
  /** A metrics entry every N steps. */
  logEvery: number;
  /** Validation (loss; decoded predictions for tasks) every N steps; 0 = only at the end. */
  evalEvery: number;
  /** Validation examples used per evaluation. */
  evalExamples: number;
  /** A resumable checkpoint every N steps; 0 = only at the end. */
  checkpointEvery: number;
  /** Checkpoints kept per run (older ones are pruned). */
  keepCheckpoints: number;
}

export type RunConfigInput = Partial<Omit<RunConfig, 'batch'>> & { data: DataSpec; batch?: BatchShape };

function int(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`${field} must be an integer ≥ ${min} (got ${String(v)})`);
  return v;
}

function fraction(v: unknown, field: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new RangeError(`${field} must be a number in [0, 1) (got ${String(v)})`);
  return v;
}

function validateData(d: unknown): DataSpec {
  if (d === null || typeof d !== 'object') throw new TypeError('data must be an object with kind "pretrain" or "tasks"');
  const o = d as Record<string, unknown>;
  if (o.kind === 'pretrain') {
    if (typeof o.corpus !== 'string' || o.corpus === '') throw new RangeError('data.corpus must name a corpus (e.g. "pretrain_sotu")');
    if (!OBJECTIVE_NAMES.includes(o.objective as ObjectiveName)) throw new RangeError(`data.objective must be one of ${OBJECTIVE_NAMES.join(', ')} (got ${JSON.stringify(o.objective)})`);
    if (o.density !== undefined && (typeof o.density !== 'number' || !(o.density > 0 && o.density <= 1))) throw new RangeError(`data.density must be in (0, 1] (got ${String(o.density)})`);
    if (o.meanSpan !== undefined && (typeof o.meanSpan !== 'number' || !(o.meanSpan > 0))) throw new RangeError(`data.meanSpan must be a positive number (got ${String(o.meanSpan)})`);
    if (o.docsPerStream !== undefined) int(o.docsPerStream, 'data.docsPerStream', 1);
    return { kind: 'pretrain', corpus: o.corpus, objective: o.objective as ObjectiveName, density: o.density as number | undefined, meanSpan: o.meanSpan as number | undefined, docsPerStream: o.docsPerStream as number | undefined };
  }
  if (o.kind === 'tasks') {
    if (!Array.isArray(o.tasks) || o.tasks.length === 0 || !o.tasks.every((t) => typeof t === 'string' && t !== '')) throw new RangeError('data.tasks must be a non-empty array of task names');
    if (new Set(o.tasks).size !== o.tasks.length) throw new RangeError('data.tasks lists a task twice');
    const m = o.mixing as Record<string, unknown> | undefined;
    if (m !== undefined && (m === null || typeof m !== 'object' || !['equal', 'proportional', 'temperature'].includes(m.kind as string))) {
      throw new RangeError('data.mixing.kind must be "equal", "proportional" (with K) or "temperature" (with T)');
    }
    let userTasks: Record<string, UserTaskSpec> | undefined;
    if (o.userTasks !== undefined) {
      if (o.userTasks === null || typeof o.userTasks !== 'object' || Array.isArray(o.userTasks)) throw new RangeError('data.userTasks must be an object {taskName: {source, prefix, metrics}}');
      userTasks = {};
      for (const [name, spec] of Object.entries(o.userTasks)) userTasks[name] = validateUserTaskSpec(spec, `data.userTasks["${name}"]`);
    }
    for (const t of o.tasks as string[]) if (!isKnownTask(t, userTasks)) resolveTask(t, userTasks);
    return { kind: 'tasks', tasks: [...o.tasks] as string[], mixing: m as MixingStrategy | undefined, ...(userTasks ? { userTasks } : {}) };
  }
  throw new RangeError(`data.kind must be "pretrain" or "tasks" (got ${JSON.stringify(o.kind)})`);
}

function validateTokenizer(t: unknown): TokenizerSpec {
  if (t === null || typeof t !== 'object') throw new TypeError('tokenizer must be an object with kind "byte", "unigram" or "saved"');
  const o = t as Record<string, unknown>;
  if (o.kind === 'byte') return { kind: 'byte', vocabSize: o.vocabSize === undefined ? undefined : int(o.vocabSize, 'tokenizer.vocabSize', 260) };
  if (o.kind === 'unigram') return { kind: 'unigram', vocabSize: int(o.vocabSize, 'tokenizer.vocabSize', 360) };
  if (o.kind === 'saved') {
    const json = o.json as TokenizerJSON | undefined;
    if (!json || typeof json !== 'object' || typeof json.kind !== 'string') throw new RangeError('tokenizer.json must be a tokenizer JSON object with a "kind"');
    return { kind: 'saved', json };
  }
  throw new RangeError(`tokenizer.kind must be "byte", "unigram" or "saved" (got ${JSON.stringify(o.kind)})`);
}

function validateInit(i: unknown): InitSpec {
  if (i === undefined) return { kind: 'scratch' };
  const o = i as Record<string, unknown>;
  if (o?.kind === 'scratch') return { kind: 'scratch' };
  if (o?.kind === 'run' && typeof o.runId === 'string' && o.runId) return { kind: 'run', runId: o.runId };
  if (o?.kind === 'checkpoint-dir' && typeof o.path === 'string' && o.path) return { kind: 'checkpoint-dir', path: o.path };
  if (o?.kind === 'hf-files' && typeof o.name === 'string') return { kind: 'hf-files', name: o.name };
  throw new RangeError('init must be {kind:"scratch"}, {kind:"run", runId}, {kind:"checkpoint-dir", path} or {kind:"hf-files", name}');
}

function validateModel(m: unknown): ModelSpec {
  if (m === undefined) return {};
  if (m === null || typeof m !== 'object') throw new TypeError('model must be an object { preset?, overrides? }');
  const o = m as Record<string, unknown>;
  if (o.preset !== undefined && !PRESET_NAMES.includes(o.preset as string)) throw new RangeError(`model.preset "${String(o.preset)}" is unknown; expected one of ${PRESET_NAMES.join(', ')}`);
  if (o.overrides !== undefined) {
    try {
      validateConfig({ ...(o.overrides as Partial<T5Config>), vocabSize: (o.overrides as Partial<T5Config>).vocabSize ?? 32128 });
    } catch (err) {
      throw new RangeError(`model.overrides: ${(err as Error).message}`);
    }
  }
  return { preset: o.preset as string | undefined, overrides: o.overrides as Partial<T5Config> | undefined };
}

/**
 * A target length that fits the data: span corruption's exact targets length for `inputLength`
 * (spec §B.4: 512 → 114), the whole segment for the other objectives, 32 tokens for tasks.
 */
export function defaultTargetLength(data: DataSpec, inputLength: number): number {
  if (data.kind === 'tasks') return 32;
  const objective = getObjective(data.objective);
  const density = data.density ?? objective.defaults.density;
  if (objective.maskKind === 'spans') return computeInputAndTargetLengths(inputLength, density, data.meanSpan ?? objective.defaults.meanSpan).targetsLength;
  return inputLength;
}

/** Fills defaults and checks every field of a run config, naming the first bad one. */
export function validateRunConfig(input: RunConfigInput): RunConfig {
  if (input === null || typeof input !== 'object') throw new TypeError('run config must be an object');
  const data = validateData(input.data);
  const pretrain = data.kind === 'pretrain';
  const steps = int(input.steps ?? 1000, 'steps', 1);
  const clip = input.clipGradientNorm ?? null;
  if (clip !== null && (typeof clip !== 'number' || !(clip > 0))) throw new RangeError(`clipGradientNorm must be a positive number or null (got ${String(clip)})`);
  const zLoss = input.zLoss ?? 0;
  if (typeof zLoss !== 'number' || !(zLoss >= 0)) throw new RangeError(`zLoss must be a number ≥ 0 (got ${String(zLoss)})`);
  const seed = input.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer (got ${String(seed)})`);
  const name = input.name ?? (pretrain ? `${data.objective} on ${data.corpus}` : `fine-tune on ${data.tasks.join(' + ')}`);
  if (typeof name !== 'string') throw new RangeError('name must be a string');
  const config: RunConfig = {
    name,
    model: validateModel(input.model),
    init: validateInit(input.init),
    tokenizer: validateTokenizer(input.tokenizer ?? { kind: 'byte' }),
    data,
    batch: validateBatchShape(input.batch ?? { size: 16, inputLength: 128, targetLength: defaultTargetLength(data, 128) }),
    optimizer: validateOptimizerConfig(input.optimizer ?? { kind: 'adafactor' }),
    schedule: validateSchedule(input.schedule ?? (pretrain ? PAPER_PRETRAINING_SCHEDULE : PAPER_FINETUNING_SCHEDULE)),
    clipGradientNorm: clip,
    steps,
    seed,
    zLoss,
    validationFraction: fraction(input.validationFraction ?? 0.1, 'validationFraction'),
    logEvery: int(input.logEvery ?? 10, 'logEvery', 1),
    evalEvery: int(input.evalEvery ?? 100, 'evalEvery', 0),
    evalExamples: int(input.evalExamples ?? 64, 'evalExamples', 1),
    checkpointEvery: int(input.checkpointEvery ?? 100, 'checkpointEvery', 0),
    keepCheckpoints: int(input.keepCheckpoints ?? 2, 'keepCheckpoints', 1),
  };
  // The single-stack architectures (model/architecture.ts) take no segment ids.
  const architecture = config.model.overrides?.architecture;
  if (config.batch.pack && (architecture === 'decoder-only' || architecture === 'prefix-lm')) {
    throw new RangeError(`batch.pack must be false for model.overrides.architecture "${architecture}" (packed rows are not supported there)`);
  }
  return config;
}
