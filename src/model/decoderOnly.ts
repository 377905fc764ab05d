/**
 * The decoder-only language model and prefix LM of the paper (§3.2.1): one stack of T5 blocks
 * without cross-attention over `inputs ⧺ shiftRight(targets)`, causal everywhere ('decoder-only')
 * or fully visible over the inputs ('prefix-lm'). Right-padded inputs are moved to the right
 * end of their L slots first (pads in front, masked as keys), so the targets follow the last
 * input token directly and relative distances do not depend on how much padding a row has.
 * The loss and logits cover the target part only, so a batch means the same as for the
 * encoder-decoder and the training engine needs no change.
 *
 * Position bias: causal uses unidirectional buckets as the T5 decoder does; the prefix LM sees
 * keys to the right inside the prefix, so it uses bidirectional buckets to tell them apart.
 *
 * The stack is {@link runStack} with `singleStackLayout`: its weights are its own `decoder.*`
 * names (architecture.ts). Decoding runs the inputs once and keeps their keys and values, then
 * one position per step against a fixed-capacity cache, as the encoder-decoder's decoder does
 * (`useCache: false` re-runs the whole sequence each step: the reference the tests compare with).
 * Beam search and scores work as for the encoder-decoder.
 */
import * as tf from '@tensorflow/tfjs';
import { traitsOf } from './architecture.ts';
import { MASK_VALUE } from './positionBias.ts';
import { Dropout } from './layers.ts';
import { concatPerPass } from './fusedWeights.ts';
import { FixedSelfCache, logitsFromHidden, runStack, singleStackLayout, type ModelWeights, type StackCapture } from './stack.ts';
import { padColumns, shapeBucket } from './shapeBuckets.ts';
import { Prefixes, repeatedRows, type Stepper } from './decoding.ts';
import type { FusedSource } from './fusedWeights.ts';
import type { ArchitectureRunner } from './architectureRunner.ts';

/** Where the stack writes its attention when capturing. */
export type DecoderOnlyCapture = StackCapture;

/** Right-padded rows [b, L] rotated so their pads come first: [a b c 0 0] → [0 0 a b c]. */
export function leftPadded(inputIds: tf.Tensor2D): tf.Tensor2D {
  const L = inputIds.shape[1];
  const real = tf.sum(tf.cast(tf.notEqual(inputIds, 0), 'int32'), 1, true);
  const b = inputIds.shape[0];
  const index = tf.mod(tf.add(tf.range(0, L, 1, 'int32').reshape([1, L]), real), tf.scalar(L, 'int32'));
  // A flat gather (gather with batchDims gives wrong rows on wasm, tfjs 4.22).
  const rowStart = tf.mul(tf.range(0, b, 1, 'int32').reshape([b, 1]), tf.scalar(L, 'int32'));
  return tf.gather(inputIds.reshape([-1]), tf.add(index, rowStart).reshape([-1])).reshape([b, L]) as tf.Tensor2D;
}

