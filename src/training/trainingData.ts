/**
 * From a run config to data: the tokenizer (trained on the training text for `unigram`), the
 * model shape that fits it, the training batch stream (resumable), and fixed validation batches
 * plus, for tasks, the validation examples decoded and scored with the task's metrics.
 * Train/validation is the deterministic hash split of src/data/split.ts, so no example of the
 * validation split is ever trained on.
 */
import { DEFAULT_CONFIG, validateConfig, type T5Config } from '../model/config.ts';
import { ValidationError } from '../validation/checks.ts';
import { PRESETS } from '../model/presets.ts';
import type { Dataset, TaskDataset } from '../data/parseDataset.ts';
import { splitExamples } from '../data/split.ts';
import { vocabOfTokenizer } from '../objectives/vocab.ts';
import { ByteTokenizer } from '../tokenizers/byteTokenizer.ts';
import { RUN_CONFIG_FIELDS, sentinelShortage, sentinelsNeeded, T5_EXTRA_IDS } from '../objectives/sentinels.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { trainUnigram } from '../tokenizers/unigramTrainer.ts';
import type { Task } from '../tasks/task.ts';
import { resolveTask, type UserTaskSpec } from '../tasks/userTask.ts';
import { mixingRates } from '../tasks/mixingRates.ts';
import { BatchStream, padBatch, type BatchCursor, type HostBatch } from './batching.ts';
import {
  MixtureSource,
  PretrainingSource,
  TaskSource,
  type ExampleSource,
  type MixtureCursor,
  type PretrainingCursor,
  type TaskCursor,
  type TokenizedExample,
} from './exampleSources.ts';
import type { ModelSpec, RunConfig } from './runConfig.ts';

/** ByT5's vocabulary (259 byte/special ids + 125 sentinels) and its ids below the sentinels. */
const DEFAULT_BYTE_VOCAB = 384;
const BYTE_IDS = 259;

/** Loads a dataset by name (bundled, or a user dataset); injected so the core stays DOM- and fs-free. */
export type DatasetLoader = (name: string) => Promise<Dataset>;

/** The validation examples of one task, for decoded predictions and metrics. */
export interface TaskEvalSet {
  task: Task;
  inputs: Int32Array[];
  inputTexts: string[];
  targets: string[];
}

export interface PreparedData {
  batches: BatchStream;
  validation: HostBatch[];
  evalSets: TaskEvalSet[];
  /** Training examples per task (tasks) or training documents (pre-training). */
  trainSizes: Record<string, number>;
  /** Tokens of the training documents (pre-training only). */
  trainTokens?: number;
  /** Mixing rates used (tasks only). */
  rates?: Record<string, number>;
  /** Task examples (train + validation) longer than the batch lengths, which get cut. */
  truncated: { inputs: number; targets: number };
  /** A sentence for people when targets get cut (metrics then compare against cut outputs). */
  warnings: string[];
}

/** Looks a task up by name (bundled, or the user's from `userTasks`); the error lists the known ones. */
export function taskByName(name: string, userTasks?: Readonly<Record<string, UserTaskSpec>>): Task {
  try {
    return resolveTask(name, userTasks);
  } catch (err) {
    throw new ValidationError('data.tasks', `data.tasks: ${(err as Error).message}`);
  }
}

async function loadTask(task: Task, load: DatasetLoader): Promise<TaskDataset> {
  const d = await load(task.source);
  if (d.kind !== 'task') throw new RangeError(`task "${task.name}": dataset "${task.source}" is a corpus, not a task file`);
  return d;
}

async function loadCorpus(name: string, load: DatasetLoader): Promise<string[]> {
  const d = await load(name);
  if (d.kind !== 'corpus') throw new RangeError(`data.corpus: "${name}" is a task file, not a corpus`);
  return d.documents;
}

/** The text a unigram tokenizer is trained on: the training split only. */
async function trainingText(config: RunConfig, load: DatasetLoader): Promise<string[]> {
  const data = config.data;
  const fraction = config.validationFraction;
  if (data.kind === 'pretrain')
    return corpusSlice(splitExamples(await loadCorpus(data.corpus, load), { validationFraction: fraction }).train, data.corpusFraction);
  const texts: string[] = [];
  for (const name of data.tasks) {
    const task = taskByName(name, data.userTasks);
    for (const ex of splitExamples((await loadTask(task, load)).examples, { validationFraction: fraction }).train) {
      const p = task.preprocess(ex);
      texts.push(p.inputs, p.targets);
    }
  }
  return texts;
}

