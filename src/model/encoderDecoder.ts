/**
 * The encoder-decoder architectures (T5 itself, and the variant whose decoder shares the
 * encoder's weights, resolved by the model's `w`): the encoder stack, then the decoder stack
 * with cross-attention, both {@link runStack}. Decoding caches every decoder block's
 * self-attention keys/values and computes the cross-attention keys/values once from the encoder
 * output; step t's relative bias uses queryOffset = t (spec §F.2e). The cache has a fixed
 * capacity (stack.ts, SelfCache), so every step of a call has the same shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { Dropout } from './layers.ts';
import { shapeBucket, padColumns } from './shapeBuckets.ts';
import { padMaskBias } from './positionBias.ts';
import { segmentMaskBias, shiftRightSegmented } from './segments.ts';
import {
  crossKeyValues,
  decoderLayout,
  encoderLayout,
  logitsFromHidden,
  FixedSelfCache,
  runStack,
  type CrossInput,
  type ModelWeights,
  type StackCapture,
} from './stack.ts';
import { Prefixes, repeatedRows, type Stepper } from './decoding.ts';
import type { FusedSource } from './fusedWeights.ts';
import type { AttentionDims } from './attention.ts';
import type { ArchitectureRunner, AttentionCapture, ForwardBatch } from './architectureRunner.ts';

/** decoder_input[t] = labels[t−1], decoder_input[0] = 0 (start = pad, spec §A.9). */
export function shiftRight(labels: tf.Tensor2D): tf.Tensor2D {
  const [b, T] = labels.shape;
  const start = tf.zeros([b, 1], 'int32');
  if (T === 1) return start as tf.Tensor2D;
  return tf.concat([start, tf.slice(labels, [0, 0], [b, T - 1])], 1) as tf.Tensor2D;
}

/** Encoder rows [b·L, d] after the final norm (+ dropout). */
function encodeRows(
  m: ModelWeights,
  fused: FusedSource,
  ids: tf.Tensor2D,
  dropout: Dropout,
  capture?: StackCapture,
  segments?: ForwardBatch['segments'],
): tf.Tensor2D {
  const keyMask = segments ? segmentMaskBias(segments.inputs, segments.inputs) : padMaskBias(ids);
  return runStack(m, fused, encoderLayout(m.config), { ids, keyMask }, dropout, capture).rows;
}

/** Cross-attention to encoder rows [b·L, d], computing each block's keys/values when asked. */
function crossFrom(fused: FusedSource, encoded: tf.Tensor2D, L: number, dims: AttentionDims, bias: tf.Tensor): CrossInput {
  return { keyValues: (i) => crossKeyValues(fused, i, encoded, L, dims), bias };
}

export const encoderDecoderRunner: ArchitectureRunner = {
  packing: true,

  targetRows(m, fused, { inputIds, labels, segments }, dropout, capture?: AttentionCapture) {
    const c = m.config;
    const enc: StackCapture | undefined = capture ? { probs: capture.encoderSelf } : undefined;
    const dec: StackCapture | undefined = capture ? { probs: capture.decoderSelf, cross: capture.cross } : undefined;
    const encoded = encodeRows(m, fused, inputIds, dropout, enc, segments);
    const L = inputIds.shape[1];
    const decIds = segments ? shiftRightSegmented(labels, segments.targets) : shiftRight(labels);
    const cross = crossFrom(
      fused,
      encoded,
      L,
      { batch: labels.shape[0], heads: c.numHeads, dKv: c.dKv },
      segments ? segmentMaskBias(segments.targets, segments.inputs) : padMaskBias(inputIds),
    );
    // Causal mask only: labels are right-padded, so pad positions are never visible to real ones.
    const keyMask = segments ? segmentMaskBias(segments.targets, segments.targets) : undefined;
    const rows = runStack(m, fused, decoderLayout(c), { ids: decIds, keyMask, cross }, dropout, dec).rows;
    if (capture) {
      capture.encoderPositionBias = enc!.positionBias!;
      capture.decoderPositionBias = dec!.positionBias!;
    }
    return rows;
  },

  encodeRows(m, fused, inputIds, dropout) {
    return encodeRows(m, fused, inputIds, dropout);
  },

  stepper(m, fused, inputIds, repeat, { useCache, maxSteps }) {
    return new EncoderDecoderStepper(m, fused, inputIds, repeat, useCache, shapeBucket(maxSteps));
  },
};

