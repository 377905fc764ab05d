/**
 * Dataset parsing off the main thread: in a browser, `checkUploadOffThread` and
 * `parseStoredOffThread` run in a module worker (uploadWorker.ts), so a 50 MB upload leaves the
 * page responsive; where there is no Worker (Node) they run inline, with the same results.
 * Also computes the dataset cell's view data (counts, splits, lengths) there.
 */
import { checkUpload } from './userUpload.ts';
import { parseCorpus, parseTsvTask, type Dataset, type TaskExample } from './parseDataset.ts';
import { lengthRows, summarizeDataset, VALIDATION_FRACTION, type DatasetSummary, type LengthRow } from './datasetValue.ts';
import { splitExamples } from './split.ts';
import { autoMetrics, detectPrefix, type MetricName } from '../tasks/userTask.ts';

/** What the dataset cell shows of a dataset, computed with it. */
export interface DatasetViewData {
  summary: DatasetSummary;
  /** Rows of each split, in file order. */
  splits: { train: (string | TaskExample)[]; validation: (string | TaskExample)[] };
  lengths: LengthRow[];
}

/**
 * What parsing stored text yields for the dataset cell, shaped where the rows are (the worker) so
 * the page does no per-row work: the rows once, their split, and for tasks the file's common
 * prefix and the automatically chosen metrics.
 */
export interface ParsedForCell {
  dataset: Dataset;
  view: DatasetViewData;
  /** Tasks: `detectPrefix` of the examples ('' when they share none). */
  detectedPrefix?: string;
  /** Tasks: `metricsFor('auto', examples)`. */
  autoMetrics?: MetricName[];
}

/**
 * A corpus's split travels as the validation rows' indices (documents are strings, which a
 * structured clone would copy once per reference); task examples are objects, which it shares.
 */
type WireParsed = Omit<ParsedForCell, 'view'> & {
  view: Omit<DatasetViewData, 'splits'> & { splits?: DatasetViewData['splits'] };
  validationIndices?: Uint32Array;
};

/** Parses and shapes stored text (in the worker, or inline without one). */
export function parseForCell(
  kind: 'task' | 'corpus',
  name: string,
  text: string,
): { ok: true; value: ParsedForCell } | { ok: false; errors: string[] } {
  const parsed = kind === 'task' ? parseTsvTask(text, name) : parseCorpus(text, name);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map(String) };
  const ds = parsed.value;
  const view = datasetView(ds);
  if (ds.kind === 'corpus') return { ok: true, value: { dataset: ds, view } };
  return { ok: true, value: { dataset: ds, view, detectedPrefix: detectPrefix(ds.examples), autoMetrics: autoMetrics(ds.examples) } };
}

/** The message form of {@link parseForCell}'s result (corpus splits as indices) and what it transfers. */
export function toWire(p: ParsedForCell): { wire: WireParsed; transfer: Transferable[] } {
  if (p.dataset.kind !== 'corpus') return { wire: p, transfer: [] };
  const validation = new Set(p.view.splits.validation);
  const indices: number[] = [];
  p.dataset.documents.forEach((d, i) => {
    if (validation.has(d)) indices.push(i);
  });
  const validationIndices = Uint32Array.from(indices);
  const { splits: _splits, ...rest } = p.view;
  return { wire: { ...p, view: rest, validationIndices }, transfer: [validationIndices.buffer] };
}

/** Rebuilds the corpus split from indices: reference copies only, no hashing, no string copies. */
export function fromWire(w: WireParsed): ParsedForCell {
  if (w.view.splits) return { ...w, view: w.view as DatasetViewData };
  const docs = w.dataset.kind === 'corpus' ? w.dataset.documents : [];
  const isValidation = new Uint8Array(docs.length);
  for (const i of w.validationIndices ?? []) isValidation[i] = 1;
  const splits: DatasetViewData['splits'] = { train: [], validation: [] };
  for (let i = 0; i < docs.length; i++) (isValidation[i] ? splits.validation : splits.train).push(docs[i]);
  const { validationIndices: _v, ...rest } = w;
  return { ...rest, view: { ...w.view, splits } };
}

export type UploadRequest =
  { type: 'check'; name: string; bytes: ArrayBuffer } | { type: 'parse'; kind: 'task' | 'corpus'; name: string; text: string };
export type UploadReply =
  | { ok: true; type: 'check'; kind: 'task' | 'corpus'; text: string; rows: number; header?: string }
  | ({ ok: true; type: 'parse' } & WireParsed)
  | { ok: false; errors: string[] };

export function datasetView(ds: Dataset): DatasetViewData {
  const split = { validationFraction: VALIDATION_FRACTION };
  return {
    summary: summarizeDataset(ds),
    splits:
      ds.kind === 'task'
        ? splitExamples<string | TaskExample>(ds.examples, split)
        : splitExamples<string | TaskExample>(ds.documents, split),
    lengths: lengthRows(ds),
  };
}

function inWorker(request: UploadRequest, transfer: Transferable[] = []): Promise<UploadReply> {
  const worker = new Worker(new URL('./uploadWorker.ts', import.meta.url), { type: 'module' });
  return new Promise<UploadReply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<UploadReply>) => resolve(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`the dataset parsing worker failed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage(request, transfer);
  }).finally(() => worker.terminate());
}

const hasWorker = () => typeof Worker !== 'undefined' && typeof window !== 'undefined';

/** `checkUpload` off the main thread: the file's kind, its decoded text and its row count, or the errors. */
export async function checkUploadOffThread(
  name: string,
  bytes: ArrayBuffer,
): Promise<Extract<UploadReply, { type: 'check' } | { ok: false }>> {
  if (!hasWorker()) {
    const c = checkUpload(name, new Uint8Array(bytes));
    return c.ok
      ? { ok: true, type: 'check', kind: c.kind, text: c.text, rows: c.rows, ...(c.header !== undefined ? { header: c.header } : {}) }
      : { ok: false, errors: c.errors };
  }
  return (await inWorker({ type: 'check', name, bytes }, [bytes])) as Extract<UploadReply, { type: 'check' } | { ok: false }>;
}

/** Parses stored text off the main thread, shaped for the dataset cell; throws the parse errors joined. */
export async function parseStoredOffThread(kind: 'task' | 'corpus', name: string, text: string): Promise<ParsedForCell> {
  let reply: UploadReply;
  if (!hasWorker()) {
    const parsed = parseForCell(kind, name, text);
    reply = parsed.ok ? { ok: true, type: 'parse', ...parsed.value } : parsed;
  } else reply = await inWorker({ type: 'parse', kind, name, text });
  if (!reply.ok) throw new Error(`stored dataset "${name}" no longer parses: ${reply.errors.join('; ')}`);
  if (reply.type !== 'parse') throw new Error('the dataset parsing worker answered the wrong request');
  const { ok: _ok, type: _type, ...wire } = reply;
  return fromWire(wire);
}
