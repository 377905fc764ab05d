/**
 * The cell kinds this program can show. The views register each kind when its module loads
 * (cells/shell/registry.ts), so the list is derived from the kinds that exist, never written out
 * by hand. The core itself knows no kinds: until the views say the list is complete (the app's
 * cells/shell/all-kinds.ts does, after loading every kind), a notebook is checked for the shape of
 * its kind names only — in Node (CLI, tests) and on test pages that load a few kinds.
 */

const known = new Set<string>();
let complete = false;

/** A kind name as it appears in `data-cell-kind` and in notebook files: lowercase words joined by `-`. */
export const CELL_KIND_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Called by the view registry; the notebook document accepts registered kinds from then on. */
export function registerCellKindName(name: string): void {
  if (!CELL_KIND_NAME.test(name)) throw new Error(`cell kind "${name}" must be lowercase words joined by "-"`);
  known.add(name);
}

/** Called once every kind is loaded: from then on a notebook may only use registered kinds. */
export function markCellKindsComplete(): void {
  complete = true;
}

/** Whether the registered kinds are all the kinds this program has. */
export function cellKindsComplete(): boolean {
  return complete;
}

/** The registered kinds, in registration order (empty where no views are loaded). */
export function registeredCellKindNames(): readonly string[] {
  return [...known];
}
