/**
 * Statistics of the pre-training objectives measured on real corrupted segments (realised noise
 * rate, noise spans, input and target lengths), and the target length as a function of the
 * corruption rate and mean span length at the paper's 512 tokens: the reason span corruption is
 * cheaper (fewer, longer spans need fewer sentinels, so shorter targets). Pure.
 */
import { Rng } from '../objectives/rng.ts';
import type { Objective } from '../objectives/objectives.ts';
import { OBJECTIVES } from '../objectives/objectives.ts';
import { iidNoiseMask, randomSpansCounts } from '../objectives/noiseMasks.ts';
import { nonnoiseSpanToUniqueSentinel } from '../objectives/encoders.ts';
import { vocabOfSize, type SentinelVocab } from '../objectives/vocab.ts';
import { noiseSpans } from './objectiveExamples.ts';

export interface ObjectiveStats {
  objective: string;
  segments: number;
  /** Mean raw tokens per segment. */
  tokens: number;
  /** Mean share of tokens the mask marks (for prefix LM: the prefix). */
  noiseRate: number;
  /** Mean number of noise spans (maximal runs of marked tokens). */
  spans: number;
  inputLength: { mean: number; min: number; max: number };
  targetLength: { mean: number; min: number; max: number };
}

const summary = (xs: number[]) => ({ mean: xs.reduce((a, b) => a + b, 0) / (xs.length || 1), min: Math.min(...xs), max: Math.max(...xs) });

/** Corrupts every segment with `objective` (its own rng stream per segment) and measures. */
export function objectiveStats(
  objective: Objective,
  segments: readonly Int32Array[],
  options: { density?: number; meanSpan?: number; vocab: SentinelVocab; seed: number },
): ObjectiveStats {
  const inputs: number[] = [];
  const targets: number[] = [];
  let noise = 0;
  let tokens = 0;
  let spans = 0;
  segments.forEach((seg, i) => {
    const rng = new Rng(options.seed).fork(`${objective.name}:${i}`);
    const c = objective.corrupt(seg, { density: options.density, meanSpan: options.meanSpan, vocab: options.vocab, rng });
    inputs.push(c.inputs.length);
    targets.push(c.targets.length);
    tokens += seg.length;
    for (const m of c.mask) noise += m;
    const s = noiseSpans(c.mask);
    spans += s.length ? Math.max(-1, ...s) + 1 : 0;
  });
  const n = segments.length || 1;
  return {
    objective: objective.name,
    segments: segments.length,
    tokens: tokens / n,
    noiseRate: tokens ? noise / tokens : 0,
    spans: spans / n,
    inputLength: summary(inputs),
    targetLength: summary(targets),
  };
}

export interface TargetLengthRow {
  rate: number;
  series: string;
  /** Target tokens (EOS included) for `length` raw tokens. */
  targetLength: number;
}

/** Corruption rates drawn on the x axis. */
export const CURVE_RATES = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
export const CURVE_MEAN_SPANS = [2, 3, 5, 10];

/**
 * Target length for `length` raw tokens at each rate: exact for random spans (the mask's counts,
 * spec §B.2: noise tokens + one sentinel per span + EOS), and the mean over `draws` real i.i.d.
 * masks for "replace spans" (a sentinel per clean run) and "drop tokens" (noise tokens only).
 */
export function targetLengthCurve(
  options: { length?: number; meanSpans?: readonly number[]; rates?: readonly number[]; draws?: number; seed?: number } = {},
): TargetLengthRow[] {
  const length = options.length ?? 512;
  const rates = options.rates ?? CURVE_RATES;
  const draws = options.draws ?? 16;
  const vocab = vocabOfSize(32128);
  const rng = new Rng(options.seed ?? 0).fork('target-length-curve');
  const tokens = new Int32Array(length).fill(5);
  const rows: TargetLengthRow[] = [];
  for (const rate of rates) {
    let replace = 0;
    let drop = 0;
    for (let d = 0; d < draws; d++) {
      const mask = iidNoiseMask(length, rate, rng);
      replace += nonnoiseSpanToUniqueSentinel(tokens, mask, vocab).length + 1;
      for (const m of mask) drop += m;
    }
    rows.push({ rate, series: OBJECTIVES.iid_replace_spans.paperLabel, targetLength: replace / draws });
    rows.push({ rate, series: OBJECTIVES.iid_drop.paperLabel, targetLength: drop / draws + 1 });
    for (const s of options.meanSpans ?? CURVE_MEAN_SPANS) {
      const c = randomSpansCounts(length, rate, s);
      rows.push({ rate, series: `Random spans, mean length ${s}`, targetLength: c.noiseTokens + c.noiseSpans + 1 });
    }
  }
  return rows;
}

export interface ParamErrors {
  density?: string;
  meanSpan?: string;
  inputsLength?: string;
}

/** Validation messages of the objectives cell's parameters, each naming its field. */
export function objectiveParamErrors(objective: Objective, p: { density: unknown; meanSpan: unknown; inputsLength: unknown }): ParamErrors {
  const errors: ParamErrors = {};
  const d = p.density;
  // Span lengths need density < 1 (computeInputAndTargetLengths); the others allow their maximum.
  const max = objective.maskKind === 'spans' ? 0.99 : objective.maxDensity;
  if (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d > max)
    errors.density = `density must be a number in [0, ${max}] for ${objective.name} (got ${String(d)})`;
  const s = p.meanSpan;
  if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) errors.meanSpan = `meanSpan must be a positive number (got ${String(s)})`;
  const L = p.inputsLength;
  if (typeof L !== 'number' || !Number.isInteger(L) || L < 4 || L > 2048)
    errors.inputsLength = `inputsLength must be an integer in [4, 2048] (got ${String(L)})`;
  return errors;
}
