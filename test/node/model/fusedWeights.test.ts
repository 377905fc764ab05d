import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { FusedWeightCache, concatPerPass } from '../../../src/model/fusedWeights.ts';

describe('fused projection weights', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('the cache builds a concatenation once and reuses it while the variables are unchanged', async () => {
    const a = tf.variable(tf.tensor2d([[1, 2]]));
    const b = tf.variable(tf.tensor2d([[3]]));
    const weights = new Map<string, tf.Tensor>([
      ['a', a],
      ['b', b],
    ]);
    const cache = new FusedWeightCache((n) => weights.get(n)!);
    const first = cache.fused(['a', 'b']);
    const second = tf.tidy(() => cache.fused(['a', 'b']));
    assert.equal(first, second);
    assert.equal(cache.builds, 1);
    assert.deepEqual(await first.array(), [[1, 2, 3]]);
    assert.equal(first.isDisposed, false, 'a tidy around a later call does not free the cached tensor');
    cache.dispose();
    tf.dispose([a, b]);
  });

  it('the cache rebuilds an entry after one of its variables is assigned (a training step in between)', async () => {
    const a = tf.variable(tf.tensor2d([[1, 2]]));
    const b = tf.variable(tf.tensor2d([[3]]));
    const weights = new Map<string, tf.Tensor>([
      ['a', a],
      ['b', b],
    ]);
    const cache = new FusedWeightCache((n) => weights.get(n)!);
    cache.fused(['a', 'b']);
    b.assign(tf.tensor2d([[7]]));
    const after = cache.fused(['a', 'b']);
    assert.equal(cache.builds, 2);
    assert.deepEqual(await after.array(), [[1, 2, 7]]);
    const count = tf.memory().numTensors;
    cache.dispose();
    assert.equal(tf.memory().numTensors, count - 1, 'dispose frees the one tensor the cache holds');
    tf.dispose([a, b]);
  });

  it('concatenating per pass lets gradients reach each separate variable', async () => {
    const a = tf.variable(tf.tensor2d([[1, 2]]));
    const b = tf.variable(tf.tensor2d([[3]]));
    const weights = new Map<string, tf.Tensor>([
      ['a', a],
      ['b', b],
    ]);
    const source = concatPerPass((n) => weights.get(n)!);
    const x = tf.tensor2d([[2], [5]]);
    // loss = Σ x·[a ‖ b] ⇒ ∂loss/∂a = ∂loss/∂b = Σ x = 7 in every entry.
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.matMul(x, source.fused(['a', 'b']))) as tf.Scalar, [a, b]);
    assert.equal((await value.data())[0], 2 * 6 + 5 * 6);
    assert.deepEqual(await grads[a.name].array(), [[7, 7]]);
    assert.deepEqual(await grads[b.name].array(), [[7]]);
    tf.dispose([a, b, x, value, ...Object.values(grads)]);
  });
});
