/** Schema of the runs cell's stored parameters (which runs, smoothing, log axes), with its labels. */
import { arrayOf, bool, numberIn, string, type Schema } from '../validation/checks.ts';
import { nullable, parseCellParams } from '../validation/cellParams.ts';

export interface RunsCellParams {
  /** Selected run ids; null = the three newest. */
  selected: string[] | null;
  smoothing: number;
  logX: boolean;
  logY: boolean;
}

export const RUNS_DEFAULTS: RunsCellParams = { selected: null, smoothing: 0.6, logX: false, logY: false };

export const RUNS_SCHEMA: Schema<RunsCellParams> = {
  selected: { label: 'selected runs', check: nullable((v, l) => arrayOf(v, l, (x, n) => string(x, n))) },
  smoothing: { label: 'smoothing', check: (v, l) => numberIn(v, l, 0, 1, { maxExclusive: true }) },
  logX: { label: 'log x', check: bool },
  logY: { label: 'log y', check: bool },
};

export const runsCellParams = (raw: unknown) => parseCellParams(raw, RUNS_SCHEMA, RUNS_DEFAULTS);
