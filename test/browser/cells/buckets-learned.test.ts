import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/tokenizer.ts';
import '../../../cells/kinds/model.ts';
import '../../../cells/kinds/buckets.ts';
import type { BucketsCell } from '../../../cells/kinds/buckets.ts';
import type { T5Model } from '../../../src/model/t5Model.ts';
import { relativeBiasName } from '../../../src/model/weightShapes.ts';
import { relativePositionBucket } from '../../../src/model/relativePositionBucket.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import type { BiasOffsetRow } from '../../../src/plots/learnedBias.ts';
import { useBackend } from '../helpers/backends.ts';
import { CellHarness, editParams, rendered } from './harness.ts';

describe('buckets cell with a model', () => {
  let h: CellHarness;
  let cell: BucketsCell;

  before(async () => {
    await useBackend('cpu');
    h = new CellHarness(7);
    h.add('t5-tokenizer-cell', 'tok', 'tokenizer', { type: 'byte' });
    h.add('t5-model-cell', 'model', 'model', {
      preset: 'workbench-micro',
      config: { relativeAttentionNumBuckets: 16, relativeAttentionMaxDistance: 64 },
    });
    cell = h.add<BucketsCell>('t5-buckets-cell', 'buckets', 'buckets', {
      numBuckets: 32,
      maxDistance: 128,
      gridLength: 40,
      biasFrom: 'model',
    });
  });
  after(() => h.dispose());

  const figure = (name: string) => cell.shadowRoot!.querySelector(`figure[data-figure="${name}"]`)!;

  it("draws the model's learned bias per bucket and head for both stacks, from its weights", async () => {
    await h.ok('buckets');
    await rendered(cell);
    const model = h.runtime.state('model')!.outputs!.model as T5Model;
    const heads = model.config.numHeads;
    const rows = figureData(figure('learned-bias-buckets')) as { stack: string; bucket: number; head: number; bias: number }[];
    assert.lengthOf(rows, 2 * 16 * heads);
    for (const stack of ['encoder', 'decoder'] as const) {
      const table = await model.getWeights().get(relativeBiasName(stack))!.data();
      const mine = rows.filter((r) => r.stack === stack);
      assert.deepEqual(
        mine.map((r) => r.bias),
        Array.from(table),
      );
    }
    assert.include(figure('learned-bias-buckets').querySelector('[aria-label]')!.getAttribute('aria-label'), 'per bucket and head');
    assert.isAtLeast(figure('learned-bias-buckets').querySelectorAll('svg rect').length, rows.length);
    assert.include(cell.shadowRoot!.querySelector('[data-learned-bias]')!.textContent, '16 buckets, max distance 64');
  });

  it("maps every offset through the model's bucket function; the decoder only has the past", async () => {
    const rows = figureData(figure('learned-bias-offsets')) as BiasOffsetRow[];
    const enc = rows.filter((r) => r.stack === 'encoder' && r.head === 0);
    const dec = rows.filter((r) => r.stack === 'decoder' && r.head === 0);
    assert.equal(Math.max(...dec.map((r) => r.offset)), 0);
    assert.equal(Math.max(...enc.map((r) => r.offset)), -Math.min(...enc.map((r) => r.offset)));
    for (const r of [...enc, ...dec]) {
      assert.equal(r.bucket, relativePositionBucket(r.offset, { bidirectional: r.stack === 'encoder', numBuckets: 16, maxDistance: 64 }));
    }
    const byBucket = figureData(figure('learned-bias-buckets')) as { stack: string; bucket: number; head: number; bias: number }[];
    const far = enc.find((r) => r.offset === enc[0].offset)!;
    assert.equal(far.bias, byBucket.find((r) => r.stack === 'encoder' && r.bucket === far.bucket && r.head === 0)!.bias);
  });

  it('follows a rebuilt model (fewer heads) and keeps its own curve parameters', async () => {
    const runs = h.runtime.state('buckets')!.runs;
    const modelCell = document.querySelector('t5-model-cell')!;
    const input = modelCell.shadowRoot!.querySelector('input[name="numHeads"]') as HTMLInputElement;
    input.value = '2';
    input.dispatchEvent(new Event('change'));
    await h.ok('buckets', runs);
    await rendered(cell);
    const rows = figureData(figure('learned-bias-buckets')) as { head: number }[];
    assert.lengthOf(rows, 2 * 16 * 2);
    assert.include(figure('bucket-curve').querySelector('[aria-label]')!.getAttribute('aria-label'), '32 buckets, max distance 128');
  });

  it('says so when the named value is not a model, and shows no learned-bias figures without one', async () => {
    editParams(cell, { biasFrom: 'tokenizer' });
    const s = await h.until('buckets', (st) => st.status === 'error');
    assert.include(s.error, 'tokenizer must be a T5Model');
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('[data-learned-bias] [role="alert"]')!.textContent, 'tokenizer must be a T5Model');
    const select = cell.shadowRoot!.querySelector('select[name="biasFrom"]') as HTMLSelectElement;
    select.value = '';
    select.dispatchEvent(new Event('change'));
    await rendered(cell);
    assert.isNull(cell.program());
    assert.isNull(cell.shadowRoot!.querySelector('[data-learned-bias]'));
    assert.isNotNull(figure('bucket-grid'));
  });
});
