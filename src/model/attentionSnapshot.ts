/**
 * Attention of a model on one input/target pair, as plain arrays for views: every layer and
 * head of encoder self-, decoder self- and cross-attention, and each stack's position bias.
 * Runs one teacher-forced forward pass with `captureAttention`, reads the tensors asynchronously
 * (never dataSync: webgpu) and disposes every tensor it made.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeAttention, type T5Model } from './t5Model.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { chipsOf, type TokenChip } from '../tokenizers/tokenizerSummary.ts';
import { intIn } from '../validation/checks.ts';
import { withDynamicShapes } from './dynamicShapes.ts';

export type AttentionKind = 'encoderSelf' | 'decoderSelf' | 'cross';

export interface AttentionSnapshot {
  /** Encoder tokens (the input, ending with EOS). */
  inputTokens: TokenChip[];
  /** Target tokens (labels, ending with EOS). */
  targetTokens: TokenChip[];
  /** What each decoder position reads: the targets shifted right, starting with pad (spec §A.9). */
  decoderTokens: TokenChip[];
  heads: number;
  /** maps[kind][layer][head]: row-major [queries × keys] probabilities. */
  maps: Record<AttentionKind, Float32Array[][]>;
  /** Position bias per head, row-major [queries × keys] (what is added to the logits, before masks). */
  encoderBias: Float32Array[];
  decoderBias: Float32Array[];
  /** Whether the texts were cut to `maxTokens`. */
  truncated: { input: boolean; target: boolean };
}

export interface SnapshotOptions {
  /** Longest sequence (EOS included) kept from each text; default 48. */
  maxTokens?: number;
  signal?: AbortSignal;
}

function encodeWithEos(tokenizer: Tokenizer, text: string, maxTokens: number, field: string): { ids: number[]; truncated: boolean } {
  if (typeof text !== 'string' || text.trim() === '') throw new RangeError(`${field} must not be empty`);
  const ids = tokenizer.encode(text);
  const truncated = ids.length > maxTokens - 1;
  return { ids: [...ids.slice(0, maxTokens - 1), tokenizer.eosId], truncated };
}

/** Splits a [1, H, q, k] probability tensor's data into per-head arrays. */
function perHead(data: Float32Array, heads: number): Float32Array[] {
  const size = data.length / heads;
  return Array.from({ length: heads }, (_, h) => data.slice(h * size, (h + 1) * size));
}

/** Runs `model` on the pair and captures its attention (see {@link AttentionSnapshot}). */
export async function attentionSnapshot(
  model: T5Model,
  tokenizer: Tokenizer,
  inputText: string,
  targetText: string,
  options: SnapshotOptions = {},
): Promise<AttentionSnapshot> {
  const maxTokens = options.maxTokens ?? 48;
  intIn(maxTokens, 'maxTokens', 2, 512);
  const input = encodeWithEos(tokenizer, inputText, maxTokens, 'inputText');
  const target = encodeWithEos(tokenizer, targetText, maxTokens, 'targetText');
  const V = model.config.vocabSize;
  const tooBig = [...input.ids, ...target.ids].find((id) => id >= V);
  if (tooBig !== undefined) {
    throw new RangeError(
      `the tokenizer produced id ${tooBig}, but the model's vocab_size is ${V}: let the model's vocab_size follow the tokenizer`,
    );
  }
  const inputIds = tf.tensor2d([input.ids], [1, input.ids.length], 'int32');
  const labels = tf.tensor2d([target.ids], [1, target.ids.length], 'int32');
  let out: ReturnType<T5Model['forward']> | undefined;
  try {
    // Every text has its own lengths: on WebGL, shaders that take shapes as uniforms compile once.
    out = withDynamicShapes(() => model.forward({ inputIds, labels, captureAttention: true }));
    const a = out.attention!;
    const H = model.config.numHeads;
    const read = async (ts: tf.Tensor[]) => {
      const arrays: Float32Array[][] = [];
      for (const t of ts) {
        options.signal?.throwIfAborted();
        arrays.push(perHead((await t.data()) as Float32Array, H));
      }
      return arrays;
    };
    const maps = { encoderSelf: await read(a.encoderSelf), decoderSelf: await read(a.decoderSelf), cross: await read(a.cross) };
    const [encoderBias] = await read([a.encoderPositionBias]);
    const [decoderBias] = await read([a.decoderPositionBias]);
    const decoderIds = [0, ...target.ids.slice(0, -1)];
    return {
      inputTokens: chipsOf(tokenizer, input.ids),
      targetTokens: chipsOf(tokenizer, target.ids),
      decoderTokens: chipsOf(tokenizer, decoderIds),
      heads: H,
      maps,
      encoderBias,
      decoderBias,
      truncated: { input: input.truncated, target: target.truncated },
    };
  } finally {
    if (out) {
      disposeAttention(out.attention);
      tf.dispose([out.logits, out.loss]);
    }
    tf.dispose([inputIds, labels]);
  }
}

/** Query and key tokens of one kind of attention. */
export function axisTokens(s: AttentionSnapshot, kind: AttentionKind): { queries: TokenChip[]; keys: TokenChip[] } {
  if (kind === 'encoderSelf') return { queries: s.inputTokens, keys: s.inputTokens };
  if (kind === 'decoderSelf') return { queries: s.decoderTokens, keys: s.decoderTokens };
  return { queries: s.decoderTokens, keys: s.inputTokens };
}

/** The position bias of a self-attention kind (cross-attention has none). */
export function positionBias(s: AttentionSnapshot, kind: AttentionKind, head: number): Float32Array | undefined {
  if (kind === 'cross') return undefined;
  return (kind === 'encoderSelf' ? s.encoderBias : s.decoderBias)[head];
}

/**
 * Attention with the position bias taken out: since p = softmax(s + b), softmax over keys of
 * (log p − b) is softmax(s), the content-only attention. Keys with p = 0 (masked) stay 0.
 */
export function withoutPositionBias(probs: Float32Array, bias: Float32Array, queries: number, keys: number): Float32Array {
  const out = new Float32Array(probs.length);
  for (let q = 0; q < queries; q++) {
    let max = -Infinity;
    for (let k = 0; k < keys; k++) {
      const p = probs[q * keys + k];
      if (p > 0) max = Math.max(max, Math.log(p) - bias[q * keys + k]);
    }
    let sum = 0;
    for (let k = 0; k < keys; k++) {
      const p = probs[q * keys + k];
      const e = p > 0 ? Math.exp(Math.log(p) - bias[q * keys + k] - max) : 0;
      out[q * keys + k] = e;
      sum += e;
    }
    for (let k = 0; k < keys; k++) out[q * keys + k] /= sum || 1;
  }
  return out;
}
