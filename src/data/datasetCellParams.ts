/**
 * Schema of the dataset cell's stored parameters (which dataset, and for an uploaded task its
 * name, prefix and metric), parsed at the boundary with the form's labels.
 */
import { METRIC_CHOICES, type MetricChoice } from '../tasks/userTask.ts';
import { oneOf, string, type Schema } from '../validation/checks.ts';
import { parseCellParams } from '../validation/cellParams.ts';

export interface DatasetCellParams {
  source: 'bundled' | 'user';
  /** Stored dataset id (uploads only); '' = none. */
  id: string;
  /** Bundled dataset name, or the upload's file name. */
  name: string;
  kind: 'corpus' | 'task';
  taskName: string;
  prefix?: string;
  metric?: MetricChoice;
}

export const DATASET_DEFAULTS: DatasetCellParams = { source: 'bundled', id: '', name: 'pretrain_factbook', kind: 'corpus', taskName: '' };

export const DATASET_SCHEMA: Schema<DatasetCellParams> = {
  source: { label: 'dataset', check: (v, l) => oneOf(v, l, ['bundled', 'user'] as const) },
  id: { label: 'dataset', check: (v, l) => string(v, l) },
  name: { label: 'dataset', check: (v, l) => string(v, l) },
  kind: { label: 'dataset', check: (v, l) => oneOf(v, l, ['corpus', 'task'] as const) },
  taskName: { label: 'task name', check: (v, l) => string(v, l) },
  prefix: { label: 'prefix', check: (v, l) => string(v, l) },
  metric: { label: 'metric', check: (v, l) => oneOf(v, l, METRIC_CHOICES) },
};

/** The dataset cell's params, checked: bad fields fall back to their default and are named. */
export function datasetCellParams(raw: unknown) {
  return parseCellParams(raw, DATASET_SCHEMA, DATASET_DEFAULTS);
}
