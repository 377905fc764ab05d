import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { freshStore, mountApp, settle, unmountAll, view } from './appHarness.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { Rng } from '../../../src/objectives/rng.ts';

/**
 * A save that the browser refuses (Chromium's real quota, lowered through the DevTools protocol
 * before this origin touches storage; each test file runs in a fresh browser context).
 */
describe('autosave when the storage quota is full', () => {
  before(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin, quotaSize: 4 * 1024 * 1024 });
  });
  after(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin });
    unmountAll();
  });

  it('a failed save shows the storage error, keeps the edit in memory and leaves the stored notebook intact', async () => {
    const { store, session } = await freshStore('t5lab-test-app-quota');
    const s = session();
    const app = await mountApp({ session: s });
    await s.start();
    await app.updateComplete;
    // Pseudo-random text: Chromium compresses IndexedDB values, so repetition would fit.
    const rng = new Rng(3);
    let big = '';
    while (big.length < 8_000_000) big += rng.uint32().toString(36);
    const intro = view(app).cellElement('intro')!;
    intro.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: 'intro', params: { source: big } }, bubbles: true, composed: true }),
    );
    let banner = '';
    for (let i = 0; i < 400 && !banner; i++) {
      await settle(25);
      await app.updateComplete;
      banner = app.shadowRoot!.querySelector('[data-banner="save-error"]')?.textContent ?? '';
    }
    assert.match(
      banner,
      /Could not save notebook "A tour of T5": the browser's storage quota for this site is full.*nothing already saved was changed.*Your edits are kept in this tab/,
    );
    assert.ok(app.shadowRoot!.querySelector('[data-save="error"]'), 'the header says "not saved"');
    assert.equal(app.notebook!.cells.find((c) => c.id === 'intro')!.params.source, big, 'the edit stays in memory');
    assert.deepEqual(await store.load(defaultNotebook().id), defaultNotebook(), 'the stored notebook is intact');
  });
});
