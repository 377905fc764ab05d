import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import '../../../cells/kinds/dataset.ts';
import '../../../cells/kinds/train.ts';
import type { DatasetCell } from '../../../cells/kinds/dataset.ts';
import type { TrainCell } from '../../../cells/kinds/train.ts';
import { DatasetStore } from '../../../src/storage/datasetStore.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import type { CorpusValue, TaskValue } from '../../../src/data/datasetValue.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { CellHarness, rendered } from './harness.ts';

const DB = `t5lab-test-user-data-training-${Date.now()}`;
const TINY = validateConfig({
  vocabSize: 384,
  dModel: 16,
  dFf: 32,
  numHeads: 2,
  dKv: 8,
  numLayers: 1,
  numDecoderLayers: 1,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
});
const file = (name: string, content: BlobPart) => new File([content], name);

/** A dataset cell and a train cell on the same throwaway database, with a byte tokenizer and a tiny model. */
function notebook(trainParams: Record<string, unknown>): { h: CellHarness; data: DatasetCell; train: TrainCell } {
  const h = new CellHarness(5);
  h.runtime.setCell('inputs', {
    inputs: [],
    outputs: ['tokenizer', 'modelConfig'],
    run: () => ({ tokenizer: new ByteTokenizer(), modelConfig: TINY }),
  });
  const data = h.add<DatasetCell>(
    't5-dataset-cell',
    'data',
    'dataset',
    { source: 'bundled', name: 'sentiment' },
    (c) => (c.store = new DatasetStore(DB)),
  );
  const train = h.add<TrainCell>(
    't5-train-cell',
    'train',
    'train',
    { batchSize: 4, inputLength: 32, targetLength: 8, steps: 4, logEvery: 2, backend: 'wasm', ...trainParams },
    (c) => (c.dbName = DB),
  );
  train.addEventListener('cell-action', (e) => {
    if ((e as CustomEvent).detail.action === 'run') h.runtime.run('train');
  });
  return { h, data, train };
}

function utf16le(text: string): Uint8Array<ArrayBuffer> {
  const units = `\ufeff${text}`;
  const out = new Uint8Array(new ArrayBuffer(units.length * 2));
  for (let i = 0; i < units.length; i++) {
    out[2 * i] = units.charCodeAt(i) & 0xff;
    out[2 * i + 1] = units.charCodeAt(i) >> 8;
  }
  return out;
}

describe("the user's own data in the train cell", function () {
  this.timeout(120000);
  after(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
  });

  it('fine-tunes a few steps on a .tsv dropped on the dataset cell, with its name, prefix and metric, its header row skipped', async () => {
    const { h, data, train } = notebook({ mode: 'finetune' });
    try {
      await h.ok('data');
      const rows = ['input\ttarget', ...Array.from({ length: 40 }, (_, i) => `colour: thing ${i}\t${['red', 'green', 'blue'][i % 3]}`)];
      await data.addFiles([file('my_task.tsv', rows.join('\n'))]);
      const out = await h.ok('data', 1);
      const task = out.task as TaskValue;
      assert.equal(task.name, 'my_task');
      assert.equal(task.prefix, 'colour: ');
      assert.deepEqual(task.metrics, ['accuracy']);
      assert.equal(task.train.length + task.validation.length, 40, 'the header row is not an example');
      assert.equal(task.header, 'input\ttarget');
      await rendered(data);
      assert.include(data.shadowRoot!.querySelector('[role="status"]')!.textContent, 'header row and was skipped');
      assert.equal(data.shadowRoot!.querySelector<HTMLInputElement>('[data-user-task] input[name="prefix"]')!.value, 'colour: ');

      await rendered(train);
      train.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="train"]')!.click();
      const trained = await h.ok('train');
      assert.notExists(h.runtime.state('train')?.error);
      const run = trained.run as RunRecord;
      assert.equal(run.status, 'completed', run.message);
      assert.equal(run.step, 4);
      assert.deepEqual(run.config.data.kind === 'tasks' && run.config.data.userTasks, {
        my_task: { source: data.spec.params.id as string, prefix: 'colour: ', metrics: ['accuracy'] },
      });
      const metrics = run.history.at(-1)?.metrics ?? {};
      assert.isTrue(Number.isFinite(metrics['my_task/accuracy']), JSON.stringify(metrics));

      // The user picks another metric and prefix: the task value follows.
      const metric = data.shadowRoot!.querySelector<HTMLSelectElement>('[data-user-task] select[name="metric"]')!;
      metric.value = 'bleu';
      metric.dispatchEvent(new Event('change'));
      const again = await h.ok('data', 2);
      assert.deepEqual((again.task as TaskValue).metrics, ['bleu', 'chrf']);
    } finally {
      h.dispose();
    }
  });

  it('pre-trains a few steps on a dropped .txt corpus (CR-only line ends, UTF-16) by its stored id', async () => {
    const { h, data, train } = notebook({ mode: 'pretrain' });
    try {
      await h.ok('data');
      const text = Array.from({ length: 30 }, (_, i) => `Über das Wetter, Dokument ${i}: es regnet und die See ist grau.`).join('\r');
      await data.addFiles([file('notes.txt', utf16le(text))]);
      const out = await h.ok('data', 1);
      const corpus = out.corpus as CorpusValue;
      assert.equal(corpus.name, 'notes.txt');
      assert.equal(corpus.source, data.spec.params.id);
      assert.equal(corpus.documents.length, 30, 'one document per CR-ended line');
      assert.match(corpus.documents[0], /^Über das Wetter/);
      await rendered(train);
      train.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="train"]')!.click();
      const trained = await h.ok('train');
      const run = trained.run as RunRecord;
      assert.equal(run.status, 'completed', run.message ?? h.runtime.state('train')?.error);
      assert.equal(run.config.data.kind === 'pretrain' && run.config.data.corpus, data.spec.params.id);
      assert.equal(run.name, 'span_corruption on notes.txt');
      assert.isTrue(run.history.every((e) => Number.isFinite(e.loss)));
    } finally {
      h.dispose();
    }
  });
});
