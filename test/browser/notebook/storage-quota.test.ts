import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { NotebookStore } from '../../../src/notebook/notebookStore.ts';
import { DatasetStore } from '../../../src/storage/datasetStore.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { Rng } from '../../../src/objectives/rng.ts';

/**
 * Chromium's real quota, lowered through the DevTools protocol. The override only takes effect
 * before the origin first touches storage, so it is set before anything else in this file (each
 * test file runs in a fresh browser context).
 */
describe('storage quota', () => {
  before(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin, quotaSize: 4 * 1024 * 1024 });
  });
  after(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin });
  });

  // Pseudo-random text: Chromium compresses IndexedDB values, so repeated characters would fit.
  const incompressible = (chars: number) => {
    const rng = new Rng(7);
    let s = '';
    while (s.length < chars) s += rng.uint32().toString(36);
    return s;
  };

  it('a notebook save over the quota is explained, and the notebook saved before is intact', async () => {
    const store = new NotebookStore('t5lab-quota');
    const nb = { ...defaultNotebook(), title: 'Saved before' };
    await store.save(nb);
    const huge = {
      ...nb,
      title: 'Too big',
      cells: [...nb.cells, { id: 'big', kind: 'markdown' as const, params: { source: incompressible(8_000_000) } }],
    };
    let error: Error | undefined;
    try {
      await store.save(huge);
    } catch (err) {
      error = err as Error;
    }
    assert.ok(error, 'the save must fail');
    assert.equal(error!.name, 'StorageError');
    assert.match(
      error!.message,
      /Could not save notebook "Too big": the browser's storage quota for this site is full.*nothing already saved was changed/,
    );
    const after = await store.load(nb.id);
    assert.equal(after?.title, 'Saved before');
    assert.deepEqual(after?.cells, nb.cells);
  });

  it('a user dataset over the quota is refused with the same explanation and no partial record', async () => {
    const store = new DatasetStore('t5lab-quota');
    const before = await store.list();
    const text = incompressible(6_000_000);
    const rows = Array.from({ length: 4000 }, (_, i) => `question ${text.slice(i * 1500, (i + 1) * 1500)}\tanswer ${i}`).join('\n');
    let error: Error | undefined;
    try {
      await store.save('too big', 'task', rows);
    } catch (err) {
      error = err as Error;
    }
    assert.equal(error?.name, 'StorageError');
    assert.match(error!.message, /storage quota for this site is full/);
    assert.deepEqual(await store.list(), before);
  });
});
