/**
 * The dataset cell's length histogram, binned where the rows are (the upload worker for a user's
 * file) so the page draws ~40 bars instead of binning one length per row (drawn by
 * `datasetLengthsFigure`, src/figures/datasetLengths.ts): rows beyond the 99th percentile are not
 * drawn, and every field shares one set of "nice" thresholds (d3's ticks for 40 bins).
 */
import type { Dataset } from './parseDataset.ts';
import type { LengthRow } from './datasetValue.ts';

export type LengthField = LengthRow['field'];

export interface LengthBin {
  field: LengthField;
  /** Lengths in [x0, x1) (the last bin also holds x1). */
  x0: number;
  x1: number;
  count: number;
}

export interface LengthBins {
  fields: LengthField[];
  bins: LengthBin[];
  /** The 99th percentile of all lengths: longer rows are not in `bins`. */
  cutoff: number;
  /** Rows of every field, drawn or not. */
  total: number;
}

/** d3-array's tickIncrement: the step of about `count` nice ticks over [start, stop]. */
function tickStep(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * 10 ** power;
}

/** Thresholds that cover [min, max] with about `count` bins on round numbers. */
export function niceThresholds(min: number, max: number, count = 40): number[] {
  if (!(max > min)) return [min, min + 1];
  const step = tickStep(min, max, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const out: number[] = [];
  for (let k = 0; lo + k * step <= hi + step / 2; k++) out.push(Math.round((lo + k * step) * 1e9) / 1e9);
  if (out[out.length - 1] === max) out.push(max + step);
  return out;
}

/** Bins lengths given per field (one typed array each). */
export function binLengthArrays(byField: ReadonlyArray<[LengthField, Uint32Array]>): LengthBins {
  const total = byField.reduce((n, [, a]) => n + a.length, 0);
  const all = new Uint32Array(total);
  let k = 0;
  for (const [, a] of byField) all.set(a, (k += a.length) - a.length);
  all.sort();
  const cutoff = total ? all[Math.min(total - 1, Math.floor(total * 0.99))] : 0;
  const fields = byField.map(([f]) => f);
  if (!total) return { fields, bins: [], cutoff, total };
  const t = niceThresholds(all[0], cutoff);
  const bins: LengthBin[] = [];
  const step = t[1] - t[0];
  for (const [field, a] of byField) {
    const counts = new Float64Array(t.length - 1);
    for (const x of a) {
      if (x > cutoff) continue;
      counts[Math.min(counts.length - 1, Math.max(0, Math.floor((x - t[0]) / step)))]++;
    }
    counts.forEach((count, i) => bins.push({ field, x0: t[i], x1: t[i + 1], count }));
  }
  return { fields, bins, cutoff, total };
}

/** The histogram of a dataset's row lengths in characters (documents, or inputs and targets). */
export function binLengths(ds: Dataset): LengthBins {
  if (ds.kind === 'corpus') return binLengthArrays([['document', Uint32Array.from(ds.documents, (d) => d.length)]]);
  return binLengthArrays([
    ['input', Uint32Array.from(ds.examples, (e) => e.inputs.length)],
    ['target', Uint32Array.from(ds.examples, (e) => e.targets.length)],
  ]);
}
