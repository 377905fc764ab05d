/**
 * User datasets in IndexedDB (the `datasets` store of src/storage/db.ts). A dataset is saved as
 * its validated text plus a summary; saving always adds a new record (`add`, never `put`), so it
 * cannot overwrite an existing dataset, and a failed write aborts its transaction, leaving what
 * was stored before intact. Storage failures are thrown as StorageError with a readable message.
 */
import type { DatasetError } from '../data/datasetError.ts';
import { parseCorpus, parseTsvTask, type Dataset } from '../data/parseDataset.ts';
import { explainStorageError, openT5labDb } from './db.ts';

export interface StoredDatasetSummary {
  id: string;
  name: string;
  kind: 'task' | 'corpus';
  /** Task examples or corpus documents. */
  rows: number;
  /** UTF-8 size of the stored text. */
  bytes: number;
  createdAt: number;
}

export interface StoredDatasetRecord extends StoredDatasetSummary {
  text: string;
}

function newDatasetId(): string {
  const rand = crypto.getRandomValues(new Uint32Array(2));
  return `ds-${Date.now().toString(36)}-${rand[0].toString(36)}${rand[1].toString(36)}`;
}

function parse(kind: 'task' | 'corpus', text: string, name: string) {
  return kind === 'task' ? parseTsvTask(text, name) : parseCorpus(text, name);
}

function isRecord(value: unknown): value is StoredDatasetRecord & { [field: string]: unknown } {
  const r = value as StoredDatasetRecord;
  return (
    !!r &&
    typeof r.id === 'string' &&
    typeof r.name === 'string' &&
    (r.kind === 'task' || r.kind === 'corpus') &&
    typeof r.text === 'string'
  );
}

export class DatasetStore {
  /** `dbName` is for tests that need a fresh database (the upload worker opens the same one by it). */
  constructor(readonly dbName?: string) {}

  private db() {
    return openT5labDb(this.dbName);
  }

  /**
   * Validates and saves a new dataset. Invalid text is not stored: the parse errors (with line
   * numbers) are returned. `options.id` restores a dataset under a known id; if that id exists,
   * the save fails and the existing dataset is left as it was. `options.checkedRows`: the text was
   * already parsed off the main thread (src/data/parseOffThread.ts) and has this many rows, so
   * it is not parsed again here.
   */
  async save(
    name: string,
    kind: 'task' | 'corpus',
    text: string,
    options: { id?: string; checkedRows?: number } = {},
  ): Promise<{ ok: true; summary: StoredDatasetSummary } | { ok: false; errors: DatasetError[] }> {
    if (typeof name !== 'string' || name.trim() === '') throw new TypeError('DatasetStore.save: name must be a non-empty string');
    if (kind !== 'task' && kind !== 'corpus')
      throw new TypeError(`DatasetStore.save: kind must be "task" or "corpus" (got ${String(kind)})`);
    if (typeof text !== 'string')
      throw new TypeError('DatasetStore.save: text must be a string (decode uploads with parseTsvTask/parseCorpus first)');
    let rows: number;
    if (options.checkedRows !== undefined && Number.isInteger(options.checkedRows) && options.checkedRows > 0) rows = options.checkedRows;
    else {
      const parsed = parse(kind, text, name);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      rows = parsed.value.kind === 'task' ? parsed.value.examples.length : parsed.value.documents.length;
    }
    const record: StoredDatasetRecord = {
      id: options.id ?? newDatasetId(),
      name,
      kind,
      rows,
      bytes: new TextEncoder().encode(text).length,
      createdAt: Date.now(),
      text,
    };
    try {
      const db = await this.db();
      await db.add('datasets', record as unknown as { id: string } & Record<string, unknown>);
    } catch (err) {
      throw explainStorageError(err, `dataset "${name}"`);
    }
    const { text: _text, ...summary } = record;
    return { ok: true, summary };
  }

  /** Every stored dataset, newest first. */
  async list(): Promise<StoredDatasetSummary[]> {
    const all: StoredDatasetRecord[] = (await (await this.db()).getAll('datasets')).filter(isRecord);
    return all.map(({ text: _text, ...summary }) => summary).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  }

  /** The stored text and summary, or undefined. */
  async getRecord(id: string): Promise<StoredDatasetRecord | undefined> {
    const r = await (await this.db()).get('datasets', id);
    return isRecord(r) ? r : undefined;
  }

  /** Loads and parses a stored dataset (undefined if there is none with this id). */
  async load(id: string): Promise<Dataset | undefined> {
    const r = await this.getRecord(id);
    if (!r) return undefined;
    const parsed = parse(r.kind, r.text, r.name);
    if (!parsed.ok) throw new Error(`stored dataset "${r.name}" no longer parses: ${parsed.errors.join('; ')}`);
    return parsed.value;
  }

  async delete(id: string): Promise<void> {
    try {
      await (await this.db()).delete('datasets', id);
    } catch (err) {
      throw explainStorageError(err, `the deletion of dataset ${id}`);
    }
  }
}
