/**
 * Hugging Face `config.json` (T5Config, snake_case) ↔ t5lab's {@link T5Config} (camelCase).
 * Missing keys take HF's own defaults (those of `transformers.T5Config.__init__`), so an old
 * config without e.g. `relative_attention_max_distance` or `tie_word_embeddings` imports as HF
 * would load it — except, when reading a file (`requireShape`), the keys that set the model's
 * shape: a config.json without `d_model` is not t5-small, it is broken. Errors name the
 * config.json key, not the internal field.
 */
import { EOS_ID, PAD_ID, validateConfig, type FeedForwardProj, type T5Config } from '../model/config.ts';
import { architectureOf } from '../model/architecture.ts';
import { ValidationError } from '../validation/checks.ts';

/** The keys t5lab writes, in the order HF's `save_pretrained` sorts them (alphabetical). */
export interface HfT5ConfigJson {
  architectures: string[];
  d_ff: number;
  d_kv: number;
  d_model: number;
  decoder_start_token_id: number;
  dropout_rate: number;
  eos_token_id: number;
  feed_forward_proj: string;
  initializer_factor: number;
  is_encoder_decoder: boolean;
  layer_norm_epsilon: number;
  model_type: string;
  num_decoder_layers: number;
  num_heads: number;
  num_layers: number;
  pad_token_id: number;
  relative_attention_max_distance: number;
  relative_attention_num_buckets: number;
  tie_word_embeddings: boolean;
  vocab_size: number;
}

/** config.json key → T5Config field, with HF's default when the key is absent. */
const FIELDS: ReadonlyArray<readonly [hf: string, field: keyof T5Config, hfDefault: number | boolean | string]> = [
  ['d_model', 'dModel', 512],
  ['d_ff', 'dFf', 2048],
  ['num_heads', 'numHeads', 8],
  ['d_kv', 'dKv', 64],
  ['num_layers', 'numLayers', 6],
  ['vocab_size', 'vocabSize', 32128],
  ['relative_attention_num_buckets', 'relativeAttentionNumBuckets', 32],
  ['relative_attention_max_distance', 'relativeAttentionMaxDistance', 128],
  ['dropout_rate', 'dropoutRate', 0.1],
  ['layer_norm_epsilon', 'layerNormEpsilon', 1e-6],
  ['tie_word_embeddings', 'tieWordEmbeddings', true],
];

/** Keys a config.json file must state (they set every weight's shape); with what they mean. */
export const REQUIRED_SHAPE_KEYS: ReadonlyArray<readonly [key: string, meaning: string]> = [
  ['d_model', 'the model width'],
  ['d_ff', 'the feed-forward width'],
  ['num_heads', 'the attention heads per layer'],
  ['d_kv', 'the width of one head'],
  ['num_layers', 'the encoder layers'],
  ['vocab_size', 'the vocabulary size'],
];

const HF_NAME: Record<string, string> = {
  ...Object.fromEntries(FIELDS.map(([hf, field]) => [field, hf])),
  numDecoderLayers: 'num_decoder_layers',
  feedForwardProj: 'feed_forward_proj',
};

/**
 * HF splits `feed_forward_proj` on "-": a "gated-" prefix means the gated FF, the rest is the
 * activation, and plain "gated-gelu" is special-cased to the tanh GELU (`gelu_new`). t5lab's model
 * implements exactly ReLU and gated tanh-GELU, so only the spellings of those two are accepted.
 */
function parseFeedForwardProj(value: unknown): FeedForwardProj {
  if (value === 'relu') return 'relu';
  if (value === 'gated-gelu' || value === 'gated-gelu_new' || value === 'gated-gelu_pytorch_tanh') return 'gated-gelu';
  throw new RangeError(
    `config.json feed_forward_proj ${JSON.stringify(value)} is not supported (t5lab implements "relu" and "gated-gelu"/"gated-gelu_new")`,
  );
}

/** What a config.json says, read with the semantics of both transformers 4 and 5. */
export interface HfConfigReading {
  config: T5Config;
  /**
   * True when HF would use `shared.weight` as the output layer if the file has no separate
   * `lm_head.weight`: transformers 5 writes v1.1 models as `tie_word_embeddings: true` +
   * `scale_decoder_outputs: false` and omits the head. t5lab models that as an untied,
   * unscaled head initialised from the embedding.
   */
  headSharesEmbedding: boolean;
}

export interface ReadHfConfigOptions {
  /** Refuse a config that omits a key of {@link REQUIRED_SHAPE_KEYS} (a file read from disk or an upload). */
  requireShape?: boolean;
}

/** Parses a config.json (text or already-parsed object) into a validated {@link T5Config}. */
export function t5ConfigFromHf(json: string | unknown, options: ReadHfConfigOptions = {}): T5Config {
  return readHfConfig(json, options).config;
}

