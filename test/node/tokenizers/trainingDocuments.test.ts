import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { documentsOfMessage, RowsWithExtra, trainingDocumentsMessage } from '../../../src/tokenizers/trainingDocuments.ts';
import { withTaskText } from '../../../src/tokenizers/taskTrainingText.ts';
import { packDocuments, PackedRowsView } from '../../../src/data/packedRows.ts';
import { trainUnigramAsync } from '../../../src/tokenizers/trainUnigramAsync.ts';

const docs = Array.from({ length: 60 }, (_, i) => `the ${i % 5 ? 'quick' : 'slow'} brown fox number ${i} jumps`);
const tasks = [{ name: 'sst2', prefix: 'sst2 sentence: ', examples: [{ inputs: 'great film', targets: 'positive' }] }];

describe('documents a tokenizer trains on', () => {
  it('packed rows travel to the worker as their buffers (no strings) and decode to the same documents there', () => {
    const msg = trainingDocumentsMessage(packDocuments(docs));
    assert.ok('packed' in msg && msg.packed.bytes instanceof Uint8Array);
    assert.ok(!('documents' in msg));
    assert.deepEqual(documentsOfMessage(structuredClone(msg)), docs);
  });

  it('task text added to a packed corpus follows its rows without decoding them, same documents as with an array', () => {
    const view = packDocuments(docs);
    const withTasks = withTaskText(view, tasks);
    assert.ok(withTasks instanceof RowsWithExtra);
    assert.equal(withTaskText(view, tasks), withTasks, 'the same arguments give the same object');
    const fromArray = withTaskText(docs, tasks);
    assert.deepEqual((withTasks as RowsWithExtra).toArray(), fromArray);
    assert.deepEqual([...(withTasks as RowsWithExtra)], fromArray);
    assert.equal(withTasks.length, fromArray.length);
    const msg = trainingDocumentsMessage(withTasks);
    assert.ok('packed' in msg);
    assert.deepEqual(documentsOfMessage(msg), fromArray);
  });

  it('a split of packed rows travels with its indices; arrays travel as arrays', () => {
    const packed = packDocuments(docs).packed.rows;
    const split = new PackedRowsView<string>(packed, Uint32Array.of(3, 1));
    assert.deepEqual(documentsOfMessage(trainingDocumentsMessage(split)), [docs[3], docs[1]]);
    assert.deepEqual(trainingDocumentsMessage(docs), { documents: docs });
  });

  it('a tokenizer trained on packed rows is the one trained on the same documents as an array', async () => {
    const options = { vocabSize: 300, numSentinels: 0 };
    const a = await trainUnigramAsync(packDocuments(docs), options);
    const b = await trainUnigramAsync(docs, options);
    assert.deepEqual(a.tokenizer.toJSON(), b.tokenizer.toJSON());
  });
});
