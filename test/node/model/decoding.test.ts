import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { T5Model } from '../../../src/model/t5Model.ts';
import { checkGenerateOptions } from '../../../src/model/decoding.ts';
import { ARCHITECTURES } from '../../../src/model/architecture.ts';
import type { T5Config } from '../../../src/model/config.ts';

const TINY: Partial<T5Config> = {
  vocabSize: 128,
  dModel: 16,
  dFf: 32,
  dKv: 4,
  numHeads: 4,
  numLayers: 2,
  numDecoderLayers: 2,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  dropoutRate: 0,
};

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('decoding options and search for every architecture', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('checkGenerateOptions fills the defaults and names a bad option', () => {
    assert.deepEqual(checkGenerateOptions({ maxSteps: 3 }), {
      maxSteps: 3,
      beamSize: 1,
      alpha: 0.6,
      useCache: true,
      returnStepLogits: false,
    });
    assert.throws(() => checkGenerateOptions({ maxSteps: 2.5 }), /^ValidationError: maxSteps must be a positive integer \(got 2\.5\)/);
    assert.throws(() => checkGenerateOptions({ maxSteps: 2, beamSize: 0 }), /beamSize must be a positive integer \(got 0\)/);
    assert.throws(() => checkGenerateOptions({ maxSteps: 2, lengthPenalty: -1 }), /lengthPenalty must be a number at least 0 \(got -1\)/);
    assert.throws(
      () => checkGenerateOptions({ maxSteps: 2, beamSize: 2, returnStepLogits: true }),
      /beamSize must be 1 when returnStepLogits is set \(got 2\)/,
    );
  });

  for (const architecture of ARCHITECTURES) {
    it(`a "${architecture}" model rejects bad options with the same messages and beam 1 equals greedy`, async () => {
      const model = T5Model.create({ ...TINY, architecture }, { seed: 5 });
      const x = tf.tensor2d(
        [
          [5, 9, 12, 1],
          [7, 3, 1, 0],
        ],
        [2, 4],
        'int32',
      );
      assert.match(await rejection(model.generate(x, { maxSteps: 0 })), /^maxSteps must be a positive integer \(got 0\)/);
      assert.match(await rejection(model.generate(x, { maxSteps: 2, beamSize: -1 })), /^beamSize must be a positive integer \(got -1\)/);
      const before = tf.memory().numTensors;
      const greedy = await model.generate(x, { maxSteps: 4 });
      const beam = await model.generate(x, { maxSteps: 4, beamSize: 1, lengthPenalty: 0 });
      const wide = await model.generate(x, { maxSteps: 4, beamSize: 3, lengthPenalty: 0 });
      assert.deepEqual(beam.sequences, greedy.sequences);
      greedy.scores.forEach((s, i) => {
        assert.ok(Number.isFinite(s) && s < 0, `greedy score ${s} is a log-probability`);
        assert.ok(wide.scores[i] >= s - 1e-4, 'a wider beam finds no worse hypothesis');
      });
      assert.equal(tf.memory().numTensors - before, model.biasCache.size, 'only the per-length bias tables stay');
      x.dispose();
      model.dispose();
    });
  }
});
