import { LitElement, html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CellKindName } from '../../src/notebook/notebookDocument.ts';

export interface AddCellChoice {
  kind: CellKindName;
  label: string;
  description: string;
}

/**
 * `<t5-add-cell-menu>`: a "+" button opening the list of registered cell kinds with what each
 * shows; choosing one sends `add-cell` with `{kind}`. Escape or a click elsewhere closes it.
 */
export class AddCellMenu extends LitElement {
  @property({ attribute: false }) kinds: AddCellChoice[] = [];
  /** Icon-only trigger (cell toolbars) instead of "+ Add cell". */
  @property({ type: Boolean }) compact = false;
  @state() private open = false;

  static override styles = css`
    :host {
      position: relative;
      display: inline-block;
      font:
        12px/1.3 Inter,
        'Helvetica Neue',
        Arial,
        system-ui,
        sans-serif;
    }
    button {
      font: inherit;
      cursor: pointer;
    }
    .trigger {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      border: 1px dashed #c4c9d0;
      background: transparent;
      color: #4a5058;
      border-radius: 6px;
      padding: 3px 10px;
    }
    .trigger:hover,
    .trigger[aria-expanded='true'] {
      border-color: #0072b2;
      color: #0072b2;
      background: #f2f8fc;
    }
    :host([compact]) .trigger {
      border: 0;
      padding: 2px 6px;
      font-size: 14px;
      line-height: 1;
    }
    [role='menu'] {
      position: absolute;
      z-index: 20;
      top: calc(100% + 4px);
      left: 0;
      min-width: 300px;
      max-height: 360px;
      overflow: auto;
      margin: 0;
      padding: 4px;
      background: #fff;
      border: 1px solid #d0d4da;
      border-radius: 8px;
      box-shadow: 0 8px 24px rgb(16 24 40 / 0.14);
    }
    :host([compact]) [role='menu'] {
      left: auto;
      right: 0;
    }
    [role='menuitem'] {
      display: grid;
      width: 100%;
      text-align: left;
      border: 0;
      background: transparent;
      padding: 6px 10px;
      border-radius: 6px;
      gap: 1px;
    }
    [role='menuitem']:hover,
    [role='menuitem']:focus-visible {
      background: #eef4fa;
      outline: none;
    }
    .label {
      font-weight: 600;
      color: #1f2328;
      font-size: 13px;
    }
    .desc {
      color: #5b616b;
    }
  `;

  private readonly closeOnOutside = (e: Event) => {
    if (!e.composedPath().includes(this)) this.open = false;
  };

  override updated(): void {
    if (this.open) document.addEventListener('pointerdown', this.closeOnOutside, true);
    else document.removeEventListener('pointerdown', this.closeOnOutside, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.closeOnOutside, true);
  }

  private async toggle() {
    this.open = !this.open;
    if (this.open) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    }
  }

  private choose(kind: CellKindName) {
    this.open = false;
    this.dispatchEvent(new CustomEvent('add-cell', { detail: { kind }, bubbles: true, composed: true }));
  }

  private onKey(e: KeyboardEvent) {
    const items = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
    const i = items.indexOf(this.renderRoot.querySelector(':focus') as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      this.open = false;
      this.renderRoot.querySelector<HTMLButtonElement>('.trigger')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    }
  }

  override render() {
    return html`
      <button
        class="trigger"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        title="Add a cell below"
        aria-label="Add a cell below"
        @click=${this.toggle}
      >
        +${this.compact ? nothing : html` Add cell`}
      </button>
      ${
        this.open
          ? html`<div role="menu" aria-label="Cell kinds" @keydown=${this.onKey}>
              ${this.kinds.map(
                (k) =>
                  html`<button role="menuitem" data-kind=${k.kind} @click=${() => this.choose(k.kind)}>
                    <span class="label">${k.label}</span><span class="desc">${k.description}</span>
                  </button>`,
              )}
            </div>`
          : nothing
      }
    `;
  }
}

if (!customElements.get('t5-add-cell-menu')) customElements.define('t5-add-cell-menu', AddCellMenu);
