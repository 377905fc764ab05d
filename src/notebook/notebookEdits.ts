/**
 * The edits a user makes to a notebook, as pure functions from one document to the next. Each
 * returns a new document (never mutates), so the view can compare cells by identity and
 * autosave can keep the last good version. Errors name the cell id that does not exist.
 */
import { type CellKindName, type CellSpec, type NotebookDocument } from './notebookDocument.ts';

function indexOf(doc: NotebookDocument, id: string, edit: string): number {
  const i = doc.cells.findIndex((c) => c.id === id);
  if (i < 0) throw new Error(`${edit}: no cell "${id}" in notebook "${doc.title}"`);
  return i;
}

/** A cell id not used in the notebook: `kind-1`, `kind-2`, … (readable in messages). */
export function newCellId(doc: NotebookDocument, kind: CellKindName): string {
  const taken = new Set(doc.cells.map((c) => c.id));
  let n = 1;
  while (taken.has(`${kind}-${n}`)) n++;
  return `${kind}-${n}`;
}

/** Moves a cell up (delta −1) or down (+1); moving past either end leaves the notebook as is. */
export function moveCell(doc: NotebookDocument, id: string, delta: number): NotebookDocument {
  const i = indexOf(doc, id, 'move');
  const j = i + delta;
  if (!Number.isInteger(delta)) throw new Error(`move: delta must be an integer (got ${delta})`);
  if (j < 0 || j >= doc.cells.length || j === i) return doc;
  const cells = [...doc.cells];
  const [cell] = cells.splice(i, 1);
  cells.splice(j, 0, cell);
  return { ...doc, cells };
}

export function removeCell(doc: NotebookDocument, id: string): NotebookDocument {
  indexOf(doc, id, 'delete');
  return { ...doc, cells: doc.cells.filter((c) => c.id !== id) };
}

/** Inserts a new cell after `afterId` (at the start when null). Returns the notebook and the cell. */
export function insertCell(
  doc: NotebookDocument,
  afterId: string | null,
  kind: CellKindName,
  params: Record<string, unknown>,
): { doc: NotebookDocument; cell: CellSpec } {
  const at = afterId === null ? 0 : indexOf(doc, afterId, 'insert') + 1;
  const cell: CellSpec = { id: newCellId(doc, kind), kind, params };
  const cells = [...doc.cells];
  cells.splice(at, 0, cell);
  return { doc: { ...doc, cells }, cell };
}

export function setCellParams(doc: NotebookDocument, id: string, params: Record<string, unknown>): NotebookDocument {
  const i = indexOf(doc, id, 'set params');
  const cells = [...doc.cells];
  cells[i] = { ...cells[i], params: structuredClone(params) };
  return { ...doc, cells };
}

/** Sets a cell's lazy flag (true: waits for Run; false: runs on every change). */
export function setCellLazy(doc: NotebookDocument, id: string, lazy: boolean): NotebookDocument {
  const i = indexOf(doc, id, 'set lazy');
  const cells = [...doc.cells];
  cells[i] = { ...cells[i], lazy };
  return { ...doc, cells };
}

export function setSeed(doc: NotebookDocument, seed: number): NotebookDocument {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer (got ${seed})`);
  return { ...doc, seed };
}

export function setTitle(doc: NotebookDocument, title: string): NotebookDocument {
  const t = title.trim();
  if (!t) throw new Error('title must not be empty');
  return { ...doc, title: t };
}

/** Puts a deleted cell back at `index` (clamped to the notebook): the undo of removeCell. */
export function restoreCell(doc: NotebookDocument, cell: CellSpec, index: number): NotebookDocument {
  if (doc.cells.some((c) => c.id === cell.id)) throw new Error(`restore: cell "${cell.id}" is already in notebook "${doc.title}"`);
  const cells = [...doc.cells];
  cells.splice(Math.max(0, Math.min(index, cells.length)), 0, cell);
  return { ...doc, cells };
}
