/**
 * Seeded randomness for everything stochastic in t5lab (noise masks, corruption, data order,
 * initialisation). Nothing in the core may call Math.random: every function takes an `Rng`, so a
 * run is reproducible from its seed and resumable from `rng.state()`.
 *
 * The generator is pure-rand's xoroshiro128+ (128-bit state, period 2^128 − 1). This wrapper adds
 * the operations the objectives need (unbiased integers, 53-bit floats, Fisher–Yates shuffle,
 * keyed child streams) and a plain-JSON state.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** Serialisable generator state: `Rng.fromState(rng.state())` continues the exact same stream. */
export interface RngState {
  algorithm: 'xoroshiro128plus';
  /** Four signed 32-bit words. */
  words: [number, number, number, number];
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: a well-mixed 32-bit value from any 32-bit input (used only to derive seeds). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/** FNV-1a over the UTF-16 code units of a key, so string keys fork distinct streams. */
function hashKey(key: string | number): number {
  const s = typeof key === 'number' ? `#${key}` : key;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Four words from (a, b): all-zero state is the one forbidden xoroshiro state, so avoid it. */
function wordsFrom(a: number, b: number): [number, number, number, number] {
  const w0 = mix32(a ^ 0x3c6ef372);
  const w1 = mix32(b ^ w0);
  const w2 = mix32(a ^ w1 ^ 0x5851f42d);
  const w3 = mix32(b ^ w2 ^ 0x14057b7e);
  if ((w0 | w1 | w2 | w3) === 0) return [1, 0, 0, 0];
  return [w0, w1, w2, w3];
}

/** A seeded pseudo-random stream. Mutable: every draw advances it. */
export class Rng {
  private gen: JumpableRandomGenerator;

  /** `seed`: any safe integer (all 53 bits are used) or a string. */
  constructor(seed: number | string) {
    if (typeof seed === 'number') {
      if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng: seed must be a safe integer or a string (got ${seed})`);
      const lo = seed | 0;
      const hi = Math.floor(seed / TWO_POW_32) | 0;
      this.gen = xoroshiro128plusFromState(wordsFrom(lo, hi));
    } else if (typeof seed === 'string') {
      this.gen = xoroshiro128plusFromState(wordsFrom(hashKey(seed), seed.length));
    } else {
      throw new TypeError('Rng: seed must be a safe integer or a string');
    }
  }

  /** Restores a stream saved with `state()`. */
  static fromState(state: RngState): Rng {
    if (
      !state ||
      state.algorithm !== 'xoroshiro128plus' ||
      !Array.isArray(state.words) ||
      state.words.length !== 4 ||
      !state.words.every((w) => Number.isInteger(w))
    ) {
      throw new TypeError('Rng.fromState: state must be { algorithm: "xoroshiro128plus", words: [4 integers] }');
    }
    const r = Object.create(Rng.prototype) as Rng;
    r.gen = xoroshiro128plusFromState(state.words.map((w) => w | 0));
    return r;
  }

  /** A JSON-safe snapshot of the current position in the stream. */
  state(): RngState {
    const w = this.gen.getState();
    return { algorithm: 'xoroshiro128plus', words: [w[0], w[1], w[2], w[3]] };
  }

  /** An independent copy at the same position. */
  clone(): Rng {
    return Rng.fromState(this.state());
  }

  /**
   * A child stream determined by this stream's current position and `key`; does not advance this
   * stream. Different keys give unrelated streams (e.g. fork('init'), fork('data')).
   */
  fork(key: string | number): Rng {
    const w = this.gen.getState();
    const k = hashKey(key);
    const a = mix32(w[0] ^ k) ^ mix32(w[2]);
    const b = mix32(w[1] ^ mix32(k)) ^ mix32(w[3] ^ 0x2545f491);
    const r = Object.create(Rng.prototype) as Rng;
    r.gen = xoroshiro128plusFromState(wordsFrom(a, b));
    return r;
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n), unbiased (rejection sampling); n ≤ 2^32. */
  below(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n)))
      throw new RangeError(`Rng.below: n must be an integer in [1, 2^32] (got ${n})`);
    // Largest multiple of n that fits in 2^32: draws at or above it would bias small values.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let v = this.gen.next() >>> 0;
    while (v >= limit) v = this.gen.next() >>> 0;
    return v % n;
  }

  /** A uniform integer in [lo, hi) (hi exclusive, like tf.random.uniform's maxval). */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi <= lo)
      throw new RangeError(`Rng.int: need integers lo < hi (got lo=${lo}, hi=${hi})`);
    return lo + this.below(hi - lo);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  /** Shuffles `xs` in place (Fisher–Yates; every permutation equally likely) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(xs: T): T {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }
}

/**
 * Round half to even ("banker's rounding"), the semantics of Python's round() and tf.round:
 * 4.5 → 4, 10.5 → 10, 7.5 → 8, −2.5 → −2. Works on the exact double value: x − floor(x) is exact,
 * so 568·0.15 (stored as 85.2000…03) rounds to 85, and 30·0.15 (exactly 4.5 as a double) to 4.
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  // `+ 0` turns −0 into 0, so results compare equal as integers everywhere.
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f + 0;
  return f % 2 === 0 ? f + 0 : f + 1;
}
