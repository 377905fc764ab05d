/**
 * The T5 encoder–decoder in TensorFlow.js with the exact semantics of spec §A: pre-norm RMS
 * norm, no dense biases, no 1/√d_kv, one shared relative-bias table per stack (none in
 * cross-attention), pad and causal masks, tied (scaled) or untied output layer.
 * Weights are tf.Variables keyed by Hugging Face names in tfjs layout (see weightShapes.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { validateConfig, type T5Config } from './config.ts';
import { weightShapes, attentionPrefix, ffLayerIndex, relativeBiasName, type StackKind } from './weightShapes.ts';
import { initialWeightValues } from './init.ts';
import { embeddingLookup, matMul, rmsNorm } from './ops.ts';
import { PositionBiasCache, padMaskBias } from './positionBias.ts';
import { attentionCore, splitHeads, splitHeadsTransposed, type AttentionDims } from './attention.ts';
import { Dropout, feedForward, type FeedForwardWeights } from './layers.ts';
import { maskedCrossEntropy } from './loss.ts';
import { segmentMaskBias, shiftRightSegmented, type SegmentIds } from './segments.ts';
import { generate, type GenerateOptions, type GenerateResult } from './decoding.ts';
import { isDecoderOnly, weightAlias } from './architecture.ts';
import { decoderOnlyGreedy, decoderOnlyRows, targetRows } from './decoderOnly.ts';

export interface ForwardInput {
  /** int32 [batch, inputLength], right-padded with 0. */
  inputIds: tf.Tensor2D;
  /** int32 [batch, targetLength], right-padded with 0; the decoder sees them shifted right. */
  labels: tf.Tensor2D;
  /** Enables dropout (config.dropoutRate). Default false. */
  training?: boolean;
  /** Returns attention probabilities and position biases (see {@link AttentionCapture}). */
  captureAttention?: boolean;
  /** Seed of the dropout masks of this pass; default: a counter owned by the model. */
  seed?: number;
  /** z-loss coefficient (mesh-tf/t5x: 1e-4); default 0. */
  zLoss?: number;
  /**
   * Packed rows: int32 segment id of every input token (1, 2, … per example, 0 = pad); give
   * `targetSegmentIds` too. Attention then never crosses examples and every segment's decoder
   * input starts with 0 (see segments.ts).
   */
  inputSegmentIds?: tf.Tensor2D;
  /** Segment id of every label token, matching `inputSegmentIds`. */
  targetSegmentIds?: tf.Tensor2D;
}

/**
 * Attention captured by a forward pass. Every tensor belongs to the caller (dispose it, e.g.
 * with {@link disposeAttention}). Probabilities are [batch, H, queries, keys] per layer, before
 * dropout; masked keys are exactly 0. Position biases are [H, queries, keys] without masks.
 */
export interface AttentionCapture {
  encoderSelf: tf.Tensor4D[];
  decoderSelf: tf.Tensor4D[];
  cross: tf.Tensor4D[];
  encoderPositionBias: tf.Tensor3D;
  decoderPositionBias: tf.Tensor3D;
}

export interface ForwardOutput {
  /** [batch, targetLength, vocab]. */
  logits: tf.Tensor3D;
  /** Mean cross-entropy over non-pad targets (+ z-loss). */
  loss: tf.Scalar;
  attention?: AttentionCapture;
}

/** Disposes every tensor of an {@link AttentionCapture}. */
export function disposeAttention(a: AttentionCapture | undefined): void {
  if (!a) return;
  tf.dispose([...a.encoderSelf, ...a.decoderSelf, ...a.cross, a.encoderPositionBias, a.decoderPositionBias]);
}

/** Where a stack pass writes its attention when capturing. */
interface StackCapture {
  probs: tf.Tensor4D[];
  cross?: tf.Tensor4D[];
  positionBias?: tf.Tensor3D;
}

export class T5Model {
  readonly config: Readonly<T5Config>;
  private readonly vars = new Map<string, tf.Variable>();
  /** @internal bucket one-hots and causal masks, cached per length. */
  readonly biasCache: PositionBiasCache;
  private dropoutCalls = 0;
  private disposed = false;
  /** Shared / decoder-only architectures: requested name → stored variable (architecture.ts). */
  private readonly alias: ((name: string) => string) | null;

