/**
 * The notebooks of one page: which one is open, the list in the notebook menu, autosave, and
 * the ways notebooks arrive (the tour on a first visit, the last one opened, an imported file,
 * a shared link). DOM-free; the app renders `state` and calls these methods.
 *
 * Guarantees: nothing damaged or refused overwrites what is stored (a damaged notebook is
 * reported and left as it is; imports and shared links go through NotebookStore.addNew), a
 * failed save keeps the notebook in memory with the error in `state.save`, and an edit never
 * overwrites what another tab saved meanwhile: saves are checked against the revision this tab
 * opened (`state.conflict` then offers "Reload its version" / "Keep mine as a copy"), and a
 * save announced by another tab reloads this one when it has no unsaved edits.
 */
import { Autosaver, type SaveStatus } from './autosave.ts';
import { validateNotebook, type NotebookDocument } from './notebookDocument.ts';
import { importNotebookFile } from './notebookFile.ts';
import { newNotebookId, NotebookConflictError, type NotebookChange, type NotebookStore, type NotebookSummary } from './notebookStore.ts';
import { decodeSharedNotebook } from './shareLink.ts';
import { setTitle } from './notebookEdits.ts';

/** The part of `localStorage` the session uses (to remember the last notebook opened). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface SessionState {
  /** The open notebook, as edited (it may be ahead of what is stored while saving). */
  doc?: NotebookDocument;
  /** Stored notebooks, most recently changed first. */
  notebooks: NotebookSummary[];
  save: SaveStatus;
  /** Something that went wrong and that the user must see: a damaged notebook, a refused file. */
  problem?: string;
  /** Something worth knowing that is not a problem (an import that was opened). */
  notice?: string;
  /** Id of a stored notebook that could not be opened because it is damaged (it can be deleted). */
  damaged?: string;
  /**
   * The open notebook was changed (or deleted) in another tab while this tab has edits of its
   * own: nothing is saved until the user picks `resolveConflict('reload' | 'copy')`.
   */
  conflict?: { id: string; deleted: boolean };
}

export interface SessionOptions {
  /** The notebook a first visit opens (and stores). */
  tour: () => NotebookDocument;
  prefs?: KeyValueStore;
  /** Key under which the last opened notebook's id is kept. */
  prefsKey?: string;
  autosaveMs?: number;
  /**
   * Stores the runs an imported file carries (src/runs/notebookRuns.ts restoreNotebookRuns) and
   * returns a sentence saying what happened; without it, imported runs are reported as not kept.
   */
  restoreRuns?: (runs: unknown[]) => Promise<string>;
}

type Listener = (state: SessionState) => void;

export class NotebookSession {
  state: SessionState = { notebooks: [], save: { state: 'saved' } };
  private readonly listeners = new Set<Listener>();
  private readonly autosaver: Autosaver;
  private readonly prefsKey: string;
  /** The stored revision each notebook this tab edits started from (checked on every save). */
  private readonly revisions = new Map<string, number>();
  private readonly channel?: BroadcastChannel;

