/**
 * What the upload worker (uploadWorker.ts) does, as one function its client can also call inline
 * where there is no Worker (Node). Everything that touches a user dataset's text runs here: the
 * check of an upload, its save in IndexedDB, reading it back, parsing and shaping it for the
 * dataset cell. Why in the worker: IndexedDB serializes a record on the thread that writes or
 * reads it, and a 40 MB text cost the page seconds per save, list and read.
 */
import { checkUpload, checkUploadSize } from './userUpload.ts';
import { decodeDatasetText } from './decodeText.ts';
import { uploadKind } from './datasetValue.ts';
import { parseForCell, parsedTransfer, type ParsedForCell } from './parsedForCell.ts';
import { DatasetStore, type StoredDatasetSummary } from '../storage/datasetStore.ts';

/** `db`: the IndexedDB database (tests use throwaway ones; default: the app's). */
export type UploadRequest =
  | { type: 'check'; name: string; bytes: ArrayBuffer }
  | { type: 'parse'; kind: 'task' | 'corpus'; name: string; text: string }
  | { type: 'add'; db?: string; name: string; bytes: ArrayBuffer }
  | { type: 'load'; db?: string; id: string }
  | { type: 'list'; db?: string };

export type UploadReply =
  | { ok: true; type: 'check'; kind: 'task' | 'corpus'; text: string; rows: number; header?: string }
  | ({ ok: true; type: 'parse' } & ParsedForCell)
  /** Saved; `parsed` is what loading it would give, so the cell need not read it back. */
  | { ok: true; type: 'add'; stored: StoredDatasetSummary; header?: string; parsed: ParsedForCell }
  /** `stored` is absent when no dataset has the id. */
  | { ok: true; type: 'load'; stored?: StoredDatasetSummary; parsed?: ParsedForCell }
  | { ok: true; type: 'list'; datasets: StoredDatasetSummary[] }
  | { ok: false; errors: string[] };

const summaryOf = ({ text: _text, ...summary }: StoredDatasetSummary & { text: string }): StoredDatasetSummary => summary;

/** Handles one request; `transfer`: the buffers the reply moves rather than copies. */
export async function handleUploadRequest(msg: UploadRequest): Promise<{ reply: UploadReply; transfer: Transferable[] }> {
  try {
    if (msg.type === 'check') {
      const checked = checkUpload(msg.name, new Uint8Array(msg.bytes));
      return {
        reply: checked.ok
          ? {
              ok: true,
              type: 'check',
              kind: checked.kind,
              text: checked.text,
              rows: checked.rows,
              ...(checked.header !== undefined ? { header: checked.header } : {}),
            }
          : { ok: false, errors: checked.errors },
        transfer: [],
      };
    }
    if (msg.type === 'parse') {
      const parsed = parseForCell(msg.kind, msg.name, msg.text);
      return parsed.ok
        ? { reply: { ok: true, type: 'parse', ...parsed.value }, transfer: parsedTransfer(parsed.value) }
        : { reply: parsed, transfer: [] };
    }
    const store = new DatasetStore(msg.db);
    if (msg.type === 'list') return { reply: { ok: true, type: 'list', datasets: await store.list() }, transfer: [] };
    if (msg.type === 'load') {
      const record = await store.getRecord(msg.id);
      if (!record) return { reply: { ok: true, type: 'load' }, transfer: [] };
      const parsed = parseForCell(record.kind, record.name, record.text);
      if (!parsed.ok)
        return {
          reply: { ok: false, errors: [`stored dataset "${record.name}" no longer parses: ${parsed.errors.join('; ')}`] },
          transfer: [],
        };
      return { reply: { ok: true, type: 'load', stored: summaryOf(record), parsed: parsed.value }, transfer: parsedTransfer(parsed.value) };
    }
    // add: decode, parse once (the messages name the file and the line), save only a valid file, and shape it for the cell.
    const kind = uploadKind(msg.name);
    if ('error' in kind) return { reply: { ok: false, errors: [kind.error] }, transfer: [] };
    const tooBig = checkUploadSize(msg.name, msg.bytes.byteLength);
    if (tooBig) return { reply: { ok: false, errors: [tooBig] }, transfer: [] };
    const decoded = decodeDatasetText(new Uint8Array(msg.bytes), msg.name);
    if (!decoded.ok) return { reply: { ok: false, errors: [String(decoded.error)] }, transfer: [] };
    const parsed = parseForCell(kind.kind, msg.name, decoded.text);
    if (!parsed.ok) return { reply: parsed, transfer: [] };
    const saved = await store.save(msg.name, kind.kind, decoded.text, { checkedRows: parsed.value.summary.rows });
    if (!saved.ok) return { reply: { ok: false, errors: saved.errors.map(String) }, transfer: [] };
    const header = parsed.value.header;
    return {
      reply: { ok: true, type: 'add', stored: saved.summary, ...(header !== undefined ? { header } : {}), parsed: parsed.value },
      transfer: parsedTransfer(parsed.value),
    };
  } catch (err) {
    return { reply: { ok: false, errors: [(err as Error).message] }, transfer: [] };
  }
}
