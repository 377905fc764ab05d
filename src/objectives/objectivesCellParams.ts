/**
 * Schema of the objectives cell's stored parameters. The defaults of the corruption rate and
 * span length are the chosen objective's own; ranges are `objectiveParamErrors`' (shown per field).
 */
import { OBJECTIVE_NAMES, OBJECTIVES, type ObjectiveName } from './objectives.ts';
import { finiteNumber, oneOf, type Schema } from '../validation/checks.ts';
import { parseCellParams } from '../validation/cellParams.ts';

export interface ObjectivesCellParams {
  objective: ObjectiveName;
  density: number;
  meanSpan: number;
  inputsLength: number;
}

export const OBJECTIVES_SCHEMA: Schema<ObjectivesCellParams> = {
  objective: { label: 'objective', check: (v, l) => oneOf(v, l, OBJECTIVE_NAMES) },
  density: { label: 'corruption rate', check: finiteNumber },
  meanSpan: { label: 'mean span length', check: finiteNumber },
  inputsLength: { label: 'inputs length', check: finiteNumber },
};

/** The objectives cell's params, checked; a bad or missing rate/span takes the objective's default. */
export function objectivesCellParams(raw: unknown) {
  const { value } = parseCellParams(raw, { objective: OBJECTIVES_SCHEMA.objective }, { objective: 'span_corruption' as ObjectiveName });
  const o = OBJECTIVES[value.objective];
  return parseCellParams(raw, OBJECTIVES_SCHEMA, {
    objective: 'span_corruption',
    density: o.defaults.density,
    meanSpan: o.defaults.meanSpan,
    inputsLength: 48,
  } as ObjectivesCellParams);
}
