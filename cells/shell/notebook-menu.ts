import { LitElement, html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { NotebookSummary } from '../../src/notebook/notebookStore.ts';

/** What the menu asks the app to do (the `notebook-menu` event's detail). */
export interface NotebookMenuDetail {
  action: 'open' | 'tour' | 'new' | 'duplicate' | 'rename' | 'delete' | 'import' | 'export' | 'share' | 'figures';
  /** The notebook to open or delete. */
  id?: string;
}

function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

/**
 * `<t5-notebook-menu>`: the notebooks stored in this browser (open one), and what can be done
 * with the open one: new, duplicate, rename, delete (asks once more), import and export a
 * `.t5lab.json` file, copy a share link, export all figures as one zip.
 */
export class NotebookMenu extends LitElement {
  @property({ attribute: false }) notebooks: NotebookSummary[] = [];
  @property() currentId = '';
  @state() private open = false;
  @state() private confirmDelete = false;

  static override styles = css`
    :host {
      position: relative;
      display: inline-block;
      font:
        13px/1.3 Inter,
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
      gap: 6px;
      border: 1px solid #d0d4da;
      background: #fff;
      color: #2b2f36;
      border-radius: 6px;
      padding: 3px 10px;
    }
    .trigger:hover,
    .trigger[aria-expanded='true'] {
      background: #eef1f4;
    }
    .panel {
      position: absolute;
      z-index: 30;
      top: calc(100% + 6px);
      left: 0;
      width: 340px;
      background: #fff;
      border: 1px solid #d0d4da;
      border-radius: 10px;
      box-shadow: 0 12px 32px rgb(16 24 40 / 0.16);
      padding: 6px;
    }
    h3 {
      margin: 6px 10px 4px;
      font-size: 11px;
      text-transform: uppercase;
      letter-spacing: 0.06em;
      color: #8a8f98;
      font-weight: 600;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 260px;
      overflow: auto;
    }
    .item,
    .action {
      display: flex;
      align-items: baseline;
      gap: 8px;
      width: 100%;
      text-align: left;
      border: 0;
      background: transparent;
      padding: 6px 10px;
      border-radius: 6px;
      color: #1f2328;
    }
    .item:hover,
    .action:hover,
    .item:focus-visible,
    .action:focus-visible {
      background: #eef4fa;
      outline: none;
    }
    .item[aria-current='true'] {
      font-weight: 600;
    }
    .item .check {
      width: 1em;
      color: #0072b2;
    }
    .item .meta {
      margin-left: auto;
      color: #8a8f98;
      font-size: 12px;
      font-weight: 400;
      white-space: nowrap;
    }
    .item .t {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    hr {
      border: 0;
      border-top: 1px solid #eceef1;
      margin: 6px 4px;
    }
    .actions {
      display: grid;
      grid-template-columns: 1fr 1fr;
    }
    .action:disabled {
      opacity: 0.4;
      cursor: default;
      background: transparent;
    }
    .action.danger {
      color: #b00020;
    }
    .action.confirm {
      background: #fdecec;
      color: #b00020;
      font-weight: 600;
      grid-column: 1 / -1;
    }
  `;

  private readonly closeOnOutside = (e: Event) => {
    if (!e.composedPath().includes(this)) this.close();
  };

  override updated(): void {
    if (this.open) document.addEventListener('pointerdown', this.closeOnOutside, true);
    else document.removeEventListener('pointerdown', this.closeOnOutside, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.closeOnOutside, true);
  }

  /** Opens the menu (the app does this when no notebook could be opened). */
  show(): void {
    this.open = true;
  }

  close(): void {
    this.open = false;
    this.confirmDelete = false;
  }

  private act(action: NotebookMenuDetail['action'], id?: string) {
    if (action === 'delete' && !this.confirmDelete) {
      this.confirmDelete = true;
      return;
    }
    this.close();
    this.dispatchEvent(new CustomEvent<NotebookMenuDetail>('notebook-menu', { detail: { action, id }, bubbles: true, composed: true }));
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
      this.renderRoot.querySelector<HTMLButtonElement>('.trigger')?.focus();
    }
  }

  override render() {
    const current = this.notebooks.find((n) => n.id === this.currentId);
    return html`
      <button
        class="trigger"
        aria-haspopup="true"
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => (this.open ? this.close() : (this.open = true))}
      >
        <svg width="14" height="14" viewBox="0 0 14 14" fill="none" stroke="currentColor" stroke-width="1.4" aria-hidden="true">
          <path d="M2 2.5h10M2 7h10M2 11.5h10" />
        </svg>
        Notebooks
      </button>
      ${
        this.open
          ? html`<div class="panel" role="dialog" aria-label="Notebooks" @keydown=${this.onKey}>
              <h3>Open</h3>
              <ul>
                ${this.notebooks.map(
                  (n) =>
                    html`<li>
                      <button
                        class="item"
                        data-open=${n.id}
                        aria-current=${n.id === this.currentId ? 'true' : 'false'}
                        @click=${() => this.act('open', n.id)}
                      >
                        <span class="check">${n.id === this.currentId ? '✓' : ''}</span><span class="t">${n.title}</span>
                        <span class="meta">${n.cells} cell${n.cells === 1 ? '' : 's'} · ${ago(n.updatedAt)}</span>
                      </button>
                    </li>`,
                )}
              </ul>
              <hr />
              <div class="actions">
                <button class="action" data-action="new" @click=${() => this.act('new')}>New notebook</button>
                <button class="action" data-action="tour" @click=${() => this.act('tour')}>The T5 tour</button>
                <button class="action" data-action="import" @click=${() => this.act('import')}>Import file…</button>
                <button class="action" data-action="duplicate" ?disabled=${!this.currentId} @click=${() => this.act('duplicate')}>
                  Duplicate
                </button>
                <button class="action" data-action="export" ?disabled=${!this.currentId} @click=${() => this.act('export')}>
                  Export .t5lab.json
                </button>
                <button class="action" data-action="rename" ?disabled=${!this.currentId} @click=${() => this.act('rename')}>Rename</button>
                <button class="action" data-action="share" ?disabled=${!this.currentId} @click=${() => this.act('share')}>
                  Copy share link
                </button>
                <button class="action" data-action="figures" ?disabled=${!this.currentId} @click=${() => this.act('figures')}>
                  Export all figures
                </button>
                ${
                  this.confirmDelete
                    ? html`<button class="action confirm" data-action="delete" @click=${() => this.act('delete', this.currentId)}>
                        Delete “${current?.title ?? this.currentId}” for good
                      </button>`
                    : html`<button
                        class="action danger"
                        data-action="delete"
                        ?disabled=${!this.currentId}
                        @click=${() => this.act('delete', this.currentId)}
                      >
                        Delete…
                      </button>`
                }
              </div>
            </div>`
          : nothing
      }
    `;
  }
}

if (!customElements.get('t5-notebook-menu')) customElements.define('t5-notebook-menu', NotebookMenu);
