import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/multitask.ts';
import type { MultiTaskCell, MultiTaskView } from '../../../cells/kinds/multitask.ts';
import { CellHarness } from '../cells/harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { TABLE_11 } from '../../../src/paper/tables.ts';
import { multiTaskExperiment, paperRowFor, TINY_MULTITASK_BUDGET } from '../../../src/experiments/multiTask.ts';

describe('multi-task strategies cell', () => {
  let h: CellHarness;
  after(() => h?.dispose());

  it("matches each strategy to the paper's Table 11 row and rejects a mixture of one task", () => {
    assert.equal(paperRowFor({ kind: 'proportional', K: 2 ** 18 })?.label, 'Examples-proportional, K = 2^18');
    assert.equal(paperRowFor({ kind: 'temperature', T: 2 })?.label, 'Temperature-scaled, T = 2');
    assert.isUndefined(paperRowFor({ kind: 'proportional', K: 256 }));
    assert.throws(() => multiTaskExperiment('x', [{ kind: 'equal' }], { ...TINY_MULTITASK_BUDGET, tasks: ['sentiment'] }), /budget\.tasks/);
  });

  it("trains 2 strategies over 2 seeds with per-task metrics over steps, per-seed values, intervals and a verdict, beside the paper's rows", async function () {
    this.timeout(240000);
    h = new CellHarness();
    const strategies = [{ kind: 'equal' }, { kind: 'proportional', K: 2 ** 16 }];
    const cell = h.add<MultiTaskCell>('t5-multitask-cell', 'mt', 'multitask', {
      strategies,
      tasks: ['sentiment', 'define'],
      steps: 4,
      evaluations: 2,
      seed: 5,
      seeds: 2,
    });
    h.runtime.run('mt');
    const s = await h.until('mt', (st) => st.status === 'ok' || st.status === 'error', 230000);
    if (s.status === 'error') throw new Error(s.error);
    await cell.updateComplete;
    const view = s.outputs!.view as MultiTaskView;
    assert.deepEqual(
      view.rows.map((r) => r.key),
      ['equal', 'proportional-K65536'],
    );
    assert.closeTo(view.rows[0].rates.sentiment, 0.5, 1e-12);
    assert.isAbove(view.rows[1].rates.sentiment + view.rows[1].rates.define, 0.999);
    const runs = await listRuns();
    const equal = runs.find((r) => r.name.endsWith('/equal@s5'))!;
    assert.equal(equal.config.seed, 5);
    assert.equal(runs.find((r) => r.name.endsWith('/equal@s6'))!.config.seed, 6);
    // Every seed's mixture average (mean over tasks of each task's headline metric), its mean and interval.
    assert.deepEqual(view.report.seeds, [5, 6]);
    const mixture = (run: typeof equal) => {
      const m = run.history.filter((e) => e.metrics).at(-1)!.metrics!;
      return (m['sentiment/accuracy'] + m['define/token_f1']) / 2;
    };
    assert.deepEqual(view.report.rows[0].values, [mixture(equal), mixture(runs.find((r) => r.name.endsWith('/equal@s6'))!)]);
    const ci = cell.shadowRoot!.querySelector('[data-report-table] [data-arm="equal"] [data-ci]')!.textContent!;
    assert.match(ci, view.report.rows[0].ci95 ? /^\[/ : /—/);
    assert.lengthOf(view.report.comparisons, 1);
    assert.include(
      ['better', 'worse', 'within noise'],
      cell.shadowRoot!.querySelector('[data-comparisons] li')!.getAttribute('data-verdict'),
    );
    assert.lengthOf(figureData(cell.shadowRoot!.querySelector('[data-figure="multitask-seeds"]')!)!, 4);
    const evaluated = equal.history.filter((e) => e.metrics);
    assert.deepEqual(
      evaluated.map((e) => e.step),
      [2, 4],
    );
    const curve = figureData(cell.shadowRoot!.querySelector('[data-figure="multitask-metrics"]')!) as {
      strategy: string;
      metric: string;
      step: number;
      value: number;
    }[];
    assert.deepEqual(
      curve
        .filter((p) => p.strategy === view.rows[0].label && p.metric === 'sentiment/accuracy' && (p as { seed?: number }).seed === 5)
        .map((p) => [p.step, p.value]),
      evaluated.map((e) => [e.step, e.metrics!['sentiment/accuracy']]),
    );
    const paper = [...cell.shadowRoot!.querySelectorAll('[data-strategy="equal"] td.paper')].map((td) => Number(td.textContent));
    assert.deepEqual(paper, Object.values(TABLE_11.rows.find((r) => r.label === 'Equal')!.scores));
  });
});
