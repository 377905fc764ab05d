/**
 * The values a dataset cell publishes (src/notebook/valueNames.ts): `corpus` for pre-training text,
 * `task` for input → target pairs with the deterministic hash split (split.ts), plus the summary
 * the cell shows. Pure: the cell loads the dataset, this module shapes it.
 */
import type { CorpusDataset, Dataset, TaskDataset, TaskExample } from './parseDataset.ts';
import { splitExamples } from './split.ts';
import type { RowsView } from './packedRows.ts';

/** The `corpus` value: documents for tokenizer training and pre-training objectives. */
export interface CorpusValue {
  name: string;
  /** Dataset reference for training when it is not `name`: the stored dataset id of the user's file. */
  source?: string;
  /**
   * Every document. On a user's upload this is a getter that decodes them all on first read (one
   * string per row on this thread): cells read `rows` instead, through `corpusRows`.
   */
  documents: string[];
  /** The documents as a view over packed rows (a user's upload), read row by row. */
  rows?: RowsView<string>;
}

/** The `task` value: a text-to-text task, split into train and validation by input hash. */
export interface TaskValue {
  name: string;
  /** Task prefix such as "translate English to German: " ('' when unknown). */
  prefix: string;
  train: TaskExample[];
  validation: TaskExample[];
  /** The user's task: its stored dataset id (absent for bundled tasks, which `name` identifies). */
  source?: string;
  /** The user's task: metric names (src/tasks/userTask.ts METRICS) it is scored with. */
  metrics?: string[];
  /** The header row skipped in the file, if any. */
  header?: string;
  /** A user's upload: the splits as views over packed rows (`train`/`validation` decode them all on first read). */
  trainRows?: RowsView<TaskExample>;
  validationRows?: RowsView<TaskExample>;
}

/** Defines `key` as a getter that builds its value once, on first read (enumerable, like a plain field). */
function lazyField<T extends object, V>(target: T, key: string, build: () => V): void {
  let cached: V | undefined;
  Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => (cached ??= build()) });
}

/**
 * The `corpus` value of a user's upload: `rows` (packed, decoded row by row) and, for code that
 * wants an array, `documents` decoded on first read. The rows are not copied to build it.
 */
export function corpusValueOfRows(name: string, source: string, rows: RowsView<string>): CorpusValue {
  const value = { name, source, rows } as CorpusValue;
  lazyField(value, 'documents', () => rows.toArray());
  return value;
}

/** The `task` value of a user's upload from split views; `train`/`validation` arrays are decoded on first read. */
export function taskValueOfRows(
  split: { train: RowsView<TaskExample>; validation: RowsView<TaskExample> },
  prefix: string,
  user: { name: string; source: string; metrics: string[] },
  header?: string,
): TaskValue {
  const value = {
    name: user.name,
    prefix,
    source: user.source,
    metrics: user.metrics,
    trainRows: split.train,
    validationRows: split.validation,
  } as TaskValue;
  lazyField(value, 'train', () => split.train.toArray());
  lazyField(value, 'validation', () => split.validation.toArray());
  if (header !== undefined) value.header = header;
  return value;
}

/** How many training examples a task value has, without decoding a packed one. */
export function taskTrainCount(value: { train?: readonly unknown[]; trainRows?: { length: number } }): number | undefined {
  if (value.trainRows && typeof value.trainRows.length === 'number') return value.trainRows.length;
  return Array.isArray(value.train) ? value.train.length : undefined;
}

export interface DatasetSummary {
  name: string;
  kind: 'corpus' | 'task';
  /** Documents (corpus) or examples (task). */
  rows: number;
  train: number;
  validation: number;
  /** Characters of text in all rows. */
  chars: number;
}

/** Share of rows in the validation split, as everywhere in t5lab. */
export const VALIDATION_FRACTION = 0.1;

export function corpusValue(ds: CorpusDataset, source?: string): CorpusValue {
  return source === undefined ? { name: ds.name, documents: ds.documents } : { name: ds.name, source, documents: ds.documents };
}

/** A task value; `user` describes a user's task (its name, stored id and metrics). */
export function taskValue(ds: TaskDataset, prefix = '', user?: { name: string; source: string; metrics: string[] }): TaskValue {
  return taskValueOfSplit(ds, splitExamples(ds.examples, { validationFraction: VALIDATION_FRACTION }), prefix, user);
}

/** {@link taskValue} from a split made already (the upload worker's), so the page hashes nothing. */
export function taskValueOfSplit(
  ds: TaskDataset,
  { train, validation }: { train: TaskExample[]; validation: TaskExample[] },
  prefix = '',
  user?: { name: string; source: string; metrics: string[] },
): TaskValue {
  const value: TaskValue = { name: user?.name ?? ds.name, prefix, train, validation };
  if (user) Object.assign(value, { source: user.source, metrics: user.metrics });
  if (ds.header !== undefined) value.header = ds.header;
  return value;
}

/** Counts shown by the dataset cell; the corpus split uses the same hash as tasks (of the document). */
export function summarizeDataset(ds: Dataset): DatasetSummary {
  if (ds.kind === 'task') {
    const { train, validation } = splitExamples(ds.examples, { validationFraction: VALIDATION_FRACTION });
    const chars = ds.examples.reduce((n, e) => n + e.inputs.length + e.targets.length, 0);
    return { name: ds.name, kind: 'task', rows: ds.examples.length, train: train.length, validation: validation.length, chars };
  }
  const { train, validation } = splitExamples(ds.documents, { validationFraction: VALIDATION_FRACTION });
  const chars = ds.documents.reduce((n, d) => n + d.length, 0);
  return { name: ds.name, kind: 'corpus', rows: ds.documents.length, train: train.length, validation: validation.length, chars };
}

/** One row of the length histogram: how long each example is, in characters. */
export interface LengthRow {
  field: 'document' | 'input' | 'target';
  chars: number;
}

/** Lengths of every row (inputs and targets separately for tasks), for the dataset cell's histogram. */
export function lengthRows(ds: Dataset): LengthRow[] {
  if (ds.kind === 'corpus') return ds.documents.map((d) => ({ field: 'document', chars: d.length }));
  const rows: LengthRow[] = [];
  for (const e of ds.examples) rows.push({ field: 'input', chars: e.inputs.length }, { field: 'target', chars: e.targets.length });
  return rows;
}

/** Which file kind a user upload is, from its name: `.tsv` task, `.txt` corpus, else an error message. */
export function uploadKind(fileName: string): { kind: 'task' | 'corpus' } | { error: string } {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsv')) return { kind: 'task' };
  if (lower.endsWith('.txt')) return { kind: 'corpus' };
  return { error: `${fileName}: expected a .txt corpus (one document per line) or a .tsv task (input<TAB>target per line)` };
}
