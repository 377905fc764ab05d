// Over 400 lines on purpose: the frame every cell sits in: toolbar, status, blocked-by and error views, and
// their styles (about 250 lines of CSS).
import { LitElement, html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { AddCellChoice } from './add-cell-menu.ts';
import './add-cell-menu.ts';

/** What a cell toolbar button asks the notebook to do (the `cell-action` event's detail). */
export interface CellActionDetail {
  id: string;
  action: 'up' | 'down' | 'delete' | 'run' | 'lazy' | 'goto' | 'interrupt';
  /** For 'goto': the cell to go to. */
  target?: string;
}

/** Display status of a cell, reflected as the frame's `status` attribute. */
export type FrameStatus = 'idle' | 'ok' | 'running' | 'stale' | 'waiting' | 'blocked' | 'error' | 'untrusted';

/**
 * The chrome around one cell: its number, kind and status badge, the message of an error or a
 * block, graph problems that involve it, and the cell toolbar (run, lazy/auto, move, delete,
 * add below). The cell's own view is the slotted content, dimmed while its output is stale.
 */
export class CellFrame extends LitElement {
  @property({ type: Number }) index = 0;
  @property() label = '';
  @property() cellId = '';
  @property({ reflect: true }) status: FrameStatus = 'idle';
  /** Short badge text ("running", "blocked", "waiting"…); empty hides the badge. */
  @property() badge = '';
  /** The error (with its line), or why the cell does not run. */
  @property() message = '';
  /** The cell this one is blocked by or waits for: `{id, title}`. */
  @property({ attribute: false }) blocker?: { id: string; title: string };
  /** Graph problems involving this cell (duplicate names, missing inputs, cycles). */
  @property({ attribute: false }) problems: string[] = [];
  /** The last output no longer matches the inputs: shown dimmed. */
  @property({ type: Boolean, reflect: true }) stale = false;
  /** undefined: no lazy/auto toggle (display-only cells); otherwise the cell's mode. */
  @property({ attribute: false }) lazy?: boolean;
  /** Shows a Run button (lazy cells, and any cell with a program for re-runs). */
  @property({ type: Boolean }) runnable = false;
  @property({ type: Boolean }) first = false;
  @property({ type: Boolean }) last = false;
  @property({ type: Boolean, reflect: true }) prose = false;
  @property({ type: Boolean, reflect: true, attribute: 'hide-toolbar' }) hideToolbar = false;
  @property({ attribute: false }) kinds: AddCellChoice[] = [];

  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 44px minmax(0, 1fr);
      gap: 0 12px;
      margin: 0 0 18px;
      outline: none;
      scroll-margin-top: 64px;
    }
    .gutter {
      font:
        12px/1.2 ui-monospace,
        SFMono-Regular,
        Menlo,
        monospace;
      color: #8a8f98;
      text-align: right;
      padding-top: 14px;
    }
    :host(:focus-within) .gutter,
    :host(:focus) .gutter {
      color: #0072b2;
      font-weight: 600;
    }
    .card {
      position: relative;
      background: #fff;
      border: 1px solid #e3e5e8;
      border-radius: 10px;
      padding: 12px 16px 14px;
      box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04);
    }
    :host(:focus-visible) .gutter {
      color: #0072b2;
      font-weight: 600;
    }
    :host([prose]) .card {
      background: transparent;
      border-color: transparent;
      box-shadow: none;
      padding-top: 4px;
    }
    :host([prose]:hover) .card,
    :host([prose]:focus-within) .card {
      border-color: #eceef1;
    }
    header {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
      font-size: 12px;
      color: #5b616b;
      min-height: 22px;
    }
    :host([prose]) header {
      position: absolute;
      top: 2px;
      right: 8px;
      margin: 0;
      z-index: 3;
    }
    :host([prose]) header .kind,
    :host([prose]) header .id {
      display: none;
    }
    .kind {
      font-weight: 600;
      color: #2b2f36;
      letter-spacing: 0.01em;
    }
    .id {
      font:
        11px ui-monospace,
        SFMono-Regular,
        Menlo,
        monospace;
      color: #9aa0a8;
    }
    .badge {
      font-size: 11px;
      padding: 1px 8px;
      border-radius: 999px;
      background: #eef1f4;
      color: #4a5058;
      white-space: nowrap;
    }
    :host([status='ok']) .badge {
      background: #eef6ee;
      color: #1e6b2a;
    }
    :host([status='running']) .badge {
      background: #e7f0ff;
      color: #0b57d0;
    }
    :host([status='stale']) .badge,
    :host([status='waiting']) .badge {
      background: #fff4e0;
      color: #8a5300;
    }
    :host([status='error']) .badge,
    :host([status='blocked']) .badge {
      background: #fdecec;
      color: #b00020;
    }
    :host([status='untrusted']) .badge {
      background: #fff4e0;
      color: #8a5300;
    }
    :host([status='running']) .badge::before {
      content: '';
      display: inline-block;
      width: 6px;
      height: 6px;
      margin-right: 5px;
      border-radius: 50%;
      background: currentColor;
      animation: pulse 1s ease-in-out infinite;
      vertical-align: 1px;
    }
    @keyframes pulse {
      50% {
        opacity: 0.25;
      }
    }
    .spacer {
      flex: 1;
    }
    .tools {
      display: flex;
      align-items: center;
      gap: 2px;
      opacity: 0;
      transition: opacity 120ms;
    }
    :host(:hover) .tools,
    :host(:focus-within) .tools,
    :host(:focus) .tools {
      opacity: 1;
    }
    @media (hover: none) {
      .tools {
        opacity: 1;
      }
    }
    :host([hide-toolbar]) .tools {
      display: none;
    }
    .tools button,
    .run {
      font: inherit;
      font-size: 12px;
      cursor: pointer;
      border: 0;
      background: transparent;
      color: #4a5058;
      border-radius: 6px;
      padding: 2px 6px;
      line-height: 1.2;
    }
    .tools button:hover:not(:disabled) {
      background: #eef1f4;
      color: #1f2328;
    }
    .tools button:disabled {
      opacity: 0.35;
      cursor: default;
    }
    .tools .mode {
      border: 1px solid #d0d4da;
      font-size: 11px;
      padding: 1px 7px;
      margin-right: 4px;
    }
    .tools .mode[aria-pressed='true'] {
      background: #fff4e0;
      border-color: #e3c48a;
      color: #8a5300;
    }
    .tools .delete:hover {
      color: #b00020 !important;
    }
    .run {
      border: 1px solid #0072b2;
      color: #0072b2;
      background: #fff;
      padding: 1px 10px;
      font-weight: 600;
    }
    .run:hover {
      background: #0072b2;
      color: #fff;
    }
    :host([status='waiting']) .run,
    :host([status='stale']) .run {
      background: #0072b2;
      color: #fff;
    }
    svg {
      display: block;
    }
    .message {
      margin: 0 0 8px;
      padding: 6px 10px;
      border-radius: 6px;
      font-size: 13px;
      background: #fdecec;
      color: #8c0017;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .message.soft {
      background: #fff4e0;
      color: #6b4300;
    }
    .message button {
      font: inherit;
      border: 0;
      background: none;
      color: #0b57d0;
      text-decoration: underline;
      cursor: pointer;
      padding: 0;
    }
    .problem {
      margin: 0 0 8px;
      padding: 6px 10px;
      border-radius: 6px;
      font-size: 13px;
      background: #fff7e6;
      border: 1px solid #f5d9a8;
      color: #7a4b00;
    }
    .body {
      transition: opacity 150ms;
    }
    :host([stale]) .body {
      opacity: 0.5;
    }
    /* The selected cell (keyboard): a visible ring, text cells included. */
    :host(:focus-visible) .card,
    :host([prose]:focus-visible) .card {
      border-color: #0072b2;
      box-shadow: 0 0 0 2px rgba(0, 114, 178, 0.35);
    }
  `;

  private act(action: CellActionDetail['action'], target?: string) {
    this.dispatchEvent(
      new CustomEvent<CellActionDetail>('cell-action', { detail: { id: this.cellId, action, target }, bubbles: true, composed: true }),
    );
  }

  private icon(path: string) {
    return html`<svg
      width="14"
      height="14"
      viewBox="0 0 14 14"
      fill="none"
      stroke="currentColor"
      stroke-width="1.5"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d=${path} />
    </svg>`;
  }

  private renderTools() {
    return html`<div class="tools" role="toolbar" aria-label=${`Cell ${this.index} tools`}>
      ${
        this.lazy !== undefined
          ? html`<button
              class="mode"
              tabindex="-1"
              aria-pressed=${this.lazy ? 'true' : 'false'}
              data-action="lazy"
              title=${this.lazy ? 'Lazy: waits for Run (Shift+Enter). Click to run automatically.' : 'Auto: re-runs on every change. Click to make it wait for Run.'}
              @click=${() => this.act('lazy')}
            >
              ${this.lazy ? 'lazy' : 'auto'}
            </button>`
          : nothing
      }
      <button
        data-action="up"
        tabindex="-1"
        title="Move up"
        aria-label="Move cell up"
        ?disabled=${this.first}
        @click=${() => this.act('up')}
      >
        ${this.icon('M7 11V3M3.5 6.5 7 3l3.5 3.5')}
      </button>
      <button
        data-action="down"
        tabindex="-1"
        title="Move down"
        aria-label="Move cell down"
        ?disabled=${this.last}
        @click=${() => this.act('down')}
      >
        ${this.icon('M7 3v8M3.5 7.5 7 11l3.5-3.5')}
      </button>
      <button
        class="delete"
        tabindex="-1"
        data-action="delete"
        title="Delete cell"
        aria-label="Delete cell"
        @click=${() => this.act('delete')}
      >
        ${this.icon('M2.5 4h9M5.5 4V2.5h3V4M4 4l.6 7.5h4.8L10 4')}
      </button>
      <t5-add-cell-menu compact .kinds=${this.kinds}></t5-add-cell-menu>
    </div>`;
  }

  private renderMessage() {
    if (this.blocker) {
      const b = this.blocker;
      const soft = this.status === 'waiting' || this.status === 'stale';
      // One line: the message reads "blocked by [2] check" in textContent too (scripts and tests read it).
      return html`<p class="message ${soft ? 'soft' : ''}" role="status" data-blocked-by=${b.id}>${this.message || (soft ? 'waiting for' : 'blocked by')} <button data-goto=${b.id} @click=${() => this.act('goto', b.id)}>${b.title}</button></p>`;
    }
    if (!this.message) return nothing;
    const soft = this.status !== 'error';
    return html`<p class="message ${soft ? 'soft' : ''}" role=${soft ? 'status' : 'alert'}>${this.message}</p>`;
  }

  override render() {
    return html`
      <div class="gutter" aria-hidden="true">[${this.index}]</div>
      <section class="card" aria-label=${`${this.index}: ${this.label}`}>
        <header>
          <span class="kind">${this.label}</span><span class="id">${this.cellId}</span>
          ${this.badge ? html`<span class="badge" role="status">${this.badge}</span>` : nothing}
          <span class="spacer"></span>
          ${
            this.runnable
              ? html`<button class="run" tabindex="-1" data-action="run" title="Run (Shift+Enter)" @click=${() => this.act('run')}>
                  ▶ Run
                </button>`
              : nothing
          }
          ${this.renderTools()}
        </header>
        ${this.problems.map((p) => html`<p class="problem" role="alert" data-problem>${p}</p>`)} ${this.renderMessage()}
        <div class="body"><slot></slot></div>
      </section>
    `;
  }
}
customElements.define('t5-cell-frame', CellFrame);
