/**
 * HF-layout tensors ↔ t5lab-layout weights as plain numbers, with no tfjs: the layout rules
 * (torch stores dense kernels [out, in], t5lab [in, out]) and every check of a file's tensors
 * against its config. Kept tf-free so the checkpoint parsing worker (hfParseWorker.ts) can run it.
 */
import type { T5Config } from '../model/config.ts';
import { weightShapes } from '../model/weightShapes.ts';
import type { Float32TensorInput, SafetensorsTensor } from './safetensors.ts';
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
