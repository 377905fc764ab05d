import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import { closeT5labDb } from '../../../src/storage/db.ts';
import { NotebookStore } from '../../../src/notebook/notebookStore.ts';
import { exportNotebookFile, importNotebookFile } from '../../../src/notebook/notebookFile.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { NOTEBOOK_VERSION } from '../../../src/notebook/notebookDocument.ts';
// The app registers its cell kinds before any notebook is read; a kind that is not one of them is refused.
import '../../../cells/shell/all-kinds.ts';

const DB = 't5lab-test-notebooks';

describe('notebook storage', () => {
  let store: NotebookStore;
  beforeEach(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
    store = new NotebookStore(DB);
  });

  it('saves, lists most-recent-first, renames, duplicates and deletes notebooks', async () => {
    const a = { ...defaultNotebook(), id: 'a', title: 'First' };
    const b = { ...defaultNotebook(), id: 'b', title: 'Second' };
    await store.save(a);
    await new Promise((r) => setTimeout(r, 5));
    await store.save(b);
    assert.deepEqual(
      (await store.list()).map((n) => n.title),
      ['Second', 'First'],
    );
    await store.rename('a', 'Renamed');
    assert.equal((await store.load('a'))?.title, 'Renamed');
    const copy = await store.duplicate('b');
    assert.notEqual(copy.id, 'b');
    assert.equal(copy.title, 'Second (copy)');
    assert.deepEqual((await store.load(copy.id))?.cells, b.cells);
    await store.delete('a');
    assert.sameMembers(
      (await store.list()).map((n) => n.id),
      ['b', copy.id],
    );
  });

  it('reopening restores the same notebook: cell order, every parameter and the seed', async () => {
    const nb = defaultNotebook();
    nb.seed = 1234;
    nb.cells = [...nb.cells].reverse();
    (nb.cells.find((c) => c.kind === 'buckets')!.params as Record<string, unknown>).numBuckets = 16;
    await store.save(nb);
    const reopened = await new NotebookStore(DB).load(nb.id);
    assert.deepEqual(reopened, nb);
  });

  it('an exported notebook imports back identical, untrusted', () => {
    const nb = { ...defaultNotebook(), trusted: true };
    const { notebook } = importNotebookFile(exportNotebookFile(nb), 'tour.t5lab.json');
    assert.equal(notebook.trusted, false);
    const { trusted: _a, ...want } = nb;
    const { trusted: _b, ...got } = notebook;
    assert.deepEqual(got, want);
  });

  it('corrupt, foreign and future-version files are refused with a message naming the problem', () => {
    const good = exportNotebookFile(defaultNotebook());
    assert.throws(() => importNotebookFile(good.slice(0, 200), 'cut.t5lab.json'), /cut\.t5lab\.json is not valid JSON: .* at line \d+/);
    assert.throws(() => importNotebookFile('{"cells": []}', 'x.json'), /x\.json is not a t5lab notebook/);
    const future = JSON.stringify({ ...JSON.parse(good), version: NOTEBOOK_VERSION + 1 });
    assert.throws(() => importNotebookFile(future, 'new.t5lab.json'), /version 2 is newer than this t5lab understands/);
    const badCell = JSON.parse(good);
    badCell.cells[1].kind = 'rocket';
    assert.throws(
      () => importNotebookFile(JSON.stringify(badCell), 'b.t5lab.json'),
      /b\.t5lab\.json: cells\[1\]\.kind "rocket" is not one of/,
    );
    assert.throws(() => importNotebookFile('\u0000\u0001binary', 'model.bin'), /model\.bin is a binary file/);
  });

  it('an imported notebook whose id is taken is stored under a new id and overwrites nothing', async () => {
    const mine = { ...defaultNotebook(), title: 'Mine' };
    await store.save(mine);
    const { notebook } = importNotebookFile(exportNotebookFile({ ...mine, title: 'Theirs' }));
    const stored = await store.addImported(notebook);
    assert.notEqual(stored.id, mine.id);
    assert.equal((await store.load(mine.id))?.title, 'Mine');
    assert.equal((await store.load(stored.id))?.title, 'Theirs');
  });
});
