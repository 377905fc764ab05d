/**
 * Hugging Face checkpoints (`config.json` + `model.safetensors`) ↔ {@link T5Model}.
 *
 * t5lab keys its weights by HF names already (src/model/weightShapes.ts); only the layout
 * differs: torch's `nn.Linear` stores [out, in] where t5lab keeps dense kernels [in, out], and
 * `lm_head.weight` is [V, d] in HF but [d, V] here. `shared.weight` [V, d] and the relative-bias
 * tables [buckets, heads] are the same in both. Files written here load with
 * `T5ForConditionalGeneration.from_pretrained(dir)`; files HF writes load here.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Config } from '../model/config.ts';
import { T5Model } from '../model/t5Model.ts';
import { weightShapes } from '../model/weightShapes.ts';
import { assertHfExportable, hfConfigJsonText, readHfConfig } from './hfConfig.ts';
import { readSafetensors, writeSafetensors, type Float32TensorInput, type SafetensorsTensor } from './safetensors.ts';
import { assertFiniteTensors } from './finiteWeights.ts';

/** A weight as plain numbers: row-major values and their shape. */
export interface WeightValues {
  shape: number[];
  values: Float32Array;
}

/**
 * True for weights torch stores transposed relative to t5lab: every dense kernel (attention
 * q/k/v/o, feed-forward wi/wi_0/wi_1/wo) and the untied output layer.
 */
export function isTransposedInTorch(name: string): boolean {
  return name === 'lm_head.weight' || /\.(q|k|v|o|wi|wi_0|wi_1|wo)\.weight$/.test(name);
}

/**
 * Tensors HF files may carry that t5lab does not use: HF's t5-small stores a cross-attention
 * relative-bias table its model never reads (spec §F.2a).
 */
const IGNORED = new Set(['decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight']);

/** Copies of `shared.weight` that tied HF files may carry (or omit) under other names. */
const EMBEDDING_ALIASES = ['encoder.embed_tokens.weight', 'decoder.embed_tokens.weight'];

/** [rows, cols] row-major → [cols, rows] row-major. */
export function transpose2d(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[base + c];
  }
  return out;
}

