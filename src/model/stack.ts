/**
 * A stack of T5 blocks (spec §A.5) and its sub-layers, written once. The encoder, the decoder,
 * a cached decoding step and the single-stack language models are all {@link runStack} with a
 * {@link StackLayout}: which weights (HF name prefix, where the feed-forward sits), whether a
 * block has cross-attention, the self-attention mask pattern, and the relative-position
 * buckets that pattern needs. Per block (pre-norm, residual, dropout on every sub-layer output):
 *
 *   x += Dropout(SelfAttention(RMSNorm(x)))         position bias + masks (+ key/value cache)
 *   x += Dropout(CrossAttention(RMSNorm(x), enc))   decoder only, no position bias
 *   x += Dropout(FeedForward(RMSNorm(x)))          with adapters: x += Dropout(y + Adapter(y)), y = FeedForward(RMSNorm(x))
 *
 * then a final RMS norm and dropout. The order of dropout calls is part of the contract (each
 * call draws the next mask of the pass's seed, layers.ts), so training is reproducible.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Config } from './config.ts';
import type { MaskPattern } from './architecture.ts';
import { embeddingLookup, matMul, rmsNorm } from './ops.ts';
import { patternMaskBias, type PositionBiasCache } from './positionBias.ts';
import { attentionCore, splitHeads, splitHeadsTransposed, type AttentionDims } from './attention.ts';
import { feedForward, type Dropout, type FeedForwardWeights } from './layers.ts';
import type { FusedSource } from './fusedWeights.ts';
import { adapterWeightName, attentionPrefix, relativeBiasName, type StackKind } from './weightShapes.ts';

/** What a stack reads from its model: the config, weights by HF name and cached constants. */
export interface ModelWeights {
  readonly config: Readonly<T5Config>;
  /** Bucket one-hots and causal masks, cached per length. */
  readonly biasCache: PositionBiasCache;
  /** One weight by HF name (a shared architecture resolves the name to the variable holding it). */
  w<T extends tf.Tensor = tf.Tensor2D>(name: string): T;
}

/** The shape of one stack: which weights, which sub-layers, which mask. */
export interface StackLayout {
  /** HF name prefix of the stack's weights. */
  stack: StackKind;
  layers: number;
  /** Blocks have cross-attention (`layer.1.EncDecAttention`) to an encoder's output. */
  cross: boolean;
  /** Index of the feed-forward sub-layer in a block: 2 after cross-attention, else 1. */
  ffLayer: number;
  /** Self-attention pattern (Figure 3 of the paper). */
  mask: MaskPattern;
  /** Relative-position buckets tell left from right: needed wherever a query sees later keys. */
  bidirectional: boolean;
}

/** The encoder: fully visible, bidirectional buckets. */
export function encoderLayout(c: T5Config): StackLayout {
  return { stack: 'encoder', layers: c.numLayers, cross: false, ffLayer: 1, mask: 'fully-visible', bidirectional: true };
}

/** The decoder of the encoder-decoder: causal, with cross-attention. */
export function decoderLayout(c: T5Config): StackLayout {
  return { stack: 'decoder', layers: c.numDecoderLayers, cross: true, ffLayer: 2, mask: 'causal', bidirectional: false };
}

/** The one stack of the decoder-only / prefix LM: `decoder.*` weights without cross-attention. */
export function singleStackLayout(c: T5Config, mask: MaskPattern): StackLayout {
  return { stack: 'decoder', layers: c.numLayers, cross: false, ffLayer: 1, mask, bidirectional: mask !== 'causal' };
}

/** Cross-attention inputs: keys/values of each block and the additive key mask. */
export interface CrossInput {
  /** kᵀ [b·H, d_kv, L] and v [b·H, L, d_kv] of block `i`. */
  keyValues(i: number): { kT: tf.Tensor3D; v: tf.Tensor3D };
  bias: tf.Tensor;
}

/**
 * Self-attention keys/values of earlier positions (incremental decoding), one entry per block.
 * Without `capacity` the tensors hold the `offset` cached positions and each step appends to
 * them. With it they have `capacity` positions, those from `offset` on zero, and one new position
 * is written at `offset` while later keys are masked: every step has the same shapes, so GPU
 * backends compile each shader once per decoding call instead of once per length.
 */
