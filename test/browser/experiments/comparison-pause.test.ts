import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/comparison.ts';
import type { ComparisonCell, ComparisonView } from '../../../cells/kinds/comparison.ts';
import { CellHarness, useAppBackend } from '../cells/harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { frames, progressHooks, untilHooks } from './progressHooks.ts';

/** The tiny budget as it is (30 + 30 steps), two objectives, one seed: four runs, long enough to pause mid-run. */
const PARAMS = { preset: 'objectives', arms: ['prefix_lm', 'bert'], budget: 'tiny', seeds: 1, task: 'sentiment' };

describe('pausing and resuming an objective comparison', () => {
  before(async () => {
    await useAppBackend();
  });
  let h: CellHarness;
  after(() => h?.dispose());

  it('Pause stops training (finished-run count and step stay put while paused) and Resume finishes without re-running a finished run', async function () {
    this.timeout(1200000);
    h = new CellHarness(5);
    // A fresh id per test run: nothing stored by an earlier run of this file is found.
    const id = `cmp-pause-${Date.now().toString(36)}`;
    const cell = h.add<ComparisonCell>('t5-comparison-cell', id, 'comparison', PARAMS);
    cell.addEventListener('cell-action', (e) => {
      const { action } = (e as CustomEvent<{ id: string; action: string }>).detail;
      if (action === 'interrupt') h.runtime.interrupt(id);
      if (action === 'run') h.runtime.run(id);
    });
    const ours = async () => (await listRuns()).filter((r) => r.name.startsWith(`comparison-${id}-`));
    h.runtime.run(id);

    // Pause in the middle of the second run (the first one is finished and stored).
    const before = await untilHooks(
      cell,
      (p) => p.state === 'running' && p.completed >= 1 && p.run === p.completed + 1 && p.step >= 1,
      'a run after the first one under way',
    );
    assert.equal(before.total, 4);
    assert.isBelow(before.completed, 4);
    (cell.shadowRoot!.querySelector('[data-pause]') as HTMLButtonElement).click();
    // `pausing` until the queue has stopped the run's worker and stored its status; then `paused`.
    const paused = await untilHooks(cell, (p) => p.state === 'paused', 'the paused state');
    assert.exists(cell.shadowRoot!.querySelector('[data-paused]'), 'the cell says it is paused and how to continue');
    assert.isNull(cell.shadowRoot!.querySelector('[data-pause]'), 'no Pause button while paused');
    const storedAtPause = await ours();
    assert.equal(storedAtPause.filter((r) => r.status === 'completed').length, paused.completed, 'the count is the stored finished runs');
    assert.notInclude(
      storedAtPause.map((r) => r.status),
      'running',
      'no run is still training',
    );
    // While paused nothing moves: the same hooks frame after frame, the same stored steps.
    for (let i = 0; i < 5; i++) {
      await frames(3);
      await cell.updateComplete;
      assert.deepEqual(progressHooks(cell), paused, `frame ${3 * (i + 1)} after the pause`);
    }
    const storedLater = await ours();
    assert.deepEqual(
      storedLater.map((r) => [r.id, r.status, r.step, r.updatedAt]),
      storedAtPause.map((r) => [r.id, r.status, r.step, r.updatedAt]),
      'the store did not change while paused',
    );

    (cell.shadowRoot!.querySelector('[data-resume]') as HTMLButtonElement).click();
    await untilHooks(cell, (p) => p.state === 'running', 'running again after Resume');
    const s = await h.until(id, (st) => st.status === 'ok' || (st.status === 'error' && !/interrupted/.test(st.error ?? '')), 1100000);
    if (s.status === 'error') throw new Error(s.error);
    const done = await untilHooks(cell, (p) => p.state === 'done', 'the done state');
    assert.deepEqual([done.completed, done.total], [4, 4]);
    assert.match(
      cell.shadowRoot!.querySelector('[data-progress]')!.textContent!,
      new RegExp(`${paused.completed} already done, not re-run`),
    );

    const finished = (await ours()).filter((r) => r.status === 'completed');
    assert.lengthOf(
      finished,
      4,
      `one completed run per arm and stage: ${JSON.stringify((await ours()).map((r) => [r.name, r.id, r.status, r.step]))}`,
    );
    assert.lengthOf(new Set(finished.map((r) => r.name)), 4, 'no arm was run to completion twice');
    for (const r of storedAtPause.filter((x) => x.status === 'completed')) {
      const again = finished.find((x) => x.id === r.id);
      assert.exists(again, `${r.name} kept its id`);
      assert.equal(again!.updatedAt, r.updatedAt, `${r.name} was not re-run`);
    }
    // The report is built from those stored runs: the fine-tuned accuracy of each arm's run.
    const view = s.outputs!.view as ComparisonView;
    assert.deepEqual(view.report.seeds, [5]);
    for (const row of view.report.rows) {
      const ft = finished.find((r) => r.name.endsWith(`/ft-${row.key}@s5`))!;
      const last = [...ft.history].reverse().find((e) => e.metrics !== undefined)!;
      assert.isNumber(row.values[0]);
      assert.equal(row.values[0], last.metrics!['sentiment/accuracy']);
    }
  });
});
