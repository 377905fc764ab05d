// Over 400 lines on purpose: it is the one place that binds notebook data to the runtime (registering
// programs, feeding run states back, edits, lazy rendering, keyboard focus).
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { LazyCells } from './lazy-cells.ts';
import { NotebookRuntime, type CellProgram, type CellState } from '../../src/notebook/notebookRuntime.ts';
import type { CellSpec, NotebookDocument } from '../../src/notebook/notebookDocument.ts';
import { insertCell, moveCell, removeCell, restoreCell, setCellLazy, setCellParams } from '../../src/notebook/notebookEdits.ts';
import { KeyboardShortcuts } from './keyboard-shortcuts.ts';
import type { ShortcutHelp } from './shortcut-help.ts';
import type { Hideable } from '../../src/notebook/viewFlags.ts';
import { cellKind, registeredCellKinds } from './registry.ts';
import type { T5Cell } from '../widgets/t5-cell.ts';
import type { CellActionDetail, CellFrame } from './cell-frame.ts';
import { describeCellState, problemsOf, type CellTitle } from './cell-status.ts';
import './cell-frame.ts';
import './add-cell-menu.ts';
import './shortcut-help.ts';

/** The runtime id under which the notebook's seed is published as the value `seed`. */
export const SEED_CELL = 'notebook-seed';

/** Detail of `notebook-change`: the edited notebook (the app saves it). */
export interface NotebookChangeDetail {
  doc: NotebookDocument;
}

interface Registration {
  spec: CellSpec;
  trusted: boolean;
  /** The cell's own program (before the lazy flag is applied), null for display-only cells. */
  program: CellProgram | null;
  lazy: boolean;
  subscribed: boolean;
}

/** Cell elements may take these from the notebook (code and markdown cells do). */
type HostedCell = T5Cell & { trusted?: boolean; hideSource?: boolean };

/**
 * `<t5-notebook-view>`: one open notebook, live. It owns the NotebookRuntime: for each cell it
 * creates the registered element, registers `element.program()` under the cell id (again when
 * the cell's params, lazy flag or the notebook's trust change, unless the program is the same
 * object), feeds `runState` back to the element and a status to its frame, publishes the seed
 * as `seed`, and shows graph problems on the cells they involve. Edits (toolbar, params) are
 * applied here and announced with `notebook-change`; deleting a cell disposes its outputs.
 * Keyboard shortcuts (cells/shell/keyboard-shortcuts.ts) drive the same edits; '?' shows them.
 */
export class NotebookView extends LitElement {
  @property({ attribute: false }) notebook?: NotebookDocument;
  /** Parts of the page hidden by `?hide=` (controls, code, toolbar). */
  @property({ attribute: false }) hide: ReadonlySet<Hideable> = new Set();

  /** The runtime of the open notebook (tests and the console may inspect it). */
  runtime = new NotebookRuntime();
  private runtimeFor?: string;
  private seed?: number;
  private readonly elements = new Map<string, HostedCell>();
  private readonly registered = new Map<string, Registration>();
  private readonly states = new Map<string, CellState>();
  /** Long notebooks render their cells as they come near the viewport (cells/shell/lazy-cells.ts). */
  private readonly lazyCells = new LazyCells(() => this.requestUpdate());
  /** Deleted cells with their positions, newest last (Z restores). */
  private readonly deleted: { cell: CellSpec; index: number }[] = [];
  private readonly keys = new KeyboardShortcuts({
    cellIds: () => this.notebook?.cells.map((c) => c.id) ?? [],
    select: (id) => this.focusCell(id, true),
    edit: (id) => this.focusField(id),
    run: (id) => this.runCell(id),
    insertText: (id, where) => this.insertText(id, where),
    remove: (id) => this.removeWithUndo(id),
    undoRemove: () => this.undoRemove(),
    move: (id, delta) => this.onAction(new CustomEvent('cell-action', { detail: { id, action: delta < 0 ? 'up' : 'down' } })),
    interrupt: (id) => this.runtime.interrupt(id),
    openHelp: () => void this.renderRoot.querySelector<ShortcutHelp>('t5-shortcut-help')?.open(),
  });
  /** '?' and J with nothing focused (the key goes to the page body). */
  private readonly onWindowKey = (e: KeyboardEvent) => {
    if (e.target === document.body) this.keys.handle(e);
  };

  static override styles = css`
    :host {
      display: block;
    }
    :host([hide-controls]) {
      --t5-controls-display: none;
    }
    .missing {
      color: #b00020;
      font-size: 13px;
      margin: 0;
    }
    .end {
      margin: 4px 0 0 56px;
    }
    .empty {
      margin: 0 0 12px 56px;
      color: #5b616b;
      font-size: 14px;
    }
    .gap {
      margin: 0 0 18px 56px;
      border-radius: 10px;
      background: repeating-linear-gradient(#f7f8fa 0 120px, #eef0f3 120px 122px);
    }
  `;

