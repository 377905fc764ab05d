import { assert } from '@esm-bundle/chai';
import { frame, freshStore, mountApp, settle, unmountAll, view, type App } from './appHarness.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { openT5labDb } from '../../../src/storage/db.ts';
import type { NotebookMenu } from '../../../cells/shell/notebook-menu.ts';

const DB = 't5lab-test-app-persistence';

/** Resolves when the header's save indicator says `state`. */
async function saveState(app: App, state: 'saved' | 'saving' | 'error', ms = 5000): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    await app.updateComplete;
    if (app.shadowRoot!.querySelector(`[data-save="${state}"]`)) return;
    if (performance.now() - t0 > ms) throw new Error(`the save indicator never said ${state}`);
    await settle(10);
  }
}

async function menuAction(app: App, action: string, id?: string): Promise<void> {
  const menu = app.shadowRoot!.querySelector('t5-notebook-menu') as NotebookMenu;
  menu.dispatchEvent(new CustomEvent('notebook-menu', { detail: { action, id }, bubbles: true, composed: true }));
  await settle(50);
  await app.updateComplete;
}

describe('notebooks persist', () => {
  afterEach(unmountAll);

  it('a first visit opens the tour and stores it', async () => {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await app.updateComplete;
    assert.equal(app.notebook?.id, defaultNotebook().id);
    assert.deepEqual(
      (await store.list()).map((n) => n.id),
      [defaultNotebook().id],
    );
    assert.deepEqual(await store.load(defaultNotebook().id), defaultNotebook());
  });

  it('every edit autosaves, and a reload restores the same notebook: cell order, params, lazy flags and seed', async () => {
    const { store, session } = await freshStore(DB);
    const first = session();
    const app = await mountApp({ session: first });
    await first.start();
    await app.updateComplete;
    await view(app).updateComplete;

    // Edit through the real cells and controls.
    const buckets = view(app).cellElement('buckets')!;
    await buckets.updateComplete;
    const input = buckets.shadowRoot!.querySelector('input[name="numBuckets"]') as HTMLInputElement;
    input.value = '16';
    input.dispatchEvent(new Event('change'));
    await saveState(app, 'saving');
    const seed = app.shadowRoot!.querySelector('input[aria-label="Notebook seed"]') as HTMLInputElement;
    seed.value = '1234';
    seed.dispatchEvent(new Event('change'));
    const f = await frame(app, 'buckets-intro');
    (f.shadowRoot!.querySelector('button[data-action="up"]') as HTMLButtonElement).click();
    const edited = app.notebook!;
    const order = defaultNotebook().cells.map((c) => c.id);
    const at = order.indexOf('buckets-intro');
    [order[at - 1], order[at]] = [order[at], order[at - 1]];
    assert.deepEqual(
      edited.cells.map((c) => c.id),
      order,
    );
    const lazyDoc = { ...edited, cells: edited.cells.map((c) => (c.id === 'buckets' ? { ...c, lazy: true } : c)) };
    first.update(lazyDoc);
    await saveState(app, 'saved');
    unmountAll();

    // A reload: a new session on a new store over the same database and the same localStorage.
    const second = session();
    const reopened = await mountApp({ session: second });
    await second.start();
    await reopened.updateComplete;
    const doc = reopened.notebook!;
    assert.deepEqual(
      doc.cells.map((c) => c.id),
      order,
    );
    const saved = doc.cells.find((c) => c.id === 'buckets')!;
    assert.equal(saved.params.numBuckets, 16);
    assert.isTrue(saved.lazy);
    assert.equal(doc.seed, 1234);
    assert.deepEqual(doc, await store.load(doc.id));
    await view(reopened).updateComplete;
    const cell = view(reopened).cellElement('buckets')!;
    await cell.updateComplete;
    assert.equal((cell.shadowRoot!.querySelector('input[name="numBuckets"]') as HTMLInputElement).value, '16');
  });

  it('the notebook menu creates, duplicates, renames, opens and deletes notebooks', async () => {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await menuAction(app, 'new');
    const created = app.notebook!;
    assert.equal(created.title, 'Untitled notebook');
    const title = app.shadowRoot!.querySelector('.title-input') as HTMLInputElement;
    title.value = 'My experiments';
    title.dispatchEvent(new Event('change'));
    await saveState(app, 'saved');
    assert.equal((await store.load(created.id))?.title, 'My experiments');
    await menuAction(app, 'duplicate');
    assert.equal(app.notebook!.title, 'My experiments (copy)');
    assert.notEqual(app.notebook!.id, created.id);
    await menuAction(app, 'open', defaultNotebook().id);
    assert.equal(app.notebook!.id, defaultNotebook().id);
    await menuAction(app, 'delete', defaultNotebook().id);
    assert.notEqual(app.notebook!.id, defaultNotebook().id, 'deleting the open notebook opens another');
    assert.sameMembers(
      (await store.list()).map((n) => n.title),
      ['My experiments', 'My experiments (copy)'],
    );
    await menuAction(app, 'tour');
    assert.deepEqual(app.notebook, defaultNotebook(), 'the tour comes back after it was deleted');
    await menuAction(app, 'delete', defaultNotebook().id);

    const menu = app.shadowRoot!.querySelector('t5-notebook-menu') as NotebookMenu;
    (menu.shadowRoot!.querySelector('.trigger') as HTMLButtonElement).click();
    await menu.updateComplete;
    const listed = [...menu.shadowRoot!.querySelectorAll('[data-open]')].map((b) => b.querySelector('.t')!.textContent);
    assert.sameMembers(listed, ['My experiments', 'My experiments (copy)']);
  });

  it('a damaged stored notebook is reported and left as it is, and another one can be opened', async () => {
    const { store, prefs, session } = await freshStore(DB);
    await store.save({ ...defaultNotebook(), id: 'fine', title: 'Fine' });
    const broken = {
      id: 'broken',
      title: 'Broken',
      createdAt: 1,
      updatedAt: Date.now() + 1000,
      doc: { format: 't5lab-notebook', version: 1, id: 'broken', title: 'Broken', seed: 'not a number', cells: [] },
    };
    await (await openT5labDb(DB)).put('notebooks', broken as never);
    prefs.setItem(`t5lab-test:${DB}`, 'broken');
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await app.updateComplete;
    const banner = app.shadowRoot!.querySelector('[data-banner="problem"]');
    assert.match(
      banner?.textContent ?? '',
      /The saved notebook "Broken" is damaged \(notebook: seed must be an integer\); it was left as it is/,
    );
    assert.isUndefined(app.notebook);
    assert.deepEqual(await (await openT5labDb(DB)).get('notebooks', 'broken'), broken as never, 'the damaged record is untouched');
    await menuAction(app, 'open', 'fine');
    assert.equal((app.notebook as { title?: string } | undefined)?.title, 'Fine');
    assert.isNull(app.shadowRoot!.querySelector('[data-banner="problem"]'));
  });
});
