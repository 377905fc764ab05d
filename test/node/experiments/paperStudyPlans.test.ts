import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { main } from '../../../src/cli/main.ts';
import { experimentPlan } from '../../../src/experiments/presets.ts';
import { namedBudget } from '../../../src/experiments/budgets.ts';
import { finetuneFlops } from '../../../src/experiments/finetuningStrategies.ts';
import { corpusArms } from '../../../src/experiments/pretrainingData.ts';
import { runExperimentDir } from '../../../src/experiments/experimentDir.ts';
import { TABLE_10, TABLE_8, TABLE_9 } from '../../../src/paper/tables.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { runCompute } from '../../../src/scaling/runCompute.ts';
import { corpusSlice } from '../../../src/training/trainingData.ts';
import type { ExperimentReport } from '../../../src/experiments/experimentReport.ts';

const TEST_BUDGET = {
  name: 'test',
  description: 'test budget',
  model: {
    dModel: 16,
    dFf: 32,
    numHeads: 2,
    dKv: 8,
    numLayers: 1,
    numDecoderLayers: 1,
    relativeAttentionNumBuckets: 8,
    relativeAttentionMaxDistance: 16,
    dropoutRate: 0,
  },
  corpus: 'pretrain_factbook',
  task: 'sentiment',
  tasks: ['sentiment', 'define'],
  pretrainSteps: 3,
  finetuneSteps: 4,
  batchSize: 4,
  inputLength: 32,
  targetLength: 8,
  learningRate: 0.01,
  evalExamples: 4,
};

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe("experiment presets for the paper's Tables 8–10", () => {
  let tmp: string;
  before(async () => {
    await tf.setBackend('cpu');
    tmp = mkdtempSync(join(tmpdir(), 't5lab-paper-studies-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('finetuning-strategies: one pre-training, then full, adapters d = 32…2048 and gradual unfreezing from it, beside Table 10', () => {
    const plan = experimentPlan('finetuning-strategies', namedBudget('tiny'));
    assert.deepEqual(
      plan.arms.map((a) => a.key),
      ['full', 'adapters-32', 'adapters-128', 'adapters-512', 'adapters-2048', 'gradual-unfreezing'],
    );
    assert.deepEqual(
      plan.arms.map((a) => a.paper?.label),
      TABLE_10.rows.map((r) => r.label),
    );
    assert.equal(plan.baseline, 'full');
    assert.equal(plan.paperTable?.table, 10);
    const entries = plan.entries(3);
    assert.equal(entries[0].key, 'pre@s3');
    assert.equal(entries.length, 7);
    for (const e of entries.slice(1)) {
      assert.equal(e.initFrom, 'pre@s3');
      assert.equal(e.config.seed, 3);
      // The tiny budget has 1 block per stack; the preset uses 2 so gradual unfreezing has one to unfreeze.
      assert.equal(e.config.model?.overrides?.numLayers, 2);
    }
    assert.deepEqual(entries[2].config.finetune, { strategy: 'adapters', adapterDim: 32 });
    // k = ⌈30 steps / 2 blocks⌉.
    assert.deepEqual(entries[6].config.finetune, { strategy: 'gradual-unfreezing', unfreezeEvery: 15 });
  });

  it('pretraining-data: the bundled corpora plus any corpus value as arms, the budget corpus as baseline, beside Table 8', () => {
    const plan = experimentPlan('pretraining-data', namedBudget('tiny'), {
      corpora: [{ key: 'cleaned', label: 'Cleaned web text', corpus: 'dataset:abc', paperLabel: 'C4' }],
    });
    assert.deepEqual(
      plan.arms.map((a) => a.key),
      ['sotu', 'factbook', 'cleaned'],
    );
    assert.equal(plan.baseline, 'sotu');
    assert.equal(plan.arms[2].paper?.label, 'C4');
    assert.equal(plan.paperTable, TABLE_8);
    const entries = plan.entries(1);
    assert.deepEqual(
      entries.map((e) => e.key),
      ['pre-sotu@s1', 'ft-sotu@s1', 'pre-factbook@s1', 'ft-factbook@s1', 'pre-cleaned@s1', 'ft-cleaned@s1'],
    );
    assert.equal((entries[4].config.data as { corpus: string }).corpus, 'dataset:abc');
    assert.throws(
      () => corpusArms([{ key: 'x', label: 'x', corpus: 'y', paperLabel: 'Common Crawl' }]),
      /paperLabel "Common Crawl" is not a Table 8 row/,
    );
    assert.throws(() => corpusArms([{ key: 'sotu', label: 'again', corpus: 'y' }]), /corpora\[2\]\.key "sotu" is used twice/);
  });

  it('repetition: the same steps over 1/2^k slices sized for about 1, 4, 16 repeats, scored by held-out loss, beside Table 9', () => {
    const plan = experimentPlan('repetition', namedBudget('tiny'));
    assert.equal(plan.metric, 'pretrain/val_loss');
    assert.ok(plan.lowerIsBetter);
    const entries = plan.entries(2);
    // tiny: 30 steps × 8 × 64 = 15,360 tokens over pretrain_sotu's ≈ 0.9 × 5.3 M: k = round(log2(R·C/T)) = 8, 10, 12;
    // R = 64 (k = 14) would be less than one of its 4,903 documents and is dropped.
    assert.deepEqual(
      entries.map((e) => (e.config.data as { corpusFraction?: number }).corpusFraction),
      [undefined, 2 ** -8, 2 ** -10, 2 ** -12],
    );
    assert.ok(entries.every((e) => e.config.steps === 30));
    assert.deepEqual(
      plan.arms.map((a) => a.paper?.label),
      TABLE_9.rows.slice(0, 4).map((r) => r.label),
    );
    // A corpus of unknown size (a user file) gets k = 2, 4, 6, 8.
    assert.deepEqual(
      experimentPlan('repetition', { ...namedBudget('tiny'), corpus: '/data/mine.txt' }).arms.map((a) => a.key),
      ['full', 'slice-2', 'slice-4', 'slice-6', 'slice-8'],
    );
  });

  it('corpusSlice keeps the first ⌈f·n⌉ documents, at least one', () => {
    const docs = ['a', 'b', 'c', 'd', 'e'];
    assert.deepEqual(corpusSlice(docs, undefined), docs);
    assert.deepEqual(corpusSlice(docs, 0.5), ['a', 'b', 'c']);
    assert.deepEqual(corpusSlice(docs, 1e-9), ['a']);
  });

  it('fine-tuning FLOPs: full equals the model core count, frozen weights save only their weight gradients', () => {
    const c = validateConfig({ ...TEST_BUDGET.model, numLayers: 2, numDecoderLayers: 2, vocabSize: 384 });
    const shape = { steps: 10, batch: 4, inputLength: 32, targetLength: 8 };
    const full = runCompute(c, shape).flops;
    assert.equal(finetuneFlops(c, { strategy: 'full' }, shape), full);
    const gradual = finetuneFlops(c, { strategy: 'gradual-unfreezing', unfreezeEvery: 5 }, shape);
    assert.ok(gradual < full && gradual > (2 / 3) * full, `${gradual} vs ${full}`);
  });

  it('finetuning-strategies runs end to end and reports trained parameters and FLOPs per arm', async () => {
    const dir = join(tmp, 'ft');
    const report: ExperimentReport = await runExperimentDir(dir, {
      preset: 'finetuning-strategies',
      budget: TEST_BUDGET,
      seeds: [1],
      backend: 'cpu',
    });
    const row = (k: string) => report.rows.find((r) => r.key === k)!;
    assert.equal(row('full').trained_parameters, row('full').parameters);
    assert.ok(row('adapters-32').trained_parameters! < row('adapters-32').parameters! / 2);
    assert.ok(row('adapters-2048').trained_parameters! > row('adapters-32').trained_parameters!);
    // Gradual unfreezing trains every weight by its last step (k = 2 steps, 2 blocks, 4 steps).
    assert.equal(row('gradual-unfreezing').trained_parameters, row('full').parameters);
    assert.ok(row('gradual-unfreezing').flops < row('full').flops);
    for (const r of report.rows) assert.ok(r.values[0] !== null && Number.isFinite(r.flops) && r.flops > 0, r.key);
    assert.equal(report.paper_table?.table, 10);
    assert.match(report.paper_table!.source, /Raffel et al\. \(2020\)/);
  });

  it('pretraining-data takes a user corpus file with --corpus, and repetition reports more repeats on smaller slices', async () => {
    const budgetFile = join(tmp, 'budget.json');
    writeFileSync(budgetFile, JSON.stringify(TEST_BUDGET));
    const corpus = join(tmp, 'mine.txt');
    writeFileSync(
      corpus,
      Array.from({ length: 60 }, (_, i) => `My own document number ${i} talks about rivers, hills and the sea.`).join('\n'),
    );
    const r = await run(
      'experiment',
      '--preset',
      'pretraining-data',
      '--budget',
      budgetFile,
      '--corpus',
      corpus,
      '--out',
      join(tmp, 'data'),
      '--json',
      '--quiet',
      '--backend',
      'cpu',
    );
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out) as ExperimentReport;
    assert.deepEqual(
      data.rows.map((x) => x.key),
      ['sotu', 'factbook', 'user-1-mine'],
    );
    assert.equal(data.baseline, 'factbook');
    assert.ok(data.rows.every((x) => x.values[0] !== null && x.repeats !== undefined));
    assert.equal(data.paper_table?.table, 8);
    const bad = await run('experiment', '--preset', 'repetition', '--budget', budgetFile, '--corpus', corpus, '--out', join(tmp, 'bad'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--corpus adds arms to --preset pretraining-data only/);

    // Repetition over the small user corpus (60 short documents): 1/2^8 of it is one document.
    const rep = await runExperimentDir(join(tmp, 'rep'), {
      preset: 'repetition',
      budget: { ...TEST_BUDGET, corpus },
      seeds: [1],
      backend: 'cpu',
    });
    const repeats = rep.rows.map((x) => x.repeats!);
    for (let i = 1; i < repeats.length; i++) assert.ok(repeats[i] >= repeats[i - 1], `repeats ${repeats.join(', ')}`);
    assert.ok(repeats.at(-1)! > 1, 'the smallest slice is seen more than once');
  });
});