  override willUpdate(changed: PropertyValues<this>): void {
    this.toggleAttribute('hide-controls', this.hide.has('controls'));
    if (changed.has('notebook') || changed.has('hide')) this.sync();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onWindowKey);
    // Re-attached after a disconnect (which disposed the runtime): rebuild the live notebook.
    if (this.hasUpdated && this.notebook && this.runtimeFor === undefined) {
      this.sync();
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onWindowKey);
    this.lazyCells.disconnect();
    this.reset();
  }

  override updated(): void {
    this.lazyCells.observe(this.renderRoot);
  }

  /** The element of cell `id` (for tests and scripts). */
  cellElement(id: string): T5Cell | undefined {
    return this.elements.get(id);
  }

  /** Runs cell `id` now: a lazy cell computes, an automatic one re-runs. */
  runCell(id: string): void {
    if (this.registered.get(id)?.program) this.runtime.run(id);
  }

  private reset(): void {
    this.runtime.dispose();
    this.runtime = new NotebookRuntime();
    this.runtimeFor = undefined;
    this.seed = undefined;
    this.lazyCells.reset();
    this.elements.clear();
    this.registered.clear();
    this.states.clear();
  }

  /** Brings the runtime and the cell elements in line with the notebook. */
  private sync(): void {
    const doc = this.notebook;
    if (!doc || doc.id !== this.runtimeFor) {
      if (this.runtimeFor !== undefined) this.reset();
      if (!doc) return;
      this.runtimeFor = doc.id;
    }
    if (this.seed !== doc.seed) {
      const seed = doc.seed;
      this.runtime.setCell(SEED_CELL, { inputs: [], outputs: ['seed'], run: () => ({ seed }) });
      this.seed = seed;
    }
    const trusted = doc.trusted !== false;
    const ids = new Set(doc.cells.map((c) => c.id));
    for (const id of [...this.elements.keys()]) {
      if (ids.has(id)) continue;
      if (this.registered.get(id)?.program) this.runtime.deleteCell(id);
      this.registered.delete(id);
      this.states.delete(id);
      this.elements.delete(id);
    }
    for (const cell of doc.cells) this.syncCell(cell, trusted);
  }

  private syncCell(cell: CellSpec, trusted: boolean): void {
    const def = cellKind(cell.kind);
    if (!def) return;
    let el = this.elements.get(cell.id);
    if (!el) {
      el = document.createElement(def.tag) as HostedCell;
      el.dataset.cellId = cell.id;
      this.elements.set(cell.id, el);
    }
    if (el.spec !== cell) el.spec = cell;
    el.trusted = trusted;
    el.hideSource = this.hide.has('code');
    const reg = this.registered.get(cell.id);
    if (reg && reg.spec === cell && reg.trusted === trusted) return;
    const program = el.program();
    const lazy = cell.lazy ?? program?.lazy ?? def.lazy ?? false;
    if (reg && reg.program === program && reg.lazy === lazy) {
      reg.spec = cell;
      reg.trusted = trusted;
      return;
    }
    if (!program) {
      if (reg?.program) this.runtime.deleteCell(cell.id);
      this.states.delete(cell.id);
      el.runState = undefined;
      this.registered.set(cell.id, { spec: cell, trusted, program: null, lazy: false, subscribed: false });
      return;
    }
    // The lazy flag is the notebook's (the user's toggle), not the program's: wrap, don't mutate.
    this.runtime.setCell(cell.id, {
      inputs: program.inputs,
      outputs: program.outputs,
      lazy,
      run: (inputs, ctx) => program.run(inputs, ctx),
      dispose: program.dispose ? (outputs) => program.dispose!(outputs) : undefined,
    });
    const subscribed = reg?.subscribed ?? false;
    this.registered.set(cell.id, { spec: cell, trusted, program, lazy, subscribed: true });
    if (!subscribed) {
      const target = el;
      this.runtime.subscribe(cell.id, (s) => {
        this.states.set(cell.id, s);
        target.runState = s;
        this.requestUpdate();
      });
    }
  }

  /** Applies an edit and tells the app (which saves it). */
  private edit(doc: NotebookDocument): void {
    this.notebook = doc;
    this.dispatchEvent(new CustomEvent<NotebookChangeDetail>('notebook-change', { detail: { doc }, bubbles: true, composed: true }));
  }

  private onParams(e: Event): void {
    const { id, params } = (e as CustomEvent<{ id: string; params: Record<string, unknown> }>).detail;
    if (!this.notebook?.cells.some((c) => c.id === id)) return;
    this.edit(setCellParams(this.notebook, id, params));
  }

  /** A cell's program changed without an edit (its parser loaded): register it again. */
  private onProgramChanged(e: Event): void {
    const { id } = (e as CustomEvent<{ id: string }>).detail;
    const cell = this.notebook?.cells.find((c) => c.id === id);
    const reg = this.registered.get(id);
    if (!cell || !reg) return;
    reg.spec = { ...reg.spec }; // a copy, so syncCell asks the element for its program again
    this.syncCell(cell, this.notebook!.trusted !== false);
  }

  private onAction(e: Event): void {
    const { id, action, target } = (e as CustomEvent<CellActionDetail>).detail;
    const doc = this.notebook;
    if (!doc) return;
    switch (action) {
      case 'up':
      case 'down':
        this.edit(moveCell(doc, id, action === 'up' ? -1 : 1));
        void this.focusCell(id);
        break;
      case 'delete':
        this.removeWithUndo(id);
        break;
      case 'run':
        this.runCell(id);
        break;
      // An experiment cell's Pause: the queue stops at once and keeps its checkpoints (Resume re-runs it).
      case 'interrupt':
        this.runtime.interrupt(id);
        break;
      case 'lazy':
        this.edit(setCellLazy(doc, id, !this.registered.get(id)?.lazy));
        break;
      case 'goto':
        if (target) void this.focusCell(target, true);
        break;
    }
  }

  private onAddCell(e: Event): void {
    const doc = this.notebook;
    const { kind, params } = (e as CustomEvent<{ kind: CellSpec['kind']; params?: Record<string, unknown> }>).detail;
    const def = cellKind(kind);
    if (!doc || !def) return;
    const frame = e.composedPath().find((n): n is CellFrame => (n as Element).localName === 't5-cell-frame');
    const after = frame ? frame.cellId : (doc.cells.at(-1)?.id ?? null);
    // A cell may ask for a new cell with some params set (the runs cell: a model cell on a checkpoint).
    const { doc: next, cell } = insertCell(doc, after, kind, { ...def.defaultParams(), ...params });
    this.edit(next);
    void this.focusCell(cell.id, true).then(async () => {
      // Text and code cells are ready to type into.
      const el = this.elements.get(cell.id);
      if (!el || (kind !== 'code' && kind !== 'markdown')) return;
      await el.updateComplete;
      el.focus();
    });
  }

  private onKeyDown(e: KeyboardEvent): void {
    this.keys.handle(e);
  }

  /** Deletes cell `id`, remembering it for undo, and selects the cell now in its place. */
  private removeWithUndo(id: string): void {
    const doc = this.notebook;
    const index = doc?.cells.findIndex((c) => c.id === id) ?? -1;
    if (!doc || index < 0) return;
    this.deleted.push({ cell: doc.cells[index], index });
    if (this.deleted.length > 20) this.deleted.shift();
    const next = removeCell(doc, id);
    this.edit(next);
    const neighbour = next.cells[Math.min(index, next.cells.length - 1)];
    if (neighbour) void this.focusCell(neighbour.id, true);
  }

  private undoRemove(): string | undefined {
    const last = this.deleted.pop();
    if (!last || !this.notebook || this.notebook.cells.some((c) => c.id === last.cell.id)) return undefined;
    this.edit(restoreCell(this.notebook, last.cell, last.index));
    return last.cell.id;
  }

  private insertText(id: string, where: 'above' | 'below'): string | undefined {
    const doc = this.notebook;
    const def = cellKind('markdown');
    const at = doc?.cells.findIndex((c) => c.id === id) ?? -1;
    if (!doc || !def || at < 0) return undefined;
    const { doc: next, cell } = insertCell(doc, where === 'below' ? id : (doc.cells[at - 1]?.id ?? null), 'markdown', def.defaultParams());
    this.edit(next);
    return cell.id;
  }

  /** Edit mode: the cell's own focus (text and code cells open their editor), else its first field. */
  private async focusField(id: string): Promise<void> {
    await this.focusCell(id, true);
    const el = this.elements.get(id);
    if (!el) return;
    await el.updateComplete;
    const kind = this.notebook?.cells.find((c) => c.id === id)?.kind;
    if (kind === 'code' || kind === 'markdown') return el.focus();
    el.shadowRoot?.querySelector<HTMLElement>('input, textarea, select, t5-code-editor, button, [tabindex]:not([tabindex="-1"])')?.focus();
  }

  /** Shift+Enter in an editor whose text did not change. */
  private onCodeRun(e: Event): void {
    const frame = e.composedPath().find((n): n is CellFrame => (n as Element).localName === 't5-cell-frame');
    if (frame) this.runCell(frame.cellId);
  }

  private async focusCell(id: string, scroll = false): Promise<void> {
    if (this.lazyCells.show(id)) this.requestUpdate();
    await this.updateComplete;
    const frame = this.renderRoot.querySelector<HTMLElement>(`t5-cell-frame[data-cell-id="${CSS.escape(id)}"]`);
    if (scroll) frame?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    frame?.focus({ preventScroll: true });
  }

  private cellTitle(id: string): string {
    if (id === SEED_CELL) return 'the notebook seed';
    const cells = this.notebook?.cells ?? [];
    const i = cells.findIndex((c) => c.id === id);
    if (i < 0) return id;
    const label = cellKind(cells[i].kind)?.label ?? cells[i].kind;
    const outputs = this.registered.get(id)?.program?.outputs ?? [];
    // A code cell is known by the name it defines; other kinds by what they are.
    if (cells[i].kind === 'code' && outputs.length) return `[${i + 1}] ${outputs[0]}`;
    return `[${i + 1}] ${label}${outputs.length ? ` (${outputs.slice(0, 2).join(', ')}${outputs.length > 2 ? ', …' : ''})` : ''}`;
  }

  private renderCell(cell: CellSpec, index: number, count: number) {
    const def = cellKind(cell.kind);
    const el = this.elements.get(cell.id);
    const reg = this.registered.get(cell.id);
    const trusted = this.notebook?.trusted !== false;
    const title: CellTitle = (id) => this.cellTitle(id);
    const untrusted = cell.kind === 'code' && !trusted;
    const shown = describeCellState(
      this.states.get(cell.id),
      { hasProgram: Boolean(reg?.program), untrusted, lazy: reg?.lazy ?? false },
      title,
    );
    const problems = problemsOf(this.runtime.graphProblems(), cell.id, title);
    // The graph problem already says it, with the cells involved.
    if (problems.length && /circular definition|defined more than once|is not defined by any cell/.test(shown.message)) shown.message = '';
    const kinds = registeredCellKinds().map(({ kind, label, description }) => ({ kind, label, description }));
    return html`<t5-cell-frame
      tabindex="0"
      role="group"
      aria-label=${`cell ${index + 1} of ${count}: ${def?.label ?? cell.kind}`}
      data-cell-id=${cell.id}
      .index=${index + 1}
      .cellId=${cell.id}
      .label=${def?.label ?? cell.kind}
      ?prose=${cell.kind === 'markdown'}
      .status=${shown.status}
      .badge=${shown.badge}
      .message=${shown.message}
      .blocker=${shown.blocker}
      .stale=${shown.stale}
      .lazy=${reg?.program ? reg.lazy : undefined}
      ?runnable=${Boolean(reg?.program && reg.lazy && !untrusted)}
      .problems=${problems}
      ?first=${index === 0}
      ?last=${index === count - 1}
      .hideToolbar=${this.hide.has('toolbar')}
      .kinds=${kinds}
    >
      ${el ?? html`<p class="missing">No view for cell kind "${cell.kind}" in this version of t5lab.</p>`}
    </t5-cell-frame>`;
  }

  override render() {
    const doc = this.notebook;
    if (!doc) return nothing;
    const kinds = registeredCellKinds().map(({ kind, label, description }) => ({ kind, label, description }));
    return html`<div
        @cell-params-changed=${this.onParams}
        @cell-program-changed=${this.onProgramChanged}
        @cell-action=${this.onAction}
        @add-cell=${this.onAddCell}
        @keydown=${this.onKeyDown}
        @code-run=${this.onCodeRun}
      >
        ${doc.cells.length ? nothing : html`<p class="empty">This notebook has no cells yet.</p>`}
        ${repeat(
          this.lazyCells.items(doc.cells),
          (it) => (it.type === 'cell' ? it.cell.id : it.key),
          (it) =>
            it.type === 'cell'
              ? this.renderCell(it.cell, it.index, doc.cells.length)
              : html`<div class="gap" aria-hidden="true" data-gap=${it.key} style=${styleMap({ height: `${it.height}px` })}></div>`,
        )}
        ${this.hide.has('toolbar') ? nothing : html`<div class="end"><t5-add-cell-menu .kinds=${kinds}></t5-add-cell-menu></div>`}
      </div>
      <t5-shortcut-help></t5-shortcut-help>`;
  }
}
customElements.define('t5-notebook-view', NotebookView);