  private constructor(config: T5Config, values: Map<string, tf.Tensor | { shape: number[]; values: Float32Array }>) {
    this.config = Object.freeze({ ...config });
    this.alias = weightAlias(config);
    this.biasCache = new PositionBiasCache(config.relativeAttentionNumBuckets, config.relativeAttentionMaxDistance);
    for (const [name, shape] of weightShapes(config)) {
      const v = values.get(name)!;
      const init = v instanceof tf.Tensor ? tf.cast(v, 'float32') : tf.tensor(v.values, shape, 'float32');
      this.vars.set(name, tf.variable(init, true));
      init.dispose();
    }
  }

  /** A freshly initialised model (spec §A.7, mesh-tf column); same seed ⇒ same weights on every backend. */
  static create(config: Partial<T5Config>, options: { seed: number }): T5Model {
    const full = validateConfig(config);
    return new T5Model(full, initialWeightValues(full, options?.seed ?? 0));
  }

  /** A model from an HF-named weight map in tfjs layout (complete; tensors are copied, not taken). */
  static fromWeights(config: Partial<T5Config>, weights: Map<string, tf.Tensor>): T5Model {
    const full = validateConfig(config);
    checkWeightMap(full, weights, false);
    return new T5Model(full, weights);
  }

  /** The variables by HF name (tfjs layout). They belong to the model: do not dispose them. */
  getWeights(): Map<string, tf.Tensor> {
    this.assertAlive();
    return new Map(this.vars);
  }

  /**
   * Assigns weights by HF name. Unknown names and wrong shapes throw, naming the weight;
   * missing names throw unless `partial` is set. Values are copied.
   */
  setWeights(weights: Map<string, tf.Tensor>, options: { partial?: boolean } = {}): void {
    this.assertAlive();
    checkWeightMap(this.config, weights, options.partial ?? false);
    for (const [name, t] of weights) {
      tf.tidy(() => this.vars.get(name)!.assign(tf.cast(t, 'float32')));
    }
  }

  /** Every trainable variable, in weightShapes order. */
  get trainableVariables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** @internal one weight by HF name. */
  w<T extends tf.Tensor = tf.Tensor2D>(name: string): T {
    const v = this.vars.get(this.alias ? this.alias(name) : name);
    if (!v) throw new RangeError(`model has no weight "${name}"`);
    return v as unknown as T;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.biasCache.dispose();
  }

  /** Teacher-forced forward pass: logits, loss and (optionally) attention. Caller disposes. */
  forward(input: ForwardInput): ForwardOutput {
    this.assertAlive();
    const { inputIds, labels, segments } = checkBatch(input);
    const dropout = this.makeDropout(input);
    if (isDecoderOnly(this.config)) return this.forwardDecoderOnly(input, inputIds, labels, dropout, segments);
    return tf.tidy(() => {
      const capture = input.captureAttention;
      const enc: StackCapture | undefined = capture ? { probs: [] } : undefined;
      const dec: StackCapture | undefined = capture ? { probs: [], cross: [] } : undefined;
      const [b, T] = labels.shape;
      const encoded = this.encodeRows(inputIds, dropout, enc, segments);
      const hidden = this.decodeRows(decoderInputs(labels, segments), encoded, inputIds, dropout, dec, segments);
      const logits2d = this.logitsFromHidden(hidden);
      const loss = maskedCrossEntropy(logits2d, labels.reshape([-1]) as tf.Tensor1D, input.zLoss ?? 0);
      const out: ForwardOutput = { logits: logits2d.reshape([b, T, this.config.vocabSize]), loss };
      if (enc && dec) {
        out.attention = {
          encoderSelf: enc.probs,
          decoderSelf: dec.probs,
          cross: dec.cross!,
          encoderPositionBias: enc.positionBias!,
          decoderPositionBias: dec.positionBias!,
        };
      }
      return out as unknown as tf.TensorContainer;
    }) as unknown as ForwardOutput;
  }