/** Decoder state for rows = examples × repeat: encoder output, cross keys/values, self caches. */
class EncoderDecoderStepper implements Stepper {
  private readonly rows: number;
  private readonly encoded: tf.Tensor2D; // [rows·L, d]
  private readonly cross: { k: tf.Tensor3D[]; v: tf.Tensor3D[]; bias: tf.Tensor4D };
  /** kᵀ [rows·H, d_kv, capacity] and v [rows·H, capacity, d_kv], zero from position t on. */
  private readonly selfCache: FixedSelfCache;
  private readonly prefixes = new Prefixes();
  private readonly none = new Dropout(0, false, 0);

  constructor(
    private readonly m: ModelWeights,
    private readonly fused: FusedSource,
    inputIds: tf.Tensor2D,
    repeat: number,
    private readonly useCache: boolean,
    capacity: number,
  ) {
    const c = m.config;
    const [b, length] = inputIds.shape;
    // The reference path (no cache) encodes the input as it is, so tests compare the two.
    const L = useCache ? shapeBucket(length) : length;
    const rows = b * repeat;
    this.rows = rows;
    const s = tf.tidy(() => {
      const ids = L > length ? padColumns(inputIds, L) : inputIds;
      const rowOf = repeatedRows(b, repeat);
      const encIds = tf.gather(ids, rowOf) as tf.Tensor2D;
      const enc1 = encodeRows(m, fused, ids, this.none).reshape([b, L * c.dModel]);
      const encoded = tf.gather(enc1, rowOf).reshape([rows * L, c.dModel]) as tf.Tensor2D;
      const dims: AttentionDims = { batch: rows, heads: c.numHeads, dKv: c.dKv };
      const k: tf.Tensor3D[] = [];
      const v: tf.Tensor3D[] = [];
      for (let i = 0; i < c.numDecoderLayers; i++) {
        const kv = crossKeyValues(fused, i, encoded, L, dims);
        k.push(kv.kT);
        v.push(kv.v);
      }
      const empty = (shape: [number, number, number]) => tf.zeros(shape) as tf.Tensor3D;
      const C = useCache ? capacity : 0;
      const selfK = Array.from({ length: c.numDecoderLayers }, () => empty([rows * c.numHeads, c.dKv, C]));
      const selfV = Array.from({ length: c.numDecoderLayers }, () => empty([rows * c.numHeads, C, c.dKv]));
      return { encoded, k, v, bias: padMaskBias(encIds), selfK, selfV } as unknown as tf.TensorContainer;
    }) as unknown as {
      encoded: tf.Tensor2D;
      k: tf.Tensor3D[];
      v: tf.Tensor3D[];
      bias: tf.Tensor4D;
      selfK: tf.Tensor3D[];
      selfV: tf.Tensor3D[];
    };
    this.encoded = s.encoded;
    this.cross = { k: s.k, v: s.v, bias: s.bias };
    this.selfCache = new FixedSelfCache(s.selfK, s.selfV, capacity, c.numHeads);
  }

  step(tokens: number[], t: number): tf.Tensor2D {
    this.prefixes.push(tokens);
    const { m, fused, rows } = this;
    const d = m.config.dModel;
    if (!this.useCache) {
      // Reference path: the whole decoder over the prefix, keeping the last position.
      return tf.tidy(() => {
        const ids = tf.tensor2d(this.prefixes.rows.flat(), [rows, t + 1], 'int32');
        const L = this.encoded.shape[0] / rows;
        const dims: AttentionDims = { batch: rows, heads: m.config.numHeads, dKv: m.config.dKv };
        const cross = crossFrom(fused, this.encoded, L, dims, this.cross.bias);
        const hidden = runStack(m, fused, decoderLayout(m.config), { ids, cross }, this.none).rows;
        const last = tf.slice(hidden.reshape([rows, t + 1, d]), [0, t, 0], [rows, 1, d]);
        return logitsFromHidden(m, last.reshape([rows, d]) as tf.Tensor2D);
      });
    }
    const cross: CrossInput = { keyValues: (i) => ({ kT: this.cross.k[i], v: this.cross.v[i] }), bias: this.cross.bias };
    return this.selfCache.step(
      t,
      (cache) => runStack(m, fused, decoderLayout(m.config), { ids: tf.tensor2d(tokens, [rows, 1], 'int32'), cross, cache }, this.none),
      (h) => logitsFromHidden(m, h),
    );
  }

  reorder(from: number[]): void {
    this.selfCache.reorder(from);
    this.prefixes.reorder(from);
  }

  dispose(): void {
    tf.dispose([this.encoded, ...this.cross.k, ...this.cross.v, this.cross.bias]);
    this.selfCache.dispose();
  }
}
