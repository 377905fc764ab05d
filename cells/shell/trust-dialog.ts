import { LitElement, html, css } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { NotebookDocument } from '../../src/notebook/notebookDocument.ts';

/** Lines of each code cell the dialog shows before "…" (the full source is in the cell). */
export const TRUST_PREVIEW_LINES = 6;

/** The code cells trusting would run, as the dialog lists them: id, first lines, line count. */
export function codeCellPreviews(doc: NotebookDocument | undefined): { id: string; preview: string; lines: number }[] {
  return (doc?.cells ?? [])
    .filter((c) => c.kind === 'code')
    .map((c) => {
      const lines = String(c.params.source ?? '').split('\n');
      return { id: c.id, preview: lines.slice(0, TRUST_PREVIEW_LINES).join('\n'), lines: lines.length };
    });
}

/**
 * `<t5-trust-dialog>`: the only way to trust an imported notebook. A modal native `<dialog>`
 * (showModal puts it in the browser's top layer, above anything the page's content can draw,
 * and makes the rest of the page inert) lists the code cells that would run; its Trust button
 * stays disabled until the "I have read …" box is ticked, so no single click, however
 * disguised, can trust a notebook. Fires `trust-confirmed` with the notebook's id (the app
 * trusts it only if it is still the open one).
 */
export class TrustDialog extends LitElement {
  @property({ attribute: false }) notebook?: NotebookDocument;
  @state() private confirmed = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  static override styles = css`
    dialog {
      max-width: min(760px, 92vw);
      max-height: 86vh;
      border: 1px solid #e3c48a;
      border-radius: 10px;
      padding: 18px 22px;
      font:
        14px/1.45 Inter,
        'Helvetica Neue',
        Arial,
        system-ui,
        sans-serif;
      color: #1f2328;
      box-shadow: 0 16px 48px rgb(16 24 40 / 0.25);
    }
    dialog::backdrop {
      background: rgb(16 24 40 / 0.55);
    }
    h2 {
      margin: 0 0 6px;
      font-size: 17px;
    }
    ol {
      margin: 10px 0;
      padding-left: 22px;
      max-height: 48vh;
      overflow: auto;
    }
    li {
      margin: 0 0 10px;
    }
    pre {
      margin: 4px 0 0;
      background: #f6f8fa;
      border-radius: 6px;
      padding: 6px 10px;
      font:
        12px/1.5 ui-monospace,
        SFMono-Regular,
        Menlo,
        monospace;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .more {
      color: #5b616b;
      font-size: 12px;
    }
    label {
      display: flex;
      gap: 8px;
      align-items: center;
      margin: 12px 0;
      font-weight: 600;
    }
    .buttons {
      display: flex;
      gap: 10px;
      justify-content: flex-end;
    }
    button {
      font: inherit;
      border: 1px solid #c4c8cf;
      background: #fff;
      border-radius: 6px;
      padding: 4px 14px;
      cursor: pointer;
    }
    button.trust {
      background: #8a5300;
      color: #fff;
      border-color: #8a5300;
      font-weight: 600;
    }
    button:disabled {
      opacity: 0.45;
      cursor: not-allowed;
    }
  `;

  /** Opens the dialog (modal), with the confirmation box unticked. */
  async show(): Promise<void> {
    this.confirmed = false;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  close(): void {
    this.dialog?.close();
  }

  private confirm(): void {
    if (!this.confirmed) return;
    this.dialog.close();
    this.dispatchEvent(
      new CustomEvent<{ id?: string }>('trust-confirmed', { detail: { id: this.notebook?.id }, bubbles: true, composed: true }),
    );
  }

  override render() {
    const cells = codeCellPreviews(this.notebook);
    const n = cells.length;
    return html`<dialog
      aria-labelledby="trust-title"
      @close=${() => {
        this.confirmed = false;
      }}
    >
      <h2 id="trust-title">Run the code of "${this.notebook?.title ?? ''}"?</h2>
      <div>
        This notebook was imported. Trusting it runs its ${n} code cell${n === 1 ? '' : 's'} now and whenever
        ${n === 1 ? 'it changes' : 'they change'}. Code can do anything this page can: read your other notebooks and runs, or send them
        elsewhere.
      </div>
      <ol data-trust-cells>
        ${cells.map(
          (c) =>
            html`<li data-cell-id=${c.id}>
              <b>${c.id}</b>
              <pre>${c.preview}</pre>
              ${c.lines > TRUST_PREVIEW_LINES ? html`<div class="more">… ${c.lines - TRUST_PREVIEW_LINES} more line${c.lines - TRUST_PREVIEW_LINES === 1 ? '' : 's'} (read them in the cell)</div>` : ''}
            </li>`,
        )}
      </ol>
      <label
        ><input
          type="checkbox"
          data-action="confirm-read"
          .checked=${this.confirmed}
          @change=${(e: Event) => {
            this.confirmed = (e.target as HTMLInputElement).checked;
          }}
        />
        I have read ${n === 1 ? 'this code' : `these ${n} code cells`} and want ${n === 1 ? 'it' : 'them'} to run</label
      >
      <div class="buttons">
        <button data-action="cancel-trust" autofocus @click=${() => this.dialog.close()}>Cancel</button>
        <button class="trust" data-action="confirm-trust" ?disabled=${!this.confirmed} @click=${() => this.confirm()}>
          Trust and run ${n} code cell${n === 1 ? '' : 's'}
        </button>
      </div>
    </dialog>`;
  }
}
customElements.define('t5-trust-dialog', TrustDialog);
