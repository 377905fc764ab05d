/**
 * Dropout whose mask is a pure function of (seed, element index): a counter-based hash instead
 * of tf.dropout's sequential JS random generator, which drew ~7.5 M numbers one by one per
 * bench-nano training step (~100–250 ms on wasm). Backends that register the kernel
 * {@link SEEDED_DROPOUT} (wasm: src/backend/wasmKernels/dropout.wat) hash and multiply in place,
 * and regenerate the mask from the seed for the backward pass; elsewhere the mask is computed here
 * in JS and multiplied in. Both give bit-identical masks.
 *
 *   keep(i) = mix(mix(i ^ k1) + k2) ≥ threshold (unsigned), threshold = round(rate · 2³²)
 *   y[i] = keep(i) ? x[i] / (1 − rate) : 0
 * with mix = "lowbias32" (C. Wellons' 32-bit integer hash) and k1, k2 derived from the seed.
 */
import * as tf from '@tensorflow/tfjs';

/** Kernel name: inputs {x}, attrs {rate, seed}; returns x times the mask (float32). */
export const SEEDED_DROPOUT = 'T5SeededDropout';

/** lowbias32: a 32-bit integer hash with low bias (good avalanche), as an unsigned number. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The two 32-bit keys of a seed (any integer; reduced modulo 2³²). */
export function dropoutKeys(seed: number): { k1: number; k2: number } {
  const s = Number.isSafeInteger(seed) ? (seed % 2 ** 32) >>> 0 : 0;
  const k1 = mix32(s ^ 0x9e3779b9);
  return { k1, k2: mix32(k1 ^ 0x85ebca6b) };
}

/** Unsigned threshold below which an element is dropped. */
export function dropoutThreshold(rate: number): number {
  return Math.min(2 ** 32 - 1, Math.round(rate * 2 ** 32));
}

/** Multipliers (0 or 1/(1 − rate)) of elements start … start + n − 1. */
export function dropoutMultipliers(n: number, rate: number, seed: number, start = 0): Float32Array {
  const { k1, k2 } = dropoutKeys(seed);
  const key1 = k1 | 0;
  const key2 = k2 | 0;
  // mix32 twice, inlined and kept in int32 (uint32 values above 2³¹ would be heap doubles); the
  // unsigned comparison h ≥ threshold becomes a signed one with the top bit flipped.
  const threshold = (dropoutThreshold(rate) ^ 0x80000000) | 0;
  const scale = 1 / (1 - rate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let x = ((start + i) | 0) ^ key1;
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d);
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b);
    x ^= x >>> 16;
    x = (x + key2) | 0;
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d);
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b);
    x ^= x >>> 16;
    out[i] = (x ^ 0x80000000) >= threshold ? scale : 0;
  }
  return out;
}

/**
 * Inverted dropout of float32 `x` with drop probability `rate` in [0, 1) and an integer `seed`;
 * differentiable. With the kernel the backward pass regenerates the mask; without it the mask is
 * computed once in JS and kept for the backward pass.
 */
export function seededDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1) (got ${rate})`);
  if (!Number.isInteger(seed)) throw new RangeError(`dropout seed must be an integer (got ${seed})`);
  if (rate === 0) return x;
  if (tf.getKernel(SEEDED_DROPOUT, tf.getBackend())) {
    const masked = (t: tf.Tensor) => tf.engine().runKernel(SEEDED_DROPOUT, { x: t }, { rate, seed }) as tf.Tensor;
    return tf.customGrad((input) => ({ value: masked(input as tf.Tensor), gradFunc: (dy: tf.Tensor) => masked(dy) }))(x);
  }
  const op = tf.customGrad((input, save) => {
    const t = input as tf.Tensor;
    const mask = tf.tensor(dropoutMultipliers(t.size, rate, seed), t.shape, 'float32');
    (save as tf.GradSaveFunc)([mask]);
    return { value: tf.mul(t, mask), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]) };
  });
  return op(x);
}
