// Over 400 lines on purpose: the page frame: header, notebook menu, banners (trust, conflicts, backend
// fallback), toasts and the session wiring.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import type { BackendDecision } from '../../src/backend/backendChoice.ts';
import type { NotebookDocument } from '../../src/notebook/notebookDocument.ts';
import type { NotebookSession, SessionState } from '../../src/notebook/notebookSession.ts';
import { exportNotebookFile, NOTEBOOK_FILE_EXTENSION } from '../../src/notebook/notebookFile.ts';
import { setSeed, setTitle } from '../../src/notebook/notebookEdits.ts';
import { shareUrl } from '../../src/notebook/shareLink.ts';
import { parseViewFlags, type ViewFlags } from '../../src/notebook/viewFlags.ts';
import { downloadAllFigures, downloadBlob, figureSlug } from '../../src/plots/figureExport.ts';
import type { NotebookChangeDetail, NotebookView } from './notebook-view.ts';
import type { NotebookMenu, NotebookMenuDetail } from './notebook-menu.ts';
import { appStyles } from './app-styles.ts';
import './notebook-view.ts';
import './notebook-menu.ts';
import './backend-badge.ts';
import './trust-dialog.ts';
import type { TrustDialog } from './trust-dialog.ts';
import './toast.ts';
import './app-status.ts';

/**
 * The workbench page: a header (notebook menu, title, save state, seed, backend badge), banners
 * (problems, the trust gate of imported notebooks), and the open notebook's live view.
 *
 * With a `session` (cells/shell/main.ts) notebooks are stored: every edit autosaves, the menu lists,
 * opens, imports and exports them, and files dropped on the page are imported. Without one
 * (some tests), `notebook` is shown and edited in memory only.
 */
export class T5labApp extends LitElement {
  @property({ attribute: false }) notebook?: NotebookDocument;
  @property({ attribute: false }) session?: NotebookSession;
  @property({ attribute: false }) backend?: BackendDecision;
  @property() backendError = '';
  /** `?hide=` and `?present=` (parsed from the page URL by main.ts). */
  @property({ attribute: false }) flags: ViewFlags = parseViewFlags('');
  /**
   * Runs to put in an exported `.t5lab.json` (the training work provides them); the default
   * exports the notebook alone.
   */
  @property({ attribute: false }) collectRuns: (doc: NotebookDocument) => Promise<unknown[] | undefined> = async () => undefined;

  @state() private sessionState?: SessionState;
  @state() private notice = '';
  @state() private message = '';
  @state() private messageTone: 'info' | 'error' = 'info';
  @state() private shareLink = '';
  @state() private dragging = false;
  @query('t5-notebook-view') private view?: NotebookView;
  @query('t5-notebook-menu') private menu?: NotebookMenu;
  @query('input[type="file"]') private fileInput?: HTMLInputElement;
  @query('.title-input') private titleInput?: HTMLInputElement;
  @query('t5-trust-dialog') private trustDialog?: TrustDialog;
  private unsubscribe?: () => void;
  private dragDepth = 0;

