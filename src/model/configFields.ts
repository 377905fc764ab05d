/**
 * The T5Config fields as a form: label (the Hugging Face config.json name), input type and a
 * one-line explanation for each, and per-field validation messages from `validateConfig` (every
 * rule there concerns one field, so checking a field alone against valid defaults isolates it).
 */
import { DEFAULT_CONFIG, validateConfig, type T5Config } from './config.ts';

export type ConfigFieldName = keyof T5Config;

export interface ConfigField {
  name: ConfigFieldName;
  /** config.json name, e.g. `d_model`. */
  label: string;
  input: 'integer' | 'number' | 'select' | 'boolean';
  options?: readonly string[];
  step?: number;
  help: string;
}

export const CONFIG_FIELDS: readonly ConfigField[] = [
  { name: 'dModel', label: 'd_model', input: 'integer', help: 'width of the residual stream' },
  { name: 'dFf', label: 'd_ff', input: 'integer', help: 'inner width of each feed-forward block' },
  { name: 'numHeads', label: 'num_heads', input: 'integer', help: 'attention heads per layer' },
  { name: 'dKv', label: 'd_kv', input: 'integer', help: 'width of one head (num_heads·d_kv need not be d_model)' },
  { name: 'numLayers', label: 'num_layers', input: 'integer', help: 'encoder blocks' },
  { name: 'numDecoderLayers', label: 'num_decoder_layers', input: 'integer', help: 'decoder blocks' },
  { name: 'vocabSize', label: 'vocab_size', input: 'integer', help: 'embedding rows; sentinels are the top 100 ids' },
  {
    name: 'relativeAttentionNumBuckets',
    label: 'relative_attention_num_buckets',
    input: 'integer',
    help: 'learned position biases per head and stack',
  },
  {
    name: 'relativeAttentionMaxDistance',
    label: 'relative_attention_max_distance',
    input: 'integer',
    help: 'offset where the log buckets end',
  },
  {
    name: 'feedForwardProj',
    label: 'feed_forward_proj',
    input: 'select',
    options: ['relu', 'gated-gelu'],
    help: 'v1.0 ReLU or v1.1 gated GELU',
  },
  { name: 'tieWordEmbeddings', label: 'tie_word_embeddings', input: 'boolean', help: 'output layer = embedding (scaled by d_model^-½)' },
  { name: 'dropoutRate', label: 'dropout_rate', input: 'number', step: 0.05, help: 'dropout while training' },
  { name: 'layerNormEpsilon', label: 'layer_norm_epsilon', input: 'number', step: 1e-6, help: 'RMS-norm ε' },
];

/** Validation message per field (only fields with a problem), each naming its field. */
export function configFieldErrors(values: Partial<Record<ConfigFieldName, unknown>>): Partial<Record<ConfigFieldName, string>> {
  const errors: Partial<Record<ConfigFieldName, string>> = {};
  for (const field of CONFIG_FIELDS) {
    if (!(field.name in values)) continue;
    try {
      validateConfig({ [field.name]: values[field.name] } as Partial<T5Config>);
    } catch (err) {
      errors[field.name] = (err as Error).message;
    }
  }
  return errors;
}

/** A form value as typed (numbers from number inputs may be NaN when empty). */
export function coerceField(field: ConfigField, raw: string | boolean): unknown {
  if (field.input === 'boolean') return Boolean(raw);
  if (field.input === 'select') return String(raw);
  const text = String(raw).trim();
  return text === '' ? NaN : Number(text);
}

/** Every field of `config` that differs from `base` (for "t5-small, modified: d_ff"). */
export function changedFields(config: Partial<T5Config>, base: Readonly<T5Config> = DEFAULT_CONFIG): ConfigFieldName[] {
  return CONFIG_FIELDS.filter((f) => f.name in config && config[f.name] !== base[f.name]).map((f) => f.name);
}
