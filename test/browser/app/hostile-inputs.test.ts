/**
 * Faults and hostile inputs around notebooks: two tabs editing one notebook, files and links
 * that are too deep, empty, null or bombs, an import the storage refuses, and an import that
 * carries runs. Each case ends with a clear message in the user's terms (or is accepted), and
 * nothing stored is lost. Real sessions, stores and IndexedDB throughout; "two tabs" are two
 * NotebookSessions on two NotebookStores over one database, talking over BroadcastChannel.
 */
import { assert } from '@esm-bundle/chai';
import { zlibSync } from 'fflate';
import { codeNotebook, freshStore, mountApp, settle, unmountAll, type App } from './appHarness.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { watchShareLinks } from '../../../cells/shell/share-link-watch.ts';
import { exportNotebookFile } from '../../../src/notebook/notebookFile.ts';
import { NotebookStore } from '../../../src/notebook/notebookStore.ts';
import { NotebookSession } from '../../../src/notebook/notebookSession.ts';
import { insertCell, setTitle } from '../../../src/notebook/notebookEdits.ts';
import { shareFragment } from '../../../src/notebook/shareLink.ts';
import { describeRestoredRuns, restoreNotebookRuns } from '../../../src/runs/notebookRuns.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import { createRunRecord, type RunRecord } from '../../../src/runs/runRecord.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

const DB = 't5lab-test-app-hostile-inputs';

