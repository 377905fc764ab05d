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

  it("trains 2 strategies to the end with per-task metrics over steps, beside the paper's rows", async function () {
    this.timeout(240000);
    h = new CellHarness();
    const strategies = [{ kind: 'equal' }, { kind: 'proportional', K: 2 ** 16 }];
    const cell = h.add<MultiTaskCell>('t5-multitask-cell', 'mt', 'multitask', {
      strategies,
      tasks: ['sentiment', 'define'],
      steps: 4,
      evaluations: 2,
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
    const equal = runs.find((r) => r.name.endsWith('/equal'))!;
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
      curve.filter((p) => p.strategy === view.rows[0].label && p.metric === 'sentiment/accuracy').map((p) => [p.step, p.value]),
      evaluated.map((e) => [e.step, e.metrics!['sentiment/accuracy']]),
    );
    const paper = [...cell.shadowRoot!.querySelectorAll('[data-strategy="equal"] td.paper')].map((td) => Number(td.textContent));
    assert.deepEqual(paper, Object.values(TABLE_11.rows.find((r) => r.label === 'Equal')!.scores));
  });
});
