import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import { closeT5labDb, explainStorageError, StorageError } from '../../../src/storage/db.ts';
import { DatasetStore } from '../../../src/storage/datasetStore.ts';

const DB = `t5lab-test-datasets-${Date.now()}`;

describe('user dataset store (IndexedDB)', () => {
  const store = new DatasetStore(DB);
  after(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
  });

  it('saves, lists (newest first), loads and deletes datasets', async () => {
    const a = await store.save('my qa', 'task', 'q1\ta1\nq2\ta2\n');
    assert.isTrue(a.ok);
    const b = await store.save('my corpus', 'corpus', 'doc one\ndoc two\ndoc three\n');
    assert.isTrue(b.ok);
    if (!a.ok || !b.ok) return;
    assert.include(a.summary, { name: 'my qa', kind: 'task', rows: 2 });
    const listed = await store.list();
    assert.sameMembers(
      listed.map((s) => s.id),
      [a.summary.id, b.summary.id],
    );
    const loaded = await store.load(a.summary.id);
    assert.deepEqual(loaded, {
      kind: 'task',
      name: 'my qa',
      examples: [
        { inputs: 'q1', targets: 'a1' },
        { inputs: 'q2', targets: 'a2' },
      ],
    });
    await store.delete(b.summary.id);
    assert.deepEqual(
      (await store.list()).map((s) => s.id),
      [a.summary.id],
    );
    assert.isUndefined(await store.load(b.summary.id));
  });

  it('refuses invalid text with line-numbered errors and stores nothing', async () => {
    const before = await store.list();
    const r = await store.save('broken', 'task', 'ok\tfine\nno tab\n');
    assert.isFalse(r.ok);
    if (!r.ok) assert.equal(r.errors[0].line, 2);
    assert.deepEqual(await store.list(), before);
  });

  it('a failed save (id already taken) throws a StorageError and leaves the existing dataset untouched', async () => {
    const first = await store.save('original', 'task', 'q\ta\n', { id: 'fixed-id' });
    assert.isTrue(first.ok);
    let error: unknown;
    try {
      await store.save('intruder', 'task', 'other\tdata\n', { id: 'fixed-id' });
    } catch (err) {
      error = err;
    }
    assert.instanceOf(error, StorageError);
    assert.match((error as Error).message, /Could not save dataset "intruder".*nothing already saved was changed/);
    const kept = await store.getRecord('fixed-id');
    assert.equal(kept?.name, 'original');
    assert.equal(kept?.text, 'q\ta\n');
  });

  it('explains a quota error in words (the browser cannot be made to run out of quota in a test)', () => {
    const e = explainStorageError(new DOMException('quota', 'QuotaExceededError'), 'dataset "big"');
    assert.match(e.message, /dataset "big".*storage quota.*full/);
  });
});