export interface SelfCache {
  k: tf.Tensor3D[]; // [b·H, d_kv, t or capacity]
  v: tf.Tensor3D[]; // [b·H, t or capacity, d_kv]
  /** Absolute position of the first query (= positions already cached). */
  offset: number;
  /** Fixed length of `k` and `v` (one query per step, offset < capacity). */
  capacity?: number;
}

/**
 * A decoding call's fixed-capacity self-attention cache ({@link SelfCache} with `capacity`): the
 * tensors of every block, replaced by each step's output, reordered for beam search. Owns them.
 */
export class FixedSelfCache {
  constructor(
    private k: tf.Tensor3D[],
    private v: tf.Tensor3D[],
    readonly capacity: number,
    private readonly heads: number,
  ) {}

  /** The cache for a step whose query sits at `offset`, as runStack takes it. */
  at(offset: number): SelfCache {
    return { k: this.k, v: this.v, offset, capacity: this.capacity };
  }

  /**
   * One decoding step: `run` gets the cache for a query at `offset` (inside a tidy) and returns
   * runStack's output, whose keys/values replace the cache's; returns `logits` of its rows.
   */
  step(offset: number, run: (cache: SelfCache) => StackOutput, logits: (rows: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
    const r = tf.tidy(() => {
      const out = run(this.at(offset));
      return { logits: logits(out.rows), k: out.k!, v: out.v! } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor2D; k: tf.Tensor3D[]; v: tf.Tensor3D[] };
    this.update(r.k, r.v);
    return r.logits;
  }

  /** Keeps a step's keys/values (runStack's `k`, `v`) in place of the old ones. */
  update(k: tf.Tensor3D[], v: tf.Tensor3D[]): void {
    tf.dispose([...this.k, ...this.v]);
    this.k = k;
    this.v = v;
  }

  /** Row r continues the hypothesis of row from[r] (beam search). */
  reorder(from: number[]): void {
    const rows = from.length;
    const H = this.heads;
    const next = tf.tidy(() => {
      const idx = tf.tensor1d(from, 'int32');
      const pick = (x: tf.Tensor3D) => {
        const [, a, b] = x.shape;
        return tf.gather(x.reshape([rows, H * a * b]), idx).reshape([rows * H, a, b]) as tf.Tensor3D;
      };
      return { k: this.k.map(pick), v: this.v.map(pick) } as unknown as tf.TensorContainer;
    }) as unknown as { k: tf.Tensor3D[]; v: tf.Tensor3D[] };
    this.update(next.k, next.v);
  }

  dispose(): void {
    tf.dispose([...this.k, ...this.v]);
  }
}

export interface StackInput {
  /** int32 [b, N]. */
  ids: tf.Tensor2D;
  /** Additive mask added to the position bias, broadcast to [b, H, N, keys] (pads, segments). */
  keyMask?: tf.Tensor;
  /** Prefix length of a `causal-with-prefix` mask. */
  prefixLength?: number;
  cross?: CrossInput;
  /** Continue from cached keys/values (queries attend to cache ⧺ new keys; no pattern mask). */
  cache?: SelfCache;
  /** Return this pass's keys/values without a cache: a prefix that decoding continues from. */
  keepKeyValues?: boolean;
}

/** Where a stack pass writes its attention when capturing. */
export interface StackCapture {
  probs: tf.Tensor4D[];
  cross?: tf.Tensor4D[];
  positionBias?: tf.Tensor3D;
}

export interface StackOutput {
  /** Rows [b·N, d] after the final norm (+ dropout). */
  rows: tf.Tensor2D;
  /**
   * With `cache`: the extended keys/values per block (the input cache is left to the caller);
   * with `keepKeyValues`: this pass's.
   */
  k?: tf.Tensor3D[];
  v?: tf.Tensor3D[];
}

/** Runs one stack; call inside a tidy. */
export function runStack(
  m: ModelWeights,
  fused: FusedSource,
  layout: StackLayout,
  input: StackInput,
  dropout: Dropout,
  capture?: StackCapture,
): StackOutput {
  const c = m.config;
  const [b, N] = input.ids.shape;
  const offset = input.cache?.offset ?? 0;
  const capacity = input.cache?.capacity;
  if (capacity !== undefined && (N !== 1 || offset >= capacity)) {
    throw new RangeError(`a fixed-capacity cache takes one query at a time below its capacity (got ${N} at ${offset} of ${capacity})`);
  }
  const keys = capacity ?? offset + N;
  const dims: AttentionDims = { batch: b, heads: c.numHeads, dKv: c.dKv };
  const table = m.w(relativeBiasName(layout.stack));
  const position = m.biasCache.bias(table, N, keys, layout.bidirectional, offset);
  if (capture) capture.positionBias = position.reshape([c.numHeads, N, keys]) as tf.Tensor3D;
  let bias: tf.Tensor = position;
  // With a cache the queries are the newest positions: every cached key is visible to them.
  // With a fixed capacity, the keys after the query's position are not written yet: masked.
  const pattern = input.cache
    ? capacity !== undefined
      ? m.biasCache.causalRow(offset, capacity)
      : null
    : patternMask(m, layout.mask, N, input.prefixLength ?? 0);
  if (pattern) bias = tf.add(bias, pattern);
  // The one-hot of the slot this step writes, shaped for kᵀ [b·H, d_kv, C] and v [b·H, C, d_kv].
  const slot = capacity !== undefined ? m.biasCache.slot(offset, capacity) : null;
  const slotK = slot?.reshape([1, 1, capacity!]);
  const slotV = slot?.reshape([1, capacity!, 1]);
  if (input.keyMask) bias = tf.add(bias, input.keyMask);

  const outK: tf.Tensor3D[] = [];
  const outV: tf.Tensor3D[] = [];
  let x = dropout.apply(embeddingLookup(m.w('shared.weight'), input.ids)) as tf.Tensor2D;
  for (let i = 0; i < layout.layers; i++) {
    const block = `${layout.stack}.block.${i}`;
    // Self-attention.
    let normed = rmsNorm(x, m.w(`${block}.layer.0.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
    const self = attentionPrefix(layout.stack, i, 'self');
    const qkv = projectQkv(fused, self, normed, N, dims);
    const q = qkv.q;
    let { kT, v } = qkv;
    if (slotK && slotV) {
      // Written into the zero slot `offset` by a one-hot: same shapes every step, exact values.
      kT = tf.add(input.cache!.k[i], tf.mul(kT, slotK)) as tf.Tensor3D;
      v = tf.add(input.cache!.v[i], tf.mul(v, slotV)) as tf.Tensor3D;
    } else if (input.cache) {
      kT = tf.concat([input.cache.k[i], kT], 2) as tf.Tensor3D;
      v = tf.concat([input.cache.v[i], v], 1) as tf.Tensor3D;
    }
    if (input.cache || input.keepKeyValues) {
      outK.push(kT);
      outV.push(v);
    }
    const r = attentionCore(q, kT, v, bias, dims, dropout.apply);
    if (capture) capture.probs.push(r.probs);
    x = tf.add(x, dropout.apply(matMul(r.context, m.w(`${self}.o.weight`))));
    // Cross-attention.
    if (layout.cross) {
      const cross = input.cross!;
      normed = rmsNorm(x, m.w(`${block}.layer.1.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
      const name = attentionPrefix(layout.stack, i, 'cross');
      const kv = cross.keyValues(i);
      const cq = splitHeads(matMul(normed, m.w(`${name}.q.weight`)), N, dims);
      const cr = attentionCore(cq, kv.kT, kv.v, cross.bias, dims, dropout.apply);
      if (capture) capture.cross!.push(cr.probs);
      x = tf.add(x, dropout.apply(matMul(cr.context, m.w(`${name}.o.weight`))));
    }
    // Feed-forward.
    x = tf.add(x, dropout.apply(feedForwardBlock(m, fused, `${block}.layer.${layout.ffLayer}`, x, dropout)));
  }
  const rows = dropout.apply(rmsNorm(x, m.w(`${layout.stack}.final_layer_norm.weight`), c.layerNormEpsilon)) as tf.Tensor2D;
  return input.cache || input.keepKeyValues ? { rows, k: outK, v: outV } : { rows };
}

/** The additive mask of a self-attention pattern, or null when everything is visible. */
function patternMask(m: ModelWeights, pattern: MaskPattern, N: number, prefixLength: number): tf.Tensor | null {
  if (pattern === 'fully-visible') return null;
  return pattern === 'causal' ? m.biasCache.causalMask(N) : patternMaskBias(pattern, N, prefixLength);
}

/** q [b·H, L, d_kv], kᵀ [b·H, d_kv, L], v [b·H, L, d_kv] from one fused matmul. */
export function projectQkv(fused: FusedSource, prefix: string, normed: tf.Tensor2D, L: number, dims: AttentionDims) {
  const hd = dims.heads * dims.dKv;
  const w = fused.fused([`${prefix}.q.weight`, `${prefix}.k.weight`, `${prefix}.v.weight`]);
  const [q, k, v] = tf.split(matMul(normed, w), [hd, hd, hd], 1);
  return { q: splitHeads(q, L, dims), kT: splitHeadsTransposed(k, L, dims), v: splitHeads(v, L, dims) };
}

/** Cross-attention keys (transposed) and values of decoder block `i` from encoder rows [b·L, d]. */
export function crossKeyValues(fused: FusedSource, i: number, encoded: tf.Tensor2D, L: number, dims: AttentionDims) {
  const p = attentionPrefix('decoder', i, 'cross');
  const hd = dims.heads * dims.dKv;
  const [k, v] = tf.split(matMul(encoded, fused.fused([`${p}.k.weight`, `${p}.v.weight`])), [hd, hd], 1);
  return { kT: splitHeadsTransposed(k, L, dims), v: splitHeads(v, L, dims) };
}

/** The feed-forward sub-layer (pre-norm inside) whose weights start with `prefix`. */
function feedForwardBlock(m: ModelWeights, fused: FusedSource, prefix: string, x: tf.Tensor2D, dropout: Dropout): tf.Tensor2D {
  const normed = rmsNorm(x, m.w(`${prefix}.layer_norm.weight`), m.config.layerNormEpsilon) as tf.Tensor2D;
  const ff = `${prefix}.DenseReluDense`;
  const w: FeedForwardWeights =
    m.config.feedForwardProj === 'gated-gelu'
      ? { wi: fused.fused([`${ff}.wi_0.weight`, `${ff}.wi_1.weight`]), wo: m.w(`${ff}.wo.weight`) }
      : { wi: m.w(`${ff}.wi.weight`), wo: m.w(`${ff}.wo.weight`) };
  const y = feedForward(normed, w, m.config.feedForwardProj, dropout);
  if (m.config.adapterDim === undefined) return y;
  // The adapter layer (T5 §3.5.1, Houlsby et al. 2019 §2.1): a dense–ReLU–dense block of inner
  // width adapterDim applied to the feed-forward output y, with its own skip connection, BEFORE
  // the sub-layer's dropout and residual add, so it sits between FF and the residual stream:
  // x += Dropout(y + ReLU(y·W_down)·W_up). No extra dropout call (the mask order stays the same).
  const down = matMul(y, m.w(adapterWeightName(prefix, 'wi')));
  return tf.add(y, matMul(tf.relu(down), m.w(adapterWeightName(prefix, 'wo'))));
}

/** Logits [N, V]: tied (h·d^-½)·Eᵀ or untied h·W_lm (no scaling). */
export function logitsFromHidden(m: ModelWeights, h: tf.Tensor2D): tf.Tensor2D {
  if (m.config.tieWordEmbeddings) {
    const scaled = tf.mul(h, m.config.dModel ** -0.5) as tf.Tensor2D;
    return matMul(scaled, m.w('shared.weight'), false, true);
  }
  return matMul(h, m.w('lm_head.weight'));
}
