/**
 * The runs a notebook refers to, for `.t5lab.json` export: the last run of each train cell
 * (`params.runId`) and the runs a runs cell has selected. Records only; checkpoints stay local.
 */
import type { NotebookDocument } from '../notebook/notebookDocument.ts';
import type { RunRecord } from './runRecord.ts';
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
