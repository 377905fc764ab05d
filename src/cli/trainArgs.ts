/**
 * `t5lab train` flags → a run config. `--config FILE` gives a whole config (the JSON of
 * RunConfig, fields optional); flags override its fields, so the common case needs no file.
 * Every mistake is a UsageError naming the flag.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberFlag, UsageError } from './command.ts';
import { fromText, positiveInt } from '../validation/checks.ts';
import { readJsonFile } from './modelArgs.ts';
import { tokenizerFromFileFlag } from './tokenizerFileFlag.ts';
import type { Architecture } from '../model/architecture.ts';
import { OBJECTIVE_NAMES, type ObjectiveName } from '../objectives/objectives.ts';
import type { MixingStrategy } from '../tasks/mixingRates.ts';
import { defaultTargetLength, type RunConfigInput, type TokenizerSpec } from '../training/runConfig.ts';
import type { LearningRateSchedule } from '../training/schedules.ts';
import { readDirTokenizer, readRunRecord } from '../runs/runDir.ts';
import { bundledDatasets } from '../data/bundled.ts';
import { corpusRefFromFile, isFileRef, userTaskFromFile } from '../data/taskFile.node.ts';
import { bundledTasks } from '../tasks/bundledTasks.ts';
import type { MetricChoice, UserTaskSpec } from '../tasks/userTask.ts';

export const trainOptions = {
  config: { type: 'string' },
  model: { type: 'string' },
  architecture: { type: 'string' },
  objective: { type: 'string' },
  corpus: { type: 'string' },
  task: { type: 'string', multiple: true },
  'task-name': { type: 'string' },
  'task-prefix': { type: 'string' },
  metric: { type: 'string' },
  mixing: { type: 'string' },
  steps: { type: 'string' },
  'batch-size': { type: 'string' },
  'input-length': { type: 'string' },
  'target-length': { type: 'string' },
  pack: { type: 'boolean' },
  seed: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  'clip-norm': { type: 'string' },
  dropout: { type: 'string' },
  tokenizer: { type: 'string' },
  from: { type: 'string' },
  'log-every': { type: 'string' },
  'eval-every': { type: 'string' },
  'eval-examples': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'finetune-strategy': { type: 'string' },
  'adapter-dim': { type: 'string' },
  'unfreeze-every': { type: 'string' },
} as const;

type Values = Record<string, unknown>;

function intFlag(values: Values, name: string): number | undefined {
  return values[name] === undefined ? undefined : numberFlag(values, name, { integer: true });
}

/** `equal`, `proportional:K` or `temperature:T[:K]`. */
export function parseMixing(text: string): MixingStrategy {
  const [kind, a, b] = text.split(':');
  const num = (s: string | undefined, what: string) => {
    const n = Number(s);
    if (s === undefined || s.trim() === '' || !Number.isFinite(n) || n <= 0)
      throw new UsageError(`--mixing ${text}: ${what} must be a positive number`);
    return n;
  };
  if (kind === 'equal' && a === undefined) return { kind: 'equal' };
  if (kind === 'proportional') return { kind: 'proportional', K: num(a, 'K') };
  if (kind === 'temperature')
    return b === undefined ? { kind: 'temperature', T: num(a, 'T') } : { kind: 'temperature', T: num(a, 'T'), K: num(b, 'K') };
  throw new UsageError(`--mixing must be equal, proportional:K or temperature:T[:K] (got "${text}")`);
}

