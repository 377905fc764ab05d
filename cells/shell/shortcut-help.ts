import { LitElement, html, css } from 'lit';
import { SHORTCUTS, type Shortcut } from './keyboard-shortcuts.ts';

/**
 * `<t5-shortcut-help>`: the keyboard shortcut overlay ('?'), a native modal `<dialog>` listing
 * every shortcut in SHORTCUTS. Esc (the dialog's own cancel) or the Close button closes it and
 * gives focus back to where it was.
 */
export class ShortcutHelp extends LitElement {
  static override styles = css`
    dialog {
      border: 1px solid #d0d4da;
      border-radius: 12px;
      padding: 18px 22px;
      max-width: 560px;
      width: calc(100vw - 48px);
      box-shadow: 0 12px 40px rgba(16, 24, 40, 0.18);
      font:
        14px/1.4 system-ui,
        sans-serif;
      color: #1f2328;
    }
    dialog::backdrop {
      background: rgba(16, 24, 40, 0.35);
    }
    h2 {
      margin: 0 0 4px;
      font-size: 17px;
    }
    p {
      margin: 0 0 12px;
      color: #5b616b;
      font-size: 13px;
    }
    h3 {
      margin: 12px 0 4px;
      font-size: 13px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: #5b616b;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    td {
      padding: 3px 0;
      vertical-align: top;
    }
    td:first-child {
      width: 45%;
      padding-right: 12px;
    }
    kbd {
      font:
        12px ui-monospace,
        SFMono-Regular,
        Menlo,
        monospace;
      background: #f3f4f6;
      border: 1px solid #d0d4da;
      border-bottom-width: 2px;
      border-radius: 5px;
      padding: 1px 6px;
      white-space: nowrap;
    }
    .close {
      float: right;
      font: inherit;
      border: 1px solid #d0d4da;
      background: #fff;
      border-radius: 6px;
      padding: 3px 12px;
      cursor: pointer;
    }
  `;

  /** The open dialog element (tests read it). */
  get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Shows the overlay as a modal dialog. */
  async open(): Promise<void> {
    await this.updateComplete;
    const d = this.dialog;
    if (d && !d.open) d.showModal();
  }

  close(): void {
    this.dialog?.close();
  }

  private rows(mode: Shortcut['mode']) {
    return SHORTCUTS.filter((s) => s.mode === mode || s.mode === 'any').map(
      (s) =>
        html`<tr data-shortcut>
          <td>${s.keys.split(' / ').map((k, i) => html`${i ? ' / ' : ''}<kbd>${k}</kbd>`)}</td>
          <td>${s.action}</td>
        </tr>`,
    );
  }

  override render() {
    return html`<dialog aria-labelledby="shortcut-title">
      <button class="close" @click=${() => this.close()}>Close</button>
      <h2 id="shortcut-title">Keyboard shortcuts</h2>
      <p>Command mode: a cell is selected (blue ring) and you are not typing. Edit mode: you are typing in a field or editor.</p>
      <h3>Command mode</h3>
      <table>
        ${this.rows('command')}
      </table>
      <h3>Edit mode</h3>
      <table>
        ${this.rows('edit')}
      </table>
    </dialog>`;
  }
}
customElements.define('t5-shortcut-help', ShortcutHelp);
