import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { runExperimentDir } from '../../../src/experiments/experimentDir.ts';
import { validateExperimentBudget } from '../../../src/experiments/budgets.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

/** A budget small enough for a test: a 16-wide one-layer model, 3 steps per run, 4 scored examples. */
const BUDGET = {
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
  finetuneSteps: 3,
  batchSize: 4,
  inputLength: 32,
  targetLength: 8,
  learningRate: 0.01,
  evalExamples: 4,
};

describe('t5lab experiment', () => {
  let tmp: string;
  let budgetFile: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 't5lab-experiment-'));
    budgetFile = join(tmp, 'budget.json');
    writeFileSync(budgetFile, JSON.stringify(BUDGET));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints one JSON document with per-seed values, means, intervals and comparisons against the baseline', async () => {
    const r = await run(
      'experiment',
      '--preset',
      'objectives',
      '--budget',
      budgetFile,
      '--seeds',
      '2',
      '--backend',
      'cpu',
      '--out',
      join(tmp, 'a'),
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.equal(doc.preset, 'objectives');
    assert.deepEqual(doc.seeds, [1, 2]);
    assert.equal(doc.metric, 'sentiment/accuracy');
    assert.equal(doc.budget.pretrainSteps, 3);
    assert.deepEqual(
      doc.rows.map((x: { key: string }) => x.key),
      ['prefix_lm', 'bert', 'deshuffle', 'scratch'],
    );
    for (const row of doc.rows) {
      assert.equal(row.values.length, 2, `${row.key}: one value per seed`);
      assert.ok(row.values.every((v: unknown) => typeof v === 'number' && v >= 0 && v <= 100));
      assert.ok(Math.abs(row.mean - (row.values[0] + row.values[1]) / 2) < 1e-9);
      assert.ok(row.ci95 === null || (Array.isArray(row.ci95) && row.ci95[0] <= row.mean && row.mean <= row.ci95[1]));
      assert.ok(row.flops > 0);
      assert.ok(Array.isArray(row.pretrain_val_loss.values));
    }
    assert.equal(doc.rows[3].pretrain_val_loss.mean, null, 'the from-scratch arm has no pre-training');
    assert.ok(doc.rows[1].pretrain_val_loss.mean > 0);
    assert.equal(doc.rows[0].paper.table, 4);
    assert.equal(doc.rows[3].paper.table, 1);
    assert.deepEqual(
      doc.comparisons.map((c: { a: string; b: string }) => `${c.a}-${c.b}`),
      ['prefix_lm-bert', 'deshuffle-bert', 'scratch-bert'],
    );
    for (const c of doc.comparisons) {
      const a = doc.rows.find((x: { key: string }) => x.key === c.a);
      const b = doc.rows.find((x: { key: string }) => x.key === c.b);
      assert.ok(Math.abs(c.diff - (a.mean - b.mean)) < 1e-9, 'diff is a − b of the means');
      assert.ok(['better', 'worse', 'within noise'].includes(c.verdict));
      assert.ok(c.ci95 === null || c.ci95.length === 2);
    }
    assert.match(r.err, /estimated .* of training/, 'the estimate comes before the runs');
    assert.match(r.err, /overall \d+\/14 ETA/);
  });

  it('resumes a half-finished experiment without re-running a finished arm, and the same seeds give the same values', async () => {
    const dir = join(tmp, 'c');
    const controller = new AbortController();
    let done = 0;
    const { validateExperimentBudget: check } = await import('../../../src/experiments/budgets.ts');
    await assert.rejects(
      runExperimentDir(
        dir,
        { preset: 'corruption-rate', budget: check(BUDGET), seeds: [1], backend: 'cpu' },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.type === 'done' && ++done === 5) controller.abort();
          },
        },
      ),
      { name: 'AbortError' },
    );
    const finished = ['pre-rate-10@s1', 'ft-rate-10@s1', 'pre-rate-15@s1', 'ft-rate-15@s1', 'pre-rate-25@s1'];
    const mtimes = finished.map((k) => statSync(join(dir, 'runs', k, 'run.json')).mtimeMs);
    assert.ok(!existsSync(join(dir, 'runs', 'ft-rate-25@s1', 'run.json')), 'the interrupted run is not saved as finished');
    const r = await run('experiment', '--resume', dir, '--json');
    assert.equal(r.code, 0, r.err);
    for (const k of finished) assert.match(r.err, new RegExp(`${k.replace(/[.@]/g, '\\$&')}: done earlier, not re-run`));
    assert.deepEqual(
      finished.map((k) => statSync(join(dir, 'runs', k, 'run.json')).mtimeMs),
      mtimes,
      'finished runs are not rewritten',
    );
    const doc = JSON.parse(r.out);
    assert.equal(doc.preset, 'corruption-rate');
    assert.ok(doc.rows.every((x: { values: unknown[] }) => x.values.every((v) => typeof v === 'number')));
    const fresh = JSON.parse(
      (
        await run(
          'experiment',
          '--preset',
          'corruption-rate',
          '--budget',
          budgetFile,
          '--seeds',
          '1',
          '--backend',
          'cpu',
          '--out',
          join(tmp, 'd'),
          '--json',
          '--quiet',
        )
      ).out,
    );
    assert.deepEqual(
      doc.rows.map((x: { values: number[] }) => x.values),
      fresh.rows.map((x: { values: number[] }) => x.values),
      'resumed = uninterrupted',
    );
    const saved = JSON.parse(readFileSync(join(dir, 'runs', 'ft-rate-50@s1', 'run.json'), 'utf8'));
    assert.equal(saved.config.seed, 1);
    assert.equal(saved.environment.backend, 'cpu');
  });

  it('refuses bad flags and budgets, naming them', async () => {
    let r = await run('experiment', '--preset', 'nope', '--budget', 'tiny', '--out', join(tmp, 'x'));
    assert.equal(r.code, 2);
    assert.match(r.err, /--preset must be one of "objectives", "bert-variants"/);
    r = await run('experiment', '--preset', 'objectives', '--budget', 'huge', '--out', join(tmp, 'x'));
    assert.equal(r.code, 2);
    assert.match(r.err, /--budget must be tiny, study or a JSON file/);
    r = await run('experiment', '--preset', 'objectives', '--budget', 'tiny', '--seeds', 'three', '--out', join(tmp, 'x'));
    assert.match(r.err, /--seeds must be a number/);
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...BUDGET, batchSize: 0, learningRate: 'fast' }));
    r = await run('experiment', '--preset', 'objectives', '--budget', bad, '--out', join(tmp, 'x'));
    assert.equal(r.code, 2);
    assert.match(r.err, /budget\.batchSize must be a positive integer \(got 0\)/);
    assert.match(r.err, /budget\.learningRate must be a positive number/);
    r = await run('experiment', '--preset', 'objectives', '--budget', budgetFile, '--out', join(tmp, 'a'));
    assert.match(r.err, /already holds an experiment; continue it with --resume/);
  });

  it('validates the named budgets and reports missing fields', () => {
    const { tasks: _t, ...noTasks } = BUDGET;
    assert.throws(() => validateExperimentBudget(noTasks), /budget\.tasks is missing/);
    assert.throws(() => validateExperimentBudget({ ...BUDGET, model: { dModel: -1 } }), /budget\.model\.dModel must be a positive integer/);
    assert.equal(validateExperimentBudget(BUDGET).evalExamples, 4);
  });
});
