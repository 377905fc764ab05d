import { assert } from '@esm-bundle/chai';
import { unzipSync } from 'fflate';
import '../../../cells/kinds/runs.ts';
import type { RunsCell } from '../../../cells/kinds/runs.ts';
import { CellHarness, rendered } from './harness.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import { createRunRecord, currentEnvironment } from '../../../src/runs/runRecord.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';

const DB = 't5lab-runs-cluster-test';

describe('runs cell: Export for a cluster', function () {
  this.timeout(60000);
  after(async () => {
    await closeT5labDb(DB);
    indexedDB.deleteDatabase(DB);
  });

  it("downloads the run's recipe zip at the chosen target and scale, with the run's own settings", async () => {
    const config = validateRunConfig({
      data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption', meanSpan: 5 },
      batch: { size: 4, inputLength: 64, targetLength: 20 },
      steps: 40,
      seed: 9,
    });
    const modelConfig = validateConfig({ vocabSize: 384, dModel: 16, dFf: 32, numHeads: 2, dKv: 8, numLayers: 1, numDecoderLayers: 1 });
    const record = {
      ...createRunRecord(config, currentEnvironment('worker', { backend: 'cpu' }), 'run-cluster-a'),
      status: 'completed' as const,
      resolved: { modelConfig, tokenizer: new ByteTokenizer().toJSON(), parameters: 0, trainSizes: { pretrain_sotu: 200 } },
    };
    await new RunStore(DB).putRun(record);
    const h = new CellHarness(7);
    const cell = h.add<RunsCell>('t5-runs-cell', 'runs', 'runs', { selected: [record.id] }, (c) => (c.dbName = DB));
    const clicked: HTMLAnchorElement[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      await h.ok('runs');
      await rendered(cell);
      const scale = cell.shadowRoot!.querySelector<HTMLSelectElement>('select[name="clusterScale"]')!;
      scale.value = 't5-v1_1-small';
      scale.dispatchEvent(new Event('change'));
      cell.shadowRoot!.querySelector<HTMLButtonElement>(`tr[data-run-id="${record.id}"] button[data-action="export-cluster"]`)!.click();
      for (let i = 0; i < 200 && clicked.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.lengthOf(clicked, 1, cell.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '');
      assert.match(clicked[0].download, /-hf-t5-v1_1-small-recipe\.zip$/);
      const zip = unzipSync(new Uint8Array(await (await fetch(clicked[0].href)).arrayBuffer()));
      assert.includeMembers(Object.keys(zip), [
        'README.md',
        'recipe.json',
        'config.json',
        'tokenizer.json',
        'train.py',
        't5lab_objectives.py',
      ]);
      const recipe = JSON.parse(new TextDecoder().decode(zip['recipe.json']));
      assert.equal(recipe.scale.preset, 't5-v1_1-small');
      assert.equal(recipe.data.mean_span, 5);
      assert.equal(recipe.seed, 9);
      assert.deepEqual(recipe.lengths, { inputs: 64, targets: 20 });
      assert.include(new TextDecoder().decode(zip['t5lab_objectives.py']), 'def js_pow(x, y):');
    } finally {
      HTMLAnchorElement.prototype.click = click;
      h.dispose();
    }
  });
});
