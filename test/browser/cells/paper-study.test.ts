import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/paper-study.ts';
import '../../../cells/kinds/c4.ts';
import type { PaperStudyCell, StudyView } from '../../../cells/kinds/paper-study.ts';
import type { C4Cell } from '../../../cells/kinds/c4.ts';
import { CellHarness, editParams, rendered, useAppBackend } from './harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { TABLE_10, TABLE_8, TABLE_9, type PaperTable } from '../../../src/paper/tables.ts';
import type { CellState } from '../../../src/notebook/notebookRuntime.ts';

/** Runs the lazy cell `id` and returns its view (throws its error). */
async function runToEnd(h: CellHarness, id: string, ms: number): Promise<StudyView> {
  const before = h.runtime.state(id)?.runs ?? 0;
  h.runtime.run(id);
  const s = await h.until(id, (st: CellState) => (st.status === 'ok' || st.status === 'error') && st.runs > before, ms);
  if (s.status === 'error') throw new Error(s.error);
  return s.outputs!.view as StudyView;
}

/**
 * The rendered report: one row per arm with a finite value per seed, and the paper's GLUE for
 * the arm's paper row in the paper column; the paper's whole table beside it.
 */
function checkReport(cell: PaperStudyCell, view: StudyView, seeds: number, table: PaperTable<unknown>) {
  const root = cell.shadowRoot!;
  const rows = [...root.querySelectorAll('[data-report-table] tbody tr')];
  assert.deepEqual(
    rows.map((r) => r.getAttribute('data-arm')),
    view.report.rows.map((r) => r.key),
    'one row per arm',
  );
  for (const [i, tr] of rows.entries()) {
    const values = [...tr.querySelectorAll('[data-seed-value]')].map((td) => Number(td.textContent));
    assert.lengthOf(values, seeds, `${view.report.rows[i].key}: one value per seed`);
    for (const v of values) assert.isTrue(Number.isFinite(v), `${view.report.rows[i].key}: a finished value per seed`);
    assert.deepEqual(
      values,
      view.report.rows[i].values.map((v) => Number(v!.toFixed(2))),
    );
    const paper = view.report.rows[i].paper;
    const shown = tr.querySelector('td.paper')!.textContent!;
    if (paper) {
      assert.equal(paper.table, table.table);
      const row = table.rows.find((r) => r.label === paper.label)!;
      assert.equal(shown, `${row.scores.GLUE.toFixed(2)} (T${table.table})`);
    } else assert.equal(shown, '—');
  }
  if (seeds > 1) for (const td of root.querySelectorAll('[data-ci]')) assert.match(td.textContent!, /^\[-?\d+\.\d\d, -?\d+\.\d\d\]$/);
  assert.lengthOf([...root.querySelectorAll('[data-comparisons] li')], view.report.rows.length - 1, 'a verdict per non-baseline arm');
  const paperRows = [...root.querySelectorAll(`[data-paper-table="${table.table}"] tbody tr`)];
  assert.deepEqual(
    paperRows.map((r) => r.getAttribute('data-paper-row')),
    table.rows.map((r) => r.label),
  );
  assert.deepEqual(
    [...paperRows[1].querySelectorAll('td.paper')].map((td) => Number(td.textContent)),
    Object.values(table.rows[1].scores),
  );
  assert.match(root.querySelector(`[data-paper-table="${table.table}"] caption`)!.textContent!, /computed none of\s+these numbers/);
}