/** Sentinels the run's objective needs (0 for tasks and mask-only objectives). */
function neededSentinels(config: RunConfig): number {
  const d = config.data;
  return d.kind === 'pretrain' ? sentinelsNeeded(d.objective, config.batch.inputLength, d.density, d.meanSpan) : 0;
}

/**
 * Builds the run's tokenizer from its spec. A tokenizer built here gets as many sentinels as the
 * objective needs, at least T5's 100 (a byte tokenizer of default size grows past ByT5's 384 ids).
 */
export async function resolveTokenizer(config: RunConfig, load: DatasetLoader): Promise<Tokenizer> {
  const spec = config.tokenizer;
  const needed = neededSentinels(config);
  if (spec.kind === 'byte') return new ByteTokenizer({ vocabSize: spec.vocabSize ?? Math.max(DEFAULT_BYTE_VOCAB, BYTE_IDS + needed) });
  if (spec.kind === 'saved') return loadTokenizer(spec.json);
  return trainUnigram(await trainingText(config, load), { vocabSize: spec.vocabSize, numSentinels: Math.max(T5_EXTRA_IDS, needed) })
    .tokenizer;
}

/** Throws naming the run config fields when the tokenizer has too few sentinels for the objective. */
export function checkSentinels(config: RunConfig, tokenizer: Tokenizer): void {
  const d = config.data;
  if (d.kind !== 'pretrain') return;
  const problem = sentinelShortage(d.objective, config.batch.inputLength, d.density, d.meanSpan, tokenizer.numSentinels, RUN_CONFIG_FIELDS);
  if (problem) throw new RangeError(problem);
}

/**
 * The model shape: preset (or defaults) + overrides; the vocabulary defaults to the tokenizer's
 * size rounded up to a multiple of 128 (mesh-tf's vocab_divisor, spec §A.9).
 */
export function resolveModelConfig(spec: ModelSpec, tokenizer: Pick<Tokenizer, 'vocabSize'>): T5Config {
  const base = spec.preset ? PRESETS[spec.preset] : DEFAULT_CONFIG;
  const vocabSize = spec.overrides?.vocabSize ?? Math.ceil(tokenizer.vocabSize / 128) * 128;
  const config = validateConfig({ ...base, ...spec.overrides, vocabSize });
  if (config.vocabSize < tokenizer.vocabSize)
    throw new RangeError(
      `model.overrides.vocabSize (${config.vocabSize}) is smaller than the tokenizer's vocabulary (${tokenizer.vocabSize})`,
    );
  return config;
}

function withEos(ids: number[], eos: number): Int32Array {
  const out = new Int32Array(ids.length + 1);
  out.set(ids);
  out[ids.length] = eos;
  return out;
}

function tokenizeTask(
  task: Task,
  examples: TaskDataset['examples'],
  tokenizer: Tokenizer,
): { tokenized: TokenizedExample[]; inputTexts: string[]; targets: string[] } {
  const tokenized: TokenizedExample[] = [];
  const inputTexts: string[] = [];
  const targets: string[] = [];
  for (const ex of examples) {
    const p = task.preprocess(ex);
    tokenized.push({
      inputs: withEos(tokenizer.encode(p.inputs), tokenizer.eosId),
      targets: withEos(tokenizer.encode(p.targets), tokenizer.eosId),
    });
    inputTexts.push(p.inputs);
    targets.push(p.targets);
  }
  return { tokenized, inputTexts, targets };
}

function validationBatches(examples: TokenizedExample[], config: RunConfig): HostBatch[] {
  const out: HostBatch[] = [];
  const { size, inputLength, targetLength } = config.batch;
  for (let i = 0; i < examples.length; i += size) out.push(padBatch(examples.slice(i, i + size), inputLength, targetLength));
  return out;
}

/** What `BatchStream.cursor()` returns for the sources built here. */
export type DataCursor = BatchCursor;

/** Tokenizes the run's data and builds the training stream (continuing from `cursor` if given). */
/** How the target length setting is named where users set it: the train cell's field and the CLI flag. */
export const TARGET_LENGTH_SETTING = '"target tokens" in the train cell, --target-length in the CLI';

/**
 * The warning for a task whose targets are cut, naming the setting as the user knows it (not
 * the config path `batch.targetLength`).
 */
export function targetTruncationWarning(task: string, cut: number, total: number, targetLength: number, longest: number): string {
  return `${cut} of ${total} targets of task "${task}" are longer than the target length ${targetLength} (longest: ${longest} tokens with EOS) and are cut, so predictions are scored against cut targets; raise the target length (${TARGET_LENGTH_SETTING}) to at least ${longest}`;
}

