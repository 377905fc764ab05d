import { LitElement, css } from 'lit';
import { property } from 'lit/decorators.js';
import type { CellKindName, CellSpec } from '../src/notebook/notebookDocument.ts';

/**
 * Base class of every cell component. Sets `data-cell-kind` on the host (tests and users'
 * scripts find cells by it) and gives subclasses their spec and a way to report parameter edits.
 */
export abstract class T5Cell extends LitElement {
  abstract readonly kind: CellKindName;

  @property({ attribute: false }) spec!: CellSpec;

  static baseStyles = css`
    :host { display: block; }
    figure { margin: 0; }
    label { font-size: 13px; color: var(--t5-muted, #555); display: inline-flex; gap: 6px; align-items: center; }
    input[type='number'] { width: 5em; font: inherit; padding: 2px 4px; border: 1px solid #ccc; border-radius: 4px; }
    .controls { display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 12px; align-items: center; }
    .error { color: #b00020; font-size: 13px; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('data-cell-kind', this.kind);
  }

  /** Updates one parameter and tells the notebook, which saves it and re-runs dependents. */
  protected setParam(name: string, value: unknown): void {
    this.spec = { ...this.spec, params: { ...this.spec.params, [name]: value } };
    this.dispatchEvent(new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }));
  }
}
