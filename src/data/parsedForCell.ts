/**
 * What the dataset cell gets from parsing a dataset, shaped where the rows are (the upload worker
 * for a user's file): counts, the rows packed (packedRows.ts), each split as row indices, the
 * length histogram binned (lengthBins.ts), and for tasks the prefix and automatic metrics. Pure.
 */
import { parseCorpus, parseTsvTask, type Dataset, type TaskExample } from './parseDataset.ts';
import { summarizeDataset, VALIDATION_FRACTION, type DatasetSummary } from './datasetValue.ts';
import { splitExamples, splitIndices } from './split.ts';
import { binLengths, type LengthBins } from './lengthBins.ts';
import { ArrayRows, packedTransfer, packRows, PackedRowsView, type PackedRows, type RowsView } from './packedRows.ts';
import { autoMetrics, detectPrefix, type MetricName } from '../tasks/userTask.ts';

/** What the dataset cell shows of a dataset: counts, the split's rows (read when shown) and the binned lengths. */
export interface DatasetViewData {
  summary: DatasetSummary;
  /** Rows of each split, in file order. */
  splits: { train: RowsView<string | TaskExample>; validation: RowsView<string | TaskExample> };
  lengths: LengthBins;
}

/**
 * What parsing stored text yields for the dataset cell, shaped where the rows are (the worker) so
 * the page does no per-row work and receives no row as a string: the counts, the rows packed in
 * two buffers, each split as row indices, the binned lengths, and for tasks the file's common
 * prefix and the automatically chosen metrics. Every buffer is transferred, not copied.
 */
export interface ParsedForCell {
  summary: DatasetSummary;
  packed: PackedRows;
  trainIndices: Uint32Array;
  validationIndices: Uint32Array;
  lengths: LengthBins;
  /** Tasks: the skipped header row, if any. */
  header?: string;
  /** Tasks: `detectPrefix` of the examples ('' when they share none). */
  detectedPrefix?: string;
  /** Tasks: `metricsFor('auto', examples)`. */
  autoMetrics?: MetricName[];
}

/** Parses and shapes stored text (in the worker, or inline without one). */
export function parseForCell(
  kind: 'task' | 'corpus',
  name: string,
  text: string,
): { ok: true; value: ParsedForCell } | { ok: false; errors: string[] } {
  const parsed = kind === 'task' ? parseTsvTask(text, name) : parseCorpus(text, name);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map(String) };
  const ds = parsed.value;
  const rows = ds.kind === 'task' ? ds.examples : ds.documents;
  const split = splitIndices<string | TaskExample>(rows, VALIDATION_FRACTION);
  const chars =
    ds.kind === 'task'
      ? ds.examples.reduce((n, e) => n + e.inputs.length + e.targets.length, 0)
      : ds.documents.reduce((n, d) => n + d.length, 0);
  const value: ParsedForCell = {
    summary: { name: ds.name, kind: ds.kind, rows: rows.length, train: split.train.length, validation: split.validation.length, chars },
    packed: packRows(ds),
    trainIndices: split.train,
    validationIndices: split.validation,
    lengths: binLengths(ds),
  };
  if (ds.kind === 'task') {
    if (ds.header !== undefined) value.header = ds.header;
    Object.assign(value, { detectedPrefix: detectPrefix(ds.examples), autoMetrics: autoMetrics(ds.examples) });
  }
  return { ok: true, value };
}

/** The buffers a {@link ParsedForCell} moves by transfer. */
export const parsedTransfer = (p: ParsedForCell): Transferable[] => [
  ...packedTransfer(p.packed),
  p.trainIndices.buffer as ArrayBuffer,
  p.validationIndices.buffer as ArrayBuffer,
];

/** The page's view of a parsed upload: split views over the packed rows (nothing decoded yet). */
export function viewOfParsed(p: ParsedForCell): DatasetViewData {
  return {
    summary: p.summary,
    splits: { train: new PackedRowsView(p.packed, p.trainIndices), validation: new PackedRowsView(p.packed, p.validationIndices) },
    lengths: p.lengths,
  };
}

/** The view of a small dataset held as arrays (bundled datasets, loaded on the page). */
export function datasetView(ds: Dataset): DatasetViewData {
  const split = { validationFraction: VALIDATION_FRACTION };
  const splits =
    ds.kind === 'task' ? splitExamples<string | TaskExample>(ds.examples, split) : splitExamples<string | TaskExample>(ds.documents, split);
  return {
    summary: summarizeDataset(ds),
    splits: { train: new ArrayRows(splits.train), validation: new ArrayRows(splits.validation) },
    lengths: binLengths(ds),
  };
}