/**
 * The first ⌈fraction·n⌉ training documents (at least one), in corpus order: Table 9's truncated
 * data set. The validation split is the whole corpus's, so every slice is scored on the same text.
 */
export function corpusSlice(train: string[], fraction: number | undefined): string[] {
  if (fraction === undefined || fraction >= 1) return train;
  return train.slice(0, Math.max(1, Math.ceil(fraction * train.length)));
}

export async function prepareData(
  config: RunConfig,
  tokenizer: Tokenizer,
  load: DatasetLoader,
  cursor?: DataCursor,
): Promise<PreparedData> {
  const data = config.data;
  const split = { validationFraction: config.validationFraction };
  if (data.kind === 'pretrain') {
    checkSentinels(config, tokenizer);
    const { train: all, validation } = splitExamples(await loadCorpus(data.corpus, load), split);
    const train = corpusSlice(all, data.corpusFraction);
    const encode = (docs: string[]) => docs.map((d) => Int32Array.from(tokenizer.encode(d)));
    const trainIds = encode(train);
    const vocab = vocabOfTokenizer(tokenizer);
    const options = {
      objective: data.objective,
      inputsLength: config.batch.inputLength,
      density: data.density,
      meanSpan: data.meanSpan,
      vocab,
      docsPerStream: data.docsPerStream,
    };
    const source = new PretrainingSource(trainIds, { ...options, seed: config.seed }, cursor?.source as PretrainingCursor | undefined);
    let validationExamples: TokenizedExample[] = [];
    if (validation.length > 0) {
      const held = new PretrainingSource(encode(validation), { ...options, seed: config.seed + 1 });
      validationExamples = Array.from({ length: config.evalExamples }, () => held.next());
    }
    return {
      batches: new BatchStream(source, config.batch, cursor?.pending ?? null),
      validation: validationBatches(validationExamples, config),
      evalSets: [],
      trainSizes: { [data.corpus]: train.length },
      trainTokens: trainIds.reduce((n, d) => n + d.length, 0),
      truncated: { inputs: 0, targets: 0 },
      warnings: [],
    };
  }
  const sources: TaskSource[] = [];
  const evalSets: TaskEvalSet[] = [];
  const validationExamples: TokenizedExample[] = [];
  const trainSizes: Record<string, number> = {};
  const truncated = { inputs: 0, targets: 0 };
  const warnings: string[] = [];
  const mixtureCursor = data.tasks.length > 1 ? (cursor?.source as MixtureCursor | undefined) : undefined;
  for (const name of data.tasks) {
    const task = taskByName(name, data.userTasks);
    const { train, validation } = splitExamples((await loadTask(task, load)).examples, split);
    const taskCursor = data.tasks.length > 1 ? mixtureCursor?.tasks[name] : (cursor?.source as TaskCursor | undefined);
    const trainTokens = tokenizeTask(task, train, tokenizer).tokenized;
    sources.push(new TaskSource(name, trainTokens, config.seed, taskCursor));
    trainSizes[name] = train.length;
    const held = tokenizeTask(task, validation.slice(0, config.evalExamples), tokenizer);
    const all = [...trainTokens, ...held.tokenized];
    const longInputs = all.filter((e) => e.inputs.length > config.batch.inputLength).length;
    const longTargets = all.filter((e) => e.targets.length > config.batch.targetLength).length;
    truncated.inputs += longInputs;
    truncated.targets += longTargets;
    if (longTargets > 0) {
      const longest = Math.max(...all.map((e) => e.targets.length));
      warnings.push(targetTruncationWarning(name, longTargets, all.length, config.batch.targetLength, longest));
    }
    evalSets.push({ task, inputs: held.tokenized.map((e) => e.inputs), inputTexts: held.inputTexts, targets: held.targets });
    validationExamples.push(...held.tokenized);
  }
  let source: ExampleSource = sources[0];
  let rates: Record<string, number> | undefined;
  if (sources.length > 1) {
    rates = mixingRates(data.mixing ?? { kind: 'equal' }, trainSizes);
    source = new MixtureSource(sources, rates, config.seed, mixtureCursor);
  }
  return {
    batches: new BatchStream(source, config.batch, cursor?.pending ?? null),
    validation: validationBatches(validationExamples, config),
    evalSets,
    trainSizes,
    rates,
    truncated,
    warnings,
  };
}
