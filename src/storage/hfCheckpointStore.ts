/**
 * Imported Hugging Face checkpoint folders in IndexedDB (the `hfCheckpoints` store of db.ts), so
 * a model cell that opened one keeps it after a reload: the notebook stores only the id. The
 * files are kept as the user brought them (Blobs, not parsed), so reading them again runs the
 * same checks as the first import.
 */
import { explainStorageError, openT5labDb } from './db.ts';
import type { HfFolderSummary } from '../checkpoint/hfFolder.ts';

export interface StoredHfCheckpoint {
  id: string;
  name: string;
  createdAt: number;
  bytes: number;
  summary: HfFolderSummary;
  files: { name: string; data: Blob }[];
}

/** The listing of a stored checkpoint (no file contents). */
export type HfCheckpointListing = Omit<StoredHfCheckpoint, 'files'>;

export class HfCheckpointStore {
  /** `dbName` is for tests that need a fresh database. */
  constructor(private readonly dbName?: string) {}

  /** Stores the files of a checkpoint the caller has already read successfully; returns its id. */
  async save(name: string, files: Map<string, Uint8Array | Blob>, summary: HfFolderSummary): Promise<string> {
    const rand = crypto.getRandomValues(new Uint32Array(2));
    const list = [...files].map(([n, data]) => ({ name: n, data: new Blob([data as BlobPart]) }));
    const record: StoredHfCheckpoint = {
      id: `hf-${Date.now().toString(36)}-${rand[0].toString(36)}${rand[1].toString(36)}`,
      name,
      createdAt: Date.now(),
      bytes: list.reduce((a, f) => a + f.data.size, 0),
      summary,
      files: list,
    };
    try {
      await (await openT5labDb(this.dbName)).add('hfCheckpoints', record as unknown as StoredHfCheckpoint & Record<string, unknown>);
    } catch (err) {
      throw explainStorageError(err, `checkpoint "${name}"`);
    }
    return record.id;
  }

  /** The files of a stored checkpoint, or undefined when it was deleted. */
  async loadFiles(id: string): Promise<{ record: HfCheckpointListing; files: Map<string, Uint8Array> } | undefined> {
    const rec = (await (await openT5labDb(this.dbName)).get('hfCheckpoints', id)) as unknown as StoredHfCheckpoint | undefined;
    if (!rec) return undefined;
    const files = new Map<string, Uint8Array>();
    for (const f of rec.files) files.set(f.name, new Uint8Array(await f.data.arrayBuffer()));
    const { files: _omit, ...record } = rec;
    return { record, files };
  }

  /** The files of a stored checkpoint as Blobs (nothing read yet: for the parsing worker), or undefined. */
  async loadBlobs(id: string): Promise<{ record: HfCheckpointListing; files: { name: string; data: Blob }[] } | undefined> {
    const rec = (await (await openT5labDb(this.dbName)).get('hfCheckpoints', id)) as unknown as StoredHfCheckpoint | undefined;
    if (!rec) return undefined;
    const { files, ...record } = rec;
    return { record, files };
  }

  async list(): Promise<HfCheckpointListing[]> {
    const all = (await (await openT5labDb(this.dbName)).getAll('hfCheckpoints')) as unknown as StoredHfCheckpoint[];
    return all.map(({ files: _omit, ...rest }) => rest).sort((a, b) => b.createdAt - a.createdAt);
  }

  async delete(id: string): Promise<void> {
    await (await openT5labDb(this.dbName)).delete('hfCheckpoints', id);
  }
}
