import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../../cells/kinds/scaling.ts';
import type { ScalingCell, ScalingView } from '../../../cells/kinds/scaling.ts';
import { CellHarness } from '../cells/harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { parameterCount } from '../../../src/model/parameterCount.ts';
import { runCompute } from '../../../src/scaling/runCompute.ts';
import { sweepPoints, TINY_SWEEP_BASE } from '../../../src/experiments/scalingSweep.ts';
import { ensembleValidationLoss } from '../../../src/experiments/ensembleLoss.ts';
import { ensembleScoreOfRuns } from '../../../src/experiments/ensembleRuns.ts';
import { validationLoss } from '../../../src/training/evaluation.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { validateConfig } from '../../../src/model/config.ts';
import type { HostBatch } from '../../../src/training/batching.ts';

describe('scaling sweep', () => {
  let h: CellHarness;
  after(() => h?.dispose());

  it("the 4× compute sweep has the paper's strategies, with the ensemble as 4 independently seeded members", () => {
    const points = sweepPoints('four-x', TINY_SWEEP_BASE);
    assert.deepEqual(
      points.map((p) => p.key),
      ['baseline', '1x-size-4x-steps', '1x-size-4x-batch', '2x-size-2x-steps', '4x-size-1x-steps', '4x-ensemble'],
    );
    assert.deepEqual(
      points.map((p) => p.members),
      [1, 1, 1, 1, 1, 4],
    );
    assert.equal(points[3].model.numLayers, 2 * TINY_SWEEP_BASE.model.numLayers!);
    assert.throws(() => sweepPoints('width', TINY_SWEEP_BASE, [1, 0]), /multipliers\[1\]/);
  });

  it("an ensemble of one scores its model's validation loss; averaging logits of two models gives another loss", async () => {
    await tf.setBackend('cpu');
    const config = validateConfig({
      vocabSize: 128,
      dModel: 8,
      dFf: 16,
      numHeads: 2,
      dKv: 4,
      numLayers: 1,
      numDecoderLayers: 1,
      relativeAttentionNumBuckets: 4,
      relativeAttentionMaxDistance: 8,
    });
    const a = T5Model.create(config, { seed: 1 });
    const b = T5Model.create(config, { seed: 2 });
    const batch: HostBatch = {
      rows: 2,
      inputLength: 5,
      targetLength: 4,
      inputIds: Int32Array.from([5, 6, 7, 1, 0, 8, 9, 1, 0, 0]),
      labels: Int32Array.from([10, 11, 1, 0, 12, 1, 0, 0]),
      examples: 2,
      tokens: 12,
    };
    const single = await validationLoss(a, [batch]);
    assert.closeTo(await ensembleValidationLoss([a], [batch]), single, 1e-5);
    const pair = await ensembleValidationLoss([a, b], [batch]);
    assert.isTrue(Number.isFinite(pair));
    assert.isAbove(Math.abs(pair - single), 1e-6);
    a.dispose();
    b.dispose();
  });

  it('runs a 2-size width sweep to the end; parameters, FLOPs and losses in the table and plots come from the runs', async function () {
    this.timeout(240000);
    h = new CellHarness();
    const cell = h.add<ScalingCell>('t5-scaling-cell', 'scale', 'scaling', { sweep: 'width', multipliers: [1, 2], steps: 3, seeds: 1 });
    h.runtime.run('scale');
    const s = await h.until('scale', (st) => st.status === 'ok' || st.status === 'error', 230000);
    if (s.status === 'error') throw new Error(s.error);
    await cell.updateComplete;
    const view = s.outputs!.view as ScalingView;
    const runs = await listRuns();
    assert.equal(view.points.length, 2);
    for (const p of view.points) {
      const r = runs.find((x) => x.id === p.runIds[0])!;
      assert.equal(r.status, 'completed');
      assert.equal(p.params, parameterCount(r.resolved!.modelConfig));
      assert.equal(
        p.flops,
        runCompute(r.resolved!.modelConfig, {
          steps: 3,
          batch: r.config.batch.size,
          inputLength: r.config.batch.inputLength,
          targetLength: r.config.batch.targetLength,
        }).flops,
      );
      assert.equal(p.loss, r.history.at(-1)!.valLoss);
    }
    assert.isAbove(view.points[1].params, view.points[0].params);
    const root = cell.shadowRoot!;
    assert.equal(root.querySelectorAll('[data-scaling-table] tbody tr').length, 2);
    const plotted = figureData(root.querySelector('[data-figure="scaling-loss-vs-params"]')!) as { x: number; loss: number }[];
    assert.deepEqual(
      plotted.map((p) => [p.x, p.loss]),
      view.points.map((p) => [p.params, p.loss]),
    );
    assert.match(root.querySelector('[data-fit="params"]')!.textContent!, /L = .*x\^−.*c fixed/);
    assert.exists(view.fits.params);

    // The ensemble point's loader rebuilds the same validation batches the runs scored themselves on.
    const records = view.points.map((p) => runs.find((x) => x.id === p.runIds[0])!);
    const score = await ensembleScoreOfRuns(records);
    score.memberLosses.forEach((l, i) => assert.closeTo(l, records[i].history.at(-1)!.valLoss!, 1e-4));
    assert.isTrue(Number.isFinite(score.ensembleLoss));
  });

  it('shows wrong-typed multipliers inside the cell instead of going blank', async () => {
    const h2 = new CellHarness();
    try {
      const cell = h2.add<ScalingCell>('t5-scaling-cell', 'bad-scaling', 'scaling', { sweep: 'width', multipliers: '1,2', steps: 'x' });
      await cell.updateComplete;
      const msg = cell.shadowRoot!.querySelector('[data-param-errors]')!.textContent!;
      assert.match(msg, /multipliers must be a list/);
      assert.match(msg, /base steps must be a positive integer/);
      assert.equal((cell.shadowRoot!.querySelector('input[name="multipliers"]') as HTMLInputElement).value, '1, 2, 4');
    } finally {
      h2.dispose();
    }
  });
});
