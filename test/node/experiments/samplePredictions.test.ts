import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { batchRows, decodeIds, predictionNote, samplePredictions } from '../../../src/experiments/samplePredictions.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { preset } from '../../../src/model/presets.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import type { HostBatch } from '../../../src/training/batching.ts';

const tokenizer = new ByteTokenizer();

/** A right-padded batch of (input text, target ids) rows, as validationBatches builds it. */
function batch(rows: { input: string; target: number[] }[], inputLength = 24, targetLength = 8): HostBatch {
  const inputIds = new Int32Array(rows.length * inputLength);
  const labels = new Int32Array(rows.length * targetLength);
  rows.forEach((r, i) => {
    inputIds.set([...tokenizer.encode(r.input), 1].slice(0, inputLength), i * inputLength);
    labels.set(r.target.slice(0, targetLength), i * targetLength);
  });
  return { rows: rows.length, inputLength, targetLength, inputIds, labels, examples: rows.length, tokens: 0 };
}

describe('sample predictions', () => {
  it('strips padding from each row of a batch', () => {
    const b = batch([
      { input: 'ab', target: [tokenizer.sentinel(0), 100, 1] },
      { input: 'xyz', target: [7, 1] },
    ]);
    const { inputs, targets } = batchRows(b);
    assert.deepEqual(
      inputs.map((r) => r.length),
      [3, 4],
    );
    assert.deepEqual(targets, [
      [tokenizer.sentinel(0), 100, 1],
      [7, 1],
    ]);
    assert.equal(batchRows(b, 1).inputs.length, 1);
  });

  it('decodes sentinels as <extra_id_k> and shows an id the tokenizer lacks instead of throwing', () => {
    assert.equal(decodeIds(tokenizer, [tokenizer.sentinel(0), ...tokenizer.encode('hi'), 1]), '<extra_id_0>hi');
    assert.equal(
      decodeIds(tokenizer, [...tokenizer.encode('a'), tokenizer.vocabSize + 3, ...tokenizer.encode('b')]),
      `a⟨${tokenizer.vocabSize + 3}⟩b`,
    );
  });

  it("decodes an encoder-decoder's greedy predictions beside inputs and targets, and marks an exact one", async () => {
    await tf.setBackend('cpu');
    // Seed 4 (untrained) predicts a byte over and over: a real prediction to be exact against.
    const model = T5Model.create({ ...preset('workbench-micro'), vocabSize: tokenizer.vocabSize }, { seed: 4 });
    try {
      const probe = batch([
        { input: 'The cat sat.', target: [1] },
        { input: 'On the mat.', target: [1] },
      ]);
      const ids = tf.tensor2d(Array.from(probe.inputIds), [2, probe.inputLength], 'int32');
      const { sequences } = await model.generate(ids, { maxSteps: probe.targetLength });
      ids.dispose();
      assert.ok(
        sequences[0].some((t) => t !== 0),
        `seed 4 predicts more than padding: ${sequences[0]}`,
      );
      // Row 0's target is what the model predicts: exact. Row 1's is something else.
      const b = batch([
        { input: 'The cat sat.', target: sequences[0] },
        { input: 'On the mat.', target: [tokenizer.sentinel(0), 1] },
      ]);
      const samples = await samplePredictions(model, tokenizer, b, 5);
      assert.equal(samples.length, 2);
      assert.equal(samples[0].input, 'The cat sat.');
      assert.equal(samples[0].prediction, decodeIds(tokenizer, sequences[0]));
      assert.equal(samples[0].exact, true);
      assert.equal(samples[1].target, '<extra_id_0>');
      assert.equal(samples[1].exact, false);
      assert.match(samples[0].note ?? '', /^token \d+ repeated \d+×$/);
    } finally {
      model.dispose();
    }
  });

  it('says when a prefix LM predicts only padding, which decodes to no text at all', async () => {
    await tf.setBackend('cpu');
    const model = T5Model.create(
      { ...preset('workbench-micro', { architecture: 'prefix-lm' }), vocabSize: tokenizer.vocabSize },
      { seed: 1 },
    );
    try {
      const [s] = await samplePredictions(model, tokenizer, batch([{ input: 'The cat sat.', target: [tokenizer.sentinel(0), 1] }]), 3);
      assert.equal(s.prediction, '');
      assert.equal(s.exact, false);
      assert.equal(s.note, 'only padding (id 0) at every step');
    } finally {
      model.dispose();
    }
  });

  it('notes nothing for an ordinary prediction', () => {
    assert.equal(predictionNote([5, 9, 1]), undefined);
    assert.equal(predictionNote([]), undefined);
  });
});
