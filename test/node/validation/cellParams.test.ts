import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nullable, parseCellParams, recordOf } from '../../../src/validation/cellParams.ts';
import { finiteNumber } from '../../../src/validation/checks.ts';
import { datasetCellParams } from '../../../src/data/datasetCellParams.ts';
import { tokenizerCellParams } from '../../../src/tokenizers/tokenizerCellParams.ts';
import { attentionCellParams, bucketsCellParams, maskCellParams, modelCellParams } from '../../../src/model/modelCellParams.ts';
import { objectivesCellParams } from '../../../src/objectives/objectivesCellParams.ts';
import { mixingCellParams } from '../../../src/tasks/mixingCellParams.ts';
import { trainCellParams } from '../../../src/training/trainCellParams.ts';
import { DEFAULT_TRAIN_PARAMS } from '../../../src/training/trainCellConfig.ts';
import { runsCellParams } from '../../../src/runs/runsCellParams.ts';
import { codeCellParams, markdownCellParams } from '../../../src/notebook/sourceCellParams.ts';

const TOKENIZER_DEFAULTS = {
  type: 'unigram' as const,
  vocabSize: 2048,
  extraIds: 100,
  trainOnTasks: [],
  hfId: '',
  hfName: 'tokenizer.json',
};

describe('cell parameter schemas', () => {
  it('nullable passes null through and checks anything else', () => {
    const check = nullable(finiteNumber);
    assert.equal(check(null, 'seed'), null);
    assert.equal(check(3, 'seed'), 3);
    assert.throws(() => check('3', 'seed'), /seed must be a finite number \(got "3"\)/);
  });

  it('recordOf checks each value and names the key', () => {
    assert.deepEqual(recordOf({ a: 1 }, 'your tasks', finiteNumber), { a: 1 });
    assert.throws(() => recordOf({ a: 'x' }, 'your tasks', finiteNumber), /your tasks\["a"\] must be a finite number/);
    assert.throws(() => recordOf([1], 'your tasks', finiteNumber), /your tasks must be an object/);
  });

  it('parseCellParams never shares the defaults with its result', () => {
    const defaults = { list: [1] };
    const { value } = parseCellParams({}, { list: { label: 'list', check: (v) => v as number[] } }, defaults);
    value.list.push(2);
    assert.deepEqual(defaults.list, [1]);
  });

  it('the buckets cell falls back on "num_buckets" text and names the form label', () => {
    const p = bucketsCellParams({ numBuckets: 'x', maxDistance: [128], gridLength: 40 });
    assert.equal(p.value.numBuckets, 32);
    assert.equal(p.value.maxDistance, 128);
    assert.equal(p.value.gridLength, 40);
    assert.deepEqual(p.messages, ['num_buckets must be a finite number (got "x")', 'max_distance must be a finite number (got [128])']);
  });

  it('the buckets cell keeps an odd bucket count for validateBucketOptions to explain', () => {
    assert.equal(bucketsCellParams({ numBuckets: 3 }).value.numBuckets, 3);
    assert.deepEqual(bucketsCellParams({ numBuckets: 3 }).messages, []);
  });

  it('the model cell drops a wrong-typed config field (named by its config.json label) and keeps the rest', () => {
    const p = modelCellParams({
      preset: 'nope',
      config: { dModel: '64', dFf: 128, feedForwardProj: 'swish', tieWordEmbeddings: 1, dKv: null },
    });
    assert.equal(p.value.preset, 'workbench-micro');
    assert.deepEqual(p.value.config, { dFf: 128, dKv: null });
    assert.equal(p.messages.length, 4);
    assert.match(p.messages[0], /^preset must be one of/);
    assert.ok(p.messages.includes('d_model must be a number (got "64")'));
    assert.ok(p.messages.some((m) => m.startsWith('feed_forward_proj must be "relu" or "gated-gelu"')));
    assert.ok(p.messages.includes('tie_word_embeddings must be true or false (got 1)'));
  });

  it('the model cell refuses config: null and a text batch size', () => {
    const p = modelCellParams({ config: null, batch: '16' });
    assert.deepEqual(p.value.config, {});
    assert.equal(p.value.batch, 16);
    assert.deepEqual(p.messages, ['config must be an object (got null)', 'batch must be a finite number (got "16")']);
  });

  it('the dataset cell keeps a valid upload selection and names a wrong metric', () => {
    const p = datasetCellParams({ source: 'user', id: 'd1', name: 'mine.tsv', kind: 'task', metric: 'f1' });
    assert.equal(p.value.source, 'user');
    assert.equal(p.value.id, 'd1');
    assert.equal(p.value.metric, undefined);
    assert.match(p.messages[0], /^metric must be one of "auto", "accuracy", "exact_match", "bleu" \(got "f1"\)/);
    assert.deepEqual(datasetCellParams({ name: 42 }).value.name, 'pretrain_factbook');
  });

  it('the tokenizer cell names vocab_size and the task list in its labels', () => {
    const p = tokenizerCellParams({ type: 'sentencepiece', vocabSize: '2048', trainOnTasks: 'glue_cola' }, TOKENIZER_DEFAULTS);
    assert.equal(p.value.type, 'unigram');
    assert.equal(p.value.vocabSize, 2048);
    assert.deepEqual(p.value.trainOnTasks, []);
    assert.equal(p.messages.length, 3);
    assert.ok(p.messages.includes('vocab_size must be a finite number (got "2048")'));
  });

  it('the attention and mask cells fall back on wrong-typed texts and lengths', () => {
    const a = attentionCellParams({ inputText: ['a'], maxTokens: '32', view: 'all', showBias: 'yes' });
    assert.equal(a.value.inputText, 'translate English to German: The house is wonderful.');
    assert.equal(a.value.view, 'encoderSelf');
    assert.equal(a.messages.length, 4);
    const m = maskCellParams({ maxTokens: 100, targetText: 5 });
    assert.equal(m.value.maxTokens, 24);
    assert.deepEqual(m.messages, ['targets must be a string (got 5)', 'max tokens must be an integer in [2, 40] (got 100)']);
  });

  it("the objectives cell takes the chosen objective's defaults for a bad corruption rate", () => {
    const p = objectivesCellParams({ objective: 'prefix_lm', density: '0.5', meanSpan: [3] });
    assert.equal(p.value.objective, 'prefix_lm');
    assert.equal(p.value.density, 0.5);
    assert.deepEqual(p.messages, [
      'corruption rate must be a finite number (got "0.5")',
      'mean span length must be a finite number (got [3])',
    ]);
    assert.match(objectivesCellParams({ objective: 7 }).messages[0], /^objective must be one of/);
  });

  it('the mixing cell names the sizes field and keeps out-of-range K for mixingParams', () => {
    const p = mixingCellParams({ strategy: 'random', userSizes: { mine: '100' }, log2K: 99, paperTasks: 'no' });
    assert.equal(p.value.strategy, 'proportional');
    assert.deepEqual(p.value.userSizes, {});
    assert.equal(p.value.log2K, 99);
    assert.equal(p.value.paperTasks, true);
    assert.equal(p.messages.length, 3);
    assert.ok(p.messages.includes('your tasks["mine"] must be a finite number (got "100")'));
  });

  it('the train cell falls back per field with form labels and keeps batch 0 for validateRunConfig', () => {
    const p = trainCellParams({ batchSize: [8], steps: '150', seed: 'x', optimizer: 'sgd', mixture: 'true', inputLength: 0 });
    assert.equal(p.value.batchSize, DEFAULT_TRAIN_PARAMS.batchSize);
    assert.equal(p.value.steps, DEFAULT_TRAIN_PARAMS.steps);
    assert.equal(p.value.seed, null);
    assert.equal(p.value.inputLength, 0);
    assert.deepEqual(
      p.messages.map((m) => m.split(' must ')[0]),
      ['mixture from mixingRates', 'optimizer', 'batch', 'steps', 'seed'],
    );
  });

  it('the runs cell refuses a smoothing of 1 and a text selection', () => {
    const p = runsCellParams({ smoothing: 1, selected: 'run-1', logX: 1 });
    assert.deepEqual(p.value, { selected: null, smoothing: 0.6, logX: false, logY: false });
    assert.equal(p.messages.length, 3);
    assert.deepEqual(runsCellParams({ selected: null }).messages, []);
  });

  it('code and markdown cells refuse a source that is not text, so nothing is run from it', () => {
    assert.deepEqual(codeCellParams({ source: { toString: 1 } }).value, { source: '' });
    assert.match(codeCellParams({ source: 42 }).messages[0], /^code must be a string \(got 42\)/);
    assert.match(markdownCellParams({ source: null }).messages[0], /^markdown must be a string \(got null\)/);
    assert.match(markdownCellParams(null).messages[0], /^parameters must be an object/);
  });
});
