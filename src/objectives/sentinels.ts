/**
 * How many sentinels (`<extra_id_k>`) an objective needs at a given inputs length, so a vocabulary
 * that is too small is refused before training with the fields to change, instead of failing
 * mid-run inside the tokenizer. T5's 100 extra ids (spec §A.9) are a vocabulary choice: 512
 * inputs at density 0.15 need 91 (span corruption) — 512 at 0.5 need 128.
 */
import { getObjective, type ObjectiveName } from './objectives.ts';
import { randomSpansCounts } from './noiseMasks.ts';

/** T5's number of extra ids (t5.data `DEFAULT_EXTRA_IDS`). */
export const T5_EXTRA_IDS = 100;

/** Objectives that give every noise span its own sentinel (`noise_span_to_unique_sentinel`). */
const UNIQUE_SENTINELS: readonly ObjectiveName[] = ['span_corruption', 'iid_replace_spans'];

/**
 * Sentinels an example may use: span corruption's exact span count; for i.i.d. noise with unique
 * sentinels, the expected number of noise runs plus 5 standard deviations (runs of an i.i.d.
 * mask: mean ≈ n·q, variance ≈ n·q·(1 − 3q), q = d(1 − d)), plus one for the targets' last clean
 * run; 0 for objectives that use only the mask id.
 */
export function sentinelsNeeded(objective: ObjectiveName, inputsLength: number, density?: number, meanSpan?: number): number {
  const o = getObjective(objective);
  if (!UNIQUE_SENTINELS.includes(objective)) return 0;
  const d = density ?? o.defaults.density;
  const span = meanSpan ?? o.defaults.meanSpan;
  const n = o.segmentLength(inputsLength, d, span);
  if (o.maskKind === 'spans') return randomSpansCounts(n, d, span).noiseSpans;
  const q = d * (1 - d);
  const mean = d + (n - 1) * q;
  const sd = Math.sqrt(Math.max(0, n * q * (1 - 3 * q)));
  return Math.min(Math.ceil(mean + 5 * sd), Math.ceil(n / 2)) + 1;
}

/** The names the user knows the three settings by (form labels or config fields or CLI flags). */
export interface SentinelFieldNames {
  inputsLength: string;
  density: string;
  meanSpan: string;
  extraIds: string;
}

export const RUN_CONFIG_FIELDS: SentinelFieldNames = {
  inputsLength: 'batch.inputLength',
  density: 'data.density',
  meanSpan: 'data.meanSpan',
  extraIds: "the tokenizer's sentinels (tokenizer: unigram trains with as many as needed; byte: a larger tokenizer.vocabSize)",
};

/**
 * A message when a tokenizer with `available` sentinels is too small for the objective, naming
 * the fields to change; undefined when it fits.
 */
export function sentinelShortage(
  objective: ObjectiveName,
  inputsLength: number,
  density: number | undefined,
  meanSpan: number | undefined,
  available: number,
  names: SentinelFieldNames,
): string | undefined {
  const needed = sentinelsNeeded(objective, inputsLength, density, meanSpan);
  if (needed <= available) return undefined;
  const o = getObjective(objective);
  const d = density ?? o.defaults.density;
  const spans = o.maskKind === 'spans';
  return `${names.inputsLength} ${inputsLength} at ${names.density} ${d}${spans ? ` and ${names.meanSpan} ${meanSpan ?? o.defaults.meanSpan}` : ''} needs ${needed} sentinels for ${objective}; the tokenizer has ${available}: lower ${names.density} or ${names.inputsLength}${spans ? `, raise ${names.meanSpan}` : ''}, or raise ${names.extraIds}`;
}
