import { assert } from '@esm-bundle/chai';
import type { ComparisonView } from '../../../cells/kinds/comparison.ts';
import type { ComparisonFixture } from './fixtures/comparison-page.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { untilHooks } from './progressHooks.ts';

/** The tiny budget as it is (30 + 30 steps, a checkpoint every 15), two objectives, one seed: four runs. */
const PARAMS = { preset: 'objectives', arms: ['prefix_lm', 'bert'], budget: 'tiny', seeds: 1, task: 'sentiment' };

async function until<T>(get: () => T | undefined | Promise<T | undefined>, what: string | (() => string), ms = 600000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`never saw ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reloading the page in the middle of an objective comparison', () => {
  let win: Window | null = null;
  after(() => win?.close());

  it('Run after a real reload resumes the experiment: finished runs are reused (same ids, untouched), the interrupted one continues from its checkpoint', async function () {
    this.timeout(1500000);
    const id = `cmp-reload-${Date.now().toString(36)}`;
    // The page of the second window: the fixture module and what it builds. A blob: page has this
    // page's origin (so the same IndexedDB and run locks) and survives reloads while this page lives;
    // a second window because the test page's policy allows no frames.
    const module = new URL('./fixtures/comparison-page.ts', import.meta.url).href;
    const setup = JSON.stringify({ id, seed: 7, params: PARAMS }).replace(/</g, '\\u003c');
    const page = new Blob(
      [
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>comparison reload test</title></head><body>` +
          `<script type="application/json" id="t5-fixture">${setup}</script><script type="module" src="${module}"></script></body></html>`,
      ],
      { type: 'text/html' },
    );
    win = window.open(URL.createObjectURL(page), '_blank', 'width=1000,height=800');
    assert.exists(win, 'the test window opened');
    const fixture = () => (win as unknown as { t5Fixture?: ComparisonFixture }).t5Fixture;
    const first = await until(
      () => (win!.document.readyState === 'complete' ? fixture() : undefined),
      () => `the page loaded: ${win!.location.href} ${win!.document.readyState} ${win!.document.documentElement.outerHTML.slice(0, 600)}`,
      120000,
    );
    const ours = async () => (await listRuns()).filter((r) => r.name.startsWith(`comparison-${id}-`));
    first.harness.runtime.run(id);

    // Reload while the third run (after both runs of the first objective) is training past its first checkpoint.
    let live: RunRecord | undefined;
    await until(async () => {
      const p = await untilHooks(
        first.cell,
        (x) => x.state === 'running' && x.completed >= 2 && x.run === x.completed + 1,
        'the third run',
      );
      const runs = await ours();
      live = runs.find((r) => r.status === 'running' && r.checkpoints.length > 0);
      return live && p.completed === runs.filter((r) => r.status === 'completed').length;
    }, 'a checkpoint of the third run');
    const finishedBefore = (await ours()).filter((r) => r.status === 'completed');
    assert.isAtLeast(finishedBefore.length, 2);
    win.location.reload();

    const second = await until(
      () => {
        const f = fixture();
        return win!.document.readyState === 'complete' && f && f.loadId !== first.loadId ? f : undefined;
      },
      'the reloaded page',
      120000,
    );
    const afterReload = await ours();
    const cut = afterReload.find((r) => r.id === live!.id)!;
    assert.notEqual(cut.status, 'completed', 'the reload cut the run short');
    assert.equal(cut.status, 'interrupted', 'a run whose page went away is listed as interrupted');
    assert.equal(second.harness.runtime.state(id)?.runs, 0, 'the reloaded cell waits for Run (lazy)');

    second.harness.runtime.run(id);
    const s = await second.harness.until(id, (st) => st.status === 'ok' || st.status === 'error', 1400000);
    if (s.status === 'error') throw new Error(s.error);
    const done = await untilHooks(second.cell, (x) => x.state === 'done', 'the done state');
    assert.deepEqual([done.completed, done.total], [4, 4]);
    assert.match(
      second.cell.shadowRoot!.querySelector('[data-progress]')!.textContent!,
      new RegExp(`${finishedBefore.length} already done, not re-run`),
    );

    const all = await ours();
    const finished = all.filter((r) => r.status === 'completed');
    assert.lengthOf(finished, 4, `one completed run per arm and stage: ${JSON.stringify(all.map((r) => [r.name, r.status]))}`);
    assert.lengthOf(all, 4, 'no run was started a second time');
    for (const r of finishedBefore) {
      const again = finished.find((x) => x.id === r.id);
      assert.exists(again, `${r.name} kept its id`);
      assert.equal(again!.updatedAt, r.updatedAt, `${r.name} was not re-run`);
    }
    const resumed = finished.find((r) => r.id === live!.id);
    assert.exists(resumed, 'the interrupted run was resumed (same id), not started afresh');
    // It continued from the checkpoint: the history up to it is the one logged before the reload.
    const at = live!.checkpoints.at(-1)!.step;
    const upTo = (r: RunRecord) => r.history.filter((e) => e.step <= at).map((e) => [e.step, e.loss]);
    assert.isNotEmpty(upTo(live!));
    assert.deepEqual(upTo(resumed!), upTo(live!));
    // The report reads the stored runs: each arm's value is its fine-tuned run's accuracy.
    const view = s.outputs!.view as ComparisonView;
    assert.deepEqual(view.report.seeds, [7]);
    for (const row of view.report.rows) {
      const ft = finished.find((r) => r.name.endsWith(`/ft-${row.key}@s7`))!;
      const last = [...ft.history].reverse().find((e) => e.metrics !== undefined)!;
      assert.isNumber(row.values[0]);
      assert.equal(row.values[0], last.metrics!['sentiment/accuracy']);
    }
  });
});
