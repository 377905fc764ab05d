/**
 * A 25,000-cell notebook (issue 11: it took 50 s to render) opens with its first cells shown
 * at once and the rest as they scroll into view; the runtime still runs every cell that must
 * run, shown or not. The time to the first cells is measured and printed, never asserted.
 */
import { assert } from '@esm-bundle/chai';
import { mountApp, settle, unmountAll, until, view } from './appHarness.ts';
import { EAGER_CELLS } from '../../../cells/shell/lazy-cells.ts';
import type { CellSpec, NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

const CELLS = 25_000;

function longNotebook(): NotebookDocument {
  const cells: CellSpec[] = Array.from({ length: CELLS }, (_, i) => ({
    id: `m${i}`,
    kind: 'markdown',
    params: { source: `## Cell ${i}\n\nSome *text* with $x_${i % 10}$.` },
  }));
  cells.push({ id: 'last', kind: 'code', params: { source: 'answer = 6 * 7' } });
  cells.push({ id: 'waits', kind: 'code', params: { source: 'lazyValue = answer + 1' }, lazy: true });
  return { format: 't5lab-notebook', version: 1, id: 'long', title: 'Long', seed: 1, trusted: true, cells };
}

const frames = () => view(document.querySelector('t5lab-app') as never).shadowRoot!.querySelectorAll('t5-cell-frame');

describe('a very long notebook', () => {
  afterEach(unmountAll);

  it('a 25,000-cell notebook shows its first cells at once, renders the rest as they come into view, and still runs what must run', async () => {
    const doc = longNotebook();
    const t0 = performance.now();
    const app = await mountApp({ notebook: doc });
    const first = view(app).cellElement('m0')!;
    await first.updateComplete;
    const tFirst = performance.now() - t0;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const tPaint = performance.now() - t0;
    const rendered = frames().length;
    console.log(
      `[measure] ${CELLS.toLocaleString('en-US')}-cell notebook: first cell rendered after ${tFirst.toFixed(0)} ms, first paint after ${tPaint.toFixed(0)} ms; ${rendered} cell frames in the DOM`,
    );
    assert.include(first.shadowRoot!.textContent, 'Cell 0');
    assert.isAtMost(rendered, EAGER_CELLS + 200, 'far fewer frames than cells');

    // The runtime runs the last cell although it is not rendered; the lazy one waits for Run.
    assert.equal((await until(app, 'last', (s) => s.status === 'ok')).outputs?.answer, 42);
    await settle(100);
    assert.notEqual(view(app).runtime.state('waits')?.status, 'ok', 'a lazy cell does not run by itself');

    // Scrolling to the end renders the cells there.
    const t1 = performance.now();
    for (let i = 0; i < 400 && !view(app).shadowRoot!.querySelector('t5-cell-frame[data-cell-id="last"]'); i++) {
      window.scrollTo(0, document.documentElement.scrollHeight);
      await settle(25);
    }
    console.log(
      `[measure] scrolled to the end: the last cell rendered after ${(performance.now() - t1).toFixed(0)} ms; ${frames().length} cell frames in the DOM`,
    );
    assert.ok(view(app).shadowRoot!.querySelector('t5-cell-frame[data-cell-id="last"]'), 'the last cell rendered when scrolled into view');
    window.scrollTo(0, 0);
  });
});