  static override styles = appStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('dragenter', this.onDragEnter);
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session')) {
      this.unsubscribe?.();
      this.unsubscribe = this.session?.subscribe((s) => {
        this.sessionState = s;
        this.notebook = s.doc;
      });
    }
    if (changed.has('flags')) this.toggleAttribute('present', this.flags.present);
    const d = this.backend;
    const forced = d && d.requested !== 'auto' && d.active !== d.requested;
    this.notice = forced
      ? `${d.requested} was requested but cannot be used: ${d.skipped.find((s) => s.name === d.requested)?.reason ?? 'unavailable'}. Running on ${d.active} instead.`
      : '';
  }

  /** The live view of the open notebook (tests and scripts reach cells through it). */
  get notebookView(): NotebookView | undefined {
    return this.view ?? undefined;
  }

  private change(doc: NotebookDocument): void {
    if (this.session) this.session.update(doc);
    else this.notebook = doc;
  }

  private onNotebookChange(e: CustomEvent<NotebookChangeDetail>): void {
    this.change(e.detail.doc);
  }

  private async onMenu(e: CustomEvent<NotebookMenuDetail>): Promise<void> {
    const { action, id } = e.detail;
    const session = this.session;
    const doc = this.notebook;
    this.message = '';
    this.shareLink = '';
    this.messageTone = 'info';
    try {
      switch (action) {
        case 'open':
          if (id && session) await session.open(id);
          break;
        case 'new':
          await session?.create();
          break;
        case 'tour':
          await session?.openTour();
          break;
        case 'duplicate':
          await session?.duplicate();
          break;
        case 'delete':
          if (id && session) await session.remove(id);
          break;
        case 'rename':
          await this.updateComplete;
          this.titleInput?.focus();
          this.titleInput?.select();
          break;
        case 'import':
          this.fileInput?.click();
          break;
        case 'export':
          if (doc) await this.exportFile(doc);
          break;
        case 'share':
          if (doc) await this.share(doc);
          break;
        case 'figures':
          await this.exportFigures();
          break;
      }
    } catch (err) {
      this.message = (err as Error).message;
      this.messageTone = 'error';
    }
  }

  /** Downloads the open notebook (with its runs, when there are any) as `.t5lab.json`. */
  async exportFile(doc: NotebookDocument): Promise<string> {
    const text = exportNotebookFile(doc, await this.collectRuns(doc));
    const filename = `${figureSlug(doc.title)}${NOTEBOOK_FILE_EXTENSION}`;
    downloadBlob(new Blob([text], { type: 'application/json' }), filename, this.ownerDocument);
    this.message = `Saved ${filename}.`;
    return text;
  }

  private async share(doc: NotebookDocument): Promise<void> {
    const url = shareUrl(doc, location.href);
    this.shareLink = url;
    try {
      await navigator.clipboard.writeText(url);
      this.message = 'Share link copied. It holds the cells, their parameters and the seed; whoever opens it gets an untrusted copy.';
    } catch {
      this.message = 'Copy this share link (the clipboard is not available here):';
    }
  }

  private async exportFigures(): Promise<void> {
    const name = `${figureSlug(this.notebook?.title ?? 't5lab')}-figures.zip`;
    const n = await downloadAllFigures(this.renderRoot, this.ownerDocument, name);
    this.message = n ? `Exported ${n} figure${n === 1 ? '' : 's'} to ${name}.` : 'There are no figures to export in this notebook yet.';
  }

  /** Imports `.t5lab.json` files (file picker or drop); a refused file is reported by the session. */
  async importFiles(files: Iterable<File>): Promise<void> {
    for (const file of files) {
      if (!this.session) return;
      const text = await file.text();
      await this.session.importFile(text, file.name);
    }
  }

  private onFilePicked(e: Event): void {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.importFiles(files);
  }

  private readonly onDragEnter = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files') || !this.session) return;
    // Cells with their own drop zones (datasets) handle their files.
    if (e.composedPath().some((n) => (n as Element).classList?.contains('drop'))) return;
    e.preventDefault();
    this.dragDepth++;
    this.dragging = true;
  };

  private readonly onDragOver = (e: DragEvent) => {
    if (this.dragging) e.preventDefault();
  };

  private readonly onDragLeave = () => {
    if (--this.dragDepth <= 0) {
      this.dragDepth = 0;
      this.dragging = false;
    }
  };

  private readonly onDrop = (e: DragEvent) => {
    if (!this.dragging) return;
    this.dragDepth = 0;
    this.dragging = false;
    if (e.composedPath().some((n) => (n as Element).classList?.contains('drop'))) return;
    e.preventDefault();
    void this.importFiles([...(e.dataTransfer?.files ?? [])]);
  };

  private onTitle(e: Event): void {
    const input = e.target as HTMLInputElement;
    const doc = this.notebook;
    if (!doc) return;
    try {
      if (input.value.trim() !== doc.title) this.change(setTitle(doc, input.value));
    } catch {
      input.value = doc.title;
    }
  }

  private onSeed(e: Event): void {
    const input = e.target as HTMLInputElement;
    const doc = this.notebook;
    const seed = Number(input.value);
    if (!doc) return;
    if (!Number.isInteger(seed)) {
      input.value = String(doc.seed);
      this.message = `The seed must be a whole number (got "${input.value}").`;
      this.messageTone = 'error';
      return;
    }
    if (seed !== doc.seed) this.change(setSeed(doc, seed));
  }

  private renderSaveState() {
    const save = this.sessionState?.save;
    if (!this.session || !save || !this.notebook) return nothing;
    if (save.state === 'error') {
      return html`<span class="save error" data-save="error" role="alert" title=${save.error ?? ''}
        >not saved <button @click=${() => void this.session?.flush()}>retry</button></span
      >`;
    }
    return html`<span class="save" data-save=${save.state} role="status">${save.state === 'saving' ? 'saving…' : 'saved'}</span>`;
  }

  private renderBanners() {
    const st = this.sessionState;
    const doc = this.notebook;
    const codeCells = doc?.cells.filter((c) => c.kind === 'code').length ?? 0;
    return html`
      ${this.notice ? html`<div class="banner warn" role="status" data-notice="backend-fallback">${this.notice}</div>` : nothing}
      ${this.backendError ? html`<div class="banner error" role="alert">${this.backendError}</div>` : nothing}
      ${this.flags.warnings.map((w) => html`<div class="banner warn" role="status">${w}</div>`)}
      ${
        st?.conflict
          ? html`<div class="banner error" role="alert" data-banner="conflict">
              <span
                >${
                  st.conflict.deleted
                    ? 'This notebook was deleted in another tab. Your edits in this tab are not saved yet.'
                    : 'This notebook was changed in another tab. Your edits in this tab are not saved yet, and saving them would overwrite that version.'
                }</span
              >
              ${st.conflict.deleted ? nothing : html`<button data-action="conflict-reload" @click=${() => void this.session?.resolveConflict('reload')}>Reload its version</button>`}
              <button data-action="conflict-copy" @click=${() => void this.session?.resolveConflict('copy')}>Keep mine as a copy</button>
            </div>`
          : st?.save.state === 'error'
            ? html`<div class="banner error" role="alert" data-banner="save-error">${st.save.error} Your edits are kept in this tab.</div>`
            : nothing
      }
      ${
        st?.problem
          ? html`<div class="banner error" role="alert" data-banner="problem">
              <span>${st.problem}</span>
              ${st.damaged ? html`<button @click=${() => void this.session?.remove(st.damaged!)}>Delete it</button>` : nothing}
              <button @click=${() => this.session?.dismissProblem()} aria-label="Dismiss">×</button>
            </div>`
          : nothing
      }
      ${st?.notice ? html`<div class="banner info" role="status" data-banner="notice"><span>${st.notice}</span><button @click=${() => this.session?.dismissProblem()} aria-label="Dismiss">×</button></div>` : nothing}
      ${
        doc && doc.trusted === false && codeCells > 0
          ? html`<div class="banner trust" role="alert" data-banner="trust">
              <span
                ><b>This notebook was imported.</b> Its ${codeCells} code cell${codeCells === 1 ? '' : 's'}
                ${codeCells === 1 ? 'has' : 'have'} not run: code can do anything this page can. Read ${codeCells === 1 ? 'it' : 'them'}
                first.</span
              >
              <button class="primary" data-action="trust" @click=${() => void this.reviewTrust()}>Review code and trust…</button>
            </div>`
          : nothing
      }
    `;
  }

  /**
   * Opens the trust dialog (cells/shell/trust-dialog.ts): the banner's button never trusts by itself,
   * so a click the notebook's own content disguises cannot run its code.
   */
  async reviewTrust(): Promise<void> {
    await this.updateComplete;
    await this.trustDialog?.show();
  }

  /** Lets the open notebook's code cells run (the trust dialog's confirmation calls this). */
  /** Feedback on the last action, at the bottom of the viewport (cells/shell/toast.ts); a link to copy by hand or an error stays. */
  private renderToast() {
    const sticky = this.messageTone === 'error' || (this.shareLink !== '' && !this.message.startsWith('Share link copied'));
    return html`<t5-toast
      data-banner="message"
      .message=${this.message}
      .tone=${this.messageTone}
      .duration=${sticky ? 0 : 6000}
      @toast-dismiss=${() => {
        this.message = '';
        this.shareLink = '';
        this.messageTone = 'info';
      }}
      >${
        this.message
          ? html`<span>${this.message}</span
              >${this.shareLink ? html`<input class="share" readonly .value=${this.shareLink} aria-label="Share link" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />` : nothing}`
          : nothing
      }</t5-toast
    >`;
  }

  /** Lets the open notebook's code cells run. */
  async trust(): Promise<void> {
    if (this.session) await this.session.trust();
    else if (this.notebook) this.notebook = { ...this.notebook, trusted: true };
  }

  override render() {
    const doc = this.notebook;
    const st = this.sessionState;
    const hide = this.flags.hide;
    return html`
      <div class="top">
        <div class="brand">t5<span>lab</span></div>
        ${
          this.session && !hide.has('menu')
            ? html`<t5-notebook-menu
                .notebooks=${st?.notebooks ?? []}
                currentId=${doc?.id ?? ''}
                @notebook-menu=${this.onMenu}
              ></t5-notebook-menu>`
            : nothing
        }
        ${
          doc
            ? html`<input
                class="title-input"
                aria-label="Notebook title"
                .value=${doc.title}
                ?readonly=${this.flags.present}
                @change=${this.onTitle}
                @keydown=${(e: KeyboardEvent) => {
                  if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
                }}
              />`
            : nothing
        }
        ${this.renderSaveState()}
        <div class="spacer"></div>
        ${
          doc && !this.flags.present && !hide.has('controls')
            ? html`<label class="seed" title="Seed of every random choice in this notebook"
                >seed <input type="number" step="1" aria-label="Notebook seed" .value=${String(doc.seed)} @change=${this.onSeed}
              /></label>`
            : nothing
        }
        <t5-app-status></t5-app-status>
        <t5-backend-badge .decision=${this.backend} .error=${this.backendError}></t5-backend-badge>
      </div>
      ${this.renderBanners()} ${this.renderToast()}
      <main>
        ${
          doc
            ? html`<t5-notebook-view .notebook=${doc} .hide=${hide} @notebook-change=${this.onNotebookChange}></t5-notebook-view>`
            : this.session && st
              ? html`<div class="nothing-open">
                  <p>No notebook is open.</p>
                  <button @click=${() => this.menu?.show()}>Choose a notebook</button>
                  <button @click=${() => void this.session?.create()}>New notebook</button>
                </div>`
              : nothing
        }
      </main>
      <t5-trust-dialog
        .notebook=${doc}
        @trust-confirmed=${(e: CustomEvent<{ id?: string }>) => {
          if (e.detail.id === this.notebook?.id) void this.trust();
        }}
      ></t5-trust-dialog>
      <input type="file" accept=".json,${NOTEBOOK_FILE_EXTENSION},application/json" hidden multiple @change=${this.onFilePicked} />
      ${
        this.dragging
          ? html`<div class="drop-overlay" aria-hidden="true">
              <div>Drop a <b>${NOTEBOOK_FILE_EXTENSION}</b> file to import it as a new notebook</div>
            </div>`
          : nothing
      }
    `;
  }
}
customElements.define('t5lab-app', T5labApp);
