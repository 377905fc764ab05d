/**
 * The full description of a training run as plain JSON: model, initial weights, tokenizer, data
 * (an objective over a corpus, or tasks with a mixing strategy), batch, optimizer, schedule,
 * steps, seed and the logging/eval/checkpoint cadence. `validateRunConfig` fills defaults and
 * names the first bad field, so a config file or a cell's form fails with what to fix.
 */
import { validateConfig, type T5Config } from '../model/config.ts';
import { fail, intAtLeast, numberIn, positiveNumber, string, ValidationError } from '../validation/checks.ts';
import { PRESET_NAMES } from '../model/presets.ts';
import { OBJECTIVE_NAMES, getObjective, type ObjectiveName } from '../objectives/objectives.ts';
import { computeInputAndTargetLengths } from '../objectives/lengths.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';
import type { MixingStrategy } from '../tasks/mixingRates.ts';
import { isKnownTask, resolveTask, validateUserTaskSpec, type UserTaskSpec } from '../tasks/userTask.ts';
import { validateBatchShape, type BatchShape } from './batching.ts';
import { validateOptimizerConfig, type OptimizerConfig } from './optimizerConfig.ts';
import { validateFinetune, type FinetuneSpec } from './finetuning.ts';
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
  | {
      kind: 'pretrain';
      corpus: string;
      objective: ObjectiveName;
      density?: number;
      meanSpan?: number;
      docsPerStream?: number;
      /** Train on the first ⌈f·n⌉ training documents only, repeating them (Table 9); default 1. */
      corpusFraction?: number;
    }
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
  /**
   * Which weights train (T5 §3.5.1, src/training/finetuning.ts): full, adapters (d) or gradual
   * unfreezing (every k steps). Absent = full; kept absent so older configs stay as they were.
   */
  finetune?: FinetuneSpec;
}

export type RunConfigInput = Partial<Omit<RunConfig, 'batch'>> & { data: DataSpec; batch?: BatchShape };

const int = intAtLeast;
const fraction = (v: unknown, field: string) => numberIn(v, field, 0, 1, { maxExclusive: true });

function validateData(d: unknown): DataSpec {
  if (d === null || typeof d !== 'object') fail('data', 'an object with kind "pretrain" or "tasks"', d);
  const o = d as Record<string, unknown>;
  if (o.kind === 'pretrain') {
    if (typeof o.corpus !== 'string' || o.corpus === '')
      throw new ValidationError('data.corpus', 'data.corpus must name a corpus (e.g. "pretrain_sotu")');
    if (!OBJECTIVE_NAMES.includes(o.objective as ObjectiveName))
      fail('data.objective', `one of ${OBJECTIVE_NAMES.join(', ')}`, o.objective);
    if (o.density !== undefined && (typeof o.density !== 'number' || !(o.density > 0 && o.density <= 1)))
      fail('data.density', 'in (0, 1]', o.density);
    if (o.meanSpan !== undefined) positiveNumber(o.meanSpan, 'data.meanSpan');
    if (o.docsPerStream !== undefined) int(o.docsPerStream, 'data.docsPerStream', 1);
    if (o.corpusFraction !== undefined) numberIn(o.corpusFraction, 'data.corpusFraction', 0, 1, { minExclusive: true });
    return {
      kind: 'pretrain',
      corpus: o.corpus,
      objective: o.objective as ObjectiveName,
      density: o.density as number | undefined,
      meanSpan: o.meanSpan as number | undefined,
      docsPerStream: o.docsPerStream as number | undefined,
      ...(o.corpusFraction !== undefined ? { corpusFraction: o.corpusFraction as number } : {}),
    };
  }
  if (o.kind === 'tasks') {
    if (!Array.isArray(o.tasks) || o.tasks.length === 0 || !o.tasks.every((t) => typeof t === 'string' && t !== ''))
      throw new ValidationError('data.tasks', 'data.tasks must be a non-empty array of task names');
    if (new Set(o.tasks).size !== o.tasks.length) throw new ValidationError('data.tasks', 'data.tasks lists a task twice');
    const m = o.mixing as Record<string, unknown> | undefined;
    if (m !== undefined && (m === null || typeof m !== 'object' || !['equal', 'proportional', 'temperature'].includes(m.kind as string))) {
      throw new ValidationError('data.mixing', 'data.mixing.kind must be "equal", "proportional" (with K) or "temperature" (with T)');
    }
    let userTasks: Record<string, UserTaskSpec> | undefined;
    if (o.userTasks !== undefined) {
      if (o.userTasks === null || typeof o.userTasks !== 'object' || Array.isArray(o.userTasks))
        throw new RangeError('data.userTasks must be an object {taskName: {source, prefix, metrics}}');
      userTasks = {};
      for (const [name, spec] of Object.entries(o.userTasks)) userTasks[name] = validateUserTaskSpec(spec, `data.userTasks["${name}"]`);
    }
    for (const t of o.tasks as string[]) if (!isKnownTask(t, userTasks)) resolveTask(t, userTasks);
    return { kind: 'tasks', tasks: [...o.tasks] as string[], mixing: m as MixingStrategy | undefined, ...(userTasks ? { userTasks } : {}) };
  }
  return fail('data.kind', '"pretrain" or "tasks"', o.kind);
}

