/**
 * A recipe: everything a cluster run needs to repeat a t5lab run at paper scale, as plain JSON
 * (the `recipe.json` both targets write; the HF train.py reads it). The model is swapped for a
 * paper size and the step/batch budget for the scale's; everything else is the run's own:
 * objective and its parameters (or the task mixture and its rates), sequence lengths, optimizer,
 * schedule, gradient clipping, z-loss and seed. Field names are snake_case for Python.
 */
import type { T5Config } from '../model/config.ts';
import { computeInputAndTargetLengths } from '../objectives/lengths.ts';
import { getObjective } from '../objectives/objectives.ts';
import { mixingRates, PAPER_TEMPERATURE_K, type MixingStrategy } from '../tasks/mixingRates.ts';
import type { RunConfig } from '../training/runConfig.ts';
import { T5LAB_VERSION } from '../checkpoint/hfExport.ts';
import { validateOptimizerConfig } from '../training/optimizerConfig.ts';
import { recipeScale, scaledModelConfig } from './scales.ts';

/** Where the run being exported came from. */
export interface RecipeSource {
  kind: 'run' | 'experiment';
  name: string;
  /** The run's id (runs) or the entry key (experiments). */
  id: string;
  /** Experiments: the entry this one fine-tunes from. */
  initFrom?: string;
}

/** Where the cluster run reads its data: a local path or a Hugging Face `datasets` name. */
export interface RecipeData {
  path?: string;
  dataset?: string;
  datasetConfig?: string;
  split?: string;
  textField?: string;
}

export interface RecipeInput {
  config: RunConfig;
  /** The run's resolved model (its vocabulary comes from its tokenizer). */
  modelConfig: T5Config;
  tokenizer: { kind: string; vocabSize: number; numSentinels: number };
  /** Training examples per task (tasks runs: what the rates are computed from). */
  trainSizes?: Record<string, number>;
  scale: string;
  steps?: number;
  batchSize?: number;
  data?: RecipeData;
  source: RecipeSource;
}

export type RecipeObjective = {
  kind: 'pretrain';
  name: string;
  corpus: string;
  density: number;
  mean_span: number;
  mask: 'iid' | 'spans' | 'prefix';
  concatenate: boolean;
  /** Span corruption: raw tokens per segment (random_spans_helper); others: inputs length − 1. */
  tokens_length: number;
};

export type RecipeTasks = {
  kind: 'tasks';
  names: string[];
  /** K = null means no cap (JSON has no Infinity). */
  mixing: { kind: 'equal' } | { kind: 'proportional'; K: number | null } | { kind: 'temperature'; T: number; K: number };
  sizes: Record<string, number>;
  rates: Record<string, number>;
};

export interface Recipe {
  format: 't5lab-recipe';
  version: 1;
  t5lab_version: string;
  name: string;
  source: RecipeSource;
  scale: { preset: string; steps: number; batch_size: number; run_steps: number; run_batch_size: number; run_model: string };
  /** HF T5Config field names. */
  model: Record<string, number | string | boolean>;
  tokenizer: { kind: string; vocab_size: number; sentinels: number };
  data: RecipeObjective | RecipeTasks;
  /** Whether the run started from trained weights (fine-tuning: the cluster run needs --init / INITIAL_CHECKPOINT_PATH). */
  init: { kind: 'scratch' | 'checkpoint'; from: string | null };
  lengths: { inputs: number; targets: number };
  /** The run's optimizer with every default filled in. */
  optimizer: ReturnType<typeof validateOptimizerConfig>;
  schedule: RunConfig['schedule'];
  clip_gradient_norm: number | null;
  z_loss: number;
  seed: number;
  steps: number;
  batch_size: number;
  validation_fraction: number;
  log_every: number;
  eval_every: number;
  eval_examples: number;
  checkpoint_every: number;
  /** Where train.py reads data from (null: the README's default layout under data/). */
  data_source: { path: string | null; dataset: string | null; dataset_config: string | null; split: string; text_field: string };
}

/** A problem with the inputs, naming the CLI flag or run field to change. */
export class RecipeError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

function recipeModel(c: T5Config): Recipe['model'] {
  return {
    d_model: c.dModel,
    d_ff: c.dFf,
    num_heads: c.numHeads,
    d_kv: c.dKv,
    num_layers: c.numLayers,
    num_decoder_layers: c.numDecoderLayers,
    vocab_size: c.vocabSize,
    relative_attention_num_buckets: c.relativeAttentionNumBuckets,
    relative_attention_max_distance: c.relativeAttentionMaxDistance,
    feed_forward_proj: c.feedForwardProj,
    tie_word_embeddings: c.tieWordEmbeddings,
    dropout_rate: c.dropoutRate,
    layer_norm_epsilon: c.layerNormEpsilon,
  };
}

