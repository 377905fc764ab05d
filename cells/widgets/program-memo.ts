import type { CellProgram } from '../../src/notebook/notebookRuntime.ts';

/**
 * Keeps a cell's `program()` the same object while the parameters it computes from are unchanged.
 * View-only parameters (a page number, a selected head, a sample sentence) are still saved with
 * the notebook through `setParam`, but the notebook view can see that the program did not change
 * (`program() === previous`) and skip re-registering it, so nothing downstream re-runs.
 */
export class ProgramMemo {
  private key: string | undefined;
  private program: CellProgram | null = null;

  /** `deps`: plain JSON of everything the program depends on; `make` builds it when they change. */
  get(deps: unknown, make: () => CellProgram | null): CellProgram | null {
    const key = JSON.stringify(deps);
    if (key !== this.key) {
      this.key = key;
      this.program = make();
    }
    return this.program;
  }
}
