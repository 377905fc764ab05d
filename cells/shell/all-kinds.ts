/**
 * Loads every cell kind: each file of cells/kinds/ defines one kind (file name = kind name, tag
 * `t5-<kind>-cell`) and registers it on load, so a new file there is a new kind with no list to
 * edit. Vite expands the glob at build time; the modules are bundled like static imports.
 */
import { markCellKindsComplete } from '../../src/notebook/cellKindNames.ts';

import.meta.glob('../kinds/*.ts', { eager: true });
// Eager glob imports are hoisted like static imports: every kind has registered by now.
markCellKindsComplete();
