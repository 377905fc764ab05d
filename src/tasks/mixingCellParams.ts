/**
 * Schema of the mixing cell's stored parameters: types at the boundary, with the form labels;
 * `mixingParams` then checks ranges (K, T) as before.
 */
import { DEFAULT_MIXING_PARAMS, type MixingParams } from './mixingSetup.ts';
import { bool, finiteNumber, oneOf, type Schema } from '../validation/checks.ts';
import { parseCellParams, recordOf } from '../validation/cellParams.ts';

export const MIXING_SCHEMA: Schema<MixingParams> = {
  strategy: { label: 'strategy', check: (v, l) => oneOf(v, l, ['equal', 'proportional', 'temperature'] as const) },
  log2K: { label: 'K', check: finiteNumber },
  T: { label: 'T', check: finiteNumber },
  paperTasks: { label: "the paper's 23 tasks", check: bool },
  userSizes: { label: 'your tasks', check: (v, l) => recordOf(v, l, finiteNumber) },
  includeTask: { label: "the notebook's task", check: bool },
};

/** The mixing cell's params, checked: a wrong-typed field takes its default and is named. */
export function mixingCellParams(raw: unknown) {
  return parseCellParams<MixingParams>(raw, MIXING_SCHEMA, { ...DEFAULT_MIXING_PARAMS, userSizes: {} });
}
