import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { generateText } from '../../../src/generation/textGeneration.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { SentencePieceTokenizer } from '../../../src/tokenizers/sentencepieceTokenizer.ts';

const tokenizer = new SentencePieceTokenizer(
  new Uint8Array(readFileSync(new URL('../../fixtures/sentencepiece/unigram-unk.model', import.meta.url))),
);
const CONFIG = {
  dModel: 16,
  dFf: 24,
  numHeads: 2,
  dKv: 6,
  numLayers: 2,
  numDecoderLayers: 2,
  vocabSize: 704,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
};

test('greedy text generation reports the probability of each chosen token as the step logits give it', async () => {
  await tf.setBackend('cpu');
  const model = T5Model.create(CONFIG, { seed: 11 });
  const prompt = 'translate English to German: The house is small.';
  const g = await generateText(model, tokenizer, prompt, { maxSteps: 6 });
  const ids = tf.tensor2d([[...tokenizer.encode(prompt), 1]], undefined, 'int32');
  const ref = await model.generate(ids, { maxSteps: 6, returnStepLogits: true });
  ids.dispose();
  assert.deepEqual(g.outputIds, ref.sequences[0]);
  assert.equal(g.text, tokenizer.decode(ref.sequences[0]));
  g.outputIds.forEach((id, t) => {
    const logits = ref.stepLogits![t];
    const max = Math.max(...logits);
    const z = logits.reduce((a, l) => a + Math.exp(l - max), 0);
    assert.ok(Math.abs(g.probabilities[t] - Math.exp(logits[id] - max) / z) < 1e-5, `step ${t}`);
    // Greedy picks the most likely token, so no other token is more probable.
    assert.equal(logits[id], max);
  });
  // Each output row of the cross-attention is a distribution over the input tokens.
  const n = g.inputIds.length;
  for (let t = 0; t < g.outputIds.length; t++) {
    const row = g.crossAttention.subarray(t * n, (t + 1) * n);
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
  assert.equal(g.inputPieces.length, n);
  model.dispose();
});

test('text generation refuses empty input and ids the model cannot embed', async () => {
  await tf.setBackend('cpu');
  const small = T5Model.create({ ...CONFIG, vocabSize: 128 }, { seed: 1 });
  await assert.rejects(generateText(small, tokenizer, '  ', { maxSteps: 2 }), /must not be empty/);
  await assert.rejects(generateText(small, tokenizer, 'zebra quagga', { maxSteps: 2 }), /vocab_size is 128/);
  small.dispose();
});
