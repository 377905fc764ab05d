/**
 * The T5 encoder–decoder in TensorFlow.js with the exact semantics of spec §A: pre-norm RMS
 * norm, no dense biases, no 1/√d_kv, one shared relative-bias table per stack (none in
 * cross-attention), pad and causal masks, tied (scaled) or untied output layer.
 * Weights are tf.Variables keyed by Hugging Face names in tfjs layout (see weightShapes.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { validateConfig, type T5Config } from './config.ts';
import { weightShapes } from './weightShapes.ts';
import { initialWeightValues } from './init.ts';
import { PositionBiasCache } from './positionBias.ts';
import { Dropout } from './layers.ts';
import { maskedCrossEntropy } from './loss.ts';
import type { SegmentIds } from './segments.ts';
import { checkGenerateOptions, search, type GenerateOptions, type GenerateResult } from './decoding.ts';
import { traitsOf, weightAlias, type ArchitectureTraits } from './architecture.ts';
import { concatPerPass, FusedWeightCache } from './fusedWeights.ts';
import { logitsFromHidden } from './stack.ts';
import { withDynamicShapes } from './dynamicShapes.ts';
import type { ArchitectureRunner, AttentionCapture } from './architectureRunner.ts';
import { encoderDecoderRunner } from './encoderDecoder.ts';
import { singleStackRunner } from './decoderOnly.ts';

export { disposeAttention, type AttentionCapture } from './architectureRunner.ts';
export { shiftRight } from './encoderDecoder.ts';

/** The runner of each architecture family (architecture.ts ARCHITECTURE_TRAITS.stacks). */
const RUNNERS: Readonly<Record<ArchitectureTraits['stacks'], ArchitectureRunner>> = {
  'encoder-decoder': encoderDecoderRunner,
  'single-stack': singleStackRunner,
};

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

export interface ForwardOutput {
  /** [batch, targetLength, vocab]. */
  logits: tf.Tensor3D;
  /** Mean cross-entropy over non-pad targets (+ z-loss). */
  loss: tf.Scalar;
  attention?: AttentionCapture;
}

/**
 * A T5 model (any architecture of architecture.ts) owning its variables. Computation lives in
 * the stack runner (stack.ts) and the architecture runners (encoderDecoder.ts, decoderOnly.ts);
 * this class checks inputs, owns weights and caches, and picks the runner from a table.
 */
export class T5Model {
  readonly config: Readonly<T5Config>;
  private readonly vars = new Map<string, tf.Variable>();
  /** Bucket one-hots and causal masks, cached per length; `size` counts them (for leak checks). */
  readonly biasCache: PositionBiasCache;
  private dropoutCalls = 0;
  private disposed = false;
  /** Shared enc-dec: requested name → stored variable (architecture.ts). */
  private readonly alias: ((name: string) => string) | null;
  private readonly runner: ArchitectureRunner;

