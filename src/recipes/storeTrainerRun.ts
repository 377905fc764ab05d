/**
 * Stores a dropped HF Trainer folder: its final model (checked in a worker by the same reader as
 * the model cell's HF import, hfParse.ts) in the imported-checkpoint store, so a model cell
 * opens it, and its run in the runs store, linked to that checkpoint. Both are new records
 * (`add`, never `put`), so nothing already stored is replaced; when the run cannot be added the
 * checkpoint stored for it is deleted again, and when the model fails its check nothing is stored.
 */
import { parseHfFilesOffThread } from '../checkpoint/hfParse.ts';
import type { HfFolderSummary } from '../checkpoint/hfFolder.ts';
import { HfCheckpointStore } from '../storage/hfCheckpointStore.ts';
import { RunStore } from '../runs/runStore.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { ImportRunError } from './trainerFolder.ts';
import { readDroppedTrainerFolder, type FolderEntry } from './trainerFolderFiles.ts';

export interface StoredTrainerRun {
  record: RunRecord;
  /** The imported-checkpoint id of the final model, when the folder had one. */
  checkpointId?: string;
  summary?: HfFolderSummary;
}

/** Reads, checks and stores a dropped Trainer folder; throws ImportRunError naming the file when it cannot. */
export async function storeDroppedTrainerRun(
  entries: FolderEntry[],
  options: { dbName?: string; now?: number } = {},
): Promise<StoredTrainerRun> {
  const dropped = await readDroppedTrainerFolder(entries, options.now);
  const record = dropped.record;
  const checkpoints = new HfCheckpointStore(options.dbName);
  let checkpointId: string | undefined;
  let summary: HfFolderSummary | undefined;
  if (dropped.plan.model) {
    const dir = dropped.plan.model.dir;
    try {
      summary = (await parseHfFilesOffThread(dropped.modelFiles, { weights: false })).summary;
    } catch (err) {
      throw new ImportRunError(`${dir || dropped.folder}: ${(err as Error).message}`);
    }
    checkpointId = await checkpoints.save(
      `${record.name} (step ${record.step})`,
      new Map(dropped.modelFiles.map((f) => [f.name, f.data])),
      summary,
    );
    record.hfCheckpoint = checkpointId;
  }
  let added = false;
  try {
    added = await new RunStore(options.dbName).addRun(record);
  } finally {
    if (!added && checkpointId) await checkpoints.delete(checkpointId);
  }
  if (!added) throw new ImportRunError(`a run with the id ${record.id} is already stored; import the folder again`);
  return { record, ...(checkpointId ? { checkpointId, summary } : {}) };
}