/** `inverse-sqrt[:WARMUP]`, `constant:LR` or `cosine:PEAK:WARMUP[:FINAL]` (cosine ends at --steps). */
export function parseSchedule(text: string, steps: number): LearningRateSchedule {
  const [kind, ...rest] = text.split(':');
  const nums = rest.map((s) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--schedule ${text}: "${s}" is not a number`);
    return n;
  });
  if (kind === 'inverse-sqrt' && nums.length <= 1) return { kind: 'inverse-sqrt', warmupSteps: nums[0] ?? 10_000 };
  if (kind === 'constant' && nums.length === 1) return { kind: 'constant', value: nums[0] };
  if (kind === 'cosine' && (nums.length === 2 || nums.length === 3))
    return { kind: 'warmup-cosine', peak: nums[0], warmupSteps: nums[1], totalSteps: steps, final: nums[2] };
  throw new UsageError(`--schedule must be inverse-sqrt[:WARMUP], constant:LR or cosine:PEAK:WARMUP[:FINAL] (got "${text}")`);
}

/** `byte[:N]`, `unigram:N`, or a tokenizer file (spiece.model, HF tokenizer.json or t5lab JSON). */
export async function parseTokenizer(text: string): Promise<TokenizerSpec> {
  const m = /^(byte|unigram)(?::(\d+))?$/.exec(text);
  if (m) {
    if (m[1] === 'byte') return { kind: 'byte', vocabSize: m[2] === undefined ? undefined : Number(m[2]) };
    if (m[2] === undefined) throw new UsageError('--tokenizer unigram:N needs the vocabulary size N');
    return { kind: 'unigram', vocabSize: Number(m[2]) };
  }
  if (!existsSync(text)) throw new UsageError(`--tokenizer ${text}: no such file (or use byte, byte:N, unigram:N)`);
  return { kind: 'saved', json: (await tokenizerFromFileFlag(text)).toJSON() };
}

/** The run config described by `--config` and the flags. */
export async function runConfigFromFlags(values: Values): Promise<RunConfigInput> {
  const base = (typeof values.config === 'string' ? readJsonFile(values.config, '--config') : {}) as RunConfigInput;
  if (base === null || typeof base !== 'object' || Array.isArray(base))
    throw new UsageError(`--config ${values.config}: must be a JSON object (a run config)`);
  const out: RunConfigInput = { ...base };
  const tasks = values.task as string[] | undefined;
  if (tasks && (values.corpus !== undefined || values.objective !== undefined))
    throw new UsageError('give either --task (fine-tuning) or --corpus/--objective (pre-training), not both');
  const taskFlags = ['task-name', 'task-prefix', 'metric'].filter((f) => values[f] !== undefined);
  if (tasks) {
    out.data = {
      kind: 'tasks',
      ...tasksFromFlags(tasks, values, taskFlags),
      mixing: typeof values.mixing === 'string' ? parseMixing(values.mixing) : undefined,
    };
  } else if (values.corpus !== undefined || values.objective !== undefined) {
    const objective = (values.objective as string | undefined) ?? 'span_corruption';
    if (!(OBJECTIVE_NAMES as readonly string[]).includes(objective))
      throw new UsageError(`--objective "${objective}" is unknown; expected one of ${OBJECTIVE_NAMES.join(', ')}`);
    if (typeof values.corpus !== 'string') throw new UsageError('--corpus NAME is required with --objective (e.g. pretrain_sotu)');
    out.data = { kind: 'pretrain', corpus: corpusFromFlag(values.corpus), objective: objective as ObjectiveName };
  } else if (values.mixing !== undefined) throw new UsageError('--mixing needs --task NAME (twice or more)');
  if (taskFlags.length && !tasks) throw new UsageError(`--${taskFlags[0]} describes a --task PATH.tsv; give one`);
  if (!out.data) throw new UsageError('say what to train on: --corpus NAME [--objective NAME], --task NAME, or --config FILE');

  if (typeof values.model === 'string') out.model = { ...out.model, preset: values.model };
  if (values.dropout !== undefined)
    out.model = { ...out.model, overrides: { ...out.model?.overrides, dropoutRate: numberFlag(values, 'dropout') } };
  // encoder-decoder | encoder-decoder-shared | decoder-only | prefix-lm (checked by validateConfig).
  if (typeof values.architecture === 'string')
    out.model = { ...out.model, overrides: { ...out.model?.overrides, architecture: values.architecture as Architecture } };
  const steps = intFlag(values, 'steps');
  if (steps !== undefined) out.steps = steps;
  const seed = intFlag(values, 'seed');
  if (seed !== undefined) out.seed = seed;

  const inputLength = intFlag(values, 'input-length') ?? out.batch?.inputLength ?? 128;
  out.batch = {
    size: intFlag(values, 'batch-size') ?? out.batch?.size ?? 16,
    inputLength,
    targetLength: intFlag(values, 'target-length') ?? out.batch?.targetLength ?? defaultTargetLength(out.data, inputLength),
    pack: values.pack === true ? true : out.batch?.pack,
  };

  if (values.optimizer !== undefined) {
    if (values.optimizer !== 'adafactor' && values.optimizer !== 'adamw')
      throw new UsageError(`--optimizer must be adafactor or adamw (got "${String(values.optimizer)}")`);
    out.optimizer = { kind: values.optimizer };
  }
  if (values.lr !== undefined && values.schedule !== undefined)
    throw new UsageError('give either --lr (a constant rate) or --schedule, not both');
  if (values.lr !== undefined) out.schedule = { kind: 'constant', value: numberFlag(values, 'lr') };
  if (typeof values.schedule === 'string') out.schedule = parseSchedule(values.schedule, out.steps ?? 1000);
  if (values['clip-norm'] !== undefined) out.clipGradientNorm = numberFlag(values, 'clip-norm');

  if (typeof values.from === 'string') {
    out.init = { kind: 'checkpoint-dir', path: values.from };
    // The model keeps the tokenizer it was trained with unless --tokenizer says otherwise.
    if (values.tokenizer === undefined && !base.tokenizer) {
      const saved = existsSync(values.from) ? readDirTokenizer(values.from) : undefined;
      if (saved && 't5lab' in saved) out.tokenizer = { kind: 'saved', json: saved.t5lab };
      else if (saved) out.tokenizer = await parseTokenizerText(saved.hf);
    }
  }
  if (typeof values.tokenizer === 'string') out.tokenizer = await parseTokenizer(values.tokenizer);

  const every = (flag: string, key: 'logEvery' | 'evalEvery' | 'evalExamples' | 'checkpointEvery') => {
    const v = intFlag(values, flag);
    if (v !== undefined) out[key] = v;
  };
  every('log-every', 'logEvery');
  every('eval-every', 'evalEvery');
  every('eval-examples', 'evalExamples');
  every('checkpoint-every', 'checkpointEvery');
  const finetune = finetuneFromFlags(values, out.finetune);
  if (finetune) out.finetune = finetune;
  else if (typeof values.from === 'string') {
    const kept = finetuneOfDir(values.from);
    if (kept) out.finetune = kept;
  }
  return out;
}

/**
 * The fine-tuning strategy a run continued with `--from DIR` keeps when no flag (nor --config)
 * names one: the strategy in DIR's run.json (a t5lab run), else adapters of the width in
 * adapter_config.json (an exported adapter model). Without this, continuing an adapter run
 * would train every weight of a model whose adapters were loaded for a different recipe.
 */
function finetuneOfDir(dir: string): RunConfigInput['finetune'] {
  if (!existsSync(dir)) return undefined; // loading the folder names the missing path
  let record;
  try {
    record = readRunRecord(dir);
  } catch (err) {
    throw new UsageError(`--from ${dir}: ${(err as Error).message}`);
  }
  if (record?.config.finetune) return record.config.finetune;
  const path = join(dir, 'adapter_config.json');
  if (!existsSync(path)) return undefined;
  try {
    const dim = (JSON.parse(readFileSync(path, 'utf8')) as { adapter_dim?: unknown }).adapter_dim;
    return { strategy: 'adapters', adapterDim: positiveInt(dim, `${path} adapter_dim`) };
  } catch (err) {
    throw new UsageError(`--from ${dir}: ${(err as Error).message}`);
  }
}

/**
 * `--finetune-strategy full|adapters|gradual-unfreezing` with `--adapter-dim D` /
 * `--unfreeze-every K` (over a --config's `finetune`). Checked by validateFinetune, whose field
 * names (finetune.strategy, .adapterDim, .unfreezeEvery) TRAIN_FLAGS maps back to these flags.
 */
function finetuneFromFlags(values: Values, base: RunConfigInput['finetune']): RunConfigInput['finetune'] {
  const strategy = values['finetune-strategy'];
  const dim = values['adapter-dim'];
  const every = values['unfreeze-every'];
  if (strategy === undefined && dim === undefined && every === undefined) return base;
  const o: Record<string, unknown> = { ...(base ?? {}) };
  if (strategy !== undefined) {
    o.strategy = strategy;
    if (strategy !== 'adapters') delete o.adapterDim;
    if (strategy !== 'gradual-unfreezing') delete o.unfreezeEvery;
  }
  if (dim !== undefined) o.adapterDim = fromText(dim, 'finetune.adapterDim', positiveInt);
  if (every !== undefined) o.unfreezeEvery = fromText(every, 'finetune.unfreezeEvery', positiveInt);
  if (o.strategy === undefined) {
    const flag = dim !== undefined ? '--adapter-dim' : '--unfreeze-every';
    throw new UsageError(`${flag} needs --finetune-strategy ${flag === '--adapter-dim' ? 'adapters' : 'gradual-unfreezing'}`);
  }
  return o as RunConfigInput['finetune'];
}

/** `--task NAME|PATH.tsv` (repeatable): bundled names as they are, files as user tasks. */
function tasksFromFlags(
  tasks: string[],
  values: Values,
  taskFlags: string[],
): { tasks: string[]; userTasks?: Record<string, UserTaskSpec> } {
  const files = tasks.filter((t) => !Object.hasOwn(bundledTasks, t) && isFileRef(t));
  if (taskFlags.length && files.length !== 1)
    throw new UsageError(`--${taskFlags[0]} describes one --task PATH.tsv (got ${files.length} task files)`);
  const names: string[] = [];
  const userTasks: Record<string, UserTaskSpec> = {};
  for (const t of tasks) {
    if (!files.includes(t)) {
      if (!Object.hasOwn(bundledTasks, t))
        throw new UsageError(`--task ${t}: not a bundled task (${Object.keys(bundledTasks).join(', ')}) nor a .tsv file`);
      names.push(t);
      continue;
    }
    try {
      const { name, spec } = userTaskFromFile(t, {
        name: values['task-name'] as string | undefined,
        prefix: values['task-prefix'] as string | undefined,
        metric: values.metric as MetricChoice | undefined,
      });
      if (names.includes(name)) throw new UsageError(`--task ${t}: a task named "${name}" is already given; name it with --task-name`);
      names.push(name);
      userTasks[name] = spec;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError((err as Error).message);
    }
  }
  return Object.keys(userTasks).length ? { tasks: names, userTasks } : { tasks: names };
}

/** `--corpus NAME|PATH.txt|PATH.jsonl`: a bundled corpus name as it is, a file as its absolute path. */
function corpusFromFlag(corpus: string): string {
  if (bundledDatasets().some((d) => d.name === corpus)) return corpus;
  if (!isFileRef(corpus))
    throw new UsageError(
      `--corpus ${corpus}: not a bundled corpus (${bundledDatasets()
        .filter((d) => d.kind !== 'task')
        .map((d) => d.name)
        .join(', ')}) nor a .txt or .jsonl file`,
    );
  try {
    return corpusRefFromFile(corpus);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function parseTokenizerText(hfJson: string): Promise<TokenizerSpec> {
  const { importHfTokenizerJson } = await import('../tokenizers/hfTokenizer.ts');
  return { kind: 'saved', json: importHfTokenizerJson(hfJson).toJSON() };
}
