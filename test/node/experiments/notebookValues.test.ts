import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  followedInputs,
  modelSource,
  resolveModel,
  resolveSeed,
  resolveTokenizer,
  seedSource,
  tokenizerSource,
  tokenizerSourceText,
  withTokenizer,
} from '../../../src/experiments/notebookValues.ts';
import { experimentPlan } from '../../../src/experiments/presets.ts';
import { namedBudget } from '../../../src/experiments/budgets.ts';
import { experimentCost } from '../../../src/experiments/experimentCost.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';
import { loadTokenizer } from '../../../src/tokenizers/loadTokenizer.ts';

test('a cell following the notebook seed reads seed; one with its own seed and the budget model reads nothing', () => {
  assert.deepEqual(followedInputs({ seed: 'notebook' }), ['seed']);
  assert.deepEqual(followedInputs({ seed: 7, model: 'budget' }), []);
  assert.deepEqual(followedInputs({ seed: 7, model: 'notebook' }), ['modelConfig']);
});

test('the seed comes from the notebook when followed, else from the cell', () => {
  assert.equal(resolveSeed('notebook', { seed: 42 }), 42);
  assert.equal(resolveSeed(5, { seed: 42 }), 5);
});

test('the notebook model shape replaces the budget model only when followed, and a missing one is named', () => {
  const budget = { dModel: 32 };
  assert.equal(resolveModel('budget', budget, {}), budget);
  assert.deepEqual(resolveModel('notebook', budget, { modelConfig: { dModel: 64, numLayers: 2, vocabSize: 999 } }), {
    dModel: 64,
    numLayers: 2,
  });
  assert.throws(() => resolveModel('notebook', budget, {}), /model: the notebook has no model cell/);
});

test('bad seed and model sources are named by their label', () => {
  assert.throws(() => seedSource('x', 'seed'), /seed/);
  assert.throws(() => modelSource('mine', 'model'), /model/);
});

test('a cell following the notebook tokenizer reads tokenizer, and a missing one is named with the choice to make', () => {
  assert.deepEqual(followedInputs({ seed: 7, tokenizer: 'notebook' }), ['tokenizer']);
  assert.deepEqual(followedInputs({ seed: 7, tokenizer: 'bytes' }), []);
  assert.equal(resolveTokenizer('bytes', {}), undefined);
  assert.throws(() => resolveTokenizer('notebook', {}), /tokenizer: the notebook has no tokenizer cell.*"bytes"/);
  assert.throws(() => tokenizerSource('unigram', 'tokenizer'), /tokenizer/);
});

test("every run of a plan gets the notebook's tokenizer, which sizes the model the estimate counts", () => {
  const lines = readFileSync(new URL('../../../datasets/pretrain_factbook.txt', import.meta.url), 'utf8')
    .split('\n')
    .slice(0, 400);
  const trained = trainUnigram(lines, { vocabSize: 1000 }).tokenizer;
  const other = trainUnigram(lines, { vocabSize: 600 }).tokenizer;
  const followed = resolveTokenizer('notebook', { tokenizer: trained })!;
  assert.deepEqual(followed.spec, { kind: 'saved', json: trained.toJSON() });
  assert.equal(followed.vocabSize, 1000);
  assert.match(followed.fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(resolveTokenizer('notebook', { tokenizer: loadTokenizer(trained.toJSON()) })!.fingerprint, followed.fingerprint);
  assert.notEqual(resolveTokenizer('notebook', { tokenizer: other })!.fingerprint, followed.fingerprint);
  assert.equal(tokenizerSourceText('notebook', followed), "the notebook's (unigram, 1,000 ids)");

  const plan = experimentPlan('objectives', namedBudget('tiny'), { arms: ['bert'] });
  assert.equal(withTokenizer(plan, undefined), plan);
  const entries = withTokenizer(plan, followed).entries(3);
  assert.deepEqual(
    entries.map((e) => e.key),
    plan.entries(3).map((e) => e.key),
  );
  for (const e of entries) assert.deepEqual(e.config.tokenizer, followed.spec);
  // The byte plan's model has 384 ids; the followed one's 1,000 rounded up to 1,024, so its vocabulary products cost more.
  const bytes = experimentCost(plan.entries(3));
  const unigram = experimentCost(entries);
  assert.ok(unigram.flops > bytes.flops);
  assert.equal(unigram.tokens, bytes.tokens);
});
