/**
 * The one IndexedDB database of t5lab, opened with `idb`. The schema is a list of migrations by
 * version: to add a store, append a migration; never edit an old one (users' browsers hold data
 * written by every earlier version).
 *
 * Stores: `notebooks` (src/notebook/notebookStore.ts), `datasets` (user datasets, src/data),
 * `runs` and `checkpoints` (the training engine, src/runs/runStore.ts; migration 2),
 * `tokenizers` (imported tokenizer.json files, src/storage/tokenizerStore.ts; migration 3),
 * `hfCheckpoints` (imported Hugging Face checkpoint folders, src/storage/hfCheckpointStore.ts; migration 4),
 * `trainedTokenizers` (tokenizers trained in the browser, by content key, src/storage/trainedTokenizerStore.ts; migration 5).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { NotebookDocument } from '../notebook/notebookDocument.ts';

export const DB_NAME = 't5lab';

export interface NotebookRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Bumped by every save (absent in records written before revisions: read as 0). A save that
   * expected another revision is refused, so a tab never overwrites what another tab saved.
   */
  revision?: number;
  doc: NotebookDocument;
}

export interface T5labSchema extends DBSchema {
  notebooks: { key: string; value: NotebookRecord; indexes: { updatedAt: number } };
  /** User datasets; the record shape belongs to src/data (kept open here on purpose). */
  datasets: { key: string; value: { id: string } & Record<string, unknown> };
  /** Training runs (src/runs/runRecord.ts; kept open here so this module imports no training code). */
  runs: { key: string; value: { id: string; updatedAt: number } & Record<string, unknown>; indexes: { updatedAt: number } };
  /** Resumable checkpoints of runs (src/runs/runStore.ts): trainer-state bytes as a Blob. */
  checkpoints: {
    key: string;
    value: { id: string; runId: string; step: number; savedAt: number; bytes: number; data: Blob };
    indexes: { runId: string };
  };
  /** Imported Hugging Face tokenizer.json files (src/storage/tokenizerStore.ts). */
  tokenizers: { key: string; value: { id: string; name: string; createdAt: number; bytes: number; text: string } };
  /** Imported HF checkpoint folders: the files as Blobs plus a summary (src/storage/hfCheckpointStore.ts). */
  hfCheckpoints: {
    key: string;
    value: { id: string; name: string; createdAt: number; bytes: number; files: { name: string; data: Blob }[] } & Record<string, unknown>;
  };
  /** Trained tokenizers by content key (src/tokenizers/trainedTokenizerCache.ts; open here, validated on read). */
  trainedTokenizers: { key: string; value: { key: string } & Record<string, unknown> };
}

type Migration = (db: IDBPDatabase<T5labSchema>, tx: IDBPTransaction<T5labSchema, StoreNames<T5labSchema>[], 'versionchange'>) => void;

/** Migration i upgrades a database from version i to version i + 1. */
export const MIGRATIONS: Migration[] = [
  (db) => {
    const notebooks = db.createObjectStore('notebooks', { keyPath: 'id' });
    notebooks.createIndex('updatedAt', 'updatedAt');
    db.createObjectStore('datasets', { keyPath: 'id' });
  },
  (db) => {
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('updatedAt', 'updatedAt');
    const checkpoints = db.createObjectStore('checkpoints', { keyPath: 'id' });
    checkpoints.createIndex('runId', 'runId');
  },
  (db) => {
    db.createObjectStore('tokenizers', { keyPath: 'id' });
  },
  (db) => {
    db.createObjectStore('hfCheckpoints', { keyPath: 'id' });
  },
  (db) => {
    db.createObjectStore('trainedTokenizers', { keyPath: 'key' });
  },
];

export const DB_VERSION = MIGRATIONS.length;

const opened = new Map<string, Promise<IDBPDatabase<T5labSchema>>>();

/** Opens (and upgrades) a database once per page. `name` lets tests use a throwaway one. */
export function openT5labDb(name = DB_NAME): Promise<IDBPDatabase<T5labSchema>> {
  let db = opened.get(name);
  if (!db) {
    db = openDB<T5labSchema>(name, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](db, tx);
      },
      blocked() {
        console.warn('t5lab: another tab holds an older version of the database open; close it to finish the upgrade');
      },
      terminated() {
        opened.delete(name);
      },
    });
    opened.set(name, db);
    db.catch(() => opened.delete(name));
  }
  return db;
}

/** Closes a database opened here (tests close before deleting; a blocked delete would hang). */
export async function closeT5labDb(name = DB_NAME): Promise<void> {
  const db = opened.get(name);
  opened.delete(name);
  if (db) (await db).close();
}

/** A storage failure explained for people: what happened, and that nothing saved was lost. */
export class StorageError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/**
 * Translates IndexedDB errors. A failed write aborts its transaction, so what was stored before
 * is untouched; the message says so.
 */
export function explainStorageError(err: unknown, what: string): StorageError {
  const name = (err as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return new StorageError(
      `Could not save ${what}: the browser's storage quota for this site is full. Delete old runs or checkpoints (or allow persistent storage) and try again; nothing already saved was changed.`,
      err,
    );
  }
  if (name === 'InvalidStateError' || name === 'UnknownError') {
    return new StorageError(
      `Could not save ${what}: the browser's database is unavailable (${name}); nothing already saved was changed.`,
      err,
    );
  }
  return new StorageError(`Could not save ${what}: ${(err as Error)?.message ?? String(err)}; nothing already saved was changed.`, err);
}

/** Storage used and available, and whether the browser promised not to evict it. */
export async function storageEstimate(): Promise<{ usage?: number; quota?: number; persisted?: boolean }> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.estimate) return {};
  const { usage, quota } = await storage.estimate();
  const persisted = storage.persisted ? await storage.persisted() : undefined;
  return { usage, quota, persisted };
}
