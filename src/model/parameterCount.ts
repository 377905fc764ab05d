/**
 * Size, memory and compute of a T5 configuration, computed from the shapes alone (nothing is
 * allocated), so the t5-11b row costs nothing.
 */
import type { T5Config } from './config.ts';
import { weightShapes } from './weightShapes.ts';
import { architectureOf, isDecoderOnly } from './architecture.ts';
import { oneOf, positiveInt } from '../validation/checks.ts';

/**
 * Exact number of trainable parameters (spec §A.11 formula):
 * `V·d + L_enc·(4·d·H·d_kv + F + 2d) + B·H + d + L_dec·(8·d·H·d_kv + F + 3d) + B·H + d (+ V·d untied)`,
 * with F = 2·d·d_ff (ReLU) or 3·d·d_ff (gated-GELU) and B the number of buckets.
 * Other architectures (architecture.ts): shared enc-dec stores the encoder once plus the
 * decoder's cross-attention and its norm, `L·(4·d·H·d_kv + d)`; decoder-only / prefix LM store
 * one stack without cross-attention, `V·d + L·(4·d·H·d_kv + F + 2d) + B·H + d (+ V·d)`.
 * Adapters (config.adapterDim = D) add `2·d·D` per feed-forward block, i.e. per stored block.
 */
export function parameterCount(config: T5Config): number {
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V, relativeAttentionNumBuckets: B } = config;
  const hd = H * dKv;
  const F = (config.feedForwardProj === 'gated-gelu' ? 3 : 2) * d * dFf;
  const adapter = config.adapterDim === undefined ? 0 : 2 * d * config.adapterDim;
  const encoder = config.numLayers * (4 * d * hd + F + 2 * d + adapter) + B * H + d;
  const head = config.tieWordEmbeddings ? 0 : V * d;
  if (isDecoderOnly(config)) return V * d + encoder + head;
  if (architectureOf(config) === 'encoder-decoder-shared') return V * d + encoder + config.numLayers * (4 * d * hd + d) + head;
  const decoder = config.numDecoderLayers * (8 * d * hd + F + 3 * d + adapter) + B * H + d;
  return V * d + encoder + decoder + (config.tieWordEmbeddings ? 0 : V * d);
}

export type OptimizerKind = 'sgd' | 'adam' | 'adafactor';

export interface MemoryOptions {
  batch: number;
  inputLength: number;
  targetLength: number;
  /** Decides the optimizer-state term. Default 'adafactor'. */
  optimizer?: OptimizerKind;
  /** Bytes per stored number (float32: 4). */
  bytesPerValue?: number;
}

export interface MemoryEstimate {
  weights: number;
  gradients: number;
  optimizerState: number;
  activations: number;
  total: number;
}

/**
 * Bytes needed for one training step, as a rough planning number:
 * - weights and gradients: one float32 per parameter each;
 * - optimizer state: sgd none; adam two moments per parameter; adafactor (β1 = 0, spec §A.10)
 *   row+column statistics for matrices with both dims ≥ 128, a full second moment otherwise;
 * - activations kept for the backward pass, counted per layer and token as the tensors this
 *   implementation saves: encoder layer 6·d + 4·H·d_kv + k·d_ff per token (k = 2 ReLU, 4 gated)
 *   plus 2·H·L² per example (scores and probabilities); decoder layer the same with
 *   self-attention over T and cross-attention over L (an extra 4·H·d_kv + 2·d per token and
 *   2·H·T·L per example); plus the one-hot embedding inputs b·(L+T)·V and the logits,
 *   softmax and one-hot targets 3·b·T·V. Dropout masks and allocator slack are not counted.
 */
