/**
 * The cell kinds this program can show. The views register each kind when its module loads
 * (cells/shell/registry.ts), so the list is derived from the kinds that exist, never written out
 * by hand. The core itself knows no kinds: in Node (CLI, tests) nothing registers, and a notebook
 * is checked for the shape of its kind names only.
 */

const known = new Set<string>();

/** A kind name as it appears in `data-cell-kind` and in notebook files: lowercase words joined by `-`. */
export const CELL_KIND_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Called by the view registry; the notebook document accepts registered kinds from then on. */
export function registerCellKindName(name: string): void {
  if (!CELL_KIND_NAME.test(name)) throw new Error(`cell kind "${name}" must be lowercase words joined by "-"`);
  known.add(name);
}

/** The registered kinds, in registration order (empty where no views are loaded). */
export function registeredCellKindNames(): readonly string[] {
  return [...known];
}
