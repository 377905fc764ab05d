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

/** What the dataset cell shows of a dataset, computed with it. */
export interface DatasetViewData {
  summary: DatasetSummary;
  /** Rows of each split, in file order. */
  splits: { train: (string | TaskExample)[]; validation: (string | TaskExample)[] };
  lengths: LengthRow[];
}

export type UploadRequest =
  { type: 'check'; name: string; bytes: ArrayBuffer } | { type: 'parse'; kind: 'task' | 'corpus'; name: string; text: string };
export type UploadReply =
  | { ok: true; type: 'check'; kind: 'task' | 'corpus'; text: string; rows: number; header?: string }
  | { ok: true; type: 'parse'; dataset: Dataset; view: DatasetViewData }
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

/** Parses stored text off the main thread, with the view data; throws the parse errors joined. */
export async function parseStoredOffThread(
  kind: 'task' | 'corpus',
  name: string,
  text: string,
): Promise<{ dataset: Dataset; view: DatasetViewData }> {
  let reply: UploadReply;
  if (!hasWorker()) {
    const parsed = kind === 'task' ? parseTsvTask(text, name) : parseCorpus(text, name);
    reply = parsed.ok
      ? { ok: true, type: 'parse', dataset: parsed.value, view: datasetView(parsed.value) }
      : { ok: false, errors: parsed.errors.map(String) };
  } else reply = await inWorker({ type: 'parse', kind, name, text });
  if (!reply.ok) throw new Error(`stored dataset "${name}" no longer parses: ${reply.errors.join('; ')}`);
  if (reply.type !== 'parse') throw new Error('the dataset parsing worker answered the wrong request');
  return { dataset: reply.dataset, view: reply.view };
}