describe('paper study cell (Tables 8–10)', () => {
  before(async () => {
    await useAppBackend();
  });
  let h: CellHarness;
  afterEach(() => h?.dispose());

  it("runs the fine-tuning strategies over 2 seeds at the tiny budget: a row per strategy, per-seed values, trained parameters and Table 10's numbers", async function () {
    this.timeout(600000);
    h = new CellHarness();
    const cell = h.add<PaperStudyCell>('t5-paper-study-cell', 'ft', 'paper-study', {
      study: 'finetuning-strategies',
      budget: 'tiny',
      seeds: 2,
      pretrainSteps: 3,
      finetuneSteps: 4,
    });
    await rendered(cell);
    assert.match(cell.shadowRoot!.querySelector('[data-estimate]')!.textContent!, /6 arms × 2 seeds = 14 runs/);
    const view = await runToEnd(h, 'ft', 590000);
    await rendered(cell);
    assert.deepEqual(
      view.report.rows.map((r) => r.key),
      ['full', 'adapters-32', 'adapters-128', 'adapters-512', 'adapters-2048', 'gradual-unfreezing'],
    );
    assert.deepEqual(view.report.seeds, [42, 43]);
    checkReport(cell, view, 2, TABLE_10 as PaperTable<unknown>);
    // Adapters train a fraction of the model; full fine-tuning trains all of it.
    const trained = [...cell.shadowRoot!.querySelectorAll('[data-facts-table] tbody tr')].map((tr) =>
      Number(tr.querySelector('[data-trained]')!.textContent!.replace(/,/g, '')),
    );
    const full = view.report.rows[0];
    assert.equal(trained[0], full.parameters);
    const a32 = view.report.rows[1];
    assert.isBelow(a32.trained_parameters!, a32.parameters!);
    assert.equal(trained[1], Math.round(a32.trained_parameters!));
  });

  it("runs Table 8 on the bundled corpora plus the C4 cell's corpus, and switching it to unfiltered re-runs only that arm", async function () {
    this.timeout(600000);
    h = new CellHarness();
    const c4 = h.add<C4Cell>('t5-c4-cell', 'c4', 'c4', { source: 'bundled', publish: 'cleaned', output: 'c4Corpus' });
    const cell = h.add<PaperStudyCell>('t5-paper-study-cell', 'data', 'paper-study', {
      study: 'pretraining-data',
      budget: 'tiny',
      seeds: 1,
      pretrainSteps: 3,
      finetuneSteps: 3,
      corpusFrom: 'c4Corpus',
    });
    await h.ok('c4');
    const first = await runToEnd(h, 'data', 290000);
    await rendered(cell);
    assert.deepEqual(
      first.report.rows.slice(0, 2).map((r) => r.key),
      ['sotu', 'factbook'],
    );
    assert.match(first.report.rows[2].key, /^c4-[a-z0-9]{1,6}$/);
    assert.equal(first.report.rows[2].paper?.label, 'C4');
    checkReport(cell, first, 1, TABLE_8 as PaperTable<unknown>);
    const runsBefore = (await listRuns()).length;

    // One click in the C4 cell: the study goes stale; Run trains the unfiltered arm only.
    editParams(c4, { publish: 'unfiltered' });
    await h.until('data', (s) => s.stale === true && s.status !== 'running', 60000);
    const second = await runToEnd(h, 'data', 290000);
    await rendered(cell);
    const c4Row = second.report.rows[2];
    assert.match(c4Row.key, /^c4-unfiltered-/);
    assert.equal(c4Row.paper?.label, 'C4, unfiltered');
    assert.deepEqual(second.report.rows.slice(0, 2), first.report.rows.slice(0, 2), 'the bundled arms are the same stored runs');
    assert.equal((await listRuns()).length - runsBefore, 2, 'one pre-training and one fine-tuning run for the new arm');
    checkReport(cell, second, 1, TABLE_8 as PaperTable<unknown>);
  });

  it('runs the repetition study over 2 seeds at the tiny budget: the full corpus and smaller slices seen more often, beside Table 9', async function () {
    this.timeout(600000);
    h = new CellHarness();
    const cell = h.add<PaperStudyCell>('t5-paper-study-cell', 'rep', 'paper-study', { study: 'repetition', budget: 'tiny', seeds: 2 });
    const view = await runToEnd(h, 'rep', 590000);
    await rendered(cell);
    assert.equal(view.report.rows[0].key, 'full');
    assert.isAtLeast(view.report.rows.length, 2);
    checkReport(cell, view, 2, TABLE_9 as PaperTable<unknown>);
    const repeats = [...cell.shadowRoot!.querySelectorAll('[data-facts-table] [data-repeats]')].map((td) => parseFloat(td.textContent!));
    assert.lengthOf(repeats, view.report.rows.length);
    for (let i = 1; i < repeats.length; i++) assert.isAbove(repeats[i], repeats[i - 1], 'each smaller slice is seen more often');
  });

  it('names a wrong-typed stored parameter in the cell and renders with the default', async () => {
    h = new CellHarness();
    const cell = h.add<PaperStudyCell>('t5-paper-study-cell', 'bad', 'paper-study', { study: 'table-99', seeds: 0 });
    await rendered(cell);
    const msg = cell.shadowRoot!.querySelector('[data-param-errors]')!.textContent!;
    assert.match(msg, /study must be one of/);
    assert.match(msg, /seeds must be/);
    assert.match(cell.shadowRoot!.querySelector('[data-estimate]')!.textContent!, /6 arms × 3 seeds = 21 runs/);
  });
});
