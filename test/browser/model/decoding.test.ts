import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { lengthPenaltyFactor } from '../../../src/model/decoding.ts';
import { TINY, INPUTS, ids, maxAbsDiff } from './fixtures.ts';

forEachBackend((backend) => {
  describe('T5Model decoding', () => {
    it(`cached decoding gives the same tokens and logits as re-running the decoder on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 31 });
      const x = ids(INPUTS);
      const before = tf.memory().numTensors;
      const cached = await model.generate(x, { maxSteps: 6, returnStepLogits: true });
      const plain = await model.generate(x, { maxSteps: 6, useCache: false, returnStepLogits: true });
      assert.deepEqual(cached.sequences, plain.sequences);
      assert.lengthOf(cached.stepLogits!, plain.stepLogits!.length);
      cached.stepLogits!.forEach((l, t) => assert.isBelow(maxAbsDiff(l, plain.stepLogits![t]), 1e-4, `step ${t}`));
      // Per-length bias tables are cached on the model; nothing else may remain.
      assert.strictEqual(tf.memory().numTensors - before, model.biasCache.size);
      x.dispose();
      model.dispose();
    });

    it(`a decoder-only or prefix-LM model's cached decoding gives the same tokens, logits and beams as re-running the stack on ${backend}`, async () => {
      for (const architecture of ['decoder-only', 'prefix-lm'] as const) {
        const model = T5Model.create({ ...TINY, architecture }, { seed: 34 });
        const x = ids(INPUTS);
        const before = tf.memory().numTensors;
        const cached = await model.generate(x, { maxSteps: 7, returnStepLogits: true });
        const plain = await model.generate(x, { maxSteps: 7, useCache: false, returnStepLogits: true });
        assert.deepEqual(cached.sequences, plain.sequences, architecture);
        assert.lengthOf(cached.stepLogits!, plain.stepLogits!.length);
        cached.stepLogits!.forEach((l, t) => assert.isBelow(maxAbsDiff(l, plain.stepLogits![t]), 1e-4, `${architecture} step ${t}`));
        const beams = await model.generate(x, { maxSteps: 5, beamSize: 3 });
        const plainBeams = await model.generate(x, { maxSteps: 5, beamSize: 3, useCache: false });
        assert.deepEqual(beams.sequences, plainBeams.sequences, `${architecture} beams`);
        beams.scores.forEach((s, i) => assert.closeTo(s, plainBeams.scores[i], 1e-4));
        assert.strictEqual(tf.memory().numTensors - before, model.biasCache.size, `${architecture}: only cached bias tables remain`);
        x.dispose();
        model.dispose();
      }
    });

    it(`beam search with beam size 1 and no length penalty equals greedy decoding on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 32 });
      const x = ids(INPUTS);
      const greedy = await model.generate(x, { maxSteps: 6 });
      const beam = await model.generate(x, { maxSteps: 6, beamSize: 1, lengthPenalty: 0 });
      const beam1 = await model.generate(x, { maxSteps: 6, beamSize: 2, lengthPenalty: 0 });
      assert.deepEqual(beam.sequences, greedy.sequences);
      beam.scores.forEach((s, i) => assert.closeTo(s, greedy.scores[i], 1e-4));
      // A wider beam never finds a worse-scoring hypothesis here than the greedy one.
      beam1.scores.forEach((s, i) => assert.isAtLeast(s, greedy.scores[i] - 1e-4));
      x.dispose();
      model.dispose();
    });

    it(`a beam hypothesis' score is its teacher-forced log-probability over the GNMT length penalty on ${backend}`, async () => {
      const model = T5Model.create({ ...TINY, feedForwardProj: 'gated-gelu', tieWordEmbeddings: false }, { seed: 33 });
      const x = ids([INPUTS[0]]);
      const result = await model.generate(x, { maxSteps: 5, beamSize: 3, lengthPenalty: 0.6 });
      const seq = result.sequences[0];
      assert.isAbove(seq.length, 0);
      const y = ids([seq]);
      const out = model.forward({ inputIds: x, labels: y });
      const logp = tf.logSoftmax(out.logits);
      const lp = (await logp.array()) as number[][][];
      const sum = seq.reduce((s, tok, t) => s + lp[0][t][tok], 0);
      assert.closeTo(result.scores[0], sum / lengthPenaltyFactor(seq.length, 0.6), 1e-3);
      tf.dispose([x, y, out.logits, out.loss, logp]);
      model.dispose();
    });
  });
});

describe('decoding options', () => {
  it('the GNMT length penalty is ((5 + len) / 6)^α', () => {
    assert.closeTo(lengthPenaltyFactor(1, 0.6), 1, 1e-12);
    assert.closeTo(lengthPenaltyFactor(7, 0.6), 2 ** 0.6, 1e-12);
    assert.strictEqual(lengthPenaltyFactor(30, 0), 1);
  });

  it('generate names bad options', async () => {
    const model = T5Model.create(TINY, { seed: 1 });
    const x = ids([[5, 1]]);
    let err: Error | undefined;
    try {
      await model.generate(x, { maxSteps: 0 });
    } catch (e) {
      err = e as Error;
    }
    assert.match(err?.message ?? '', /^maxSteps must be a positive integer \(got 0\)/);
    x.dispose();
    model.dispose();
  });
});
