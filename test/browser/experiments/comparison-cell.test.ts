import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/comparison.ts';
import type { ComparisonCell, ComparisonView } from '../../../cells/kinds/comparison.ts';
import { CellHarness, useAppBackend } from '../cells/harness.ts';
import { listRuns } from '../../../src/worker/trainingClient.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { TABLE_4 } from '../../../src/paper/tables.ts';
import { COMPARISON_PRESETS, comparisonExperiment, TINY_COMPARISON_BUDGET } from '../../../src/experiments/objectiveComparison.ts';
import { loadBundled } from '../../../src/data/bundledFiles.browser.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';

describe('objective comparison cell', () => {
  before(async () => {
    await useAppBackend();
  });
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

  it("trains every arm with the notebook's tokenizer when it follows it, and runs again with a new one once the tokenizer changes", async function () {
    this.timeout(240000);
    const corpus = await loadBundled('pretrain_factbook');
    if (corpus.kind !== 'corpus') throw new Error('pretrain_factbook is a corpus');
    const lines = corpus.documents.slice(0, 300);
    const first = trainUnigram(lines, { vocabSize: 700 }).tokenizer;
    const second = trainUnigram(lines, { vocabSize: 500 }).tokenizer;
    const h3 = new CellHarness();
    try {
      const publish = (t: Tokenizer) =>
        h3.runtime.setCell('nb-tokenizer', { inputs: [], outputs: ['tokenizer'], run: () => ({ tokenizer: t }) });
      publish(first);
      const cell = h3.add<ComparisonCell>('t5-comparison-cell', 'cmp-tok', 'comparison', {
        preset: 'objectives',
        arms: ['bert'],
        seeds: 1,
        pretrainSteps: 2,
        finetuneSteps: 2,
        task: 'sentiment',
        tokenizer: 'notebook',
      });
      const runTo = async () => {
        h3.runtime.run('cmp-tok');
        const st = await h3.until('cmp-tok', (s) => s.status === 'ok' || s.status === 'error', 230000);
        if (st.status === 'error') throw new Error(st.error);
        await cell.updateComplete;
      };
      await runTo();
      const ofCell = async () => (await listRuns()).filter((r) => r.name.startsWith('comparison-cmp-tok-'));
      let runs = await ofCell();
      assert.equal(runs.length, 2, 'one pre-training and one fine-tuning run');
      for (const r of runs) {
        assert.deepEqual(r.config.tokenizer, { kind: 'saved', json: first.toJSON() });
        assert.equal(r.resolved!.tokenizer.kind, 'unigram');
        assert.equal(r.resolved!.modelConfig.vocabSize, 768, "700 ids rounded up to 128: the notebook's tokenizer sized the model");
      }
      const select = cell.shadowRoot!.querySelector<HTMLSelectElement>('select[name="tokenizerSource"]')!;
      assert.equal(select.value, 'notebook');
      assert.equal(select.selectedOptions[0].textContent!.trim(), "the notebook's (unigram, 700 ids)");

      // Another tokenizer upstream: the finished results are kept and marked stale, and Run trains new runs with it.
      publish(second);
      await h3.until('cmp-tok', (s) => s.stale === true);
      await runTo();
      runs = await ofCell();
      assert.equal(runs.length, 4, "the first tokenizer's runs are kept beside the new ones");
      const fresh = runs.filter((r) => JSON.stringify(r.config.tokenizer) === JSON.stringify({ kind: 'saved', json: second.toJSON() }));
      assert.equal(fresh.length, 2);
      assert.equal(fresh[0].resolved!.modelConfig.vocabSize, 512);
      assert.notEqual(fresh[0].name.split('/')[0], runs.find((r) => !fresh.includes(r))!.name.split('/')[0], 'another experiment id');
    } finally {
      h3.dispose();
    }
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