function text(app: App, banner: string): string {
  return app.shadowRoot!.querySelector(`[data-banner="${banner}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

async function bannerText(app: App, banner: string, ms = 5000): Promise<string> {
  const t0 = performance.now();
  for (;;) {
    await app.updateComplete;
    const t = text(app, banner);
    if (t || performance.now() - t0 > ms) return t;
    await settle(15);
  }
}

async function waitFor(pred: () => boolean, what: string, ms = 5000): Promise<void> {
  const t0 = performance.now();
  while (!pred()) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await settle(15);
  }
}

function run(id: string, step: number): RunRecord {
  const config = validateRunConfig({
    data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption' },
    model: { preset: 'bench-nano' },
    steps: 300,
    seed: 7,
  });
  const r = createRunRecord(config, { runtime: 'worker', backend: 'wasm', tfjsVersion: '4.22.0' }, id);
  r.status = 'completed';
  r.step = step;
  r.history = [{ step, loss: 3.5, learningRate: 0.01, gradNorm: 1, tokensSeen: 1000, examplesSeen: 10 }];
  return r;
}

function notebookWithRuns(): NotebookDocument {
  return {
    ...codeNotebook({ x: 'x = 1' }, { id: 'with-runs', title: 'With runs' }),
    cells: [{ id: 'runs', kind: 'runs', params: { selected: ['run-shared', 'run-both'] } }],
  };
}

describe('two tabs on one notebook', () => {
  afterEach(unmountAll);

  async function twoTabs() {
    const { store, session } = await freshStore(DB);
    const a = session();
    const b = session();
    await a.start();
    await b.start();
    assert.equal(a.state.doc?.id, b.state.doc?.id, 'both tabs show the tour');
    return { store, a, b };
  }

  it('a tab with no unsaved edits shows what another tab saved, and says so', async () => {
    const { store, a, b } = await twoTabs();
    a.update(setTitle(a.state.doc!, 'Renamed in A'));
    await a.flush();
    await waitFor(() => b.state.doc?.title === 'Renamed in A', "tab B to show tab A's version");
    assert.match(b.state.notice ?? '', /changed in another tab; this tab now shows that version/);
    assert.equal((await store.load(defaultNotebook().id))?.title, 'Renamed in A');
  });

  it("a rename and an added cell in one tab survive the other tab's save: the other tab is told and offered both choices", async () => {
    const { store, a, b } = await twoTabs();
    const app = await mountApp({ session: b });
    // Tab B has an edit of its own waiting; tab A renames and adds a cell, and saves first.
    b.update(setTitle(b.state.doc!, 'Edited in B'));
    const renamed = setTitle(a.state.doc!, 'Renamed in A');
    const { doc: inA, cell: added } = insertCell(renamed, renamed.cells[renamed.cells.length - 1].id, 'markdown', { source: 'from A' });
    a.update(inA);
    await a.flush();
    await b.flush();
    const banner = await bannerText(app, 'conflict');
    assert.match(banner, /This notebook was changed in another tab\. Your edits in this tab are not saved yet/);
    assert.ok(app.shadowRoot!.querySelector('[data-action="conflict-reload"]'));
    const stored = (await store.load(defaultNotebook().id))!;
    assert.equal(stored.title, 'Renamed in A', "tab A's rename was not overwritten");
    assert.ok(
      stored.cells.some((c) => c.id === added.id),
      "tab A's cell was not overwritten",
    );
    assert.equal(b.state.doc?.title, 'Edited in B', 'tab B still shows its own edit');

    // Keep mine as a copy: both versions are stored.
    (app.shadowRoot!.querySelector('[data-action="conflict-copy"]') as HTMLButtonElement).click();
    await waitFor(() => b.state.doc?.title === 'Edited in B (my copy)' && !!b.state.notice, 'the copy to open');
    assert.equal(
      b.state.notice,
      'Your version was saved as a new notebook, "Edited in B (my copy)"; the other tab\'s version is kept as "Renamed in A".',
    );
    const titles = (await store.list()).map((n) => n.title);
    assert.sameMembers(titles, ['Renamed in A', 'Edited in B (my copy)']);
    assert.equal(text(app, 'conflict'), '');
  });

  it('"Reload its version" drops this tab\'s unsaved edit and shows the stored one', async () => {
    const { store, a, b } = await twoTabs();
    a.update(setTitle(a.state.doc!, 'Renamed in A'));
    await a.flush();
    b.update(setTitle(b.state.doc!, 'Edited in B'));
    await b.flush();
    await waitFor(() => !!b.state.conflict, 'the conflict');
    await b.resolveConflict('reload');
    assert.equal(b.state.doc?.title, 'Renamed in A');
    assert.isUndefined(b.state.conflict);
    b.update(setTitle(b.state.doc!, 'Then edited in B'));
    await b.flush();
    assert.equal(b.state.save.state, 'saved', 'after reloading, tab B saves normally');
    assert.equal((await store.load(defaultNotebook().id))?.title, 'Then edited in B');
  });

  it('without BroadcastChannel news, the revision check alone refuses to overwrite a newer save', async () => {
    const { store, a, b } = await twoTabs();
    b.close(); // tab B hears nothing from tab A
    a.update(setTitle(a.state.doc!, 'Renamed in A'));
    await a.flush();
    b.update(setTitle(b.state.doc!, 'Edited in B'));
    await b.flush();
    assert.equal(b.state.save.state, 'error');
    assert.equal(b.state.save.error, 'This notebook was changed in another tab; your edits here are not saved yet.');
    assert.deepEqual(b.state.conflict, { id: defaultNotebook().id, deleted: false });
    assert.equal((await store.load(defaultNotebook().id))?.title, 'Renamed in A');
    // Opening another notebook keeps the unsaved edit as a copy rather than dropping it.
    await b.create();
    assert.match(
      b.state.notice ?? '',
      /Your unsaved edits of "Edited in B" \(changed in another tab\) were kept as "Edited in B \(my copy\)"/,
    );
    assert.include(
      (await store.list()).map((n) => n.title),
      'Edited in B (my copy)',
    );
  });

  it('a notebook deleted in another tab while edited here can be kept as a copy', async () => {
    const { store, a, b } = await twoTabs();
    await a.create();
    await a.remove(defaultNotebook().id);
    await waitFor(() => !!b.state.conflict, 'the deletion to reach tab B');
    assert.isTrue(b.state.conflict!.deleted);
    b.update(setTitle(b.state.doc!, 'Still editing in B'));
    await b.flush();
    assert.isUndefined(await store.load(defaultNotebook().id), 'the deletion stands');
    await b.resolveConflict('copy');
    assert.equal(b.state.doc?.title, 'Still editing in B (my copy)');
    assert.equal((await store.load(b.state.doc!.id))?.title, 'Still editing in B (my copy)');
  });
});

describe('hostile files and links in the app', () => {
  afterEach(unmountAll);
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  async function openApp() {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await app.updateComplete;
    return { store, s, app, before: await store.list() };
  }

  it('a 100,000-deep JSON file is refused with its depth and the limit; nothing stored changes', async () => {
    const { store, app, before } = await openApp();
    const deep = `{"format":"t5lab-notebook","version":1,"cells":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await app.importFiles([new File([deep], 'deep.t5lab.json')]);
    assert.equal(
      await bannerText(app, 'problem'),
      'Not imported: deep.t5lab.json is nested 100,001 levels deep; notebooks are at most 64 ×',
    );
    assert.deepEqual(await store.list(), before);
  });

  it('a file holding null is refused as "only null, not a t5lab notebook"', async () => {
    const { store, app, before } = await openApp();
    await app.importFiles([new File(['null'], 'null.t5lab.json')]);
    assert.match(await bannerText(app, 'problem'), /^Not imported: null\.t5lab\.json holds only null, not a t5lab notebook/);
    assert.deepEqual(await store.list(), before);
  });

  it('a zip-bomb share link is refused as too big and the usual notebook opens', async () => {
    const { session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    const bomb = zlibSync(new Uint8Array(24 * 1024 * 1024).fill(0x20), { level: 9 });
    let b64 = '';
    for (let i = 0; i < bomb.length; i += 0x8000) b64 += String.fromCharCode(...bomb.subarray(i, i + 0x8000));
    await s.start(btoa(b64).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    assert.match(
      await bannerText(app, 'problem'),
      /The shared link was not opened: the shared link unpacks to more than 16 MB; a shared notebook is at most 16 MB/,
    );
    assert.equal(app.notebook?.id, defaultNotebook().id);
  });

  it('an empty #nb= link says it is empty', async () => {
    const { session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start('');
    assert.match(await bannerText(app, 'problem'), /The shared link was not opened: the link is empty: there is no notebook after #nb=/);
    assert.equal(app.notebook?.id, defaultNotebook().id);
  });

  it('a share link pasted into a tab that already shows t5lab opens (the page does not reload)', async () => {
    const { store, s, app } = await openApp();
    const stop = watchShareLinks(window, s);
    try {
      location.hash = shareFragment({ ...codeNotebook({ x: 'x = 1' }, { id: 'pasted', title: 'Pasted link' }) });
      await waitFor(() => app.notebook?.title === 'Pasted link', 'the pasted link to open');
      assert.isFalse(app.notebook!.trusted, 'untrusted, like any shared notebook');
      assert.equal(location.hash, '', 'the link is removed so a reload does not import it again');
      assert.include(
        (await store.list()).map((n) => n.title),
        'Pasted link',
      );
      location.hash = 'nb=';
      assert.match(await bannerText(app, 'problem'), /the link is empty/);
    } finally {
      stop();
    }
  });

  it('runs inside an imported notebook are restored, an existing run with the same id is kept as it is, and the notice says so', async () => {
    const { store } = await freshStore(DB);
    const runs = new RunStore(DB);
    await runs.putRun(run('run-both', 50));
    const s = new NotebookSession(new NotebookStore(DB), {
      tour: defaultNotebook,
      prefs: localStorage,
      prefsKey: `t5lab-test:${DB}`,
      autosaveMs: 20,
      restoreRuns: async (r) => describeRestoredRuns(await restoreNotebookRuns(r, runs)),
    });
    const app = await mountApp({ session: s });
    await s.start();
    const shared = { ...run('run-shared', 120), status: 'running' as const, checkpoints: [{ step: 100, savedAt: 1, bytes: 10 }] };
    const file = exportNotebookFile(notebookWithRuns(), [shared, run('run-both', 999), { id: 'bad' }]);
    await app.importFiles([new File([file], 'runs.t5lab.json')]);
    const notice = await bannerText(app, 'notice');
    assert.match(
      notice,
      /Imported "With runs" from runs\.t5lab\.json as a new notebook\. Restored 1 run into this browser's runs; 1 run with the same id was already here and was kept as it is \(run-both\); 1 run could not be read and was skipped \(runs\[2\]: name must be a string\)\./,
    );
    const restored = (await runs.getRun('run-shared'))!;
    assert.equal(restored.step, 120);
    assert.equal(restored.status, 'stopped', 'a run exported mid-training cannot resume here (no checkpoints came with it)');
    assert.deepEqual(restored.checkpoints, []);
    assert.equal((await runs.getRun('run-both'))!.step, 50, 'the local run with that id was not replaced');
    assert.isDefined(await store.load(app.notebook!.id));
    s.close();
  });
});