  private constructor(config: T5Config, values: Map<string, tf.Tensor | { shape: number[]; values: Float32Array }>) {
    this.config = Object.freeze({ ...config });
    this.alias = weightAlias(config);
    this.runner = RUNNERS[traitsOf(config).stacks];
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

  /**
   * A model from tensors and/or plain values by HF name (complete; copied). For callers that mix
   * existing weights with freshly drawn ones (adapters.ts).
   */
  static fromValues(config: Partial<T5Config>, values: Map<string, tf.Tensor | { shape: number[]; values: Float32Array }>): T5Model {
    const full = validateConfig(config);
    for (const [name, shape] of weightShapes(full)) {
      const v = values.get(name);
      if (!v) throw new RangeError(`weight "${name}" is missing`);
      if (v.shape.length !== shape.length || v.shape.some((s, k) => s !== shape[k]))
        throw new RangeError(`weight "${name}" has shape [${v.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    return new T5Model(full, values);
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

  /**
   * The variable used for an HF weight name. A shared architecture resolves the encoder-decoder
   * name it ties (e.g. `decoder.block.0.layer.0.SelfAttention.q.weight`) to the variable that
   * holds it; unknown names throw. The variable belongs to the model.
   */
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
    const batch = this.checkBatch(input);
    const dropout = this.makeDropout(input);
    return tf.tidy(() => {
      const capture = input.captureAttention ? ({ encoderSelf: [], decoderSelf: [], cross: [] } as unknown as AttentionCapture) : undefined;
      const [b, T] = batch.labels.shape;
      const hidden = this.runner.targetRows(this, this.fusedPerPass(), batch, dropout, capture);
      const logits2d = logitsFromHidden(this, hidden);
      const loss = maskedCrossEntropy(logits2d, batch.labels.reshape([-1]) as tf.Tensor1D, input.zLoss ?? 0);
      const out: ForwardOutput = { logits: logits2d.reshape([b, T, this.config.vocabSize]), loss };
      if (capture) out.attention = capture;
      return out as unknown as tf.TensorContainer;
    }) as unknown as ForwardOutput;
  }

  /** The training loss alone, for `tf.variableGrads(() => model.loss(batch))` or an optimizer. */
  loss(input: ForwardInput): tf.Scalar {
    this.assertAlive();
    const batch = this.checkBatch(input);
    const dropout = this.makeDropout(input);
    return tf.tidy(() => {
      const hidden = this.runner.targetRows(this, this.fusedPerPass(), batch, dropout);
      return maskedCrossEntropy(logitsFromHidden(this, hidden), batch.labels.reshape([-1]) as tf.Tensor1D, input.zLoss ?? 0);
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
    const encodeRows = this.runner.encodeRows;
    if (!encodeRows) throw new Error(`encode: a "${this.config.architecture}" model has no encoder`);
    const [b, L] = inputIds.shape;
    return tf.tidy(() => encodeRows(this, this.fusedPerPass(), inputIds, new Dropout(0, false, 0)).reshape([b, L, this.config.dModel]));
  }

  /**
   * Greedy or beam-search decoding (decoding.ts), the same options for every architecture.
   * Fused projection weights are built once for the whole call, not once per token. On WebGL
   * the shaders take shapes as uniforms meanwhile, so growing lengths compile nothing new
   * (dynamicShapes.ts).
   */
  async generate(inputIds: tf.Tensor2D, options: GenerateOptions): Promise<GenerateResult> {
    this.assertAlive();
    checkIds('inputIds', inputIds);
    const o = checkGenerateOptions(options);
    const fused = new FusedWeightCache((name) => this.w(name));
    try {
      return await withDynamicShapes(() =>
        search((repeat) => this.runner.stepper(this, fused, inputIds, repeat, o), inputIds.shape[0], this.config.vocabSize, o),
      );
    } finally {
      fused.dispose();
    }
  }

  /** Fused weights for one differentiable pass (concatenated on the gradient tape, see fusedWeights.ts). */
  private fusedPerPass() {
    return concatPerPass((name) => this.w(name));
  }

  private checkBatch(input: ForwardInput) {
    const batch = checkBatch(input);
    if (batch.segments && !this.runner.packing) {
      throw new RangeError(`packed rows (inputSegmentIds) are not supported by the "${this.config.architecture}" architecture`);
    }
    return batch;
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

function checkIds(field: string, t: tf.Tensor | undefined): asserts t is tf.Tensor2D {
  if (!(t instanceof tf.Tensor)) throw new TypeError(`${field} must be a tf.Tensor`);
  if (t.rank !== 2) throw new RangeError(`${field} must be rank 2 [batch, length] (got shape [${t.shape.join(', ')}])`);
  if (t.dtype !== 'int32') throw new TypeError(`${field} must be int32 (got ${t.dtype})`);
  if (t.shape[0] === 0 || t.shape[1] === 0) throw new RangeError(`${field} must not be empty (got shape [${t.shape.join(', ')}])`);
}

function checkSegments(input: ForwardInput): SegmentIds | undefined {
  const { inputSegmentIds: si, targetSegmentIds: st } = input;
  if (si === undefined && st === undefined) return undefined;
  if (si === undefined || st === undefined)
    throw new TypeError('inputSegmentIds and targetSegmentIds must be given together (packed rows)');
  checkIds('inputSegmentIds', si);
  checkIds('targetSegmentIds', st);
  const same = (a: tf.Tensor, b: tf.Tensor) => a.shape[0] === b.shape[0] && a.shape[1] === b.shape[1];
  if (!same(si, input.inputIds))
    throw new RangeError(`inputSegmentIds shape [${si.shape.join(', ')}] must equal inputIds shape [${input.inputIds.shape.join(', ')}]`);
  if (!same(st, input.labels))
    throw new RangeError(`targetSegmentIds shape [${st.shape.join(', ')}] must equal labels shape [${input.labels.shape.join(', ')}]`);
  return { inputs: si, targets: st };
}

function checkBatch(input: ForwardInput): { inputIds: tf.Tensor2D; labels: tf.Tensor2D; segments?: SegmentIds } {
  if (!input || typeof input !== 'object') throw new TypeError('forward input must be an object { inputIds, labels }');
  checkIds('inputIds', input.inputIds);
  checkIds('labels', input.labels);
  if (input.inputIds.shape[0] !== input.labels.shape[0]) {
    throw new RangeError(`labels batch size (${input.labels.shape[0]}) must equal inputIds batch size (${input.inputIds.shape[0]})`);
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
