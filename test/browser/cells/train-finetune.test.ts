import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/train.ts';
import type { TrainCell } from '../../../cells/kinds/train.ts';
import { formatCount } from '../../../src/format/units.ts';
import { CellHarness, rendered } from './harness.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';

const DB = 't5lab-train-finetune-cell-test';
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

describe("the train cell's fine-tuning option", function () {
  this.timeout(120000);
  after(async () => {
    await closeT5labDb(DB);
    indexedDB.deleteDatabase(DB);
  });

  it('fine-tunes with adapter layers in the worker and shows the trained-parameter count', async () => {
    const h = new CellHarness(3);
    h.runtime.setCell('inputs', {
      inputs: [],
      outputs: ['tokenizer', 'modelConfig', 'task'],
      run: () => ({ tokenizer: new ByteTokenizer(), modelConfig: TINY, task: { name: 'sentiment' } }),
    });
    const params = {
      mode: 'finetune',
      finetune: 'adapters',
      adapterDim: 4,
      batchSize: 4,
      inputLength: 32,
      steps: 4,
      logEvery: 2,
      backend: 'wasm',
    };
    const cell = h.add<TrainCell>('t5-train-cell', 'train', 'train', params, (c) => (c.dbName = DB));
    cell.addEventListener('cell-action', (e) => {
      if ((e as CustomEvent).detail.action === 'run') h.runtime.run('train');
    });
    try {
      await rendered(cell);
      const select = cell.shadowRoot!.querySelector<HTMLSelectElement>('select[name="finetune"]');
      assert.equal(select?.value, 'adapters');
      assert.ok(cell.shadowRoot!.querySelector('input[name="adapterDim"]'), 'the adapter width field');
      cell.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="train"]')!.click();
      await h.until('train', (s) => s.status === 'running');
      const out = await h.ok('train');
      const run = out.run as RunRecord;
      assert.equal(run.status, 'completed', run.message);
      assert.deepEqual(run.config.finetune, { strategy: 'adapters', adapterDim: 4 });
      assert.equal(run.resolved?.modelConfig.adapterDim, 4);
      const trained = run.resolved!.trainedParameters!;
      assert.isBelow(trained, run.resolved!.parameters / 4);
      assert.equal((out.trainedModel as T5Model).config.adapterDim, 4);
      await rendered(cell);
      const shown = cell.shadowRoot!.querySelector('[data-stat="trained-parameters"]')?.textContent ?? '';
      assert.equal(shown, formatCount(trained));
    } finally {
      h.dispose();
    }
  });
});
