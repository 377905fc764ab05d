/**
 * A notebook as data: an ordered list of cells, each a registered kind with its parameters.
 * Notebooks are data, never code to run: loading one only builds views; code cells wait for trust.
 */

import { CELL_KIND_NAME, cellKindsComplete, registeredCellKindNames } from './cellKindNames.ts';

export const NOTEBOOK_FORMAT = 't5lab-notebook';
export const NOTEBOOK_VERSION = 1;

/**
 * A cell kind's name, the value of each cell root's `data-cell-kind` attribute. The kinds are the
 * ones the views register (./cellKindNames.ts), one per file of cells/kinds/.
 */
export type CellKindName = string;

export interface CellSpec {
  /** Stable id, unique within the notebook (survives reordering; names the cell in errors). */
  id: string;
  kind: CellKindName;
  /** Kind-specific parameters, plain JSON. */
  params: Record<string, unknown>;
  /**
   * Set by the user's lazy/auto toggle: true waits for Run (Shift+Enter), false runs on every
   * change. Absent: the kind's default (the cell program's `lazy`).
   */
  lazy?: boolean;
}

export interface NotebookDocument {
  format: typeof NOTEBOOK_FORMAT;
  version: number;
  id: string;
  title: string;
  /** Seed shared by every random choice the notebook makes, so reopening reproduces the view. */
  seed: number;
  cells: CellSpec[];
  /**
   * Whether the user trusts this notebook's code cells to run. Notebooks made here are trusted;
   * imported ones are not until the user says so (code cells stay inert, showing their source).
   */
  trusted?: boolean;
}

/** True for a registered kind once the views have loaded them all; before that (Node), for any well-formed kind name. */
export function isCellKind(value: unknown): value is CellKindName {
  if (typeof value !== 'string' || !CELL_KIND_NAME.test(value)) return false;
  return !cellKindsComplete() || registeredCellKindNames().includes(value);
}

/**
 * Checks an untrusted notebook (an imported file, a stored record) and returns it typed.
 * Throws an Error whose message names the first thing that is wrong.
 */
export function validateNotebook(value: unknown): NotebookDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('notebook: not a JSON object');
  const nb = value as Record<string, unknown>;
  if (nb.format !== NOTEBOOK_FORMAT) throw new Error(`notebook: format must be "${NOTEBOOK_FORMAT}" (got ${JSON.stringify(nb.format)})`);
  if (!Number.isInteger(nb.version) || (nb.version as number) < 1) throw new Error('notebook: version must be a positive integer');
  if ((nb.version as number) > NOTEBOOK_VERSION) {
    throw new Error(`notebook: version ${nb.version} is newer than this t5lab understands (${NOTEBOOK_VERSION}); update t5lab to open it`);
  }
  if (typeof nb.id !== 'string' || !nb.id) throw new Error('notebook: id must be a non-empty string');
  if (typeof nb.title !== 'string') throw new Error('notebook: title must be a string');
  if (!Number.isInteger(nb.seed)) throw new Error('notebook: seed must be an integer');
  if (!Array.isArray(nb.cells)) throw new Error('notebook: cells must be an array');
  if (nb.trusted !== undefined && typeof nb.trusted !== 'boolean') throw new Error('notebook: trusted must be true or false');
  const seen = new Set<string>();
  nb.cells.forEach((c, i) => {
    const cell = c as Record<string, unknown>;
    if (typeof cell !== 'object' || cell === null) throw new Error(`notebook: cells[${i}] is not an object`);
    if (typeof cell.id !== 'string' || !cell.id) throw new Error(`notebook: cells[${i}].id must be a non-empty string`);
    if (seen.has(cell.id)) throw new Error(`notebook: cells[${i}].id "${cell.id}" is used twice`);
    seen.add(cell.id);
    if (!isCellKind(cell.kind))
      throw new Error(
        `notebook: cells[${i}].kind ${JSON.stringify(cell.kind)} is not one of ${registeredCellKindNames().join(', ') || 'the cell kind names'}`,
      );
    if (typeof cell.params !== 'object' || cell.params === null || Array.isArray(cell.params)) {
      throw new Error(`notebook: cells[${i}].params must be an object`);
    }
    if (cell.lazy !== undefined && typeof cell.lazy !== 'boolean') throw new Error(`notebook: cells[${i}].lazy must be true or false`);
  });
  return value as NotebookDocument;
}
