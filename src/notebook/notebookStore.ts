/**
 * Notebooks in IndexedDB: list, open, create, save (autosave calls this on every change),
 * rename, duplicate, delete. Every write is one transaction, so a failure (quota, a closed
 * database) leaves what was stored before intact and is reported as a StorageError.
 */
import { explainStorageError, openT5labDb, type NotebookRecord } from '../storage/db.ts';
import { validateNotebook, type NotebookDocument } from './notebookDocument.ts';

export interface NotebookSummary {
  id: string;
  title: string;
  updatedAt: number;
  cells: number;
}

/** A fresh id that sorts by creation time and does not collide across tabs. */
export function newNotebookId(): string {
  const rand = crypto.getRandomValues(new Uint32Array(2));
  return `nb-${Date.now().toString(36)}-${rand[0].toString(36)}${rand[1].toString(36)}`;
}

export class NotebookStore {
  constructor(private readonly dbName?: string) {}

  private db() {
    return openT5labDb(this.dbName);
  }

  /** Most recently changed first. */
  async list(): Promise<NotebookSummary[]> {
    const records = await (await this.db()).getAllFromIndex('notebooks', 'updatedAt');
    // A damaged record is still listed (so it can be deleted); load() says what is wrong with it.
    return records.reverse().map((r) => ({ id: r.id, title: String(r.title ?? r.id), updatedAt: r.updatedAt, cells: Array.isArray(r.doc?.cells) ? r.doc.cells.length : 0 }));
  }

  /**
   * Loads a notebook. A stored record that no longer validates (a corrupt entry) is reported,
   * not silently replaced.
   */
  async load(id: string): Promise<NotebookDocument | undefined> {
    const record = await (await this.db()).get('notebooks', id);
    if (!record) return undefined;
    try {
      return validateNotebook(record.doc);
    } catch (err) {
      throw new Error(`the saved notebook "${record.title}" is damaged (${(err as Error).message}); it was left as it is`);
    }
  }

  /** Saves (creates or overwrites) a notebook; validates first so nothing malformed is stored. */
  async save(doc: NotebookDocument): Promise<void> {
    const checked = validateNotebook(structuredClone(doc));
    const db = await this.db();
    try {
      const tx = db.transaction('notebooks', 'readwrite');
      const existing = await tx.store.get(checked.id);
      const now = Date.now();
      const record: NotebookRecord = { id: checked.id, title: checked.title, createdAt: existing?.createdAt ?? now, updatedAt: now, doc: checked };
      await tx.store.put(record);
      await tx.done;
    } catch (err) {
      throw explainStorageError(err, `notebook "${checked.title}"`);
    }
  }

  /** Stores an imported notebook under a new id when its id is taken, so it never overwrites one. */
  async addImported(doc: NotebookDocument): Promise<NotebookDocument> {
    const taken = await (await this.db()).getKey('notebooks', doc.id);
    const stored = taken ? { ...doc, id: newNotebookId() } : doc;
    await this.save(stored);
    return stored;
  }

  async rename(id: string, title: string): Promise<void> {
    const doc = await this.load(id);
    if (!doc) throw new Error(`rename: no notebook "${id}"`);
    await this.save({ ...doc, title });
  }

  async duplicate(id: string): Promise<NotebookDocument> {
    const doc = await this.load(id);
    if (!doc) throw new Error(`duplicate: no notebook "${id}"`);
    const copy = { ...structuredClone(doc), id: newNotebookId(), title: `${doc.title} (copy)` };
    await this.save(copy);
    return copy;
  }

  async delete(id: string): Promise<void> {
    try {
      await (await this.db()).delete('notebooks', id);
    } catch (err) {
      throw explainStorageError(err, 'the deletion');
    }
  }
}
