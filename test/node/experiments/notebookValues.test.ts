import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followedInputs, modelSource, resolveModel, resolveSeed, seedSource } from '../../../src/experiments/notebookValues.ts';

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
