/**
 * Notebooks in IndexedDB: list, open, create, save (autosave calls this on every change),
 * rename, duplicate, delete. Every write is one transaction, so a failure (quota, a closed
 * database) leaves what was stored before intact and is reported as a StorageError.
 *
 * Several tabs share the database: each record has a `revision`, a save may say which revision
 * it edits (compare-and-set in the same transaction; a mismatch is a NotebookConflictError and
 * writes nothing), and every save and delete is announced on a BroadcastChannel
 * (`notebookChannelName`) so the other tabs learn of it at once.
 */
import { DB_NAME, explainStorageError, openT5labDb, type NotebookRecord } from '../storage/db.ts';
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

/** What the store announces to other tabs after a write. */
export interface NotebookChange {
  type: 'saved' | 'deleted';
  id: string;
  revision: number;
  /** The announcing store's `origin` (a session ignores what its own store announced). */
  from: string;
}

/** The BroadcastChannel on which the notebooks of database `dbName` announce their changes. */
export function notebookChannelName(dbName = DB_NAME): string {
  return `t5lab-notebooks:${dbName}`;
}

/** A save refused because the stored notebook is not the revision the edit started from. */
export class NotebookConflictError extends Error {
  constructor(
    readonly id: string,
    readonly expected: number,
    readonly stored: number | undefined,
  ) {
    super(
      stored === undefined
        ? 'This notebook was deleted in another tab; your edits here are not saved yet.'
        : 'This notebook was changed in another tab; your edits here are not saved yet.',
    );
    this.name = 'NotebookConflictError';
  }
}

export class NotebookStore {
  private channel?: BroadcastChannel;
  /** Tells this store's announcements from other tabs' (and other stores' in this page). */
  readonly origin = newNotebookId();

  constructor(private readonly dbName?: string) {}

  private db() {
    return openT5labDb(this.dbName);
  }

  /** Name of this store's change channel (sessions listen on it). */
  get channelName(): string {
    return notebookChannelName(this.dbName);
  }

  private announce(change: NotebookChange): void {
    if (typeof BroadcastChannel === 'undefined') return;
    try {
      this.channel ??= new BroadcastChannel(this.channelName);
      this.channel.postMessage(change);
    } catch {
      // Announcing is a courtesy to other tabs; the revision check still guards every write.
    }
  }

  /** Most recently changed first. */
  async list(): Promise<NotebookSummary[]> {
    const records = await (await this.db()).getAllFromIndex('notebooks', 'updatedAt');
    // A damaged record is still listed (so it can be deleted); load() says what is wrong with it.
    return records.reverse().map((r) => ({
      id: r.id,
      title: String(r.title ?? r.id),
      updatedAt: r.updatedAt,
      cells: Array.isArray(r.doc?.cells) ? r.doc.cells.length : 0,
    }));
  }

  /**
   * Loads a notebook. A stored record that no longer validates (a corrupt entry) is reported,
   * not silently replaced.
   */
  async load(id: string): Promise<NotebookDocument | undefined> {
    return (await this.loadRevision(id))?.doc;
  }

  /** Loads a notebook with its stored revision (what a later save should expect). */
  async loadRevision(id: string): Promise<{ doc: NotebookDocument; revision: number } | undefined> {
    const record = await (await this.db()).get('notebooks', id);
    if (!record) return undefined;
    try {
      return { doc: validateNotebook(record.doc), revision: record.revision ?? 0 };
    } catch (err) {
      throw new Error(`the saved notebook "${record.title}" is damaged (${(err as Error).message}); it was left as it is`, { cause: err });
    }
  }

  /** The stored revision of a notebook, or undefined when there is none. */
  async revision(id: string): Promise<number | undefined> {
    const record = await (await this.db()).get('notebooks', id);
    return record ? (record.revision ?? 0) : undefined;
  }

  /**
   * Saves (creates or overwrites) a notebook; validates first so nothing malformed is stored.
   * With `expectedRevision`, the save happens only if the stored revision is that one (undefined
   * stored: `expectedRevision` must be -1, "new"); otherwise a NotebookConflictError is thrown and
   * nothing is written. Returns the new revision.
   */
  async save(doc: NotebookDocument, options: { expectedRevision?: number } = {}): Promise<number> {
    const checked = validateNotebook(structuredClone(doc));
    const db = await this.db();
    let revision: number;
    try {
      const tx = db.transaction('notebooks', 'readwrite');
      const existing = await tx.store.get(checked.id);
      const stored = existing ? (existing.revision ?? 0) : undefined;
      const expected = options.expectedRevision;
      if (expected !== undefined && (stored ?? -1) !== expected) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new NotebookConflictError(checked.id, expected, stored);
      }
      const now = Date.now();
      revision = (stored ?? 0) + 1;
      const record: NotebookRecord = {
        id: checked.id,
        title: checked.title,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        revision,
        doc: checked,
      };
      await tx.store.put(record);
      await tx.done;
    } catch (err) {
      if (err instanceof NotebookConflictError) throw err;
      throw explainStorageError(err, `notebook "${checked.title}"`);
    }
    this.announce({ type: 'saved', id: checked.id, revision, from: this.origin });
    return revision;
  }

  /** Stores an imported notebook under a new id when its id is taken, so it never overwrites one. */
  async addImported(doc: NotebookDocument): Promise<NotebookDocument> {
    return (await this.addNew(doc)).doc;
  }

  /** addImported, with the revision stored (a session edits from it). */
  async addNew(doc: NotebookDocument): Promise<{ doc: NotebookDocument; revision: number }> {
    // "Must be new" is checked in the saving transaction, so a tab adding the same id at the same
    // moment cannot be overwritten either; a taken id gets a fresh one.
    try {
      return { doc, revision: await this.save(doc, { expectedRevision: -1 }) };
    } catch (err) {
      if (!(err instanceof NotebookConflictError)) throw err;
      const renamed = { ...doc, id: newNotebookId() };
      return { doc: renamed, revision: await this.save(renamed, { expectedRevision: -1 }) };
    }
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
    this.announce({ type: 'deleted', id, revision: -1, from: this.origin });
  }
}
