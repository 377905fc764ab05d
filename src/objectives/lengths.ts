/**
 * The t5 library's `random_spans_helper` (spec §B.4): how many raw tokens a span-corruption
 * segment must have so that, after corruption (+1 sentinel per span, +1 EOS), the inputs fit
 * exactly in `inputsLength`; and how long the targets then are. 512/0.15/3 → 568 raw, 114 targets.
 */
import { roundHalfEven } from './rng.ts';
import { fail, intAtLeast, numberIn, positiveNumber } from '../validation/checks.ts';

export interface SpanLengths {
  /** Raw tokens per segment before corruption. */
  tokensLength: number;
  /** Length of every target sequence (noise tokens + one sentinel per span + EOS). */
  targetsLength: number;
}

/** Inputs and targets lengths (EOS included) that `n` raw tokens produce. */
export function lengthsForTokens(
  n: number,
  density: number,
  meanSpan: number,
  extraPerSpanInputs = 1,
  extraPerSpanTargets = 1,
): { inputs: number; targets: number } {
  const nN = roundHalfEven(n * density);
  const nS = roundHalfEven(nN / meanSpan);
  return { inputs: n - nN + nS * extraPerSpanInputs + 1, targets: nN + nS * extraPerSpanTargets + 1 };
}

/**
 * Largest raw segment length whose corrupted inputs fit in `inputsLength`, and the resulting
 * targets length (the library's loop, including its density-0.5 adjustment).
 */
export function computeInputAndTargetLengths(inputsLength: number, density: number, meanSpan: number): SpanLengths {
  // Named as the caller's settings (the CLI maps inputsLength to --input-length / --inputs-length).
  intAtLeast(inputsLength, 'inputsLength', 2);
  numberIn(density, 'density', 0, 1, { maxExclusive: true });
  positiveNumber(meanSpan, 'meanSpan');
  let tokensLength = inputsLength - 1;
  // The loop terminates because inputs grow with n whenever density < 1 (each step adds ≥ 1 clean
  // token on average); the bound only guards against pathological float inputs.
  const bound = Math.ceil((inputsLength + 2) / (1 - density)) * 4 + 16;
  while (lengthsForTokens(tokensLength + 1, density, meanSpan).inputs <= inputsLength) {
    tokensLength++;
    if (tokensLength > bound) fail('density', 'further from 1 (no finite tokens length)', density);
  }
  let targetsLength = lengthsForTokens(tokensLength, density, meanSpan).targets;
  // The library's "minor hack" so that targets equal the (round-numbered) inputs length at 50%.
  if (density === 0.5 && targetsLength > inputsLength) {
    tokensLength -= 1;
    targetsLength -= 1;
  }
  return { tokensLength, targetsLength };
}
