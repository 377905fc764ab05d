import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { ensembleGreedy, evaluateTasks, validationLoss } from '../../../src/training/evaluation.ts';
import { padBatch, batchTensors, disposeBatch } from '../../../src/training/batching.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { sentimentTask } from '../../../src/tasks/bundledTasks.ts';
import { TINY } from '../model/fixtures.ts';

const MODEL = { ...TINY, vocabSize: 384, dropoutRate: 0 };
const EXAMPLES = [
  { inputs: Int32Array.from([40, 50, 60, 70, 1]), targets: Int32Array.from([80, 90, 1]) },
  { inputs: Int32Array.from([41, 1]), targets: Int32Array.from([81, 91, 101, 1]) },
  { inputs: Int32Array.from([42, 52, 62, 1]), targets: Int32Array.from([82, 1]) },
];

forEachBackend(
  (backend) => {
    describe('evaluation', () => {
      it(`an ensemble of one model decodes exactly like greedy generate on ${backend}`, async () => {
        const model = T5Model.create(MODEL, { seed: 41 });
        const ids = tf.tensor2d(
          [
            [40, 50, 60, 70, 1],
            [41, 1, 0, 0, 0],
          ],
          [2, 5],
          'int32',
        );
        const greedy = await model.generate(ids, { maxSteps: 6 });
        assert.deepEqual(await ensembleGreedy([model], ids, 6), greedy.sequences);
        ids.dispose();
        model.dispose();
      });

      it(`an ensemble of two models picks the argmax of their averaged logits on ${backend}`, async () => {
        const a = T5Model.create(MODEL, { seed: 42 });
        const b = T5Model.create(MODEL, { seed: 43 });
        const ids = tf.tensor2d([[40, 50, 60, 70, 1]], [1, 5], 'int32');
        const [seq] = await ensembleGreedy([a, b], ids, 3);
        // Recompute every step from the two models' own logits in JS.
        const prefix: number[] = [];
        for (let t = 0; t < seq.length; t++) {
          const labels = tf.tensor2d([[...prefix, 0]], [1, t + 1], 'int32');
          const la = a.forward({ inputIds: ids, labels });
          const lb = b.forward({ inputIds: ids, labels });
          const va = (await la.logits.data()).slice(t * 384, (t + 1) * 384);
          const vb = (await lb.logits.data()).slice(t * 384, (t + 1) * 384);
          const mean = Array.from(va, (x, i) => (x + vb[i]) / 2);
          assert.equal(seq[t], mean.indexOf(Math.max(...mean)), `step ${t}`);
          prefix.push(seq[t]);
          tf.dispose([labels, la.logits, la.loss, lb.logits, lb.loss]);
        }
        const scored = await evaluateTasks(
          [a, b],
          [{ task: sentimentTask, inputs: [EXAMPLES[0].inputs], inputTexts: ['x'], targets: ['positive'] }],
          new ByteTokenizer(),
          { batchSize: 2, inputLength: 8, maxSteps: 3 },
        );
        assert.deepEqual(Object.keys(scored.metrics), ['sentiment/accuracy']);
        assert.equal(scored.samples.length, 1);
        tf.dispose(ids);
        a.dispose();
        b.dispose();
      });

      it(`validation loss is the token-weighted mean over batches on ${backend}`, async () => {
        const model = T5Model.create(MODEL, { seed: 44 });
        const split = [padBatch(EXAMPLES.slice(0, 1), 6, 4), padBatch(EXAMPLES.slice(1), 6, 4)];
        const whole = batchTensors(padBatch(EXAMPLES, 6, 4));
        const expected = (await model.loss(whole).data())[0];
        assert.closeTo(await validationLoss(model, split), expected, 1e-5);
        disposeBatch(whole);
        model.dispose();
      });
    });
    // Decoding logic only: the model's numerics are covered on every backend by test/browser/model.
  },
  ['cpu', 'wasm'],
);
