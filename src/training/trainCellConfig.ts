/**
 * From the train cell's parameters and the notebook values it reads (tokenizer, modelConfig,
 * corpus or task, mixingRates) to a validated RunConfig. Pure, so the mapping is tested without
 * a page. Defaults are small: a tour run of workbench-micro finishes in well under a minute.
 */
import type { T5Config } from '../model/config.ts';
import { OBJECTIVE_NAMES, getObjective, type ObjectiveName } from '../objectives/objectives.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import type { MixingStrategy } from '../tasks/mixingRates.ts';
import { bundledTasks } from '../tasks/bundledTasks.ts';
import { isKnownTask, userTasksOf, type UserTaskSpec } from '../tasks/userTask.ts';
import { defaultTargetLength, validateRunConfig, type DataSpec, type RunConfig, type RunConfigInput } from './runConfig.ts';
import type { FinetuneStrategyName } from './finetuning.ts';
import type { LearningRateSchedule } from './schedules.ts';
import { renamedError } from '../validation/fieldNames.ts';
import { sentinelShortage } from '../objectives/sentinels.ts';

export type TrainMode = 'pretrain' | 'finetune';
export type TrainScheduleKind = LearningRateSchedule['kind'];

/** The train cell's parameters (saved with the notebook). */
export interface TrainParams {
  mode: TrainMode;
  objective: ObjectiveName;
  density: number;
  meanSpan: number;
  /** Fine-tuning: train on the notebook's `mixingRates` tasks instead of its `task`. */
  mixture: boolean;
  optimizer: 'adafactor' | 'adamw';
  schedule: TrainScheduleKind;
  /** Constant value, cosine peak, or the inverse-sqrt scale's 1/√warmup. */
  learningRate: number;
  warmupSteps: number;
  batchSize: number;
  inputLength: number;
  /** 0 = fit the objective (span corruption's exact target length). */
  targetLength: number;
  steps: number;
  /** null = the notebook's seed. */
  seed: number | null;
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  logEvery: number;
  /** Fine-tuning mode: which weights train (T5 §3.5.1, finetuning.ts). */
  finetune: FinetuneStrategyName;
  /** Inner width d of the adapter layers (`finetune: 'adapters'`). */
  adapterDim: number;
  /** Unfreeze one more block every k steps (`finetune: 'gradual-unfreezing'`). */
  unfreezeEvery: number;
}

export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  mode: 'pretrain',
  objective: 'span_corruption',
  density: 0.15,
  meanSpan: 3,
  mixture: false,
  optimizer: 'adafactor',
  schedule: 'constant',
  learningRate: 0.01,
  warmupSteps: 20,
  batchSize: 8,
  inputLength: 64,
  targetLength: 0,
  steps: 150,
  seed: null,
  backend: 'auto',
  logEvery: 5,
  finetune: 'full',
  adapterDim: 32,
  unfreezeEvery: 25,
};

/** Cell params (possibly partial or from an old notebook) with defaults filled in. */
export function trainParams(raw: Record<string, unknown>): TrainParams {
  const p = { ...DEFAULT_TRAIN_PARAMS } as Record<string, unknown>;
  for (const k of Object.keys(DEFAULT_TRAIN_PARAMS)) if (raw[k] !== undefined) p[k] = raw[k];
  return p as unknown as TrainParams;
}

/** The notebook values a train cell reads. */
export interface TrainInputs {
  tokenizer?: Tokenizer;
  modelConfig?: T5Config;
  /** `source`: the stored dataset id of the user's corpus (absent for bundled corpora). */
  corpus?: { name: string; source?: string };
  /** `source`, `prefix`, `metrics`: the user's task (absent for bundled tasks). */
  task?: { name: string; source?: string; prefix?: string; metrics?: string[] };
  /** `userTasks`: the user's tasks among the mixed ones. */
  mixingRates?: { strategy: MixingStrategy; rates: Record<string, number>; userTasks?: Record<string, UserTaskSpec> };
  seed?: number;
}

/** Names of the notebook values the cell needs for `params` (the program's inputs). */
export function trainInputNames(p: TrainParams): string[] {
  const data = p.mode === 'pretrain' ? ['corpus'] : p.mixture ? ['mixingRates'] : ['task'];
  return ['tokenizer', 'modelConfig', ...data, 'seed'];
}

function schedule(p: TrainParams): LearningRateSchedule {
  if (p.schedule === 'constant') return { kind: 'constant', value: p.learningRate };
  if (p.schedule === 'inverse-sqrt')
    return { kind: 'inverse-sqrt', warmupSteps: p.warmupSteps, scale: p.learningRate * Math.sqrt(p.warmupSteps) };
  return { kind: 'warmup-cosine', peak: p.learningRate, warmupSteps: p.warmupSteps, totalSteps: p.steps };
}

