/**
 * The notebooks of one page: which one is open, the list in the notebook menu, autosave, and
 * the ways notebooks arrive (the tour on a first visit, the last one opened, an imported file,
 * a shared link). DOM-free; the app renders `state` and calls these methods.
 *
 * Guarantees: nothing damaged or refused overwrites what is stored (a damaged notebook is
 * reported and left as it is; imports and shared links go through NotebookStore.addImported),
 * and a failed save keeps the notebook in memory with the error in `state.save`.
 */
import { Autosaver, type SaveStatus } from './autosave.ts';
import { validateNotebook, type NotebookDocument } from './notebookDocument.ts';
import { importNotebookFile } from './notebookFile.ts';
import { newNotebookId, type NotebookStore, type NotebookSummary } from './notebookStore.ts';
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
}

export interface SessionOptions {
  /** The notebook a first visit opens (and stores). */
  tour: () => NotebookDocument;
  prefs?: KeyValueStore;
  /** Key under which the last opened notebook's id is kept. */
  prefsKey?: string;
  autosaveMs?: number;
}

type Listener = (state: SessionState) => void;

export class NotebookSession {
  state: SessionState = { notebooks: [], save: { state: 'saved' } };
  private readonly listeners = new Set<Listener>();
  private readonly autosaver: Autosaver;
  private readonly prefsKey: string;

  constructor(readonly store: NotebookStore, private readonly options: SessionOptions) {
    if (typeof options.tour !== 'function') throw new Error('NotebookSession: options.tour must be a function returning the first-visit notebook');
    this.prefsKey = options.prefsKey ?? 't5lab:last-notebook';
    this.autosaver = new Autosaver((doc) => this.store.save(doc), (save) => {
      this.set({ save });
      if (save.state === 'saved') void this.refreshList();
    }, options.autosaveMs ?? 400);
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
    if (!this.state.notebooks.length && sharedPayload) await this.storeTour().catch(() => undefined);
    if (sharedPayload) {
      try {
        const { notebook } = decodeSharedNotebook(sharedPayload);
        await this.addAndOpen(notebook, `Opened "${notebook.title}" from a shared link as a new notebook.`);
        return;
      } catch (err) {
        // Open what would have opened anyway, and say why the link did not.
        const problem = `The shared link was not opened: ${(err as Error).message}`;
        await this.start();
        this.set({ problem: this.state.problem ? `${problem} ${this.state.problem}` : problem });
        return;
      }
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
      await this.storeTour();
      this.set({ save: { state: 'saved', savedAt: Date.now() } });
    } catch (err) {
      this.set({ save: { state: 'error', error: (err as Error).message } });
    }
  }

  /** Opens the tour: the stored one, or a fresh copy when it was deleted (or is damaged). */
  async openTour(): Promise<void> {
    const id = this.options.tour().id;
    if (this.state.notebooks.some((n) => n.id === id) && (await this.open(id))) return;
    await this.autosaver.flush();
    await this.storeTour();
    await this.open(id);
  }

  private async storeTour(): Promise<void> {
    await this.store.save(validateNotebook(this.options.tour()));
    await this.refreshList();
  }

  /** Opens a stored notebook. A damaged one is reported in `state.problem` and not opened. */
  async open(id: string): Promise<boolean> {
    await this.autosaver.flush();
    let doc: NotebookDocument | undefined;
    try {
      doc = await this.store.load(id);
    } catch (err) {
      const message = (err as Error).message;
      this.set({ problem: `${message[0].toUpperCase()}${message.slice(1)}. Open another notebook from the menu, or delete this one.`, damaged: id });
      return false;
    }
    if (!doc) {
      this.set({ problem: `There is no saved notebook "${id}".` });
      return false;
    }
    this.show(doc);
    return true;
  }

  /** Records an edit of the open notebook; autosave writes it shortly. */
  update(doc: NotebookDocument): void {
    if (this.state.doc && doc.id !== this.state.doc.id) throw new Error(`update: notebook "${doc.id}" is not the open one ("${this.state.doc.id}")`);
    this.set({ doc });
    this.autosaver.schedule(doc);
  }

  /** Writes pending edits now. */
  flush(): Promise<void> {
    return this.autosaver.flush();
  }

  async create(): Promise<void> {
    const doc: NotebookDocument = {
      format: 't5lab-notebook', version: 1, id: newNotebookId(), title: 'Untitled notebook', seed: 42, trusted: true,
      cells: [{ id: 'markdown-1', kind: 'markdown', params: { source: '# Untitled notebook\n\nAdd cells with the **+** button of a cell, or the one below.' } }],
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
    try {
      ({ notebook } = importNotebookFile(text, fileName));
    } catch (err) {
      this.set({ problem: `Not imported: ${(err as Error).message}` });
      return false;
    }
    await this.addAndOpen(notebook, `Imported "${notebook.title}" from ${fileName} as a new notebook.`);
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
    await this.autosaver.flush();
    const stored = doc.trusted === false ? await this.store.addImported(doc) : (await this.store.save(doc), doc);
    await this.refreshList();
    this.show(stored);
    if (notice) this.set({ notice });
  }

  private show(doc: NotebookDocument): void {
    this.set({ doc, problem: undefined, notice: undefined, damaged: undefined, save: { state: 'saved' } });
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
