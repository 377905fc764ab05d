import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datasetView, fromWire, parseForCell, parseStoredOffThread, toWire } from '../../../src/data/parseOffThread.ts';
import { parseCorpus, parseTsvTask } from '../../../src/data/parseDataset.ts';
import { autoMetrics, detectPrefix } from '../../../src/tasks/userTask.ts';

const corpusText = Array.from({ length: 400 }, (_, i) => `document number ${i % 350} with some text`).join('\n');
const taskText = Array.from({ length: 300 }, (_, i) => `sst2 sentence: review ${i}\t${i % 2 ? 'positive' : 'negative'}`).join('\n');

describe('parsing stored text for the dataset cell (what the upload worker sends)', () => {
  it('a corpus split travels as validation indices, with no second copy of the documents, and comes back as the same split', () => {
    const parsed = parseForCell('corpus', 'c.txt', corpusText);
    assert.ok(parsed.ok);
    const { wire, transfer } = toWire(parsed.value);
    assert.equal((wire.view as { splits?: unknown }).splits, undefined, 'no split rows on the wire');
    assert.ok(wire.validationIndices instanceof Uint32Array);
    assert.equal(transfer.length, 1);
    const back = fromWire(structuredClone(wire));
    const ds = parseCorpus(corpusText, 'c.txt');
    assert.ok(ds.ok);
    assert.deepEqual(back.view.splits, datasetView(ds.value).splits);
    assert.deepEqual(back.view.summary, datasetView(ds.value).summary);
    assert.equal(back.view.splits.validation.length, back.view.summary.validation);
  });

  it('a task comes with its split, its common prefix and its automatic metrics, computed with the rows', () => {
    const parsed = parseForCell('task', 't.tsv', taskText);
    assert.ok(parsed.ok);
    const ds = parseTsvTask(taskText, 't.tsv');
    assert.ok(ds.ok && ds.value.kind === 'task');
    assert.equal(parsed.value.detectedPrefix, detectPrefix(ds.value.examples));
    assert.equal(parsed.value.detectedPrefix, 'sst2 sentence: ');
    assert.deepEqual(parsed.value.autoMetrics, autoMetrics(ds.value.examples));
    const back = fromWire(structuredClone(toWire(parsed.value).wire));
    assert.deepEqual(back.view.splits, datasetView(ds.value).splits);
  });

  it('without a Worker (Node) parseStoredOffThread gives the same, and refuses bad text naming the dataset', async () => {
    const p = await parseStoredOffThread('corpus', 'c.txt', corpusText);
    assert.equal(p.view.splits.train.length + p.view.splits.validation.length, 400);
    await assert.rejects(parseStoredOffThread('task', 'bad.tsv', 'no tab here'), /stored dataset "bad.tsv" no longer parses/);
  });
});
