import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/comparison.ts';
import type { ComparisonCell, ComparisonView } from '../../../cells/kinds/comparison.ts';
import { CellHarness } from '../cells/harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { TABLE_4 } from '../../../src/paper/tables.ts';
import { COMPARISON_PRESETS, comparisonExperiment, TINY_COMPARISON_BUDGET } from '../../../src/experiments/objectiveComparison.ts';

describe('objective comparison cell', () => {
  let h: CellHarness;
  after(() => h?.dispose());

  it('builds one pre-training and one fine-tuning run per setting, with equal steps and input tokens', () => {
    const e = comparisonExperiment('x', COMPARISON_PRESETS['span-length'].arms, TINY_COMPARISON_BUDGET);
    assert.deepEqual(
      e.entries.map((x) => x.key),
      ['pre-iid', 'ft-iid', 'pre-span-2', 'ft-span-2', 'pre-span-3', 'ft-span-3', 'pre-span-5', 'ft-span-5', 'pre-span-10', 'ft-span-10'],
    );
    const pre = e.entries.filter((x) => x.key.startsWith('pre-'));
    assert.equal(new Set(pre.map((x) => `${x.config.steps}×${x.config.batch!.size}×${x.config.batch!.inputLength}`)).size, 1);
    assert.deepEqual(
      pre.map((x) => x.config.data.kind === 'pretrain' && x.config.data.meanSpan),
      [undefined, 2, 3, 5, 10],
    );
    assert.throws(
      () => comparisonExperiment('x', COMPARISON_PRESETS.objectives.arms, { ...TINY_COMPARISON_BUDGET, pretrainSteps: 0 }),
      /budget\.pretrainSteps/,
    );
  });

  it("runs 2 objectives to the end and tabulates fine-tuned metrics beside the paper's Table 4, with curves from the stored runs", async function () {
    this.timeout(240000);
    h = new CellHarness();
    const cell = h.add<ComparisonCell>('t5-comparison-cell', 'cmp', 'comparison', {
      preset: 'objectives',
      arms: ['prefix_lm', 'bert'],
      seeds: 1,
      pretrainSteps: 4,
      finetuneSteps: 3,
      task: 'sentiment',
    });
    await cell.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.runtime.state('cmp')?.runs, 0, 'a lazy cell waits for Run');
    h.runtime.run('cmp');
    const outputs = await (async () => {
      const s = await h.until('cmp', (st) => st.status === 'ok' || st.status === 'error', 230000);
      if (s.status === 'error') throw new Error(s.error);
      return s.outputs!;
    })();
    await cell.updateComplete;
    const view = outputs.view as ComparisonView;
    assert.deepEqual(
      view.rows.map((r) => r.key),
      ['prefix_lm', 'bert'],
    );
    for (const r of view.rows) {
      assert.isTrue(Number.isFinite(r.pretrainLoss) && Number.isFinite(r.finetuneValLoss));
      assert.isAbove(r.pretrainFlops, 0);
      assert.isNumber(r.metrics['sentiment/accuracy']);
    }
    // Prefix LM's targets are the whole continuation, BERT's the whole text: same input tokens, different FLOPs.
    assert.equal(view.rows[0].pretrainTokens === view.rows[1].pretrainTokens, view.rows[0].pretrainFlops === view.rows[1].pretrainFlops);

    const root = cell.shadowRoot!;
    // The seeded report: one value per seed, no interval with one seed, a verdict against the baseline.
    assert.deepEqual(
      view.report.rows.map((r) => r.key),
      ['prefix_lm', 'bert'],
    );
    // The cell follows the notebook's seed (the harness publishes 42): its one seed is 42.
    assert.deepEqual(view.report.seeds, [42]);
    assert.equal(view.report.rows[1].values[0], view.rows[1].metrics['sentiment/accuracy']);
    assert.match(root.querySelector('[data-report-table]')!.textContent!, /one seed: no interval/);
    assert.equal(root.querySelector('[data-comparisons] li')!.getAttribute('data-verdict'), 'within noise');
    assert.isNotNull(root.querySelector('[data-figure="comparison-seeds"]'));
    const rows = [...root.querySelectorAll('[data-comparison-table] tbody tr')];
    assert.equal(rows.length, 2);
    const paperCells = [...rows[1].querySelectorAll('td.paper')].map((td) => Number(td.textContent));
    assert.deepEqual(paperCells, Object.values(TABLE_4.rows.find((r) => r.label === 'BERT-style')!.scores));
    assert.match(root.querySelector('caption')!.textContent!, /the paper's numbers/);

    const runs = await listRuns();
    const pre = runs.find((r) => r.name.endsWith('/pre-bert@s42'))!;
    const ft = runs.find((r) => r.name.endsWith('/ft-bert@s42'))!;
    assert.equal(pre.status, 'completed');
    assert.deepEqual(ft.config.init, { kind: 'run', runId: pre.id });
    const curve = figureData(root.querySelector('[data-figure="comparison-pretraining-loss"]')!);
    const bertCurve = (curve as { arm: string; step: number; loss: number }[])
      .filter((p) => p.arm === 'BERT-style')
      .map((p) => [p.step, p.loss]);
    assert.deepEqual(
      bertCurve,
      pre.history.map((e) => [e.step, e.loss]),
    );
  });

  it('shows a wrong-typed stored parameter inside the cell and renders with the default', async () => {
    const h2 = new CellHarness();
    try {
      const cell = h2.add<ComparisonCell>('t5-comparison-cell', 'bad', 'comparison', { preset: 'objectives', seeds: 'many', arms: 'bert' });
      await cell.updateComplete;
      const msg = cell.shadowRoot!.querySelector('[data-param-errors]')!.textContent!;
      assert.match(msg, /seeds must be/);
      assert.match(msg, /arms must be a list/);
      assert.match(cell.shadowRoot!.querySelector('[data-estimate]')!.textContent!, /4 arms × 3 seeds = 21 runs/);
    } finally {
      h2.dispose();
    }
  });
});