function validateTokenizer(t: unknown): TokenizerSpec {
  if (t === null || typeof t !== 'object') fail('tokenizer', 'an object with kind "byte", "unigram" or "saved"', t);
  const o = t as Record<string, unknown>;
  if (o.kind === 'byte')
    return { kind: 'byte', vocabSize: o.vocabSize === undefined ? undefined : int(o.vocabSize, 'tokenizer.vocabSize', 260) };
  if (o.kind === 'unigram') return { kind: 'unigram', vocabSize: int(o.vocabSize, 'tokenizer.vocabSize', 360) };
  if (o.kind === 'saved') {
    const json = o.json as TokenizerJSON | undefined;
    if (!json || typeof json !== 'object' || typeof json.kind !== 'string')
      throw new ValidationError('tokenizer.json', 'tokenizer.json must be a tokenizer JSON object with a "kind"');
    return { kind: 'saved', json };
  }
  return fail('tokenizer.kind', '"byte", "unigram" or "saved"', o.kind);
}

function validateInit(i: unknown): InitSpec {
  if (i === undefined) return { kind: 'scratch' };
  const o = i as Record<string, unknown>;
  if (o?.kind === 'scratch') return { kind: 'scratch' };
  if (o?.kind === 'run' && typeof o.runId === 'string' && o.runId) return { kind: 'run', runId: o.runId };
  if (o?.kind === 'checkpoint-dir' && typeof o.path === 'string' && o.path) return { kind: 'checkpoint-dir', path: o.path };
  if (o?.kind === 'hf-files' && typeof o.name === 'string') return { kind: 'hf-files', name: o.name };
  throw new ValidationError(
    'init',
    'init must be {kind:"scratch"}, {kind:"run", runId}, {kind:"checkpoint-dir", path} or {kind:"hf-files", name}',
  );
}

function validateModel(m: unknown): ModelSpec {
  if (m === undefined) return {};
  if (m === null || typeof m !== 'object') fail('model', 'an object { preset?, overrides? }', m);
  const o = m as Record<string, unknown>;
  if (o.preset !== undefined && !PRESET_NAMES.includes(o.preset as string))
    throw new ValidationError('model.preset', `model.preset "${String(o.preset)}" is unknown; expected one of ${PRESET_NAMES.join(', ')}`);
  if (o.overrides !== undefined) {
    try {
      validateConfig({ ...(o.overrides as Partial<T5Config>), vocabSize: (o.overrides as Partial<T5Config>).vocabSize ?? 32128 });
    } catch (err) {
      const field = err instanceof ValidationError ? `model.overrides.${err.field}` : 'model.overrides';
      throw new ValidationError(field, `model.overrides: ${(err as Error).message}`);
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
  if (objective.maskKind === 'spans')
    return computeInputAndTargetLengths(inputLength, density, data.meanSpan ?? objective.defaults.meanSpan).targetsLength;
  return inputLength;
}

/** Fills defaults and checks every field of a run config, naming the first bad one. */
export function validateRunConfig(input: RunConfigInput): RunConfig {
  if (input === null || typeof input !== 'object') fail('run config', 'an object', input);
  const data = validateData(input.data);
  const pretrain = data.kind === 'pretrain';
  const steps = int(input.steps ?? 1000, 'steps', 1);
  const clip = input.clipGradientNorm ?? null;
  if (clip !== null && (typeof clip !== 'number' || !(clip > 0) || !Number.isFinite(clip)))
    fail('clipGradientNorm', 'a positive number or null', clip);
  const zLoss = input.zLoss ?? 0;
  if (typeof zLoss !== 'number' || !(zLoss >= 0) || !Number.isFinite(zLoss)) fail('zLoss', 'a number ≥ 0', zLoss);
  const seed = input.seed ?? 0;
  if (!Number.isSafeInteger(seed)) fail('seed', 'an integer', seed);
  const name = string(input.name ?? (pretrain ? `${data.objective} on ${data.corpus}` : `fine-tune on ${data.tasks.join(' + ')}`), 'name');
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
  if (input.finetune !== undefined) config.finetune = validateFinetune(input.finetune);
  // The single-stack architectures (model/architecture.ts) take no segment ids.
  const architecture = config.model.overrides?.architecture;
  if (config.batch.pack && (architecture === 'decoder-only' || architecture === 'prefix-lm')) {
    throw new ValidationError(
      'batch.pack',
      `batch.pack must be false for model.overrides.architecture "${architecture}" (packed rows are not supported there)`,
    );
  }
  return config;
}
