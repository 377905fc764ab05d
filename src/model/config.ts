/**
 * The shape of a T5 model (spec §A.11) and the one place its fields are checked.
 * Field names follow Hugging Face's `T5Config` in camelCase so imported `config.json` files map 1:1.
 */

import { checkArchitecture, type Architecture } from './architecture.ts';
import { bucketSettingsProblem } from './relativePositionBucket.ts';
import { fail, oneOf, plainObject, positiveInt, positiveNumber, ValidationError } from '../validation/checks.ts';

/** Feed-forward flavour: v1.0 ReLU (`wi`, `wo`) or v1.1 gated tanh-GELU (`wi_0`, `wi_1`, `wo`). */
export type FeedForwardProj = 'relu' | 'gated-gelu';

export interface T5Config {
  /** Width of the residual stream (d_model). */
  dModel: number;
  /** Inner width of the feed-forward block (d_ff). */
  dFf: number;
  /** Attention heads per layer (H). */
  numHeads: number;
  /** Width of one head (d_kv). H·d_kv need not equal d_model (t5-3b: 32·128 = 4096 vs 1024). */
  dKv: number;
  /** Encoder layers. */
  numLayers: number;
  /** Decoder layers. */
  numDecoderLayers: number;
  /** Embedding rows (T5: 32,128 = 32,100 usable ids rounded up to a multiple of 128). */
  vocabSize: number;
  /** Relative-position buckets per stack (T5: 32). */
  relativeAttentionNumBuckets: number;
  /** Distance where the log-bucket formula saturates (T5: 128). */
  relativeAttentionMaxDistance: number;
  feedForwardProj: FeedForwardProj;
  /** true: logits = (h·d_model^-½)·Eᵀ (v1.0); false: a separate `lm_head`, no scaling (v1.1). */
  tieWordEmbeddings: boolean;
  /** Dropout rate used when training (v1.0: 0.1; v1.1 pre-training: 0). */
  dropoutRate: number;
  /** RMS-norm ε (T5: 1e-6). */
  layerNormEpsilon: number;
  /** The paper's Table 2 variant (see architecture.ts); absent = the T5 encoder-decoder. */
  architecture?: Architecture;
  /**
   * Inner width d of the adapter layers (T5 §3.5.1, Houlsby et al. 2019) after every
   * feed-forward block (stack.ts); absent = no adapters. Not an HF field: an HF export writes
   * the adapters to their own file (src/checkpoint/hfExport.ts).
   */
  adapterDim?: number;
}

/** Ids every T5 vocabulary reserves: pad 0, eos 1, unk 2, plus 100 sentinels at the top. */
export const PAD_ID = 0;
export const EOS_ID = 1;
export const UNK_ID = 2;
export const SENTINEL_COUNT = 100;
/** Smallest vocabulary that still holds pad, eos, unk and the 100 sentinels. */
export const MIN_VOCAB_SIZE = 3 + SENTINEL_COUNT;

/** t5-small-like defaults (spec §A.11 first row). */
export const DEFAULT_CONFIG: Readonly<T5Config> = Object.freeze({
  dModel: 512,
  dFf: 2048,
  numHeads: 8,
  dKv: 64,
  numLayers: 6,
  numDecoderLayers: 6,
  vocabSize: 32128,
  relativeAttentionNumBuckets: 32,
  relativeAttentionMaxDistance: 128,
  feedForwardProj: 'relu',
  tieWordEmbeddings: true,
  dropoutRate: 0.1,
  layerNormEpsilon: 1e-6,
});

const POSITIVE_INTEGER_FIELDS = [
  'dModel',
  'dFf',
  'numHeads',
  'dKv',
  'numLayers',
  'numDecoderLayers',
  'vocabSize',
  'relativeAttentionNumBuckets',
  'relativeAttentionMaxDistance',
] as const;

const KNOWN_FIELDS = new Set<string>([...Object.keys(DEFAULT_CONFIG), 'architecture', 'adapterDim']);

/**
 * Fills missing fields from {@link DEFAULT_CONFIG} and checks every field, throwing an error
 * that names the field and the bad value, e.g. `numHeads must be a positive integer (got 0)`.
 * Unknown fields are rejected too (a typo would otherwise silently fall back to a default).
 */
export function validateConfig(partial: Partial<T5Config> = {}): T5Config {
  plainObject(partial, 'config');
  for (const key of Object.keys(partial)) {
    if (!KNOWN_FIELDS.has(key)) throw new ValidationError(key, `config has an unknown field "${key}"`);
  }
  const config: T5Config = { ...DEFAULT_CONFIG, ...stripUndefined(partial) };
  for (const field of POSITIVE_INTEGER_FIELDS) positiveInt(config[field], field);
  oneOf(config.feedForwardProj, 'feedForwardProj', ['relu', 'gated-gelu']);
  if (typeof config.tieWordEmbeddings !== 'boolean') fail('tieWordEmbeddings', 'a boolean', config.tieWordEmbeddings);
  const rate = config.dropoutRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate >= 1) fail('dropoutRate', 'in [0, 1)', rate);
  positiveNumber(config.layerNormEpsilon, 'layerNormEpsilon');
  if (config.vocabSize < MIN_VOCAB_SIZE) {
    fail('vocabSize', `at least ${MIN_VOCAB_SIZE} to hold pad, eos, unk and ${SENTINEL_COUNT} sentinels`, config.vocabSize);
  }
  // The bucket rules live in relativePositionBucket.ts (the encoder splits them into two directions).
  const buckets = bucketSettingsProblem({
    numBuckets: config.relativeAttentionNumBuckets,
    maxDistance: config.relativeAttentionMaxDistance,
  });
  if (buckets?.field === 'numBuckets') fail('relativeAttentionNumBuckets', 'an even integer ≥ 4', buckets.got);
  if (buckets) fail('relativeAttentionMaxDistance', buckets.what, buckets.got);
  checkArchitecture(config);
  if (config.adapterDim !== undefined) positiveInt(config.adapterDim, 'adapterDim');
  return config;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