  /** The training loss alone, for `tf.variableGrads(() => model.loss(batch))` or an optimizer. */
  loss(input: ForwardInput): tf.Scalar {
    this.assertAlive();
    const { inputIds, labels, segments } = checkBatch(input);
    const dropout = this.makeDropout(input);
    if (isDecoderOnly(this.config)) {
      const out = this.forwardDecoderOnly(input, inputIds, labels, dropout, segments);
      out.logits.dispose();
      return out.loss;
    }
    return tf.tidy(() => {
      const encoded = this.encodeRows(inputIds, dropout, undefined, segments);
      const hidden = this.decodeRows(decoderInputs(labels, segments), encoded, inputIds, dropout, undefined, segments);
      return maskedCrossEntropy(this.logitsFromHidden(hidden), labels.reshape([-1]) as tf.Tensor1D, input.zLoss ?? 0);
    });
  }

  /** `loss` as a closure over one batch (what tf.train optimizers' `minimize` expects). */
  lossFn(input: ForwardInput): () => tf.Scalar {
    return () => this.loss(input);
  }

  /** Encoder output [batch, inputLength, d_model] (no dropout). Caller disposes. */
  encode(inputIds: tf.Tensor2D): tf.Tensor3D {
    this.assertAlive();
    checkIds('inputIds', inputIds);
    if (isDecoderOnly(this.config)) throw new Error(`encode: a "${this.config.architecture}" model has no encoder`);
    const [b, L] = inputIds.shape;
    return tf.tidy(() => this.encodeRows(inputIds, new Dropout(0, false, 0)).reshape([b, L, this.config.dModel]));
  }

  /** Greedy or beam-search decoding with a key/value cache (see decoding.ts). */
  generate(inputIds: tf.Tensor2D, options: GenerateOptions): Promise<GenerateResult> {
    this.assertAlive();
    checkIds('inputIds', inputIds);
    if (isDecoderOnly(this.config)) return this.generateDecoderOnly(inputIds, options);
    return generate(this, inputIds, options);
  }

  // ---- stacks -------------------------------------------------------------------------------