/** The stack's input ids [b, L+T]: the (left-padded) inputs, then 0 (start), then the targets shifted right. */
export function sequenceIds(inputIds: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor2D {
  const [b, T] = labels.shape;
  const parts: tf.Tensor2D[] = [leftPadded(inputIds), tf.zeros([b, 1], 'int32') as tf.Tensor2D];
  if (T > 1) parts.push(tf.slice(labels, [0, 0], [b, T - 1]));
  return tf.concat(parts, 1) as tf.Tensor2D;
}

/**
 * Final-norm hidden states of every position, rows [b·(L+T), d]. Call inside a tidy; used by
 * forward/loss (which keep the target rows), decoding and tests of visibility.
 */
export function decoderOnlyRows(
  model: ModelWeights,
  inputIds: tf.Tensor2D,
  labels: tf.Tensor2D,
  dropout: Dropout,
  capture?: DecoderOnlyCapture,
  fused: FusedSource = concatPerPass((n) => model.w(n)),
): tf.Tensor2D {
  const [b, L] = inputIds.shape;
  const T = labels.shape[1];
  const ids = sequenceIds(inputIds, labels);
  // Pad keys are the zeros of the input part (the start token at L is a 0 too, and visible).
  const inputPad = tf.mul(tf.cast(tf.equal(tf.slice(ids, [0, 0], [b, L]), 0), 'float32'), MASK_VALUE);
  const keyMask = tf.concat([inputPad, tf.zeros([b, T])], 1).reshape([b, 1, 1, L + T]);
  const layout = singleStackLayout(model.config, traitsOf(model.config).selfMask);
  return runStack(model, fused, layout, { ids, keyMask, prefixLength: L }, dropout, capture).rows;
}

/** The target rows [b·T, d] of {@link decoderOnlyRows}. */
export function targetRows(rows: tf.Tensor2D, batch: number, inputLength: number, targetLength: number): tf.Tensor2D {
  const d = rows.shape[1];
  const all = rows.reshape([batch, inputLength + targetLength, d]);
  return tf.slice(all, [0, inputLength, 0], [batch, targetLength, d]).reshape([batch * targetLength, d]) as tf.Tensor2D;
}

export const singleStackRunner: ArchitectureRunner = {
  packing: false,

  targetRows(m, fused, { inputIds, labels }, dropout, capture) {
    const stack: StackCapture | undefined = capture ? { probs: capture.decoderSelf } : undefined;
    const rows = decoderOnlyRows(m, inputIds, labels, dropout, stack, fused);
    if (capture) {
      // One stack over inputs ⧺ targets: reported as the decoder's self-attention.
      capture.encoderPositionBias = tf.zeros([m.config.numHeads, 0, 0]) as tf.Tensor3D;
      capture.decoderPositionBias = stack!.positionBias!;
    }
    return targetRows(rows, inputIds.shape[0], inputIds.shape[1], labels.shape[1]);
  },

  stepper(m, fused, inputIds, repeat, { useCache, maxSteps }) {
    return useCache
      ? new CachedSingleStackStepper(m, fused, inputIds, repeat, maxSteps)
      : new SingleStackStepper(m, fused, inputIds, repeat);
  },
};

/**
 * Incremental decoding of the single stack. The constructor runs the (left-padded) inputs once,
 * as the first L positions of the reference pass: no input position sees a later one in either
 * mask, so their keys and values are the reference's. Each step then runs one position, L + t,
 * against a cache of fixed capacity (L + maxSteps rounded up to 16) with the keys after it masked,
 * as the encoder-decoder's cached decoder does. The input is padded to a multiple of 16 first:
 * the extra pads go in front with the others, masked as keys, so no distance to a real token
 * changes, and calls with nearby input lengths run the same shapes (GPU shaders compile once).
 */
class CachedSingleStackStepper implements Stepper {
  private readonly rows: number;
  private readonly inputLength: number;
  private readonly keyMask: tf.Tensor4D; // [rows, 1, 1, capacity]: the input's pads
  /** kᵀ [rows·H, d_kv, capacity] and v [rows·H, capacity, d_kv], zero from position L + t on. */
  private readonly cache: FixedSelfCache;
  private readonly none = new Dropout(0, false, 0);

  constructor(
    private readonly m: ModelWeights,
    private readonly fused: FusedSource,
    inputIds: tf.Tensor2D,
    repeat: number,
    maxSteps: number,
  ) {
    const c = m.config;
    const [b, length] = inputIds.shape;
    const L = shapeBucket(length);
    const C = shapeBucket(L + maxSteps);
    const rows = b * repeat;
    const H = c.numHeads;
    this.rows = rows;
    this.inputLength = L;
    const s = tf.tidy(() => {
      const ids = leftPadded(L > length ? padColumns(inputIds, L) : inputIds);
      const pads = tf.mul(tf.cast(tf.equal(ids, 0), 'float32'), MASK_VALUE) as tf.Tensor2D;
      const layout = singleStackLayout(c, traitsOf(c).selfMask);
      const out = runStack(m, fused, layout, { ids, keyMask: pads.reshape([b, 1, 1, L]), prefixLength: L, keepKeyValues: true }, this.none);
      const rowOf = repeatedRows(b, repeat);
      // [b·H, …] → [rows·H, …] with beams of an example side by side, padded to the capacity.
      const spread = (x: tf.Tensor3D, padding: Array<[number, number]>) => {
        const padded = tf.pad(x, padding);
        const [, p, q] = padded.shape;
        return tf.gather(padded.reshape([b, H * p * q]), rowOf).reshape([rows * H, p, q]) as tf.Tensor3D;
      };
      const selfK = out.k!.map((k) =>
        spread(k, [
          [0, 0],
          [0, 0],
          [0, C - L],
        ]),
      );
      const selfV = out.v!.map((v) =>
        spread(v, [
          [0, 0],
          [0, C - L],
          [0, 0],
        ]),
      );
      const keyMask = tf
        .gather(
          tf.pad(pads, [
            [0, 0],
            [0, C - L],
          ]),
          rowOf,
        )
        .reshape([rows, 1, 1, C]);
      return { keyMask, selfK, selfV } as unknown as tf.TensorContainer;
    }) as unknown as { keyMask: tf.Tensor4D; selfK: tf.Tensor3D[]; selfV: tf.Tensor3D[] };
    this.keyMask = s.keyMask;
    this.cache = new FixedSelfCache(s.selfK, s.selfV, C, H);
  }

  step(tokens: number[], t: number): tf.Tensor2D {
    const { m, rows } = this;
    const layout = singleStackLayout(m.config, traitsOf(m.config).selfMask);
    // tokens: the start token at t = 0, then the token chosen at step t − 1, at position L + t.
    return this.cache.step(
      this.inputLength + t,
      (cache) => runStack(m, this.fused, layout, { ids: tf.tensor2d(tokens, [rows, 1], 'int32'), keyMask: this.keyMask, cache }, this.none),
      (h) => logitsFromHidden(m, h),
    );
  }

  reorder(from: number[]): void {
    // Beams reorder within their example, so the input's key mask stays as it is.
    this.cache.reorder(from);
  }

  dispose(): void {
    this.keyMask.dispose();
    this.cache.dispose();
  }
}

/** Re-runs the stack over inputs ⧺ the tokens so far; the next token comes from the last position. */
class SingleStackStepper implements Stepper {
  private readonly inputs: tf.Tensor2D; // [rows, L]
  private readonly prefixes = new Prefixes();
  private readonly none = new Dropout(0, false, 0);

  constructor(
    private readonly m: ModelWeights,
    private readonly fused: FusedSource,
    inputIds: tf.Tensor2D,
    repeat: number,
  ) {
    const b = inputIds.shape[0];
    this.inputs = tf.tidy(() => tf.gather(inputIds, repeatedRows(b, repeat)));
  }

  step(tokens: number[], t: number): tf.Tensor2D {
    // The stack sees shiftRight(labels): the start token, then every token after it.
    this.prefixes.push(tokens);
    const [rows, L] = this.inputs.shape;
    return tf.tidy(() => {
      // Labels so far plus one slot: its shifted-in position is the one we predict from.
      const labels = tf.tensor2d(
        this.prefixes.rows.map((p) => [...p.slice(1), 0]),
        [rows, t + 1],
        'int32',
      );
      const hidden = decoderOnlyRows(this.m, this.inputs, labels, this.none, undefined, this.fused);
      const d = hidden.shape[1];
      const last = tf.slice(hidden.reshape([rows, L + t + 1, d]), [0, L + t, 0], [rows, 1, d]);
      return logitsFromHidden(this.m, last.reshape([rows, d]) as tf.Tensor2D);
    });
  }

  reorder(from: number[]): void {
    this.prefixes.reorder(from);
  }

  dispose(): void {
    this.inputs.dispose();
  }
}
