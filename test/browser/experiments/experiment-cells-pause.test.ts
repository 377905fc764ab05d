import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/comparison.ts';
import '../../../cells/kinds/paper-study.ts';
import '../../../cells/kinds/architecture-comparison.ts';
import '../../../cells/kinds/multitask.ts';
import '../../../cells/kinds/scaling.ts';
import type { T5Cell } from '../../../cells/widgets/t5-cell.ts';
import type { CellKindName } from '../../../src/notebook/notebookDocument.ts';
import { CellHarness, useAppBackend } from '../cells/harness.ts';
import { untilHooks } from './progressHooks.ts';

/** Every experiment cell kind (cells/widgets/experiment-cell.ts) with a plan of at least two short runs. */
const CELLS: { tag: string; kind: CellKindName; params: Record<string, unknown> }[] = [
  {
    tag: 't5-comparison-cell',
    kind: 'comparison',
    params: { preset: 'objectives', arms: ['prefix_lm'], budget: 'tiny', seeds: 1, task: 'sentiment' },
  },
  { tag: 't5-paper-study-cell', kind: 'paper-study', params: { study: 'repetition', budget: 'tiny', seeds: 1 } },
  { tag: 't5-architecture-comparison-cell', kind: 'architecture-comparison', params: { mode: 'equal-compute', seeds: 1, steps: 40 } },
  {
    tag: 't5-multitask-cell',
    kind: 'multitask',
    params: {
      strategies: [{ kind: 'equal' }, { kind: 'proportional', K: 256 }],
      tasks: ['sentiment', 'qa_factbook'],
      steps: 40,
      evaluations: 1,
      seeds: 1,
    },
  },
  { tag: 't5-scaling-cell', kind: 'scaling', params: { sweep: 'steps', multipliers: [1, 2], steps: 40, seeds: 1 } },
];

describe('pausing any experiment cell', () => {
  before(async () => {
    await useAppBackend();
  });

  for (const { tag, kind, params } of CELLS) {
    it(`a ${kind} cell's Pause leads to the paused state, with Resume offered, no Pause button and no error`, async function () {
      this.timeout(600000);
      const h = new CellHarness(3);
      try {
        const id = `pause-${kind}-${Date.now().toString(36)}`;
        const cell = h.add<T5Cell>(tag, id, kind, params);
        cell.addEventListener('cell-action', (e) => {
          const { action } = (e as CustomEvent<{ id: string; action: string }>).detail;
          if (action === 'interrupt') h.runtime.interrupt(id);
          if (action === 'run') h.runtime.run(id);
        });
        h.runtime.run(id);
        const running = await untilHooks(cell, (p) => p.state === 'running' && p.step >= 1, 'a run under way', 60000);
        assert.isAtLeast(running.total, 2);
        (cell.shadowRoot!.querySelector('[data-pause]') as HTMLButtonElement).click();
        const paused = await untilHooks(cell, (p) => p.state === 'paused', 'the paused state', 60000);
        assert.isBelow(paused.completed, paused.total);
        await cell.updateComplete;
        // Booleans and text, not elements: a failing assertion on an element never reaches wtr's report.
        const root = cell.shadowRoot!;
        assert.isTrue(Boolean(root.querySelector('[data-paused] [data-resume]')), 'the paused note offers Resume');
        assert.isFalse(Boolean(root.querySelector('[data-pause]')), 'no Pause button while paused');
        assert.deepEqual(
          [...root.querySelectorAll('p.error')].map((p) => p.textContent!.trim()),
          [],
          'a pause is not shown as an error, and the params are valid',
        );
      } finally {
        h.dispose();
      }
    });
  }
});
