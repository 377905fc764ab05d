/**
 * Noise masks (spec §B.2): which positions of a token segment an objective corrupts. A mask is a
 * Uint8Array of 0 (clean) / 1 (noise), one entry per token.
 */
import { roundHalfEven, type Rng } from './rng.ts';
import { nonNegativeInt, numberIn, positiveNumber } from '../validation/checks.ts';

export type NoiseMask = Uint8Array;

function checkLength(length: number, where: string): void {
  nonNegativeInt(length, `${where}: length`);
}

function checkDensity(density: number, where: string, max = 1): void {
  numberIn(density, `${where}: density`, 0, max);
}

/** Each position independently noise with probability `density` (uniform draw < density). */
export function iidNoiseMask(length: number, density: number, rng: Rng): NoiseMask {
  checkLength(length, 'iidNoiseMask');
  checkDensity(density, 'iidNoiseMask');
  const mask = new Uint8Array(length);
  for (let i = 0; i < length; i++) mask[i] = rng.float() < density ? 1 : 0;
  return mask;
}

/** The exact noise/span counts `randomSpansNoiseMask` uses for a segment of `length` tokens. */
export function randomSpansCounts(
  length: number,
  density: number,
  meanSpan: number,
): { paddedLength: number; noiseTokens: number; noiseSpans: number } {
  const L = Math.max(length, 2); // avoid degenerate tiny inputs
  let nN = roundHalfEven(L * density);
  nN = Math.min(Math.max(nN, 1), L - 1); // at least one noise and one clean token
  let nS = Math.max(roundHalfEven(nN / meanSpan), 1);
  // More spans than clean (or noise) tokens is undefined in the library (its segmentation would
  // need empty parts); cap so every span stays non-empty. Only reached with high density and
  // short mean spans (e.g. 0.9 with mean 1); the paper's settings never hit it.
  nS = Math.min(nS, nN, L - nN);
  return { paddedLength: L, noiseTokens: nN, noiseSpans: nS };
}

// Scratch flags reused across calls: the pipeline calls this once per segment, and a fresh
// allocation per call would dominate the cost.
let scratch = new Uint8Array(1024);

/**
 * Writes a uniformly random composition of `items` into `parts` positive parts into `out`.
 * Equivalent to the library's flags shuffle (parts−1 one-flags among the items−1 gaps, shuffled):
 * the set of one-flag gaps is a uniform (parts−1)-subset of the gaps, drawn here with Floyd's
 * algorithm in parts−1 draws instead of a full shuffle of items−1 flags.
 */
export function randomComposition(items: number, parts: number, rng: Rng, out: Int32Array = new Int32Array(parts)): Int32Array {
  if (!Number.isInteger(parts) || parts < 1 || !Number.isInteger(items) || items < parts) {
    throw new RangeError(`randomComposition: need integers 1 ≤ parts ≤ items (got items=${items}, parts=${parts})`);
  }
  const gaps = items - 1;
  const picks = parts - 1;
  if (scratch.length < gaps) scratch = new Uint8Array(Math.max(gaps, scratch.length * 2));
  const flags = scratch;
  flags.fill(0, 0, gaps);
  // Floyd: for j = gaps−picks … gaps−1, pick t in [0, j]; take t unless taken, else take j.
  for (let j = gaps - picks; j < gaps; j++) {
    const t = rng.below(j + 1);
    if (flags[t]) flags[j] = 1;
    else flags[t] = 1;
  }
  // Gap g lies between item g and item g+1; a one-flag there starts a new part.
  let part = 0;
  let start = 0;
  for (let g = 0; g < gaps; g++) {
    if (flags[g]) {
      out[part++] = g + 1 - start;
      start = g + 1;
    }
  }
  out[part] = items - start;
  return out;
}

/**
 * The span-corruption mask (spec §B.2): exactly roundHalfEven(L·density) noise tokens (clamped to
 * [1, L−1]) in max(roundHalfEven(nN/meanSpan), 1) spans, alternating clean/noise runs of uniformly
 * random lengths, starting clean and ending with noise; L = max(length, 2), truncated back to
 * `length`. Density 0 gives an all-clean mask.
 */
export function randomSpansNoiseMask(length: number, density: number, meanSpan: number, rng: Rng): NoiseMask {
  checkLength(length, 'randomSpansNoiseMask');
  checkDensity(density, 'randomSpansNoiseMask');
  positiveNumber(meanSpan, 'randomSpansNoiseMask: meanSpan');
  const mask = new Uint8Array(length);
  if (density === 0) return mask;
  const { paddedLength: L, noiseTokens: nN, noiseSpans: nS } = randomSpansCounts(length, density, meanSpan);
  const noiseLens = randomComposition(nN, nS, rng);
  const cleanLens = randomComposition(L - nN, nS, rng);
  let pos = 0;
  for (let s = 0; s < nS; s++) {
    pos += cleanLens[s];
    const end = Math.min(pos + noiseLens[s], length);
    if (pos < end) mask.fill(1, pos, end);
    pos += noiseLens[s];
  }
  return mask;
}

/**
 * The prefix-LM mask (spec §B.2): the first k tokens are marked noise (the prefix), with
 * k ~ Uniform{kmin … length−1}, kmin = min(length−1, max(1, roundHalfEven((1 − 2·density)(length−1)))).
 * density ≤ 0.5; at 0.5 the split point is uniform over 1 … length−1.
 */
export function randomPrefixNoiseMask(length: number, density: number, rng: Rng): NoiseMask {
  checkLength(length, 'randomPrefixNoiseMask');
  checkDensity(density, 'randomPrefixNoiseMask', 0.5);
  const mask = new Uint8Array(length);
  const maxInput = length - 1;
  if (maxInput <= 0) return mask; // a 0/1-token segment has no room for a prefix and a target
  const kmin = Math.min(maxInput, Math.max(1, roundHalfEven((1 - 2 * density) * maxInput)));
  const k = rng.int(kmin, maxInput + 1);
  mask.fill(1, 0, k);
  return mask;
}