function data(p: TrainParams, v: TrainInputs): DataSpec {
  if (p.mode === 'pretrain') {
    if (!v.corpus?.name) throw new TypeError('corpus: pre-training needs a corpus (add a dataset cell with a corpus)');
    if (!OBJECTIVE_NAMES.includes(p.objective))
      throw new RangeError(`objective must be one of ${OBJECTIVE_NAMES.join(', ')} (got ${JSON.stringify(p.objective)})`);
    const spans = getObjective(p.objective).maskKind === 'spans';
    return {
      kind: 'pretrain',
      corpus: v.corpus.source ?? v.corpus.name,
      objective: p.objective,
      density: p.density,
      ...(spans ? { meanSpan: p.meanSpan } : {}),
    };
  }
  if (p.mixture) {
    const rates = v.mixingRates?.rates;
    if (!rates) throw new TypeError('mixingRates: fine-tuning on a mixture needs a mixing cell');
    const userTasks = v.mixingRates!.userTasks;
    // The paper's 23 tasks are sizes only: the mixture trains on the tasks that have data here.
    const tasks = Object.keys(rates).filter((t) => isKnownTask(t, userTasks));
    if (tasks.length === 0)
      throw new RangeError(
        `mixingRates: none of its tasks (${Object.keys(rates).join(', ')}) has data here: mix bundled tasks (${Object.keys(bundledTasks).join(', ')}) or your own (the mixing cell's "include the notebook's task")`,
      );
    const used = userTasks ? Object.fromEntries(Object.entries(userTasks).filter(([t]) => tasks.includes(t))) : {};
    return { kind: 'tasks', tasks, mixing: v.mixingRates!.strategy, ...(Object.keys(used).length ? { userTasks: used } : {}) };
  }
  const task = v.task;
  if (!task?.name) throw new TypeError('task: fine-tuning needs a task (add a dataset cell with a task)');
  const userTasks = userTasksOf([task]);
  if (!isKnownTask(task.name, userTasks))
    throw new RangeError(`task: "${task.name}" is neither a bundled task (${Object.keys(bundledTasks).join(', ')}) nor a dataset of yours`);
  return { kind: 'tasks', tasks: [task.name], ...(userTasks ? { userTasks } : {}) };
}

/**
 * Run-config field → the train cell's form label (cells/kinds/train.ts), so an error names what
 * the user typed into: `batch: batch.size must be a positive integer (got 0)`.
 */
export const TRAIN_FIELD_LABELS: Readonly<Record<string, string>> = {
  'batch.size': 'batch',
  'batch.inputLength': 'input tokens',
  inputsLength: 'input tokens',
  'batch.targetLength': 'target tokens',
  steps: 'steps',
  seed: 'seed',
  'schedule.warmupSteps': 'warm-up steps',
  schedule: 'learning rate',
  'data.density': 'corruption rate',
  density: 'corruption rate',
  'data.meanSpan': 'mean span',
  meanSpan: 'mean span',
  'data.objective': 'objective',
  optimizer: 'optimizer',
  'finetune.strategy': 'fine-tuning',
  'finetune.adapterDim': 'adapter d',
  'finetune.unfreezeEvery': 'unfreeze every',
};

/** How the run is called: by the datasets' names the user saw, not their stored ids. */
function runName(d: DataSpec, v: TrainInputs): string {
  if (d.kind === 'pretrain') return `${d.objective} on ${v.corpus?.name ?? d.corpus}`;
  return `fine-tune on ${d.tasks.join(' + ')}`;
}

/** The train cell's and the tokenizer cell's labels of the settings that decide the sentinels. */
const TRAIN_CELL_SENTINEL_FIELDS = {
  inputsLength: "'input tokens'",
  density: "'corruption rate'",
  meanSpan: "'mean span'",
  extraIds: "'extra ids' in the tokenizer cell (unigram)",
};

/** The run config for `params` over the notebook values; throws naming the bad field by its form label. */
export function buildTrainRunConfig(p: TrainParams, v: TrainInputs): RunConfig {
  try {
    return buildUnlabelled(p, v);
  } catch (err) {
    throw renamedError(err, TRAIN_FIELD_LABELS);
  }
}

function buildUnlabelled(p: TrainParams, v: TrainInputs): RunConfig {
  if (!v.tokenizer) throw new TypeError('tokenizer: training needs a tokenizer (add a tokenizer cell)');
  if (!v.modelConfig) throw new TypeError('modelConfig: training needs a model (add a model cell)');
  const seed = p.seed ?? v.seed ?? 0;
  const d = data(p, v);
  if (d.kind === 'pretrain') {
    const problem = sentinelShortage(
      d.objective,
      p.inputLength,
      d.density,
      d.meanSpan,
      v.tokenizer.numSentinels,
      TRAIN_CELL_SENTINEL_FIELDS,
    );
    if (problem) throw new RangeError(problem);
  }
  const targetLength = p.targetLength > 0 ? p.targetLength : defaultTargetLength(d, p.inputLength);
  const tok = v.tokenizer.toJSON();
  return validateRunConfig({
    name: runName(d, v),
    // The vocabulary follows the run's tokenizer (rounded up to 128), as the model cell's does.
    model: { overrides: { ...v.modelConfig, vocabSize: Math.max(v.modelConfig.vocabSize, v.tokenizer.vocabSize) } },
    tokenizer: { kind: 'saved', json: tok },
    data: d,
    batch: { size: p.batchSize, inputLength: p.inputLength, targetLength },
    optimizer: { kind: p.optimizer },
    schedule: schedule(p),
    steps: p.steps,
    seed,
    logEvery: p.logEvery,
    // A multiple of logEvery: an evaluation off the logging grid would close a short window.
    evalEvery: p.logEvery * Math.max(1, Math.round(p.steps / 4 / p.logEvery)),
    evalExamples: d.kind === 'tasks' ? 16 : 32,
    // Often enough that a reload loses little (a micro model's checkpoint is a few MB).
    checkpointEvery: Math.max(1, Math.min(50, Math.round(p.steps / 4))),
    keepCheckpoints: 2,
    ...(p.mode === 'finetune' && p.finetune !== 'full' ? { finetune: finetuneSpec(p) } : {}),
  });
}

/** The run config's `finetune` from the cell's fields (validateFinetune checks and names them). */
function finetuneSpec(p: TrainParams): RunConfigInput['finetune'] {
  if (p.finetune === 'adapters') return { strategy: 'adapters', adapterDim: p.adapterDim };
  if (p.finetune === 'gradual-unfreezing') return { strategy: 'gradual-unfreezing', unfreezeEvery: p.unfreezeEvery };
  return { strategy: p.finetune } as RunConfigInput['finetune'];
}
