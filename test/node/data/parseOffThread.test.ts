import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datasetView, parseForCell, parsedTransfer, parseStoredOffThread, viewOfParsed } from '../../../src/data/parseOffThread.ts';
import { parseCorpus, parseTsvTask } from '../../../src/data/parseDataset.ts';
import { autoMetrics, detectPrefix } from '../../../src/tasks/userTask.ts';

const corpusText = Array.from({ length: 400 }, (_, i) => `document number ${i % 350} with some text`).join('\n');
const taskText = Array.from({ length: 300 }, (_, i) => `sst2 sentence: review ${i}\t${i % 2 ? 'positive' : 'negative'}`).join('\n');

describe('parsing stored text for the dataset cell (what the upload worker sends)', () => {
  it('a corpus split travels as train and validation indices over packed rows, with no row as a string, and comes back as the same split', () => {
    const parsed = parseForCell('corpus', 'c.txt', corpusText);
    assert.ok(parsed.ok);
    const wire = parsed.value;
    assert.equal((wire as { splits?: unknown }).splits, undefined, 'no split rows on the wire');
    assert.equal((wire as { dataset?: unknown }).dataset, undefined, 'no parsed rows on the wire');
    assert.ok(wire.validationIndices instanceof Uint32Array);
    assert.ok(wire.trainIndices instanceof Uint32Array);
    assert.ok(wire.packed.bytes instanceof Uint8Array && wire.packed.offsets instanceof Uint32Array);
    const transfer = parsedTransfer(wire);
    assert.equal(transfer.length, 4, 'packed bytes, offsets and the two index lists');
    const back = viewOfParsed(structuredClone(wire, { transfer }));
    const ds = parseCorpus(corpusText, 'c.txt');
    assert.ok(ds.ok);
    const expected = datasetView(ds.value);
    assert.deepEqual(back.splits.train.toArray(), expected.splits.train.toArray());
    assert.deepEqual(back.splits.validation.toArray(), expected.splits.validation.toArray());
    assert.deepEqual(back.summary, expected.summary);
    assert.deepEqual(back.lengths, expected.lengths);
    assert.equal(back.splits.validation.length, back.summary.validation);
  });

  it('a task comes with its split, its common prefix and its automatic metrics, computed with the rows', () => {
    const parsed = parseForCell('task', 't.tsv', taskText);
    assert.ok(parsed.ok);
    const ds = parseTsvTask(taskText, 't.tsv');
    assert.ok(ds.ok && ds.value.kind === 'task');
    assert.equal(parsed.value.detectedPrefix, detectPrefix(ds.value.examples));
    assert.equal(parsed.value.detectedPrefix, 'sst2 sentence: ');
    assert.deepEqual(parsed.value.autoMetrics, autoMetrics(ds.value.examples));
    const back = viewOfParsed(structuredClone(parsed.value, { transfer: parsedTransfer(parsed.value) }));
    const expected = datasetView(ds.value);
    assert.deepEqual(back.splits.train.toArray(), expected.splits.train.toArray());
    assert.deepEqual(back.splits.validation.toArray(), expected.splits.validation.toArray());
    assert.deepEqual(back.summary, expected.summary);
  });

  it('without a Worker (Node) parseStoredOffThread gives the same, and refuses bad text naming the dataset', async () => {
    const p = await parseStoredOffThread('corpus', 'c.txt', corpusText);
    const view = viewOfParsed(p);
    assert.equal(view.splits.train.length + view.splits.validation.length, 400);
    await assert.rejects(parseStoredOffThread('task', 'bad.tsv', 'no tab here'), /stored dataset "bad.tsv" no longer parses/);
  });
});
