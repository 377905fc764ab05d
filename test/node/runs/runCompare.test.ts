import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configDifferences, configSummary, finalLoss, lossCurveRows, runLabels, smoothEma } from '../../../src/runs/runCompare.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { createRunRecord } from '../../../src/runs/runRecord.ts';
import { buildTrainRunConfig, trainInputNames, trainParams } from '../../../src/training/trainCellConfig.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { PRESETS } from '../../../src/model/presets.ts';
import { runIdsOf } from '../../../src/runs/notebookRuns.ts';

const env = { runtime: 'node' as const, backend: 'cpu', tfjsVersion: '4.22.0' };
const pretrain = (extra = {}) =>
  validateRunConfig({ data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption' }, steps: 100, seed: 3, ...extra });

describe('run comparison', () => {
  it('smooths like TensorBoard: a debiased EMA that starts at the first value', () => {
    const w = 0.9;
    // By hand: m1 = 0.1·1 = 0.1 → 0.1/0.1 = 1; m2 = 0.09 + 0.3 = 0.39 → 0.39/0.19; m3 = 0.351 + 0.2 = 0.551 → 0.551/0.271.
    const s = smoothEma([1, 3, 2], w);
    [1, 0.39 / 0.19, 0.551 / 0.271].forEach((v, i) => assert.ok(Math.abs(s[i] - v) < 1e-12, `value ${i}: ${s[i]} vs ${v}`));
    assert.deepEqual(smoothEma([1, 3, 2], 0), [1, 3, 2]);
  });

  it('passes non-finite values through without letting them into the average', () => {
    const s = smoothEma([2, NaN, 4], 0.5);
    assert.equal(s[0], 2);
    assert.ok(Number.isNaN(s[1]));
    assert.ok(Math.abs(s[2] - (0.5 + 2) / 0.75) < 1e-12);
  });

  it('refuses a smoothing weight outside [0, 1), naming it', () => {
    assert.throws(() => smoothEma([1], 1), /smoothing weight must be in \[0, 1\)/);
    assert.throws(() => smoothEma([1], -0.1), /smoothing weight/);
  });

  it("lists only the config fields that differ, with each run's value", () => {
    const a = pretrain();
    const b = pretrain({ optimizer: { kind: 'adamw' }, seed: 4 });
    const diffs = configDifferences([a, b]);
    const fields = diffs.map((d) => d.field);
    assert.ok(fields.includes('optimizer.kind'));
    assert.deepEqual(diffs.find((d) => d.field === 'optimizer.beta1')?.values, ['0', '0.9'], 'a setting both kinds have stays');
    assert.ok(!fields.includes('optimizer.beta2') && !fields.includes('optimizer.factored'), 'settings implied by the kind are left out');
    assert.deepEqual(diffs.find((d) => d.field === 'seed')?.values, ['3', '4']);
    assert.ok(!fields.includes('data.corpus'));
    assert.ok(!fields.includes('name'));
    assert.deepEqual(configDifferences([a, a]), []);
    assert.deepEqual(configDifferences([a]), []);
  });

  it('builds overlay rows per run and finds the last finite loss', () => {
    const r = createRunRecord(pretrain(), env, 'run-x');
    r.history = [
      { step: 5, loss: 3, learningRate: 0.01, gradNorm: 1, tokensSeen: 1, examplesSeen: 1 },
      { step: 10, loss: NaN, learningRate: 0.01, gradNorm: 1, tokensSeen: 1, examplesSeen: 1, valLoss: 2 },
    ];
    assert.equal(finalLoss(r), 3);
    assert.deepEqual(
      lossCurveRows([r], 0).map((x) => [x.step, x.smoothed]),
      [[5, 3]],
    );
    assert.match(configSummary(r.config), /span_corruption on pretrain_sotu · default model · adafactor · batch 16×128→/);
  });
});

describe('train cell config', () => {
  const tokenizer = new ByteTokenizer();
  const modelConfig = { ...PRESETS['workbench-micro'], vocabSize: 384 };

  it('pre-trains the notebook model on its corpus with small defaults and the notebook seed', () => {
    const p = trainParams({});
    assert.deepEqual(trainInputNames(p), ['tokenizer', 'modelConfig', 'corpus', 'seed']);
    const c = buildTrainRunConfig(p, { tokenizer, modelConfig, corpus: { name: 'pretrain_factbook' }, seed: 42 });
    assert.deepEqual(c.data, {
      kind: 'pretrain',
      corpus: 'pretrain_factbook',
      objective: 'span_corruption',
      density: 0.15,
      meanSpan: 3,
      docsPerStream: undefined,
    });
    assert.equal(c.seed, 42);
    assert.equal(c.model.overrides?.dModel, modelConfig.dModel);
    assert.equal(c.tokenizer.kind, 'saved');
    assert.equal(c.evalEvery % c.logEvery, 0, 'evaluations land on logging steps');
  });

  it('fine-tunes on the task or the mixture, and names what is missing', () => {
    const ft = trainParams({ mode: 'finetune' });
    assert.deepEqual(buildTrainRunConfig(ft, { tokenizer, modelConfig, task: { name: 'sentiment' }, seed: 1 }).data, {
      kind: 'tasks',
      tasks: ['sentiment'],
      mixing: undefined,
    });
    assert.throws(() => buildTrainRunConfig(ft, { tokenizer, modelConfig, seed: 1 }), /^TypeError: task:/);
    const mix = trainParams({ mode: 'finetune', mixture: true });
    assert.deepEqual(trainInputNames(mix), ['tokenizer', 'modelConfig', 'mixingRates', 'seed']);
    const c = buildTrainRunConfig(mix, {
      tokenizer,
      modelConfig,
      mixingRates: { strategy: { kind: 'equal' }, rates: { sentiment: 0.5, define: 0.3, glue_mnli: 0.2 } },
    });
    assert.deepEqual(c.data, { kind: 'tasks', tasks: ['sentiment', 'define'], mixing: { kind: 'equal' } });
    assert.throws(
      () => buildTrainRunConfig(trainParams({ steps: 0 }), { tokenizer, modelConfig, corpus: { name: 'c' } }),
      /steps must be an integer/,
    );
  });
});

describe('runs of a notebook', () => {
  it("are the train cells' last runs and the runs cells' selections, once each, in cell order", () => {
    const doc = {
      format: 't5lab-notebook' as const,
      version: 1,
      id: 'n',
      title: 'n',
      seed: 1,
      cells: [
        { id: 'a', kind: 'train' as const, params: { runId: 'run-1' } },
        { id: 'b', kind: 'markdown' as const, params: { source: 'runId' } },
        { id: 'c', kind: 'runs' as const, params: { selected: ['run-2', 'run-1'] } },
        { id: 'd', kind: 'train' as const, params: {} },
        { id: 'e', kind: 'runs' as const, params: { selected: null } },
      ],
    };
    assert.deepEqual(runIdsOf(doc), ['run-1', 'run-2']);
  });
});

describe('run legend labels', () => {
  const record = (config: ReturnType<typeof pretrain>, id: string) => createRunRecord(config, env, id);

  it('names runs that share a name by the config fields that differ, not by their ids', () => {
    const a = record(pretrain({ name: 'train', seed: 1 }), 'run-aaaa');
    const b = record(pretrain({ name: 'train', seed: 2 }), 'run-bbbb');
    assert.deepEqual(runLabels([a, b]), ['seed 1', 'seed 2']);
    const rows = lossCurveRows(
      [a, b].map((r) => ({ ...r, history: [{ step: 1, loss: 2, learningRate: 0.01, gradNorm: 1, tokensSeen: 1, examplesSeen: 1 }] })),
      0,
    );
    assert.deepEqual(
      rows.map((r) => r.run),
      ['seed 1', 'seed 2'],
    );
  });

  it('keeps distinct names and adds what differs; falls back to the id only when nothing differs', () => {
    const a = record(pretrain({ name: 'small', batch: { size: 8, inputLength: 64, targetLength: 16 } }), 'run-aaaa');
    const b = record(pretrain({ name: 'big', batch: { size: 32, inputLength: 64, targetLength: 16 } }), 'run-bbbb');
    assert.deepEqual(runLabels([a, b]), ['small · batch 8', 'big · batch 32']);
    const c = record(pretrain({ name: 'train' }), 'run-cccc');
    const d = record(pretrain({ name: 'train' }), 'run-dddd');
    assert.deepEqual(runLabels([c, d]), ['train (cccc)', 'train (dddd)']);
    assert.deepEqual(runLabels([c]), ['train']);
  });
});
