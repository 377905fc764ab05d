import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/multitask.ts';
import type { MultiTaskCell, MultiTaskView } from '../../../cells/kinds/multitask.ts';
import { CellHarness } from '../cells/harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';

describe('pausing and resuming an experiment cell', () => {
  let h: CellHarness;
  after(() => h?.dispose());

  it('Pause stops the experiment after its first run; Resume finishes it without re-running the finished run', async function () {
    this.timeout(400000);
    h = new CellHarness(9);
    const cell = h.add<MultiTaskCell>('t5-multitask-cell', 'pause', 'multitask', {
      strategies: [{ kind: 'equal' }, { kind: 'proportional', K: 2 ** 16 }],
      tasks: ['sentiment', 'define'],
      steps: 12,
      evaluations: 1,
      seeds: 1,
    });
    // The notebook view turns the cell's Pause/Resume actions into runtime calls; the harness does the same.
    cell.addEventListener('cell-action', (e) => {
      const { id, action } = (e as CustomEvent<{ id: string; action: string }>).detail;
      if (action === 'interrupt') h.runtime.interrupt(id);
      if (action === 'run') h.runtime.run(id);
    });
    h.runtime.run('pause');
    // Wait until the second run is under way, then press Pause.
    const deadline = Date.now() + 300000;
    for (;;) {
      await cell.updateComplete;
      const text = cell.shadowRoot!.querySelector('[data-progress]')?.textContent ?? '';
      if (/run 2 of 2/.test(text) && /step [1-9]/.test(text)) break;
      if (Date.now() > deadline) throw new Error(`never reached the second run: ${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(cell.shadowRoot!.querySelector('[data-progress]')!.textContent!, /ETA/);
    (cell.shadowRoot!.querySelector('[data-pause]') as HTMLButtonElement).click();
    await h.until('pause', (st) => st.status === 'error', 30000);
    await cell.updateComplete;
    assert.exists(cell.shadowRoot!.querySelector('[data-paused]'), 'the cell says it is paused and how to continue');
    const first = (await listRuns()).filter((r) => r.name.startsWith('multitask-pause-') && r.status === 'completed');
    assert.lengthOf(first, 1);

    (cell.shadowRoot!.querySelector('[data-resume]') as HTMLButtonElement).click();
    const s = await h.until('pause', (st) => st.status === 'ok' || (st.status === 'error' && !/interrupted/.test(st.error ?? '')), 200000);
    if (s.status === 'error') throw new Error(s.error);
    const view = s.outputs!.view as MultiTaskView;
    const after = (await listRuns()).filter((r) => r.name.startsWith('multitask-pause-'));
    assert.lengthOf(after, 2, 'no run was started twice');
    const again = after.find((r) => r.id === first[0].id)!;
    assert.equal(again.updatedAt, first[0].updatedAt, 'the finished run was not re-run');
    assert.deepEqual(view.report.seeds, [9]);
  });
});
