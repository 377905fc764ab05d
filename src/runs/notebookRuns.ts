/**
 * The runs a notebook refers to, for `.t5lab.json` export: the last run of each train cell
 * (`params.runId`) and the runs a runs cell has selected. Records only; checkpoints stay local.
 */
import type { NotebookDocument } from '../notebook/notebookDocument.ts';
import { validateRunRecord, type RunRecord } from './runRecord.ts';
import { RunStore } from './runStore.ts';

/** Run ids named by the notebook's train and runs cells, in cell order, without repeats. */
export function runIdsOf(doc: NotebookDocument): string[] {
  const ids: string[] = [];
  for (const cell of doc.cells) {
    const p = cell.params;
    if (cell.kind === 'train' && typeof p.runId === 'string' && p.runId) ids.push(p.runId);
    if (cell.kind === 'runs' && Array.isArray(p.selected)) ids.push(...p.selected.filter((x): x is string => typeof x === 'string'));
  }
  return [...new Set(ids)];
}

/** The stored records of the notebook's runs (missing ones are skipped); undefined when none. */
export async function collectNotebookRuns(doc: NotebookDocument, store = new RunStore()): Promise<RunRecord[] | undefined> {
  const records: RunRecord[] = [];
  for (const id of runIdsOf(doc)) {
    const r = await store.getRun(id);
    if (r) records.push(r);
  }
  return records.length ? records : undefined;
}

/** What restoring an imported file's runs did, counted (and said by `describeRestoredRuns`). */
export interface RestoredRuns {
  restored: string[];
  /** Ids already in this browser: the stored run was kept as it is. */
  kept: string[];
  /** Records that are not valid runs, with why. */
  refused: string[];
}

/**
 * Stores the runs of an imported `.t5lab.json` file. A run whose id is already here is never
 * replaced (the local one may have trained further); an invalid record is skipped with its
 * reason. Checkpoints are not exported, so a restored run lists none, and one that was still
 * running or paused when exported is marked stopped (it cannot be resumed here).
 */
export async function restoreNotebookRuns(runs: unknown[], store = new RunStore()): Promise<RestoredRuns> {
  const result: RestoredRuns = { restored: [], kept: [], refused: [] };
  for (const [i, raw] of runs.entries()) {
    let record: RunRecord;
    try {
      record = validateRunRecord(raw);
    } catch (err) {
      result.refused.push(`runs[${i}]: ${(err as Error).message.replace(/^run record: /, '')}`);
      continue;
    }
    const unfinished = record.status === 'running' || record.status === 'paused' || record.status === 'created';
    const imported: RunRecord = {
      ...record,
      checkpoints: [],
      ...(unfinished
        ? {
            status: 'stopped',
            message: `imported at step ${record.step} from a notebook file; its checkpoints stayed where it was trained, so it cannot be resumed here`,
          }
        : {}),
    };
    if (await store.addRun(imported)) result.restored.push(record.id);
    else result.kept.push(record.id);
  }
  return result;
}

/** One sentence for the import notice: "Restored 2 runs; 1 run was already here and was kept as it is." */
export function describeRestoredRuns({ restored, kept, refused }: RestoredRuns): string {
  const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (restored.length) parts.push(`Restored ${runs(restored.length)} into this browser's runs`);
  if (kept.length)
    parts.push(
      `${runs(kept.length)} with the same id ${kept.length === 1 ? 'was' : 'were'} already here and ${kept.length === 1 ? 'was' : 'were'} kept as ${kept.length === 1 ? 'it is' : 'they are'} (${kept.join(', ')})`,
    );
  if (refused.length)
    parts.push(`${runs(refused.length)} could not be read and ${refused.length === 1 ? 'was' : 'were'} skipped (${refused.join('; ')})`);
  return parts.length ? `${parts.join('; ')}.` : '';
}
