/**
 * Dataset work off the main thread: in a browser each call runs in a module worker
 * (uploadWorker.ts, which runs uploadRequests.ts), so a 50 MB upload leaves the page responsive:
 * the worker checks, saves and reads back the text in IndexedDB, parses it, and sends the page
 * only counts, packed rows (transferred buffers), split indices and length bins. Where there is
 * no Worker (Node) the same function runs inline, with the same results.
 */
import { checkUpload } from './userUpload.ts';
import { handleUploadRequest, type UploadReply, type UploadRequest } from './uploadRequests.ts';
import { parseForCell, type ParsedForCell } from './parsedForCell.ts';
import type { StoredDatasetSummary } from '../storage/datasetStore.ts';

export { datasetView, parseForCell, parsedTransfer, viewOfParsed, type DatasetViewData, type ParsedForCell } from './parsedForCell.ts';
export type { UploadReply, UploadRequest } from './uploadRequests.ts';

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
  const { ok: _ok, type: _type, ...parsed } = reply;
  return parsed;
}

/** Runs a request in the worker (or inline without one). */
async function request(msg: UploadRequest): Promise<UploadReply> {
  if (!hasWorker()) return (await handleUploadRequest(msg)).reply;
  return inWorker(msg, 'bytes' in msg ? [msg.bytes] : []);
}

/** The file's bytes are checked, saved in IndexedDB (database `db`) and shaped for the cell, all in the worker. */
export async function addUploadOffThread(
  db: string | undefined,
  name: string,
  bytes: ArrayBuffer,
): Promise<{ ok: true; stored: StoredDatasetSummary; header?: string; parsed: ParsedForCell } | { ok: false; errors: string[] }> {
  const reply = await request({ type: 'add', ...(db !== undefined ? { db } : {}), name, bytes });
  if (!reply.ok) return reply;
  if (reply.type !== 'add') throw new Error('the dataset worker answered the wrong request');
  const { ok, stored, parsed } = reply;
  return { ok, stored, parsed, ...(reply.header !== undefined ? { header: reply.header } : {}) };
}

/** A stored dataset read and parsed in the worker; undefined when it is not stored; throws if it no longer parses. */
export async function loadStoredOffThread(
  db: string | undefined,
  id: string,
): Promise<{ stored: StoredDatasetSummary; parsed: ParsedForCell } | undefined> {
  const reply = await request({ type: 'load', ...(db !== undefined ? { db } : {}), id });
  if (!reply.ok) throw new Error(reply.errors.join('; '));
  if (reply.type !== 'load') throw new Error('the dataset worker answered the wrong request');
  if (!reply.stored || !reply.parsed) return undefined;
  return { stored: reply.stored, parsed: reply.parsed };
}

/** The stored datasets' summaries, read in the worker (reading a record there does not cost the page its text). */
export async function listStoredOffThread(db: string | undefined): Promise<StoredDatasetSummary[]> {
  const reply = await request({ type: 'list', ...(db !== undefined ? { db } : {}) });
  if (!reply.ok) throw new Error(reply.errors.join('; '));
  if (reply.type !== 'list') throw new Error('the dataset worker answered the wrong request');
  return reply.datasets;
}