export function memoryEstimate(config: T5Config, options: MemoryOptions): MemoryEstimate {
  const { batch: b, inputLength: L, targetLength: T } = options;
  for (const [field, v] of [
    ['batch', b],
    ['inputLength', L],
    ['targetLength', T],
  ] as const)
    positiveInt(v, field);
  const optimizer = oneOf(options.optimizer ?? 'adafactor', 'optimizer', ['sgd', 'adam', 'adafactor']);
  const bytes = options.bytesPerValue ?? 4;
  const P = parameterCount(config);
  let stateValues = 0;
  if (optimizer === 'adam') stateValues = 2 * P;
  if (optimizer === 'adafactor') {
    for (const shape of weightShapes(config).values()) {
      const factored = shape.length === 2 && shape[0] >= 128 && shape[1] >= 128;
      stateValues += factored ? shape[0] + shape[1] : shape.reduce((a, x) => a * x, 1);
    }
  }
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V } = config;
  const hd = H * dKv;
  const ffK = config.feedForwardProj === 'gated-gelu' ? 4 : 2;
  const perEncLayer = b * L * (6 * d + 4 * hd + ffK * dFf) + b * 2 * H * L * L;
  const perDecLayer = b * T * (8 * d + 8 * hd + ffK * dFf) + b * 2 * H * (T * T + T * L);
  // Decoder-only: one stack of numLayers over all L+T positions (no cross-attention).
  const N = L + T;
  const perSequenceLayer = b * N * (6 * d + 4 * hd + ffK * dFf) + b * 2 * H * N * N;
  const activationValues = isDecoderOnly(config)
    ? config.numLayers * perSequenceLayer + b * N * V + 3 * b * T * V
    : config.numLayers * perEncLayer + config.numDecoderLayers * perDecLayer + b * (L + T) * V + 3 * b * T * V;
  const weights = P * bytes;
  const gradients = P * bytes;
  const optimizerState = stateValues * bytes;
  const activations = activationValues * bytes;
  return { weights, gradients, optimizerState, activations, total: weights + gradients + optimizerState + activations };
}

export interface FlopsOptions {
  inputLength: number;
  targetLength: number;
}

export interface FlopsEstimate {
  /** Forward FLOPs of one encoder (input) token, including the cross-attention K/V it feeds. */
  encoderToken: number;
  /** Forward FLOPs of one decoder (target) token, including the output layer. */
  decoderToken: number;
  /** Forward FLOPs of one example: inputLength·encoderToken + targetLength·decoderToken. */
  forwardPerSequence: number;
  /** forwardPerSequence / (inputLength + targetLength). */
  forwardPerToken: number;
  /** 3 × forward (backward ≈ 2 × forward), per token. */
  trainingPerToken: number;
}

/**
 * Matmul FLOPs (multiply-add = 2), the usual ≈ 2·params per token plus attention:
 * - encoder token: L_enc·(2·4·d·H·d_kv + 2·F + 4·H·d_kv·L) + L_dec·2·2·d·H·d_kv (cross K, V);
 * - decoder token: L_dec·(2·6·d·H·d_kv + 2·F + 4·H·d_kv·T + 4·H·d_kv·L) + 2·d·V (logits);
 * F = number of FF weights (2·d·d_ff or 3·d·d_ff); attention counts the full score matrix
 * (QKᵀ and P·V) as computed, not half of it for the causal mask. Decoder-only / prefix LM: every
 * token runs L·(2·4·d·H·d_kv + 2·F + 4·H·d_kv·(L_in+T)); target tokens add the logits. Norms, softmax, the embedding
 * lookup and elementwise ops are not counted (they are O(d) per token). Adapters (dim D) add
 * 2·2·d·D per feed-forward block and token (they are in F below).
 */
export function flopsPerToken(config: T5Config, options: FlopsOptions): FlopsEstimate {
  const { inputLength: L, targetLength: T } = options;
  for (const [field, v] of [
    ['inputLength', L],
    ['targetLength', T],
  ] as const)
    positiveInt(v, field);
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V } = config;
  const hd = H * dKv;
  // Adapter weights are dense products of every token like the FF weights: count them in F.
  const F = (config.feedForwardProj === 'gated-gelu' ? 3 : 2) * d * dFf + (config.adapterDim === undefined ? 0 : 2 * d * config.adapterDim);
  if (isDecoderOnly(config)) {
    // One stack over all L+T positions (the paper's "language model must be applied to both the
    // input and output sequence"); logits only for the T target positions.
    const token = config.numLayers * (8 * d * hd + 2 * F + 4 * hd * (L + T));
    const fwd = L * token + T * (token + 2 * d * V);
    return {
      encoderToken: token,
      decoderToken: token + 2 * d * V,
      forwardPerSequence: fwd,
      forwardPerToken: fwd / (L + T),
      trainingPerToken: (3 * fwd) / (L + T),
    };
  }
  const encoderToken = config.numLayers * (8 * d * hd + 2 * F + 4 * hd * L) + config.numDecoderLayers * 4 * d * hd;
  const decoderToken = config.numDecoderLayers * (12 * d * hd + 2 * F + 4 * hd * T + 4 * hd * L) + 2 * d * V;
  const forwardPerSequence = L * encoderToken + T * decoderToken;
  const forwardPerToken = forwardPerSequence / (L + T);
  return { encoderToken, decoderToken, forwardPerSequence, forwardPerToken, trainingPerToken: 3 * forwardPerToken };
}
