import { assert } from '@esm-bundle/chai';
import { codeNotebook, confirmTrust, freshStore, mountApp, settle, unmountAll, until, view, frame, type App } from './appHarness.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { exportNotebookFile } from '../../../src/notebook/notebookFile.ts';
import { NOTEBOOK_VERSION } from '../../../src/notebook/notebookDocument.ts';
import { decodeSharedNotebook, shareFragment, sharedPayload, shareUrl } from '../../../src/notebook/shareLink.ts';
import { UNTRUSTED_MESSAGE } from '../../../cells/kinds/code.ts';

const DB = 't5lab-test-app-import';

type Marks = { __untrustedRan?: number };
const marks = window as unknown as Marks;

/** A notebook whose code leaves a mark on `window` when it runs. */
function sideEffectNotebook() {
  return codeNotebook(
    {
      mark: 'mark = (window.__untrustedRan = (window.__untrustedRan ?? 0) + 1)',
      reader: 'reader = mark * 2',
    },
    { id: 'side-effects', title: 'Side effects', trusted: true },
  );
}

function banner(app: App, name: string): string {
  return app.shadowRoot!.querySelector(`[data-banner="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('import, trust and share', () => {
  afterEach(unmountAll);
  beforeEach(() => delete marks.__untrustedRan);

  it('corrupt and future-version files are refused with their message and never touch stored notebooks', async () => {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    const before = await store.list();
    const stored = await store.load(defaultNotebook().id);
    const good = exportNotebookFile(defaultNotebook());

    await app.importFiles([new File([good.slice(0, 120)], 'cut.t5lab.json')]);
    await app.updateComplete;
    assert.match(banner(app, 'problem'), /Not imported: cut\.t5lab\.json is not valid JSON/);

    const future = JSON.stringify({ ...JSON.parse(good), version: NOTEBOOK_VERSION + 1 });
    await app.importFiles([new File([future], 'future.t5lab.json')]);
    await app.updateComplete;
    assert.match(banner(app, 'problem'), /Not imported: .*version 2 is newer than this t5lab understands/);

    assert.deepEqual(await store.list(), before, 'nothing was added or changed');
    assert.deepEqual(await store.load(defaultNotebook().id), stored);
    assert.equal(app.notebook?.id, defaultNotebook().id, 'the open notebook stays open');
  });

  it('an imported notebook is stored as a new, untrusted notebook: its code cells never run and the banner counts them', async () => {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await store.save(sideEffectNotebook());
    await app.importFiles([new File([exportNotebookFile(sideEffectNotebook())], 'side.t5lab.json')]);
    await app.updateComplete;
    const imported = app.notebook!;
    assert.notEqual(imported.id, 'side-effects', 'the id was taken, so the import got a new one');
    assert.isFalse(imported.trusted);
    assert.isTrue((await store.load('side-effects'))!.trusted, 'the stored notebook with that id is untouched');
    assert.match(banner(app, 'trust'), /This notebook was imported\. Its 2 code cells have not run/);

    const mark = await until(app, 'mark', (st) => st.status === 'error');
    assert.equal(mark.error, UNTRUSTED_MESSAGE);
    assert.equal((await until(app, 'reader', (st) => st.status === 'error')).error, UNTRUSTED_MESSAGE);
    await settle(200);
    assert.isUndefined(marks.__untrustedRan, 'untrusted code never ran');
    assert.equal((await frame(app, 'mark')).status, 'untrusted');
    const source = view(app).cellElement('mark')!.shadowRoot!.querySelector('t5-code-editor') as HTMLElement & { value: string };
    assert.include(source.value, 'window.__untrustedRan', 'the source is shown');

    (app.shadowRoot!.querySelector('[data-action="trust"]') as HTMLButtonElement).click();
    await confirmTrust(app);
    assert.equal((await until(app, 'reader', (st) => st.status === 'ok')).outputs?.reader, 2);
    assert.equal(marks.__untrustedRan, 1);
    await app.updateComplete;
    assert.equal(banner(app, 'trust'), '');
    assert.isTrue((await store.load(imported.id))!.trusted, 'trusting is saved');
  });

  it('a notebook exported from the app and dropped back onto the page comes back as an untrusted copy', async () => {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    const text = await app.exportFile(app.notebook!);
    const file = new File([text], 'tour.t5lab.json', { type: 'application/json' });
    const data = new DataTransfer();
    data.items.add(file);
    app.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await app.updateComplete;
    assert.ok(app.shadowRoot!.querySelector('.drop-overlay'), 'the page shows where to drop');
    app.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    for (let i = 0; i < 100 && app.notebook?.id === defaultNotebook().id; i++) await settle(20);
    const copy = app.notebook!;
    assert.notEqual(copy.id, defaultNotebook().id);
    assert.isFalse(copy.trusted);
    assert.deepEqual(copy.cells, defaultNotebook().cells);
    assert.equal((await store.list()).length, 2);
    assert.isNull(app.shadowRoot!.querySelector('.drop-overlay'));
  });

  it('a share link round-trips the cells, their params and the seed, and opens as an untrusted copy', async () => {
    const doc = { ...sideEffectNotebook(), seed: 777 };
    doc.cells[1].lazy = true;
    const url = shareUrl(doc, 'https://example.org/t5lab/?present=1');
    assert.match(url, /^https:\/\/example\.org\/t5lab\/\?present=1#nb=[A-Za-z0-9_-]+$/);
    const payload = sharedPayload(new URL(url).hash)!;
    const { notebook } = decodeSharedNotebook(payload);
    const { trusted: _t, ...want } = doc;
    const { trusted, ...got } = notebook;
    assert.deepEqual(got, want);
    assert.isFalse(trusted);

    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start(sharedPayload(`#${shareFragment(doc)}`));
    await app.updateComplete;
    assert.equal(app.notebook?.seed, 777);
    assert.isFalse(app.notebook?.trusted);
    assert.match(banner(app, 'notice'), /Opened "Side effects" from a shared link as a new notebook/);
    assert.isFalse((await store.load(app.notebook!.id))!.trusted, 'stored, untrusted');
    assert.include(
      (await store.list()).map((n) => n.id),
      defaultNotebook().id,
      'a first visit through a link also stores the tour',
    );
    await settle(200);
    assert.isUndefined(marks.__untrustedRan);
  });

  it('a damaged share link is reported and the page opens as usual', async () => {
    const { session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    const payload = shareFragment(defaultNotebook()).slice(3);
    await s.start(payload.slice(0, payload.length / 2));
    await app.updateComplete;
    assert.match(banner(app, 'problem'), /The shared link was not opened: the shared link is damaged or incomplete/);
    assert.equal(app.notebook?.id, defaultNotebook().id);
  });
});
