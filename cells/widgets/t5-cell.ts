import { LitElement, css } from 'lit';
import { property } from 'lit/decorators.js';
import type { CellKindName, CellSpec } from '../../src/notebook/notebookDocument.ts';
import type { CellProgram, CellState } from '../../src/notebook/notebookRuntime.ts';

/**
 * Base class of every cell component. Sets `data-cell-kind` on the host (tests and users'
 * scripts find cells by it) and gives subclasses their spec and a way to report parameter edits.
 *
 * Dataflow contract (the notebook view implements the other side):
 * - `program()` returns what the cell computes from its params: the names it reads from other
 *   cells, the names it publishes, and `run(inputs, {signal, version})`. The view registers it
 *   with the NotebookRuntime, and registers it again whenever the cell's params change (a
 *   `cell-params-changed` event), so the cell and every cell downstream re-run.
 * - The view sets `runState` (status, outputs of the last successful run, error, blockedBy) on
 *   every change; `render()` draws from `runState.outputs`, dimmed while stale.
 * - Cells that only display their params (markdown) return null from `program()`.
 * Heavy work belongs in `run` (it gets an AbortSignal and is dropped when stale), never in render.
 * Parameter inputs go in an element with class `controls` (baseStyles), which `?hide=controls` hides.
 */
export abstract class T5Cell extends LitElement {
  abstract readonly kind: CellKindName;

  @property({ attribute: false }) spec!: CellSpec;

  /** Latest state of this cell's program in the notebook runtime (set by the notebook view). */
  @property({ attribute: false }) runState?: CellState;

  /** The cell's dataflow program for its current params, or null for a display-only cell. */
  program(): CellProgram | null {
    return null;
  }

  static baseStyles = css`
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    label {
      font-size: 13px;
      color: var(--t5-muted, #555);
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    input[type='number'] {
      width: 5em;
      font: inherit;
      padding: 2px 4px;
      border: 1px solid #ccc;
      border-radius: 4px;
    }
    .controls {
      display: var(--t5-controls-display, flex);
      flex-wrap: wrap;
      gap: 16px;
      margin-bottom: 12px;
      align-items: center;
    }
    .error {
      color: #b00020;
      font-size: 13px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('data-cell-kind', this.kind);
  }

  /** Asks the notebook to run (`'run'`) or interrupt (`'interrupt'`) this cell: an experiment's Resume and Pause. */
  protected requestAction(action: 'run' | 'interrupt'): void {
    this.dispatchEvent(new CustomEvent('cell-action', { detail: { id: this.spec.id, action }, bubbles: true, composed: true }));
  }

  /**
   * Tells the notebook that `program()` now returns something else for the same params (a cell
   * whose parser arrived later, cells/kinds/code.ts): it registers the program again.
   */
  protected programChanged(): void {
    this.dispatchEvent(new CustomEvent('cell-program-changed', { detail: { id: this.spec.id }, bubbles: true, composed: true }));
  }

  /** Updates one parameter and tells the notebook, which saves it and re-runs dependents. */
  protected setParam(name: string, value: unknown): void {
    this.spec = { ...this.spec, params: { ...this.spec.params, [name]: value } };
    this.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }),
    );
  }
}
