import { LitElement, html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import type { BackendDecision } from '../src/backend/backendChoice.ts';
import type { CellSpec, NotebookDocument } from '../src/notebook/notebookDocument.ts';
import { cellKind } from './registry.ts';
import './cell-frame.ts';
import './backend-badge.ts';

/** The workbench page: header with the backend badge, then the notebook's cells in order. */
export class T5labApp extends LitElement {
  @property({ attribute: false }) notebook?: NotebookDocument;
  @property({ attribute: false }) backend?: BackendDecision;
  @property() backendError = '';
  @state() private notice = '';

  static override styles = css`
    :host { display: block; min-height: 100vh; background: #f7f8fa; color: #1f2328; font-family: Inter, "Helvetica Neue", Arial, system-ui, sans-serif; }
    .top { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 16px; padding: 10px 24px; background: rgba(255,255,255,.92); backdrop-filter: blur(6px); border-bottom: 1px solid #e3e5e8; }
    .brand { font-weight: 700; font-size: 17px; letter-spacing: -0.01em; }
    .brand span { color: #0072B2; }
    .title { color: #5b616b; font-size: 14px; }
    .spacer { flex: 1; }
    .notice { margin: 12px auto 0; max-width: 1040px; padding: 8px 14px; border-radius: 8px; background: #fff7e6; border: 1px solid #f5d9a8; color: #7a4b00; font-size: 13px; }
    main { max-width: 1040px; margin: 0 auto; padding: 24px 24px 64px 0; }
    .missing { color: #b00020; font-size: 13px; }
  `;

  override willUpdate() {
    const d = this.backend;
    const forced = d && d.requested !== 'auto' && d.active !== d.requested;
    this.notice = forced ? `${d.requested} was requested but cannot be used: ${d.skipped.find((s) => s.name === d.requested)?.reason ?? 'unavailable'}. Running on ${d.active} instead.` : '';
  }

  private renderCell(cell: CellSpec, index: number) {
    const def = cellKind(cell.kind);
    const body = def
      ? staticHtml`<${unsafeStatic(def.tag)} .spec=${cell}></${unsafeStatic(def.tag)}>`
      : html`<p class="missing">No view for cell kind "${cell.kind}" yet.</p>`;
    return html`<t5-cell-frame .index=${index + 1} .cellId=${cell.id} label=${def?.label ?? cell.kind} ?prose=${cell.kind === 'markdown'}>${body}</t5-cell-frame>`;
  }

  override render() {
    const nb = this.notebook;
    return html`
      <div class="top">
        <div class="brand">t5<span>lab</span></div>
        <div class="title">${nb?.title ?? ''}</div>
        <div class="spacer"></div>
        <t5-backend-badge .decision=${this.backend} .error=${this.backendError}></t5-backend-badge>
      </div>
      ${this.notice ? html`<div class="notice" role="status" data-notice="backend-fallback">${this.notice}</div>` : nothing}
      ${this.backendError ? html`<div class="notice" role="alert">${this.backendError}</div>` : nothing}
      <main>${nb ? repeat(nb.cells, (c) => c.id, (c, i) => this.renderCell(c, i)) : nothing}</main>
    `;
  }
}
customElements.define('t5lab-app', T5labApp);
