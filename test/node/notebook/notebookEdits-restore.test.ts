import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { removeCell, restoreCell } from '../../../src/notebook/notebookEdits.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

const doc: NotebookDocument = {
  format: 't5lab-notebook',
  version: 1,
  id: 'n',
  title: 'N',
  seed: 1,
  trusted: true,
  cells: ['a', 'b', 'c'].map((id) => ({ id, kind: 'markdown', params: { source: id } })),
};

describe('restoreCell (the undo of a delete)', () => {
  it('puts a deleted cell back at its old position without touching the original', () => {
    const removed = removeCell(doc, 'b');
    const back = restoreCell(removed, doc.cells[1], 1);
    assert.deepEqual(
      back.cells.map((c) => c.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      removed.cells.map((c) => c.id),
      ['a', 'c'],
    );
  });
  it('clamps a position past the end and refuses a cell that is already there', () => {
    assert.deepEqual(
      restoreCell(removeCell(doc, 'c'), doc.cells[2], 99).cells.map((c) => c.id),
      ['a', 'b', 'c'],
    );
    assert.throws(() => restoreCell(doc, doc.cells[0], 0), /cell "a" is already in notebook "N"/);
  });
});
