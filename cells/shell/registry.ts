/**
 * The cell-kind registry: each module of cells/kinds/ registers its kind here when it loads
 * (./all-kinds.ts loads them all), and the notebook view looks kinds up to build cells from
 * notebook data. The notebook document's list of kinds is derived from these registrations.
 * Adding a file to cells/kinds/ is the one way a cell kind is added to t5lab (CONTRIBUTING.md).
 */
import type { CellKindName } from '../../src/notebook/notebookDocument.ts';
import { registerCellKindName } from '../../src/notebook/cellKindNames.ts';

export interface CellKindDefinition {
  kind: CellKindName;
  /** Custom-element tag of the cell's Lit component. */
  tag: string;
  /** Human name shown in the cell header and the "add cell" menu. */
  label: string;
  /** One line on what the cell shows. */
  description: string;
  /** Parameters of a new cell of this kind. */
  defaultParams: () => Record<string, unknown>;
  /** Expensive cells (training, sweeps) wait for Run instead of recomputing on every change. */
  lazy?: boolean;
  /** Position in the "add cell" menu (smaller first; the tour's order: data, model, views, training, experiments). */
  order?: number;
}

const kinds = new Map<CellKindName, CellKindDefinition>();

/** Registers a kind and its element. Registering the same kind twice is a programming error. */
export function defineCellKind(def: CellKindDefinition, element: CustomElementConstructor): void {
  if (kinds.has(def.kind)) throw new Error(`cell kind "${def.kind}" is already registered`);
  registerCellKindName(def.kind);
  kinds.set(def.kind, def);
  if (!customElements.get(def.tag)) customElements.define(def.tag, element);
}

export function cellKind(kind: CellKindName): CellKindDefinition | undefined {
  return kinds.get(kind);
}

export function registeredCellKinds(): CellKindDefinition[] {
  return [...kinds.values()].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity));
}