/** t5lab weights (tfjs layout) → the tensors of an HF safetensors file (torch layout). */
export function hfTensorsFromWeights(config: T5Config, weights: Map<string, WeightValues>): Map<string, Float32TensorInput> {
  const out = new Map<string, Float32TensorInput>();
  for (const [name, shape] of weightShapes(config)) {
    const w = weights.get(name);
    if (!w) throw new RangeError(`weight "${name}" is missing`);
    if (w.shape.length !== shape.length || w.shape.some((s, i) => s !== shape[i])) {
      throw new RangeError(`weight "${name}" has shape [${w.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    if (isTransposedInTorch(name)) {
      const [rows, cols] = shape;
      out.set(name, { shape: [cols, rows], data: transpose2d(w.values, rows, cols) });
    } else {
      out.set(name, { shape: [...shape], data: w.values });
    }
  }
  return out;
}

/**
 * The tensors of an HF safetensors file (torch layout, any float dtype) → t5lab weights (tfjs
 * layout). Missing, unexpected and mis-shaped tensors throw, naming the tensor.
 * `headSharesEmbedding`: an untied config whose file has no `lm_head.weight` takes the head from
 * `shared.weight` (how transformers 5 writes v1.1 models, see hfConfig.ts).
 */
export function weightsFromHfTensors(
  config: T5Config,
  tensors: Map<string, SafetensorsTensor>,
  options: { headSharesEmbedding?: boolean } = {},
): Map<string, WeightValues> {
  const expected = weightShapes(config);
  const out = new Map<string, WeightValues>();
  const sharedFile = tensors.get('shared.weight');
  if (options.headSharesEmbedding && !config.tieWordEmbeddings && !tensors.has('lm_head.weight') && sharedFile) {
    tensors = new Map(tensors).set('lm_head.weight', sharedFile);
  }
  for (const [name, shape] of expected) {
    const t = tensors.get(name);
    if (!t) throw new RangeError(`checkpoint is missing tensor "${name}"${missingHint(name, config)}`);
    const torchShape = isTransposedInTorch(name) ? [shape[1], shape[0]] : shape;
    if (t.shape.length !== torchShape.length || t.shape.some((s, i) => s !== torchShape[i])) {
      throw new RangeError(
        `checkpoint tensor "${name}" has shape [${t.shape.join(', ')}], expected [${torchShape.join(', ')}] for this config.json`,
      );
    }
    if (!(t.data instanceof Float32Array))
      throw new RangeError(`checkpoint tensor "${name}" has integer dtype ${t.dtype}; weights must be floating point`);
    assertFiniteTensors([[name, t.data]], 'checkpoint');
    const values = isTransposedInTorch(name) ? transpose2d(t.data, torchShape[0], torchShape[1]) : t.data;
    out.set(name, { shape, values });
  }
  const shared = out.get('shared.weight')!.values;
  for (const [name, t] of tensors) {
    if (expected.has(name) || IGNORED.has(name)) continue;
    const isAlias = EMBEDDING_ALIASES.includes(name) || (name === 'lm_head.weight' && config.tieWordEmbeddings);
    if (!isAlias) throw new RangeError(`checkpoint has unexpected tensor "${name}" (not part of a T5 model with this config.json)`);
    // Tied files may repeat the embedding under these names; t5lab keeps one table, so the copies must agree.
    if (!sameValues(t.data, shared)) {
      throw new RangeError(
        `checkpoint tensor "${name}" differs from shared.weight, but t5lab ties the embeddings (tie_word_embeddings ${config.tieWordEmbeddings})`,
      );
    }
  }
  return out;
}

function missingHint(name: string, config: T5Config): string {
  if (name === 'lm_head.weight') return ' (config.json says tie_word_embeddings false, so an untied output layer is required)';
  if (/DenseReluDense\.wi(_0|_1)?\./.test(name)) return ` (config.json feed_forward_proj is "${config.feedForwardProj}")`;
  return '';
}

function sameValues(a: Float32Array | Int32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reads every weight of a model as plain numbers (async: never blocks on webgpu). */
export async function modelWeightValues(model: T5Model): Promise<Map<string, WeightValues>> {
  const out = new Map<string, WeightValues>();
  for (const [name, t] of model.getWeights()) out.set(name, { shape: [...t.shape], values: (await t.data()) as Float32Array });
  return out;
}

/** The files of an HF checkpoint. */
export interface HfCheckpoint {
  /** config.json text. */
  configJson: string;
  /** model.safetensors bytes (float32, torch layout, metadata {"format": "pt"}). */
  safetensors: Uint8Array;
}

/** Exports a model as an HF checkpoint that `T5ForConditionalGeneration.from_pretrained` loads. */
export async function exportHfCheckpoint(model: T5Model): Promise<HfCheckpoint> {
  assertHfExportable(model.config);
  if (model.config.adapterDim !== undefined)
    throw new RangeError(
      'this model has adapter layers, which an HF T5 checkpoint cannot hold (and they cannot be merged into its weights); export the folder (exportHfFolder), which writes the adapters to adapters.safetensors',
    );
  const tensors = hfTensorsFromWeights(model.config, await modelWeightValues(model));
  return { configJson: hfConfigJsonText(model.config), safetensors: writeSafetensors(tensors, { format: 'pt' }) };
}

/** Builds a {@link T5Model} from an HF checkpoint's config.json text and safetensors bytes. */
export function importHfCheckpoint(configJson: string, safetensorsBytes: Uint8Array): T5Model {
  const { config, headSharesEmbedding } = readHfConfig(configJson, { requireShape: true });
  return modelFromHfTensors(config, readSafetensors(safetensorsBytes).tensors, { headSharesEmbedding });
}

/** Builds a {@link T5Model} from HF-layout tensors (one file or merged shards, any float dtype). */
export function modelFromHfTensors(
  config: T5Config,
  hfTensors: Map<string, SafetensorsTensor>,
  options: { headSharesEmbedding?: boolean } = {},
): T5Model {
  const values = weightsFromHfTensors(config, hfTensors, options);
  const tensors = new Map<string, tf.Tensor>();
  try {
    for (const [name, w] of values) tensors.set(name, tf.tensor(w.values, w.shape, 'float32'));
    return T5Model.fromWeights(config, tensors);
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
