import { LitElement, html, css } from 'lit';
import { property } from 'lit/decorators.js';

/**
 * The chrome around one cell: its number, kind and status. The cell's own view is the slotted
 * content, so every kind gets the same header without knowing about it.
 */
export class CellFrame extends LitElement {
  @property({ type: Number }) index = 0;
  @property() label = '';
  @property() cellId = '';
  /** idle | running | stale | blocked | error */
  @property({ reflect: true }) status = 'idle';
  @property({ type: Boolean, reflect: true }) prose = false;

  static override styles = css`
    :host { display: grid; grid-template-columns: 44px minmax(0, 1fr); gap: 0 12px; margin: 0 0 18px; }
    .gutter { font: 12px/1.2 ui-monospace, SFMono-Regular, Menlo, monospace; color: #8a8f98; text-align: right; padding-top: 14px; }
    .card { background: #fff; border: 1px solid #e3e5e8; border-radius: 10px; padding: 12px 16px 14px; box-shadow: 0 1px 2px rgba(16,24,40,.04); }
    :host([prose]) .card { background: transparent; border-color: transparent; box-shadow: none; padding-top: 4px; }
    header { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; font-size: 12px; color: #5b616b; }
    :host([prose]) header { display: none; }
    .kind { font-weight: 600; color: #2b2f36; letter-spacing: .01em; }
    .badge { margin-left: auto; font-size: 11px; padding: 1px 8px; border-radius: 999px; background: #eef1f4; color: #4a5058; }
    :host([status='running']) .badge { background: #e7f0ff; color: #0b57d0; }
    :host([status='error']) .badge, :host([status='blocked']) .badge { background: #fdecec; color: #b00020; }
    :host([status='stale']) .body { opacity: .55; }
  `;

  override render() {
    return html`
      <div class="gutter" aria-hidden="true">[${this.index}]</div>
      <section class="card" aria-label=${this.label}>
        <header><span class="kind">${this.label}</span><span class="badge">${this.status}</span></header>
        <div class="body"><slot></slot></div>
      </section>
    `;
  }
}
customElements.define('t5-cell-frame', CellFrame);