/** {@link t5ConfigFromHf} plus how the output layer relates to the embedding. */
export function readHfConfig(json: string | unknown, options: ReadHfConfigOptions = {}): HfConfigReading {
  let obj: unknown = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (err) {
      throw new SyntaxError(`config.json is not valid JSON (${(err as Error).message})`, { cause: err });
    }
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new TypeError('config.json must hold a JSON object');
  const hf = obj as Record<string, unknown>;
  if (hf.model_type !== undefined && hf.model_type !== 't5' && hf.model_type !== 'mt5') {
    throw new RangeError(`config.json model_type ${JSON.stringify(hf.model_type)} is not a T5 model (expected "t5")`);
  }
  // The model hard-codes pad 0 / eos 1 / decoder start 0 (spec §A.9): refuse other ids.
  for (const [key, want] of [
    ['pad_token_id', PAD_ID],
    ['eos_token_id', EOS_ID],
    ['decoder_start_token_id', PAD_ID],
  ] as const) {
    if (hf[key] !== undefined && hf[key] !== null && hf[key] !== want) {
      throw new RangeError(`config.json ${key} must be ${want} for T5 (got ${JSON.stringify(hf[key])})`);
    }
  }
  if (options.requireShape) {
    for (const [key, meaning] of REQUIRED_SHAPE_KEYS) {
      if (hf[key] === undefined || hf[key] === null)
        throw new ValidationError(key, `config.json has no "${key}" (${meaning}); t5lab does not guess a model's shape, so add the key`);
    }
  }
  const partial: Record<string, unknown> = {};
  for (const [key, field, fallback] of FIELDS) partial[field] = hf[key] ?? fallback;
  partial.numDecoderLayers = hf.num_decoder_layers ?? partial.numLayers;
  partial.feedForwardProj = parseFeedForwardProj(hf.feed_forward_proj ?? 'relu');
  if (typeof hf.is_gated_act === 'boolean' && hf.is_gated_act !== (partial.feedForwardProj === 'gated-gelu')) {
    throw new RangeError(
      `config.json is_gated_act ${hf.is_gated_act} contradicts feed_forward_proj ${JSON.stringify(hf.feed_forward_proj)}`,
    );
  }
  // transformers 4 scales the logits by d_model^-½ exactly when tie_word_embeddings; transformers 5
  // writes that decision as scale_decoder_outputs and always ties (see HfConfigReading).
  const tie = partial.tieWordEmbeddings;
  const scale = hf.scale_decoder_outputs ?? tie;
  if (typeof tie === 'boolean') {
    if (typeof scale !== 'boolean')
      throw new RangeError(`config.json scale_decoder_outputs must be a boolean (got ${JSON.stringify(scale)})`);
    if (scale && !tie) {
      throw new RangeError(
        'config.json scale_decoder_outputs true with tie_word_embeddings false (a scaled separate output layer) is not a T5 variant t5lab implements',
      );
    }
    partial.tieWordEmbeddings = scale;
  }
  try {
    return { config: validateConfig(partial as Partial<T5Config>), headSharesEmbedding: tie === true };
  } catch (err) {
    throw renameField(err as Error);
  }
}

/** Rewrites "numHeads must be …" into "config.json num_heads must be …". */
function renameField(err: Error): Error {
  const m = /^(\w+)( .*)$/s.exec(err.message);
  if (m && HF_NAME[m[1]]) {
    const out = new RangeError(`config.json ${HF_NAME[m[1]]}${m[2]}`);
    return out;
  }
  return err;
}

/** Throws unless the config is the encoder-decoder, the only architecture HF's T5 format holds. */
export function assertHfExportable(config: { architecture?: T5Config['architecture'] }): void {
  const a = architectureOf(config);
  if (a !== 'encoder-decoder') {
    throw new RangeError(
      `architecture "${a}" cannot be exported as a Hugging Face T5 checkpoint (only "encoder-decoder" can); its trainer state keeps the weights`,
    );
  }
}

/** The config.json HF's `T5ForConditionalGeneration.from_pretrained` expects for this model. */
export function hfConfigFromT5(config: T5Config): HfT5ConfigJson {
  const c = validateConfig(config);
  assertHfExportable(c);
  return {
    architectures: ['T5ForConditionalGeneration'],
    d_ff: c.dFf,
    d_kv: c.dKv,
    d_model: c.dModel,
    decoder_start_token_id: PAD_ID,
    dropout_rate: c.dropoutRate,
    eos_token_id: EOS_ID,
    feed_forward_proj: c.feedForwardProj,
    initializer_factor: 1.0,
    is_encoder_decoder: true,
    layer_norm_epsilon: c.layerNormEpsilon,
    model_type: 't5',
    num_decoder_layers: c.numDecoderLayers,
    num_heads: c.numHeads,
    num_layers: c.numLayers,
    pad_token_id: PAD_ID,
    relative_attention_max_distance: c.relativeAttentionMaxDistance,
    relative_attention_num_buckets: c.relativeAttentionNumBuckets,
    tie_word_embeddings: c.tieWordEmbeddings,
    vocab_size: c.vocabSize,
  };
}

/** Keys transformers ≥ 5 validates as `float`: a JSON `1` there is rejected, `1.0` accepted. */
const FLOAT_KEYS = ['dropout_rate', 'initializer_factor', 'layer_norm_epsilon'];

/**
 * {@link hfConfigFromT5} as the pretty-printed text `save_pretrained` writes (2-space indent),
 * with float fields always carrying a decimal point (JSON.stringify writes 1.0 as `1`).
 */
export function hfConfigJsonText(config: T5Config): string {
  const text = JSON.stringify(hfConfigFromT5(config), null, 2);
  const floats = new RegExp(`^(\\s*"(?:${FLOAT_KEYS.join('|')})": )(-?\\d+)(,?)$`, 'gm');
  return text.replace(floats, '$1$2.0$3') + '\n';
}
