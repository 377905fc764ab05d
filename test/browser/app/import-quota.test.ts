import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { codeNotebook, freshStore, mountApp, settle, unmountAll, type App } from './appHarness.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { exportNotebookFile } from '../../../src/notebook/notebookFile.ts';
import { Rng } from '../../../src/objectives/rng.ts';

/**
 * An import that the browser's storage refuses (Chromium's real quota, lowered through the
 * DevTools protocol before this origin touches storage: so this is a file of its own).
 */
const DB = 't5lab-test-app-import-quota';

async function bannerText(app: App, banner: string, ms = 5000): Promise<string> {
  const t0 = performance.now();
  for (;;) {
    await app.updateComplete;
    const t = app.shadowRoot!.querySelector(`[data-banner="${banner}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if (t || performance.now() - t0 > ms) return t;
    await settle(15);
  }
}

describe('an import the storage refuses', () => {
  before(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin, quotaSize: 4 * 1024 * 1024 });
  });
  after(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin });
    unmountAll();
  });

  it('is reported with the storage error; the open notebook and everything stored stay as they were', async () => {
    const { store, session } = await freshStore(DB);
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    const before = await store.list();
    const rng = new Rng(5);
    let big = '';
    while (big.length < 8_000_000) big += rng.uint32().toString(36);
    const doc = {
      ...codeNotebook({}, { id: 'big', title: 'Big import' }),
      cells: [{ id: 'm', kind: 'markdown' as const, params: { source: big } }],
    };
    const ok = await s.importFile(exportNotebookFile(doc), 'big.t5lab.json');
    assert.isFalse(ok);
    assert.match(
      await bannerText(app, 'problem'),
      /^Not imported: Could not save notebook "Big import": the browser's storage quota for this site is full.*nothing already saved was changed/,
    );
    assert.deepEqual(await store.list(), before);
    assert.equal(app.notebook?.id, defaultNotebook().id, 'the open notebook stays open');
  });
});