function recipeMixing(m: MixingStrategy | undefined): RecipeTasks['mixing'] {
  if (!m || m.kind === 'equal') return { kind: 'equal' };
  if (m.kind === 'proportional') return { kind: 'proportional', K: Number.isFinite(m.K) ? m.K : null };
  return { kind: 'temperature', T: m.T, K: m.K ?? PAPER_TEMPERATURE_K };
}

/** The model of `input` at its scale (used for config.json and the gin file too). */
export function recipeModelConfig(input: RecipeInput): T5Config {
  return scaledModelConfig(input.scale, input.modelConfig, input.config.model.overrides ?? {});
}

/** What the run started from: null for scratch, else the run/checkpoint/entry it fine-tuned. */
function source(input: RecipeInput): string | null {
  if (input.source.initFrom) return input.source.initFrom;
  const init = input.config.init;
  if (init.kind === 'scratch') return null;
  return init.kind === 'run' ? init.runId : init.kind === 'checkpoint-dir' ? init.path : init.name;
}

/** Builds the recipe, refusing what a cluster engine cannot run (naming the flag or field). */
export function buildRecipe(input: RecipeInput): Recipe {
  const { config } = input;
  const scale = recipeScale(input.scale);
  if (!scale) throw new RecipeError('--scale', `--scale "${input.scale}" is unknown`);
  const architecture = input.modelConfig.architecture ?? config.model.overrides?.architecture;
  if (architecture && architecture !== 'encoder-decoder')
    throw new RecipeError(
      'model.overrides.architecture',
      `the run uses the "${architecture}" architecture; T5ForConditionalGeneration and T5X's T5 are encoder-decoders, so only encoder-decoder runs can be exported`,
    );
  // Fine-tuning (from trained weights) gets the fine-tuning budget; training from scratch, on a
  // corpus or on a task mixture (the paper's multi-task training), the pre-training one.
  const from = source(input);
  const budget = from === null ? scale.pretrain : scale.finetune;
  const steps = input.steps ?? budget.steps;
  const batchSize = input.batchSize ?? budget.batchSize;
  let data: Recipe['data'];
  if (config.data.kind === 'pretrain') {
    const o = getObjective(config.data.objective);
    const density = config.data.density ?? o.defaults.density;
    const meanSpan = config.data.meanSpan ?? o.defaults.meanSpan;
    const tokensLength =
      o.maskKind === 'spans'
        ? computeInputAndTargetLengths(config.batch.inputLength, density, meanSpan).tokensLength
        : config.batch.inputLength - 1;
    data = {
      kind: 'pretrain',
      name: o.name,
      corpus: config.data.corpus,
      density,
      mean_span: meanSpan,
      mask: o.maskKind,
      concatenate: o.concatenate,
      tokens_length: tokensLength,
    };
  } else {
    const names = config.data.tasks;
    const sizes = input.trainSizes;
    const missing = names.filter((n) => sizes?.[n] === undefined);
    if (missing.length > 0)
      throw new RecipeError('--run', `the training-set sizes of ${missing.join(', ')} are unknown (the run has no resolved.trainSizes)`);
    const own = Object.fromEntries(names.map((n) => [n, sizes![n]]));
    const rates = names.length > 1 ? mixingRates(config.data.mixing ?? { kind: 'equal' }, own) : { [names[0]]: 1 };
    data = { kind: 'tasks', names: [...names], mixing: recipeMixing(config.data.mixing), sizes: own, rates };
  }
  const d = input.data ?? {};
  return {
    format: 't5lab-recipe',
    version: 1,
    t5lab_version: T5LAB_VERSION,
    name: config.name,
    source: input.source,
    scale: {
      preset: scale.name,
      steps,
      batch_size: batchSize,
      run_steps: config.steps,
      run_batch_size: config.batch.size,
      run_model: config.model.preset ?? 'custom',
    },
    model: recipeModel(recipeModelConfig(input)),
    tokenizer: { kind: input.tokenizer.kind, vocab_size: input.tokenizer.vocabSize, sentinels: input.tokenizer.numSentinels },
    data,
    init: { kind: from === null ? 'scratch' : 'checkpoint', from },
    lengths: { inputs: config.batch.inputLength, targets: config.batch.targetLength },
    optimizer: validateOptimizerConfig(config.optimizer),
    schedule: config.schedule,
    clip_gradient_norm: config.clipGradientNorm,
    z_loss: config.zLoss,
    seed: config.seed,
    steps,
    batch_size: batchSize,
    validation_fraction: config.validationFraction,
    log_every: config.logEvery,
    eval_every: config.evalEvery,
    eval_examples: config.evalExamples,
    checkpoint_every: config.checkpointEvery,
    data_source: {
      path: d.path ?? null,
      dataset: d.dataset ?? null,
      dataset_config: d.datasetConfig ?? null,
      split: d.split ?? 'train',
      text_field: d.textField ?? 'text',
    },
  };
}

/** recipe.json text (2-space JSON, newline-terminated). */
export function recipeJson(recipe: Recipe): string {
  return JSON.stringify(recipe, null, 2) + '\n';
}
