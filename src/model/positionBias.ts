/**
 * Relative-position bias and attention masks (spec §A.8, §A.1). Bucket ids come from the JS
 * bucket function (identical on every backend); the lookup into the [buckets, heads] table is a
 * matmul with a cached one-hot matrix, so it trains on wasm (no gather gradient there) and costs
 * no tensor churn per step. Masks use −1e9 rather than −∞ (spec §F.1).
 */
import * as tf from '@tensorflow/tfjs';
import { bucketGrid } from './relativePositionBucket.ts';
import { matMul } from './ops.ts';
import { attentionMask, type MaskPattern } from './architecture.ts';

/** Added to the score of a masked key; exp underflows to exactly 0 after the softmax shift. */
export const MASK_VALUE = -1e9;

export class PositionBiasCache {
  private readonly oneHots = new Map<string, tf.Tensor2D>();
  private readonly causal = new Map<number, tf.Tensor4D>();
  /** Per (position, capacity): the causal mask row [1, 1, 1, capacity] and the one-hot [capacity]. */
  private readonly rows = new Map<string, { mask: tf.Tensor4D; slot: tf.Tensor1D }>();

  constructor(
    private readonly numBuckets: number,
    private readonly maxDistance: number,
  ) {}

  /** [buckets, qLen·kLen] one-hot of the bucket of each (query, key) cell; kept until dispose. */
  private bucketOneHot(qLen: number, kLen: number, bidirectional: boolean, queryOffset: number): tf.Tensor2D {
    const key = `${qLen}x${kLen}:${bidirectional ? 'b' : 'c'}@${queryOffset}`;
    let t = this.oneHots.get(key);
    if (!t) {
      const grid = bucketGrid(qLen, kLen, { bidirectional, numBuckets: this.numBuckets, maxDistance: this.maxDistance }, queryOffset);
      const cells = qLen * kLen;
      const values = new Float32Array(this.numBuckets * cells);
      for (let c = 0; c < cells; c++) values[grid[c] * cells + c] = 1;
      t = tf.keep(tf.tensor2d(values, [this.numBuckets, cells]));
      this.oneHots.set(key, t);
    }
    return t;
  }

  /**
   * Position bias [1, H, qLen, kLen] from a stack's `table` [buckets, H]. `queryOffset` is the
   * absolute position of the first query (incremental decoding at step t: offset t).
   */
  bias(table: tf.Tensor2D, qLen: number, kLen: number, bidirectional: boolean, queryOffset = 0): tf.Tensor4D {
    const H = table.shape[1];
    const oneHot = this.bucketOneHot(qLen, kLen, bidirectional, queryOffset);
    return matMul(table, oneHot, true, false).reshape([1, H, qLen, kLen]);
  }

  /** [1, 1, T, T]: 0 where key ≤ query, MASK_VALUE above the diagonal; kept until dispose. */
  causalMask(T: number): tf.Tensor4D {
    let t = this.causal.get(T);
    if (!t) {
      t = tf.keep(patternMaskBias('causal', T));
      this.causal.set(T, t);
    }
    return t;
  }

  private row(position: number, capacity: number): { mask: tf.Tensor4D; slot: tf.Tensor1D } {
    const key = `${position}/${capacity}`;
    let r = this.rows.get(key);
    if (!r) {
      const mask = new Float32Array(capacity).fill(MASK_VALUE, position + 1);
      const slot = new Float32Array(capacity);
      slot[position] = 1;
      r = { mask: tf.keep(tf.tensor4d(mask, [1, 1, 1, capacity])), slot: tf.keep(tf.tensor1d(slot)) };
      this.rows.set(key, r);
    }
    return r;
  }

  /** [1, 1, 1, capacity]: 0 for keys ≤ `position`, MASK_VALUE after (one decoding step's query). */
  causalRow(position: number, capacity: number): tf.Tensor4D {
    return this.row(position, capacity).mask;
  }

  /** [capacity] one-hot of `position`: where a decoding step writes its key and value. */
  slot(position: number, capacity: number): tf.Tensor1D {
    return this.row(position, capacity).slot;
  }

  /** Number of cached constant tensors (for leak checks and tests). */
  get size(): number {
    return this.oneHots.size + this.causal.size + 2 * this.rows.size;
  }

  dispose(): void {
    for (const t of this.oneHots.values()) t.dispose();
    for (const t of this.causal.values()) t.dispose();
    for (const r of this.rows.values()) tf.dispose([r.mask, r.slot]);
    this.oneHots.clear();
    this.causal.clear();
    this.rows.clear();
  }
}

/**
 * [1, 1, N, N] additive mask of a self-attention pattern: 0 where visible, MASK_VALUE elsewhere.
 * Built from {@link attentionMask}, the function the mask figure draws.
 */
export function patternMaskBias(pattern: MaskPattern, N: number, prefixLength = 0): tf.Tensor4D {
  const visible = attentionMask(pattern, N, prefixLength);
  const values = new Float32Array(N * N);
  for (let k = 0; k < values.length; k++) values[k] = visible[k] ? 0 : MASK_VALUE;
  return tf.tensor4d(values, [1, 1, N, N]);
}

/** [b, 1, 1, L] key mask from int32 ids [b, L]: 0 for real tokens, MASK_VALUE for pad (id 0). */
export function padMaskBias(ids: tf.Tensor2D): tf.Tensor4D {
  const [b, L] = ids.shape;
  const isPad = tf.cast(tf.equal(ids, 0), 'float32');
  return tf.mul(isPad, MASK_VALUE).reshape([b, 1, 1, L]);
}
