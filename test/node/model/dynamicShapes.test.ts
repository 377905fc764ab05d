import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { withDynamicShapes } from '../../../src/model/dynamicShapes.ts';

describe('withDynamicShapes off WebGL', () => {
  it('returns what its function returns, sync or async, and passes errors on', async () => {
    await tf.setBackend('cpu');
    assert.equal(
      withDynamicShapes(() => 7),
      7,
    );
    assert.equal(await withDynamicShapes(async () => 'done'), 'done');
    assert.throws(
      () =>
        withDynamicShapes(() => {
          throw new RangeError('bad');
        }),
      /bad/,
    );
    await assert.rejects(
      withDynamicShapes(async () => {
        throw new Error('later');
      }),
      /later/,
    );
  });
});
