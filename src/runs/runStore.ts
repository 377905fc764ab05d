/**
 * Runs and their checkpoints in IndexedDB (stores `runs` and `checkpoints`, src/storage/db.ts).
 * Works on the main thread and in a Web Worker alike.
 *
 * Safety: a checkpoint is added and the older ones beyond `keep` are pruned in ONE transaction,
 * so a failed write (QuotaExceededError) aborts everything and the checkpoints saved before stay
 * intact. Every storage failure is rethrown as a StorageError that says what happened.
 *
 * Liveness: a training worker holds a Web Lock named `runLockName(id)` while it runs; a record
 * that says "running" while nobody holds its lock belongs to a page that was closed or
 * reloaded mid-run, and is reported as "interrupted" (resumable from its last checkpoint).
 */
import { explainStorageError, openT5labDb, storageEstimate } from '../storage/db.ts';
import { validateRunRecord, type CheckpointInfo, type RunRecord } from './runRecord.ts';
import { intAtLeast, positiveInt } from '../validation/checks.ts';

export function runLockName(runId: string): string {
  return `t5lab-run-${runId}`;
}

/** Names of the run locks currently held in this browser (any tab or worker of this origin). */
export async function heldRunLocks(): Promise<Set<string>> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks?.query) return new Set();
  const { held } = await locks.query();
  return new Set((held ?? []).map((l) => l.name).filter((n): n is string => typeof n === 'string'));
}

type StoredRun = { id: string; updatedAt: number } & Record<string, unknown>;

export class RunStore {
  /** `dbName` is for tests that need a fresh database. */
  constructor(private readonly dbName?: string) {}

  private db() {
    return openT5labDb(this.dbName);
  }

  /** Inserts or replaces a run record. */
  async putRun(record: RunRecord): Promise<void> {
    try {
      await (await this.db()).put('runs', record as unknown as StoredRun);
    } catch (err) {
      throw explainStorageError(err, `run "${record.name}"`);
    }
  }

  /**
   * Adds a run record only if no run has its id (one atomic `add`): returns false, writing
   * nothing, when the id is taken. Imported runs go through here so they never replace one.
   */
  async addRun(record: RunRecord): Promise<boolean> {
    try {
      await (await this.db()).add('runs', record as unknown as StoredRun);
      return true;
    } catch (err) {
      if ((err as { name?: string })?.name === 'ConstraintError') return false;
      throw explainStorageError(err, `run "${record.name}"`);
    }
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const r = await (await this.db()).get('runs', id);
    return r ? validateRunRecord(r) : undefined;
  }

  /**
   * Every run, most recently updated first. Records still marked running or paused whose lock is
   * free are reported (and stored) as interrupted.
   */
  async listRuns(): Promise<RunRecord[]> {
    const all: RunRecord[] = [];
    for (const raw of await (await this.db()).getAll('runs')) {
      try {
        all.push(validateRunRecord(raw));
      } catch (err) {
        // One unreadable record (e.g. written by a newer version) must not hide the others.
        console.warn(`t5lab: skipping run ${raw.id}: ${(err as Error).message}`);
      }
    }
    const live = await heldRunLocks();
    for (const r of all) {
      if ((r.status === 'running' || r.status === 'paused') && !live.has(runLockName(r.id))) {
        r.status = 'interrupted';
        r.message = `the page running it was closed or reloaded at step ${r.step}; resume it from its last checkpoint${r.checkpoints.length ? ` (step ${r.checkpoints[r.checkpoints.length - 1].step})` : ''}`;
        await this.putRun(r);
      }
    }
    return all.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Deletes a run and all its checkpoints (one transaction). */
  async deleteRun(id: string): Promise<void> {
    try {
      const db = await this.db();
      const tx = db.transaction(['runs', 'checkpoints'], 'readwrite');
      const keys = await tx.objectStore('checkpoints').index('runId').getAllKeys(id);
      await Promise.all([tx.objectStore('runs').delete(id), ...keys.map((k) => tx.objectStore('checkpoints').delete(k)), tx.done]);
    } catch (err) {
      throw explainStorageError(err, `the deletion of run ${id}`);
    }
  }

  /**
   * Saves a checkpoint and prunes the oldest so at most `keep` remain, atomically. Returns the
   * checkpoints of the run after the save (oldest first).
   */
  async saveCheckpoint(runId: string, step: number, bytes: Uint8Array, keep: number): Promise<CheckpointInfo[]> {
    positiveInt(keep, 'keep');
    const record = {
      id: `${runId}@${String(step).padStart(10, '0')}`,
      runId,
      step,
      savedAt: Date.now(),
      bytes: bytes.length,
      data: new Blob([bytes as BlobPart]),
    };
    try {
      const db = await this.db();
      const tx = db.transaction('checkpoints', 'readwrite');
      const store = tx.objectStore('checkpoints');
      await store.put(record);
      const all = (await store.index('runId').getAll(runId)).sort((a, b) => a.step - b.step);
      const drop = all.slice(0, Math.max(0, all.length - keep));
      await Promise.all(drop.map((c) => store.delete(c.id)));
      await tx.done;
      return all.slice(drop.length).map(({ step: s, savedAt, bytes: n }) => ({ step: s, savedAt, bytes: n }));
    } catch (err) {
      throw explainStorageError(err, `the checkpoint of step ${step}`);
    }
  }

  /** The run's checkpoints, oldest first (metadata only). */
  async listCheckpoints(runId: string): Promise<CheckpointInfo[]> {
    const all = await (await this.db()).getAllFromIndex('checkpoints', 'runId', runId);
    return all.sort((a, b) => a.step - b.step).map(({ step, savedAt, bytes }) => ({ step, savedAt, bytes }));
  }

  /** The newest checkpoint's bytes (or the one at `step`), or undefined. */
  async loadCheckpoint(runId: string, step?: number): Promise<{ step: number; bytes: Uint8Array } | undefined> {
    const all = (await (await this.db()).getAllFromIndex('checkpoints', 'runId', runId)).sort((a, b) => a.step - b.step);
    const c = step === undefined ? all[all.length - 1] : all.find((x) => x.step === step);
    if (!c) return undefined;
    return { step: c.step, bytes: new Uint8Array(await c.data.arrayBuffer()) };
  }

  /** Storage used and available for the site, whether it is persistent, and bytes held by checkpoints. */
  async storageInfo(): Promise<{ usage?: number; quota?: number; persisted?: boolean; checkpointBytes: number }> {
    const all = await (await this.db()).getAll('checkpoints');
    return { ...(await storageEstimate()), checkpointBytes: all.reduce((s, c) => s + c.bytes, 0) };
  }

  /** Deletes all but the newest `keep` checkpoints of a run; returns how many were deleted. */
  async pruneCheckpoints(runId: string, keep: number): Promise<number> {
    intAtLeast(keep, 'keep', 0);
    try {
      const db = await this.db();
      const tx = db.transaction('checkpoints', 'readwrite');
      const all = (await tx.store.index('runId').getAll(runId)).sort((a, b) => a.step - b.step);
      const drop = all.slice(0, Math.max(0, all.length - keep));
      await Promise.all([...drop.map((c) => tx.store.delete(c.id)), tx.done]);
      return drop.length;
    } catch (err) {
      throw explainStorageError(err, `the pruning of run ${runId}'s checkpoints`);
    }
  }
}

/** Asks the browser not to evict this site's data (true when granted). */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.persist) return false;
  return storage.persist();
}