  constructor(
    readonly store: NotebookStore,
    private readonly options: SessionOptions,
  ) {
    if (typeof options.tour !== 'function')
      throw new Error('NotebookSession: options.tour must be a function returning the first-visit notebook');
    this.prefsKey = options.prefsKey ?? 't5lab:last-notebook';
    this.autosaver = new Autosaver(
      (doc) => this.saveEdit(doc),
      (save) => {
        this.set({ save });
        if (save.state === 'saved') void this.refreshList();
      },
      options.autosaveMs ?? 400,
    );
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(store.channelName);
      this.channel.onmessage = (e: MessageEvent<NotebookChange>) => void this.onOtherTab(e.data);
    }
  }

  /** Stops listening to other tabs (a page that is going away, tests). */
  close(): void {
    this.channel?.close();
  }

  /** An autosave: compare-and-set against the revision this tab started from. */
  private async saveEdit(doc: NotebookDocument): Promise<void> {
    try {
      this.revisions.set(doc.id, await this.store.save(doc, { expectedRevision: this.revisions.get(doc.id) }));
    } catch (err) {
      if (err instanceof NotebookConflictError && doc.id === this.state.doc?.id) {
        this.set({ conflict: { id: doc.id, deleted: err.stored === undefined } });
      }
      throw err;
    }
  }

  /** Another tab saved or deleted a notebook. */
  private async onOtherTab(change: NotebookChange): Promise<void> {
    if (!change || change.from === this.store.origin) return;
    await this.refreshList().catch(() => undefined);
    const doc = this.state.doc;
    if (!doc || change.id !== doc.id) return;
    if (change.type === 'saved' && change.revision <= (this.revisions.get(doc.id) ?? -1)) return;
    const unsaved = this.state.save.state !== 'saved' || this.state.conflict;
    if (change.type === 'deleted' || unsaved) {
      this.set({ conflict: { id: doc.id, deleted: change.type === 'deleted' } });
      return;
    }
    // Nothing of this tab's is unsaved: show the other tab's version (and say so).
    const loaded = await this.store.loadRevision(doc.id).catch(() => undefined);
    if (!loaded || this.state.doc?.id !== doc.id || this.state.save.state !== 'saved') return;
    this.revisions.set(doc.id, loaded.revision);
    this.set({ doc: loaded.doc, notice: 'This notebook was changed in another tab; this tab now shows that version.' });
  }

  /**
   * Settles a conflict: `reload` drops this tab's unsaved edits and opens the stored version;
   * `copy` saves this tab's version as a new notebook "… (my copy)" and opens it, leaving the
   * other tab's version as it is.
   */
  async resolveConflict(choice: 'reload' | 'copy'): Promise<void> {
    const conflict = this.state.conflict;
    const doc = this.state.doc;
    if (!conflict || !doc) return;
    this.autosaver.cancel();
    if (choice === 'reload' && !conflict.deleted) {
      this.set({ conflict: undefined });
      await this.open(conflict.id);
      return;
    }
    const copy = await this.keepAsCopy(doc);
    this.show(copy.doc, copy.revision);
    await this.refreshList();
    const theirs = this.state.notebooks.find((n) => n.id === conflict.id)?.title;
    this.set({
      notice: `Your version was saved as a new notebook, "${copy.doc.title}"; ${theirs === undefined ? 'the other tab had deleted the original' : `the other tab's version is kept as "${theirs}"`}.`,
    });
  }

  private keepAsCopy(doc: NotebookDocument) {
    return this.store.addNew({ ...doc, id: newNotebookId(), title: `${doc.title} (my copy)` });
  }

  /**
   * Before another notebook opens: writes pending edits, and when they conflict with another
   * tab's, keeps them as a copy instead of dropping them.
   */
  private async leave(): Promise<string | undefined> {
    await this.autosaver.flush();
    const doc = this.state.doc;
    if (!this.state.conflict || !doc) return undefined;
    this.autosaver.cancel();
    const copy = await this.keepAsCopy(doc);
    this.set({ conflict: undefined });
    return `Your unsaved edits of "${doc.title}" (changed in another tab) were kept as "${copy.doc.title}".`;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /**
   * Opens what the page should show: a shared notebook from the URL (`payload` of `#nb=`) as an
   * untrusted import, else the last notebook opened, else the most recent one, else the tour
   * (stored on this first visit).
   */
  async start(sharedPayload?: string): Promise<void> {
    await this.refreshList().catch((err) => this.set({ problem: `Saved notebooks cannot be read: ${(err as Error).message}` }));
    // A first visit stores the tour, even when it arrives with a shared link.
    if (!this.state.notebooks.length && sharedPayload !== undefined) await this.storeTour().catch(() => undefined);
    if (sharedPayload !== undefined) {
      if (await this.openShared(sharedPayload)) return;
      // Open what would have opened anyway, and say why the link did not.
      const problem = this.state.problem;
      await this.start();
      this.set({ problem: this.state.problem ? `${problem} ${this.state.problem}` : problem });
      return;
    }
    const last = this.options.prefs?.getItem(this.prefsKey);
    if (last && this.state.notebooks.some((n) => n.id === last)) {
      await this.open(last);
      return;
    }
    if (this.state.notebooks.length) {
      await this.open(this.state.notebooks[0].id);
      return;
    }
    const tour = validateNotebook(this.options.tour());
    this.show(tour);
    try {
      this.revisions.set(tour.id, await this.storeTour());
      this.set({ save: { state: 'saved', savedAt: Date.now() } });
    } catch (err) {
      this.set({ save: { state: 'error', error: (err as Error).message } });
    }
  }

  /**
   * Opens a shared notebook (the payload of `#nb=`, also when a link is pasted into this tab) as
   * a new, untrusted notebook. A refused link is reported in `state.problem`; returns whether
   * it opened.
   */
  async openShared(payload: string): Promise<boolean> {
    try {
      const { notebook } = decodeSharedNotebook(payload);
      await this.addAndOpen(notebook, `Opened "${notebook.title}" from a shared link as a new notebook.`);
      return true;
    } catch (err) {
      this.set({ problem: `The shared link was not opened: ${(err as Error).message}` });
      return false;
    }
  }

  /** Opens the tour: the stored one, or a fresh copy when it was deleted (or is damaged). */
  async openTour(): Promise<void> {
    const id = this.options.tour().id;
    if (this.state.notebooks.some((n) => n.id === id) && (await this.open(id))) return;
    const kept = await this.leave();
    await this.storeTour();
    await this.open(id);
    if (kept) this.set({ notice: kept });
  }

  /** Stores a fresh tour (a first visit, or the tour was deleted); returns its revision. */
  private async storeTour(): Promise<number> {
    const revision = await this.store.save(validateNotebook(this.options.tour()));
    await this.refreshList();
    return revision;
  }

  /** Opens a stored notebook. A damaged one is reported in `state.problem` and not opened. */
  async open(id: string): Promise<boolean> {
    const kept = await this.leave();
    let loaded: { doc: NotebookDocument; revision: number } | undefined;
    try {
      loaded = await this.store.loadRevision(id);
    } catch (err) {
      const message = (err as Error).message;
      this.set({
        problem: `${message[0].toUpperCase()}${message.slice(1)}. Open another notebook from the menu, or delete this one.`,
        damaged: id,
      });
      return false;
    }
    if (!loaded) {
      this.set({ problem: `There is no saved notebook "${id}".` });
      return false;
    }
    this.show(loaded.doc, loaded.revision);
    if (kept) this.set({ notice: kept });
    return true;
  }

  /** Records an edit of the open notebook; autosave writes it shortly. */
  update(doc: NotebookDocument): void {
    if (this.state.doc && doc.id !== this.state.doc.id)
      throw new Error(`update: notebook "${doc.id}" is not the open one ("${this.state.doc.id}")`);
    this.set({ doc });
    this.autosaver.schedule(doc);
  }

  /** Writes pending edits now. */
  flush(): Promise<void> {
    return this.autosaver.flush();
  }

  async create(): Promise<void> {
    const doc: NotebookDocument = {
      format: 't5lab-notebook',
      version: 1,
      id: newNotebookId(),
      title: 'Untitled notebook',
      seed: 42,
      trusted: true,
      cells: [
        {
          id: 'markdown-1',
          kind: 'markdown',
          params: { source: '# Untitled notebook\n\nAdd cells with the **+** button of a cell, or the one below.' },
        },
      ],
    };
    await this.addAndOpen(doc);
  }

  rename(title: string): void {
    const doc = this.requireDoc('rename');
    this.update(setTitle(doc, title));
  }

  async duplicate(): Promise<void> {
    const doc = this.requireDoc('duplicate');
    await this.addAndOpen({ ...structuredClone(doc), id: newNotebookId(), title: `${doc.title} (copy)` });
  }

  /** Deletes a stored notebook; deleting the open one opens the most recent other (or the tour). */
  async remove(id: string): Promise<void> {
    const open = this.state.doc?.id === id;
    if (open) this.autosaver.cancel();
    await this.store.delete(id);
    await this.refreshList();
    if (this.state.damaged === id) this.set({ damaged: undefined, problem: undefined });
    if (!open) return;
    this.set({ doc: undefined, problem: undefined });
    const next = this.state.notebooks[0];
    if (next) await this.open(next.id);
    else await this.start();
  }

  /**
   * Imports a `.t5lab.json` file as a new, untrusted notebook and opens it. A corrupt or
   * future-version file is refused: `state.problem` says why and nothing stored changes.
   */
  async importFile(text: string, fileName: string): Promise<boolean> {
    let notebook: NotebookDocument;
    let runs: unknown[] | undefined;
    try {
      ({ notebook, runs } = importNotebookFile(text, fileName));
      await this.addAndOpen(notebook, `Imported "${notebook.title}" from ${fileName} as a new notebook.`);
    } catch (err) {
      // Refused files and storage failures (quota, a closed database) alike: nothing changed.
      this.set({ problem: `Not imported: ${(err as Error).message}` });
      return false;
    }
    if (runs?.length) {
      let said: string;
      try {
        said = this.options.restoreRuns
          ? await this.options.restoreRuns(runs)
          : `Its ${runs.length} run${runs.length === 1 ? ' was' : 's were'} not restored: this page keeps no runs.`;
      } catch (err) {
        said = `Its runs were not restored: ${(err as Error).message}`;
      }
      this.set({ notice: `${this.state.notice ?? ''} ${said}`.trim() });
    }
    return true;
  }

  /** Lets the open notebook's code cells run, and saves that choice. */
  async trust(): Promise<void> {
    this.update({ ...this.requireDoc('trust'), trusted: true });
    await this.flush();
  }

  dismissProblem(): void {
    this.set({ problem: undefined, notice: undefined, damaged: undefined });
  }

  async refreshList(): Promise<void> {
    this.set({ notebooks: await this.store.list() });
  }

  private async addAndOpen(doc: NotebookDocument, notice?: string): Promise<void> {
    const kept = await this.leave();
    const stored = await this.store.addNew(doc);
    await this.refreshList();
    this.show(stored.doc, stored.revision);
    const said = [kept, notice].filter(Boolean).join(' ');
    if (said) this.set({ notice: said });
  }

  private show(doc: NotebookDocument, revision?: number): void {
    if (revision !== undefined) this.revisions.set(doc.id, revision);
    this.set({ doc, problem: undefined, notice: undefined, damaged: undefined, conflict: undefined, save: { state: 'saved' } });
    try {
      this.options.prefs?.setItem(this.prefsKey, doc.id);
    } catch {
      // Storage for preferences may be disabled; reopening the last notebook is a convenience.
    }
  }

  private requireDoc(what: string): NotebookDocument {
    if (!this.state.doc) throw new Error(`${what}: no notebook is open`);
    return this.state.doc;
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }
}
