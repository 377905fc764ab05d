/**
 * Mounting the real app in a test page and waiting for its cells: the app, its notebook view
 * and runtime are the real ones; only the database name is a throwaway one.
 */
import { deleteDB } from 'idb';
import { markdownReady } from '../../../cells/kinds/markdown.ts';
import { codeParserReady } from '../../../cells/kinds/code.ts';
import '../../../cells/kinds/buckets.ts';
import '../../../cells/shell/t5lab-app.ts';
import type { T5labApp } from '../../../cells/shell/t5lab-app.ts';
import type { CellFrame } from '../../../cells/shell/cell-frame.ts';
import type { T5Cell } from '../../../cells/widgets/t5-cell.ts';
import type { CellState } from '../../../src/notebook/notebookRuntime.ts';
import type { CellSpec, NotebookDocument } from '../../../src/notebook/notebookDocument.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import { NotebookStore } from '../../../src/notebook/notebookStore.ts';
import { NotebookSession, type KeyValueStore } from '../../../src/notebook/notebookSession.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import type { ViewFlags } from '../../../src/notebook/viewFlags.ts';

export type App = T5labApp;

/** A notebook of code cells given as `id: source` pairs (trusted unless said otherwise). */
export function codeNotebook(cells: Record<string, string>, extra: Partial<NotebookDocument> = {}): NotebookDocument {
  return {
    format: 't5lab-notebook',
    version: 1,
    id: 'test-notebook',
    title: 'Test notebook',
    seed: 42,
    trusted: true,
    cells: Object.entries(cells).map(([id, source]): CellSpec => ({ id, kind: 'code', params: { source } })),
    ...extra,
  };
}

export async function mountApp(setup: { notebook?: NotebookDocument; session?: NotebookSession; flags?: ViewFlags } = {}): Promise<App> {
  // marked + KaTeX and the code parser load as their own chunks; these tests look at rendered text and
  // subscribe to code cells at once (a code cell registered after its parser arrives: code-cell-lazy.test.ts).
  await Promise.all([markdownReady, codeParserReady]);
  const app = document.createElement('t5lab-app') as App;
  if (setup.flags) app.flags = setup.flags;
  if (setup.session) app.session = setup.session;
  else app.notebook = setup.notebook ?? defaultNotebook();
  document.body.append(app);
  await app.updateComplete;
  await app.notebookView?.updateComplete;
  return app;
}

/** Sessions made by `freshStore` (closed by unmountAll, so they stop listening to other "tabs"). */
const sessions = new Set<NotebookSession>();

export function unmountAll(): void {
  document.querySelectorAll('t5lab-app').forEach((e) => e.remove());
  for (const s of sessions) s.close();
  sessions.clear();
}

export function view(app: App) {
  const v = app.notebookView;
  if (!v) throw new Error('no notebook is open');
  return v;
}

export function cell<C extends T5Cell = T5Cell>(app: App, id: string): C {
  const c = view(app).cellElement(id);
  if (!c) throw new Error(`no cell ${id}`);
  return c as C;
}

export async function frame(app: App, id: string): Promise<CellFrame> {
  await view(app).updateComplete;
  const f = view(app).shadowRoot!.querySelector(`t5-cell-frame[data-cell-id="${id}"]`) as CellFrame | null;
  if (!f) throw new Error(`no frame for ${id}`);
  await f.updateComplete;
  return f;
}

/** Resolves when cell `id` of the open notebook reaches a state satisfying `pred`. */
export function until(app: App, id: string, pred: (s: CellState) => boolean, ms = 20000): Promise<CellState> {
  const runtime = view(app).runtime;
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `cell ${id} never reached the expected state; last: ${JSON.stringify(runtime.state(id), (_k, v) => (v instanceof Node ? '[node]' : v))}`,
        ),
      );
    }, ms);
    off = runtime.subscribe(id, (s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      queueMicrotask(() => off());
      resolve(s);
    });
  });
}

/** Commits new source to a code cell the way its editor does (a `code-commit` from the editor). */
export async function editSource(app: App, id: string, source: string): Promise<void> {
  const c = cell(app, id);
  await c.updateComplete;
  const editor = c.shadowRoot!.querySelector('t5-code-editor')!;
  editor.dispatchEvent(new CustomEvent('code-commit', { detail: { value: source }, bubbles: true, composed: true }));
  await view(app).updateComplete;
}

/** What the frame of `id` shows: badge, message and graph problems, as text. */
export async function frameText(app: App, id: string): Promise<string> {
  const f = await frame(app, id);
  return f.shadowRoot!.querySelector('section')!.innerText;
}

export const settle = (ms = 60) => new Promise((r) => setTimeout(r, ms));

/** A fresh database (and the page's real localStorage under a key of its own) for one test. */
export async function freshStore(name: string): Promise<{ store: NotebookStore; prefs: KeyValueStore; session: () => NotebookSession }> {
  await closeT5labDb(name);
  await deleteDB(name);
  const prefsKey = `t5lab-test:${name}`;
  localStorage.removeItem(prefsKey);
  const store = new NotebookStore(name);
  const session = () => {
    const s = new NotebookSession(new NotebookStore(name), { tour: defaultNotebook, prefs: localStorage, prefsKey, autosaveMs: 20 });
    sessions.add(s);
    return s;
  };
  return { store, prefs: localStorage, session };
}

/** Ticks "I have read these code cells" in the trust dialog and presses its Trust button. */
export async function confirmTrust(app: App): Promise<void> {
  const dialog = app.shadowRoot!.querySelector('t5-trust-dialog')!;
  for (let i = 0; i < 50 && !dialog.shadowRoot?.querySelector('dialog')?.open; i++) await settle(10);
  const root = dialog.shadowRoot!;
  const box = root.querySelector('[data-action="confirm-read"]') as HTMLInputElement;
  box.click();
  await (dialog as unknown as { updateComplete: Promise<void> }).updateComplete;
  (root.querySelector('[data-action="confirm-trust"]') as HTMLButtonElement).click();
  await settle(20);
}
