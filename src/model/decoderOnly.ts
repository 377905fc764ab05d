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
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Model } from './t5Model.ts';
import { architectureOf, attentionMask, decoderPattern } from './architecture.ts';
import { relativeBiasName } from './weightShapes.ts';
import { embeddingLookup, rmsNorm } from './ops.ts';
import { MASK_VALUE } from './positionBias.ts';
import type { Dropout } from './layers.ts';
import type { AttentionDims } from './attention.ts';

/** Where the stack writes its attention when capturing. */
export interface DecoderOnlyCapture {
  probs: tf.Tensor4D[];
  positionBias?: tf.Tensor3D;
}

/** [1, 1, N, N] additive mask of the architecture's pattern (prefix = the L input positions). */
export function sequenceMaskBias(model: T5Model, inputLength: number, targetLength: number): tf.Tensor4D {
  const N = inputLength + targetLength;
  const visible = attentionMask(decoderPattern(architectureOf(model.config)), N, inputLength);
  const values = new Float32Array(N * N);
  for (let i = 0; i < values.length; i++) values[i] = visible[i] ? 0 : MASK_VALUE;
  return tf.tensor4d(values, [1, 1, N, N]);
}

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
 * the model's forward/loss (which keep the target rows) and by tests of visibility.
 */
export function decoderOnlyRows(
  model: T5Model,
  inputIds: tf.Tensor2D,
  labels: tf.Tensor2D,
  dropout: Dropout,
  capture?: DecoderOnlyCapture,
): tf.Tensor2D {
  const c = model.config;
  const [b, L] = inputIds.shape;
  const T = labels.shape[1];
  const N = L + T;
  const dims: AttentionDims = { batch: b, heads: c.numHeads, dKv: c.dKv };
  const bidirectional = architectureOf(c) === 'prefix-lm';
  // The model aliases `encoder.*` to its `decoder.*` variables (architecture.ts weightAlias).
  const position = model.biasCache.bias(model.w(relativeBiasName('encoder')), N, N, bidirectional);
  if (capture) capture.positionBias = position.reshape([c.numHeads, N, N]) as tf.Tensor3D;
  const ids = sequenceIds(inputIds, labels);
  // Pad keys are the zeros of the input part (the start token at L is a 0 too, and visible).
  const inputPad = tf.mul(tf.cast(tf.equal(tf.slice(ids, [0, 0], [b, L]), 0), 'float32'), MASK_VALUE);
  const keyPad = tf.concat([inputPad, tf.zeros([b, T])], 1).reshape([b, 1, 1, N]);
  const bias = tf.add(tf.add(position, sequenceMaskBias(model, L, T)), keyPad);
  let x = dropout.apply(embeddingLookup(model.w('shared.weight'), ids)) as tf.Tensor2D;
  for (let i = 0; i < c.numLayers; i++) {
    const normed = rmsNorm(x, model.w(`encoder.block.${i}.layer.0.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
    x = tf.add(x, dropout.apply(model.selfAttention('encoder', i, normed, N, bias, dims, dropout, capture)));
    x = tf.add(x, dropout.apply(model.feedForwardOf('encoder', i, x, dropout)));
  }
  return dropout.apply(rmsNorm(x, model.w('encoder.final_layer_norm.weight'), c.layerNormEpsilon)) as tf.Tensor2D;
}

/** The target rows [b·T, d] of {@link decoderOnlyRows}. */
export function targetRows(rows: tf.Tensor2D, batch: number, inputLength: number, targetLength: number): tf.Tensor2D {
  const d = rows.shape[1];
  const all = rows.reshape([batch, inputLength + targetLength, d]);
  return tf.slice(all, [0, inputLength, 0], [batch, targetLength, d]).reshape([batch * targetLength, d]) as tf.Tensor2D;
}

/**
 * Greedy continuation for the single-stack models, recomputing the whole sequence each step
 * (no key/value cache: these models are small teaching models). Returns each row's ids,
 * ending with eos (1) if one was produced within `maxSteps`.
 */
export async function decoderOnlyGreedy(model: T5Model, inputIds: tf.Tensor2D, maxSteps: number, dropout: Dropout): Promise<number[][]> {
  const b = inputIds.shape[0];
  const out: number[][] = Array.from({ length: b }, () => []);
  const done = new Array<boolean>(b).fill(false);
  for (let t = 0; t < maxSteps && done.some((x) => !x); t++) {
    const next = tf.tidy(() => {
      // Labels so far plus one slot: its shifted-in position is the one we predict from.
      const labels = tf.tensor2d(out.map((row) => [...row, ...new Array<number>(t + 1 - row.length).fill(0)]), [b, t + 1], 'int32');
      const rows = decoderOnlyRows(model, inputIds, labels, dropout);
      const last = tf.slice(rows.reshape([b, -1, rows.shape[1]]), [0, inputIds.shape[1] + t, 0], [b, 1, rows.shape[1]]);
      return tf.argMax(model.logitsFromHidden(last.reshape([b, rows.shape[1]]) as tf.Tensor2D), -1);
    });
    const ids = (await next.array()) as number[];
    next.dispose();
    for (let r = 0; r < b; r++) {
      if (done[r]) continue;
      out[r].push(ids[r]);
      if (ids[r] === 1) done[r] = true;
    }
  }
  return out;
}
