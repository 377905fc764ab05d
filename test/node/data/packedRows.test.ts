import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArrayRows, corpusRows, packDocuments, packedTransfer, packRows, PackedRowsView } from '../../../src/data/packedRows.ts';
import { corpusValueOfRows, taskTrainCount, taskValueOfRows } from '../../../src/data/datasetValue.ts';
import { splitExamples, splitIndices } from '../../../src/data/split.ts';
import type { TaskExample } from '../../../src/data/parseDataset.ts';

const docs = ['plain ascii', '', 'ümlaut and emoji 🙂 and CJK 漢字', 'x'.repeat(5000)];
const examples: TaskExample[] = Array.from({ length: 50 }, (_, i) => ({ inputs: `question ${i} → ¿qué?`, targets: i % 3 ? 'yes' : '' }));

describe('packed dataset rows', () => {
  it('a packed corpus reads back every document exactly, including empty and non-ASCII ones', () => {
    const view = packDocuments(docs);
    assert.equal(view.length, docs.length);
    assert.deepEqual(view.toArray(), docs);
    assert.deepEqual([...view], docs);
    assert.equal(view.get(2), docs[2]);
    assert.deepEqual(view.slice(1, 3), docs.slice(1, 3));
    assert.deepEqual(view.slice(2, 99), docs.slice(2));
  });

  it('packed task examples read back as input and target pairs, and a split is a view through its indices', () => {
    const packed = packRows({ kind: 'task', name: 't', examples });
    assert.equal(packed.fields, 2);
    const all = new PackedRowsView<TaskExample>(packed);
    assert.deepEqual(all.toArray(), examples);
    const idx = splitIndices(examples, 0.3);
    const expected = splitExamples(examples, { validationFraction: 0.3 });
    assert.deepEqual(new PackedRowsView<TaskExample>(packed, idx.train).toArray(), expected.train);
    assert.deepEqual(new PackedRowsView<TaskExample>(packed, idx.validation).toArray(), expected.validation);
    assert.ok(idx.validation.length > 0 && idx.train.length > 0);
  });

  it('reading outside the rows is refused with the row and the range', () => {
    assert.throws(() => packDocuments(docs).get(4), /row 4 is outside 0–3/);
  });

  it('the packed form owns two buffers that can be transferred, and survives a structured clone', () => {
    const packed = packRows({ kind: 'corpus', name: 'c', documents: docs });
    const transfer = packedTransfer(packed);
    assert.equal(transfer.length, 2);
    assert.equal(transfer[0].byteLength, packed.bytes.length, 'no spare capacity travels');
    const moved = structuredClone(packed, { transfer });
    assert.equal(packed.bytes.length, 0, 'the sender no longer holds the bytes');
    assert.deepEqual(new PackedRowsView<string>(moved).toArray(), docs);
  });

  it('corpusRows gives a view of a plain documents array, or of the packed rows without reading documents', () => {
    assert.deepEqual(corpusRows({ documents: docs })!.toArray(), docs);
    assert.ok(corpusRows({ documents: docs }) instanceof ArrayRows);
    assert.equal(corpusRows({}), undefined);
    const value = corpusValueOfRows('mine.txt', 'ds-1', packDocuments(docs));
    let decoded = false;
    const rows = value.rows!;
    const spy = Object.create(value, { documents: { get: () => ((decoded = true), []) } }) as typeof value;
    assert.equal(corpusRows(spy), rows);
    assert.equal(decoded, false, 'documents was not read');
  });

  it('a published upload still offers documents, train and validation arrays, decoded on first read', () => {
    const value = corpusValueOfRows('mine.txt', 'ds-1', packDocuments(docs));
    assert.deepEqual(value.documents, docs);
    assert.equal(value.documents, value.documents, 'decoded once');
    assert.deepEqual(Object.keys(value).sort(), ['documents', 'name', 'rows', 'source']);
    const packed = packRows({ kind: 'task', name: 't', examples });
    const idx = splitIndices(examples);
    const split = {
      train: new PackedRowsView<TaskExample>(packed, idx.train),
      validation: new PackedRowsView<TaskExample>(packed, idx.validation),
    };
    const task = taskValueOfRows(split, 'q: ', { name: 'mine', source: 'ds-2', metrics: ['accuracy'] }, 'input\ttarget');
    const expected = splitExamples(examples);
    assert.deepEqual(task.train, expected.train);
    assert.deepEqual(task.validation, expected.validation);
    assert.equal(task.header, 'input\ttarget');
    assert.equal(taskTrainCount(task), expected.train.length);
    assert.equal(taskTrainCount({ train: [1, 2, 3] }), 3);
    assert.equal(taskTrainCount({}), undefined);
  });
});
