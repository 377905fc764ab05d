/**
 * Schemas of the cells that look at the model: the model builder (preset, config overrides, the
 * memory estimate's batch shape, an imported checkpoint), relative position buckets, attention
 * maps and attention masks. Types are checked here with the form labels; ranges the model core
 * explains itself (config fields, `configFieldErrors`) stay there.
 */
import { CONFIG_FIELDS, type ConfigFieldName } from './configFields.ts';
import { PRESET_NAMES } from './presets.ts';
import { bool, fail, finiteNumber, intIn, oneOf, plainObject, string, ValidationError, type Schema } from '../validation/checks.ts';
import { nullable, parseCellParams } from '../validation/cellParams.ts';

export interface ModelCellParams {
  preset: string;
  config: Partial<Record<ConfigFieldName, unknown>>;
  vocabFromTokenizer: boolean;
  batch: number;
  inputLength: number;
  targetLength: number;
  checkpoint: string;
}

export const MODEL_DEFAULTS: ModelCellParams = {
  preset: 'workbench-micro',
  config: {},
  vocabFromTokenizer: true,
  batch: 16,
  inputLength: 128,
  targetLength: 32,
  checkpoint: '',
};

const MODEL_SCHEMA: Schema<ModelCellParams> = {
  preset: { label: 'preset', check: (v, l) => oneOf(v, l, PRESET_NAMES) },
  config: { label: 'config', check: (v, l) => plainObject(v, l) },
  vocabFromTokenizer: { label: 'vocab_size follows the tokenizer', check: bool },
  // Types only: the memory estimate names a value that is not a positive integer itself.
  batch: { label: 'batch', check: finiteNumber },
  inputLength: { label: 'input tokens', check: finiteNumber },
  targetLength: { label: 'target tokens', check: finiteNumber },
  checkpoint: { label: 'checkpoint', check: (v, l) => string(v, l) },
};

/**
 * The model cell's params, checked. Each config override must have its field's type (a number,
 * `null` for a cleared number field, a string for a choice, true/false); one that does not is
 * dropped (the preset's value is used) and named by its config.json label.
 */
export function modelCellParams(raw: unknown) {
  const parsed = parseCellParams(raw, MODEL_SCHEMA, MODEL_DEFAULTS);
  const config: Partial<Record<ConfigFieldName, unknown>> = {};
  for (const field of CONFIG_FIELDS) {
    if (!(field.name in parsed.value.config)) continue;
    const v = parsed.value.config[field.name];
    try {
      if (field.input === 'boolean') bool(v, field.label);
      else if (field.input === 'select') oneOf(v, field.label, field.options ?? []);
      else if (v !== null && typeof v !== 'number') fail(field.label, 'a number', v);
      config[field.name] = v;
    } catch (err) {
      parsed.errors.push(err as ValidationError);
      parsed.messages.push((err as Error).message);
    }
  }
  return { ...parsed, value: { ...parsed.value, config } };
}

export interface BucketsCellParams {
  numBuckets: number;
  maxDistance: number;
  gridLength: number;
  biasFrom: string | null;
}

export const BUCKETS_DEFAULTS: BucketsCellParams = { numBuckets: 32, maxDistance: 128, gridLength: 40, biasFrom: null };

export const BUCKETS_SCHEMA: Schema<BucketsCellParams> = {
  // Types only: validateBucketOptions explains the ranges (e.g. "numBuckets must be even").
  numBuckets: { label: 'num_buckets', check: finiteNumber },
  maxDistance: { label: 'max_distance', check: finiteNumber },
  gridLength: { label: 'grid tokens', check: (v, l) => intIn(v, l, 1, 512) },
  // Any value name: the run says when it is not a model.
  biasFrom: { label: 'learned bias of', check: nullable((v, l) => string(v, l)) },
};

export interface AttentionCellParams {
  inputText: string;
  targetText: string;
  maxTokens: number;
  view: 'encoderSelf' | 'decoderSelf' | 'cross';
  layer: number;
  head: number;
  showBias: boolean;
}

export const ATTENTION_DEFAULTS: AttentionCellParams = {
  inputText: 'translate English to German: The house is wonderful.',
  targetText: 'Das Haus ist wunderbar.',
  maxTokens: 32,
  view: 'encoderSelf',
  layer: 0,
  head: 0,
  showBias: false,
};

export const ATTENTION_SCHEMA: Schema<AttentionCellParams> = {
  inputText: { label: 'input text', check: (v, l) => string(v, l) },
  targetText: { label: 'target text', check: (v, l) => string(v, l) },
  maxTokens: { label: 'max tokens', check: (v, l) => intIn(v, l, 2, 512) },
  view: { label: 'attention kind', check: (v, l) => oneOf(v, l, ['encoderSelf', 'decoderSelf', 'cross'] as const) },
  layer: { label: 'layer', check: (v, l) => intIn(v, l, 0, 1023) },
  head: { label: 'head', check: (v, l) => intIn(v, l, 0, 1023) },
  showBias: { label: 'show the position-bias contribution separately', check: bool },
};

export interface MaskCellParams {
  inputText: string;
  targetText: string;
  maxTokens: number;
}

export const MASK_DEFAULTS: MaskCellParams = {
  inputText: 'Thank you for inviting me',
  targetText: 'to your party last week .',
  maxTokens: 24,
};

export const MASK_SCHEMA: Schema<MaskCellParams> = {
  inputText: { label: 'inputs (prefix)', check: (v, l) => string(v, l) },
  targetText: { label: 'targets', check: (v, l) => string(v, l) },
  maxTokens: { label: 'max tokens', check: (v, l) => intIn(v, l, 2, 40) },
};

export const bucketsCellParams = (raw: unknown) => parseCellParams(raw, BUCKETS_SCHEMA, BUCKETS_DEFAULTS);
export const attentionCellParams = (raw: unknown) => parseCellParams(raw, ATTENTION_SCHEMA, ATTENTION_DEFAULTS);
export const maskCellParams = (raw: unknown) => parseCellParams(raw, MASK_SCHEMA, MASK_DEFAULTS);