  /** @internal encoder rows [b·L, d] after the final norm (+ dropout). */
  encodeRows(ids: tf.Tensor2D, dropout: Dropout, capture?: StackCapture, segments?: SegmentIds): tf.Tensor2D {
    const c = this.config;
    const [b, L] = ids.shape;
    const dims: AttentionDims = { batch: b, heads: c.numHeads, dKv: c.dKv };
    const position = this.biasCache.bias(this.w(relativeBiasName('encoder')), L, L, true);
    if (capture) capture.positionBias = position.reshape([c.numHeads, L, L]) as tf.Tensor3D;
    const bias = tf.add(position, segments ? segmentMaskBias(segments.inputs, segments.inputs) : padMaskBias(ids));
    let x = dropout.apply(embeddingLookup(this.w('shared.weight'), ids)) as tf.Tensor2D;
    for (let i = 0; i < c.numLayers; i++) {
      const pre = `encoder.block.${i}`;
      const normed = rmsNorm(x, this.w(`${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
      x = tf.add(x, dropout.apply(this.selfAttention('encoder', i, normed, L, bias, dims, dropout, capture)));
      x = tf.add(x, dropout.apply(this.feedForwardOf('encoder', i, x, dropout)));
    }
    return dropout.apply(rmsNorm(x, this.w('encoder.final_layer_norm.weight'), c.layerNormEpsilon)) as tf.Tensor2D;
  }

  /** @internal decoder rows [b·T, d] after the final norm (+ dropout). */
  decodeRows(
    decIds: tf.Tensor2D,
    encoded: tf.Tensor2D,
    encIds: tf.Tensor2D,
    dropout: Dropout,
    capture?: StackCapture,
    segments?: SegmentIds,
  ): tf.Tensor2D {
    const c = this.config;
    const [b, T] = decIds.shape;
    const L = encIds.shape[1];
    const dims: AttentionDims = { batch: b, heads: c.numHeads, dKv: c.dKv };
    const position = this.biasCache.bias(this.w(relativeBiasName('decoder')), T, T, false);
    if (capture) capture.positionBias = position.reshape([c.numHeads, T, T]) as tf.Tensor3D;
    // Causal mask only: labels are right-padded, so pad positions are never visible to real ones.
    let selfBias = tf.add(position, this.biasCache.causalMask(T));
    if (segments) selfBias = tf.add(selfBias, segmentMaskBias(segments.targets, segments.targets));
    const crossBias = segments ? segmentMaskBias(segments.targets, segments.inputs) : padMaskBias(encIds);
    let y = dropout.apply(embeddingLookup(this.w('shared.weight'), decIds)) as tf.Tensor2D;
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const pre = `decoder.block.${i}`;
      let normed = rmsNorm(y, this.w(`${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
      y = tf.add(y, dropout.apply(this.selfAttention('decoder', i, normed, T, selfBias, dims, dropout, capture)));
      normed = rmsNorm(y, this.w(`${pre}.layer.1.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
      const { kT, v } = this.crossKeyValues(i, encoded, L, dims);
      const q = splitHeads(matMul(normed, this.w(`${attentionPrefix('decoder', i, 'cross')}.q.weight`)), T, dims);
      const r = attentionCore(q, kT, v, crossBias, dims, dropout.apply);
      if (capture) capture.cross!.push(r.probs);
      const crossOut = matMul(r.context, this.w(`${attentionPrefix('decoder', i, 'cross')}.o.weight`));
      y = tf.add(y, dropout.apply(crossOut));
      y = tf.add(y, dropout.apply(this.feedForwardOf('decoder', i, y, dropout)));
    }
    return dropout.apply(rmsNorm(y, this.w('decoder.final_layer_norm.weight'), c.layerNormEpsilon)) as tf.Tensor2D;
  }

  /** @internal self-attention of block `i` on normed rows [b·L, d] with a fused q/k/v matmul. */
  selfAttention(
    stack: StackKind,
    i: number,
    normed: tf.Tensor2D,
    L: number,
    bias: tf.Tensor,
    dims: AttentionDims,
    dropout: Dropout,
    capture?: StackCapture,
  ): tf.Tensor2D {
    const { q, kT, v } = this.projectQkv(stack, i, normed, L, dims);
    const r = attentionCore(q, kT, v, bias, dims, dropout.apply);
    if (capture) capture.probs.push(r.probs);
    return matMul(r.context, this.w(`${attentionPrefix(stack, i, 'self')}.o.weight`));
  }

  /** @internal q [b·H, L, d_kv], kᵀ [b·H, d_kv, L], v [b·H, L, d_kv] from one fused matmul. */
  projectQkv(stack: StackKind, i: number, normed: tf.Tensor2D, L: number, dims: AttentionDims) {
    const p = attentionPrefix(stack, i, 'self');
    const hd = dims.heads * dims.dKv;
    const fused = tf.concat([this.w(`${p}.q.weight`), this.w(`${p}.k.weight`), this.w(`${p}.v.weight`)], 1) as tf.Tensor2D;
    const [q, k, v] = tf.split(matMul(normed, fused), [hd, hd, hd], 1);
    return { q: splitHeads(q, L, dims), kT: splitHeadsTransposed(k, L, dims), v: splitHeads(v, L, dims) };
  }

  /** @internal cross-attention keys (transposed) and values of decoder block `i` from encoder rows. */
  crossKeyValues(i: number, encoded: tf.Tensor2D, L: number, dims: AttentionDims) {
    const p = attentionPrefix('decoder', i, 'cross');
    const hd = dims.heads * dims.dKv;
    const fused = tf.concat([this.w(`${p}.k.weight`), this.w(`${p}.v.weight`)], 1) as tf.Tensor2D;
    const [k, v] = tf.split(matMul(encoded, fused), [hd, hd], 1);
    return { kT: splitHeadsTransposed(k, L, dims), v: splitHeads(v, L, dims) };
  }

  /** @internal the feed-forward sub-layer (pre-norm inside) of block `i`. */
  feedForwardOf(stack: StackKind, i: number, x: tf.Tensor2D, dropout: Dropout): tf.Tensor2D {
    const pre = `${stack}.block.${i}.layer.${ffLayerIndex(stack)}`;
    const normed = rmsNorm(x, this.w(`${pre}.layer_norm.weight`), this.config.layerNormEpsilon) as tf.Tensor2D;
    const w: FeedForwardWeights = { wo: this.w(`${pre}.DenseReluDense.wo.weight`) };
    if (this.config.feedForwardProj === 'gated-gelu') {
      w.wi0 = this.w<tf.Tensor2D>(`${pre}.DenseReluDense.wi_0.weight`);
      w.wi1 = this.w<tf.Tensor2D>(`${pre}.DenseReluDense.wi_1.weight`);
    } else {
      w.wi = this.w<tf.Tensor2D>(`${pre}.DenseReluDense.wi.weight`);
    }
    return feedForward(normed, w, this.config.feedForwardProj, dropout);
  }

  /** @internal logits [N, V]: tied (h·d^-½)·Eᵀ or untied h·W_lm (no scaling). */
  logitsFromHidden(h: tf.Tensor2D): tf.Tensor2D {
    if (this.config.tieWordEmbeddings) {
      const scaled = tf.mul(h, this.config.dModel ** -0.5) as tf.Tensor2D;
      return matMul(scaled, this.w('shared.weight'), false, true);
    }
    return matMul(h, this.w('lm_head.weight'));
  }

  /** forward() of the single-stack architectures (decoderOnly.ts): logits/loss of the target part. */
  private forwardDecoderOnly(
    input: ForwardInput,
    inputIds: tf.Tensor2D,
    labels: tf.Tensor2D,
    dropout: Dropout,
    segments: SegmentIds | undefined,
  ): ForwardOutput {
    if (segments) throw new RangeError(`packed rows (inputSegmentIds) are not supported by the "${this.config.architecture}" architecture`);
    return tf.tidy(() => {
      const capture = input.captureAttention ? { probs: [] as tf.Tensor4D[], positionBias: undefined as tf.Tensor3D | undefined } : undefined;
      const [b, T] = labels.shape;
      const rows = decoderOnlyRows(this, inputIds, labels, dropout, capture);
      const logits2d = this.logitsFromHidden(targetRows(rows, b, inputIds.shape[1], T));
      const loss = maskedCrossEntropy(logits2d, labels.reshape([-1]) as tf.Tensor1D, input.zLoss ?? 0);
      const out: ForwardOutput = { logits: logits2d.reshape([b, T, this.config.vocabSize]), loss };
      if (capture) {
        // One stack over inputs ⧺ targets: reported as the decoder's self-attention.
        out.attention = {
          encoderSelf: [],
          decoderSelf: capture.probs,
          cross: [],
          encoderPositionBias: tf.zeros([this.config.numHeads, 0, 0]) as tf.Tensor3D,
          decoderPositionBias: capture.positionBias!,
        };
      }
      return out as unknown as tf.TensorContainer;
    }) as unknown as ForwardOutput;
  }

  /** Greedy decoding of the single-stack architectures (no beam, no cache; scores are not computed). */
  private async generateDecoderOnly(inputIds: tf.Tensor2D, options: GenerateOptions): Promise<GenerateResult> {
    if ((options.beamSize ?? 1) > 1) throw new RangeError(`beamSize: beam search is not available for the "${this.config.architecture}" architecture`);
    if (!Number.isInteger(options.maxSteps) || options.maxSteps <= 0) throw new RangeError(`maxSteps must be a positive integer (got ${options.maxSteps})`);
    const sequences = await decoderOnlyGreedy(this, inputIds, options.maxSteps, new Dropout(0, false, 0));
    return { sequences, scores: sequences.map(() => 0) };
  }

  private makeDropout(input: ForwardInput): Dropout {
    const training = input.training ?? false;
    const seed = input.seed ?? 0x9e3779b1 + 7919 * this.dropoutCalls++;
    return new Dropout(this.config.dropoutRate, training, seed);
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('T5Model: this model has been disposed');
  }
}

/** decoder_input[t] = labels[t−1], decoder_input[0] = 0 (start = pad, spec §A.9). */
export function shiftRight(labels: tf.Tensor2D): tf.Tensor2D {
  const [b, T] = labels.shape;
  const start = tf.zeros([b, 1], 'int32');
  if (T === 1) return start as tf.Tensor2D;
  return tf.concat([start, tf.slice(labels, [0, 0], [b, T - 1])], 1) as tf.Tensor2D;
}

function checkIds(field: string, t: tf.Tensor | undefined): asserts t is tf.Tensor2D {
  if (!(t instanceof tf.Tensor)) throw new TypeError(`${field} must be a tf.Tensor`);
  if (t.rank !== 2) throw new RangeError(`${field} must be rank 2 [batch, length] (got shape [${t.shape.join(', ')}])`);
  if (t.dtype !== 'int32') throw new TypeError(`${field} must be int32 (got ${t.dtype})`);
  if (t.shape[0] === 0 || t.shape[1] === 0) throw new RangeError(`${field} must not be empty (got shape [${t.shape.join(', ')}])`);
}

/** Teacher-forcing decoder inputs; packed rows restart with 0 at every segment. */
function decoderInputs(labels: tf.Tensor2D, segments: SegmentIds | undefined): tf.Tensor2D {
  return segments ? shiftRightSegmented(labels, segments.targets) : shiftRight(labels);
}

function checkSegments(input: ForwardInput): SegmentIds | undefined {
  const { inputSegmentIds: si, targetSegmentIds: st } = input;
  if (si === undefined && st === undefined) return undefined;
  if (si === undefined || st === undefined) throw new TypeError('inputSegmentIds and targetSegmentIds must be given together (packed rows)');
  checkIds('inputSegmentIds', si);
  checkIds('targetSegmentIds', st);
  const same = (a: tf.Tensor, b: tf.Tensor) => a.shape[0] === b.shape[0] && a.shape[1] === b.shape[1];
  if (!same(si, input.inputIds)) throw new RangeError(`inputSegmentIds shape [${si.shape.join(', ')}] must equal inputIds shape [${input.inputIds.shape.join(', ')}]`);
  if (!same(st, input.labels)) throw new RangeError(`targetSegmentIds shape [${st.shape.join(', ')}] must equal labels shape [${input.labels.shape.join(', ')}]`);
  return { inputs: si, targets: st };
}

function checkBatch(input: ForwardInput): { inputIds: tf.Tensor2D; labels: tf.Tensor2D; segments?: SegmentIds } {
  if (!input || typeof input !== 'object') throw new TypeError('forward input must be an object { inputIds, labels }');
  checkIds('inputIds', input.inputIds);
  checkIds('labels', input.labels);
  if (input.inputIds.shape[0] !== input.labels.shape[0]) {
    throw new RangeError(
      `labels batch size (${input.labels.shape[0]}) must equal inputIds batch size (${input.inputIds.shape[0]})`,
    );
  }
  if (input.zLoss !== undefined && !(Number.isFinite(input.zLoss) && input.zLoss >= 0)) {
    throw new RangeError(`zLoss must be a non-negative number (got ${input.zLoss})`);
  }
  return { inputIds: input.inputIds, labels: input.labels, segments: checkSegments(input) };
}

/** Checks names and shapes of a weight map against the config, naming the offending weight. */
export function checkWeightMap(config: T5Config, weights: Map<string, tf.Tensor>, partial: boolean): void {
  const expected = weightShapes(config);
  for (const [name, t] of weights) {
    const shape = expected.get(name);
    if (!shape) throw new RangeError(`weight "${name}" is not part of this model`);
    if (!(t instanceof tf.Tensor)) throw new TypeError(`weight "${name}" must be a tf.Tensor`);
    if (t.shape.length !== shape.length || t.shape.some((s, k) => s !== shape[k])) {
      throw new RangeError(`weight "${name}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
  }
  if (!partial) {
    for (const name of expected.keys()) {
      if (!weights.has(name)) throw new RangeError(`weight "${name}" is missing`);
    }
  }
}
