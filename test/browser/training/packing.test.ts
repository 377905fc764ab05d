import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { segmentMaskBias, shiftRightSegmented } from '../../../src/model/segments.ts';
import { BatchStream, batchTensors, disposeBatch, padBatch } from '../../../src/training/batching.ts';
import type { ExampleSource, TokenizedExample } from '../../../src/training/exampleSources.ts';
import { TINY } from '../model/fixtures.ts';

const EXAMPLES: TokenizedExample[] = [
  { inputs: Int32Array.from([5, 17, 42, 9, 1]), targets: Int32Array.from([7, 20, 1]) },
  { inputs: Int32Array.from([12, 99, 3, 1]), targets: Int32Array.from([64, 5, 11, 1]) },
  { inputs: Int32Array.from([8, 8, 1]), targets: Int32Array.from([30, 1]) },
  { inputs: Int32Array.from([44, 45, 46, 47, 48, 49, 1]), targets: Int32Array.from([9, 1]) },
];

/** Cycles through EXAMPLES; its cursor is the index. */
class ListSource implements ExampleSource {
  constructor(private i = 0) {}
  next() {
    return EXAMPLES[this.i++ % EXAMPLES.length];
  }
  cursor() {
    return this.i;
  }
}

describe('packing', () => {
  it('fills rows greedily, numbers segments per row, and carries the example that did not fit', () => {
    const stream = new BatchStream(new ListSource(), { size: 2, inputLength: 12, targetLength: 8, pack: true });
    const b = stream.next();
    // Row 0: examples 0+1 (inputs 5+4 = 9 ≤ 12, targets 3+4 = 7 ≤ 8); example 2 would need 9 targets.
    assert.deepEqual(Array.from(b.inputSegmentIds!.subarray(0, 12)), [1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0]);
    assert.deepEqual(Array.from(b.targetSegmentIds!.subarray(0, 8)), [1, 1, 1, 2, 2, 2, 2, 0]);
    // Row 1: examples 2+3 (inputs 3+7 = 10); example 0 again would need 15 inputs: carried over.
    assert.deepEqual(Array.from(b.inputIds.subarray(12)), [8, 8, 1, 44, 45, 46, 47, 48, 49, 1, 0, 0]);
    assert.deepEqual(Array.from(b.labels.subarray(8)), [30, 1, 9, 1, 0, 0, 0, 0]);
    assert.equal(b.examples, 4);
    assert.equal(b.tokens, 5 + 3 + 4 + 4 + 3 + 2 + 7 + 2);
    const cursor = stream.cursor();
    assert.deepEqual(cursor.pending, { inputs: [5, 17, 42, 9, 1], targets: [7, 20, 1] });
    const resumed = new BatchStream(new ListSource(cursor.source as number), stream.shape, cursor.pending);
    assert.deepEqual(resumed.next(), stream.next(), 'a stream rebuilt from its cursor gives the same next batch');
  });

  it('truncates an over-long example and keeps its final EOS', () => {
    const b = padBatch([EXAMPLES[3]], 4, 2);
    assert.deepEqual(Array.from(b.inputIds), [44, 45, 46, 1]);
    assert.deepEqual(Array.from(b.labels), [9, 1]);
  });
});

forEachBackend((backend) => {
  describe('segment ids in the model', () => {
    it(`mask attention across segments and restart decoder inputs at 0 on ${backend}`, async () => {
      const seg = tf.tensor2d([[1, 1, 2, 2, 0]], [1, 5], 'int32');
      const mask = await segmentMaskBias(seg, seg).data();
      assert.equal(mask[0 * 5 + 1], 0, 'same segment');
      assert.equal(mask[0 * 5 + 2], -1e9, 'other segment');
      assert.equal(mask[2 * 5 + 4], -1e9, 'padding');
      const labels = tf.tensor2d([[7, 1, 9, 1, 0]], [1, 5], 'int32');
      assert.deepEqual(Array.from(await shiftRightSegmented(labels, seg).data()), [0, 7, 0, 9, 0]);
      tf.dispose([seg, labels]);
    });

    it(`a packed row gives each example exactly the logits and loss it gets alone on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 31 });
      const packed = new BatchStream(new ListSource(), { size: 2, inputLength: 12, targetLength: 8, pack: true }).next();
      const input = batchTensors(packed);
      const out = model.forward(input);
      const logits = await out.logits.data();
      const V = model.config.vocabSize;
      // Where each example sits: [row, target offset].
      const places: [number, number][] = [
        [0, 0],
        [0, 3],
        [1, 0],
        [1, 2],
      ];
      let sumLoss = 0;
      let count = 0;
      for (let e = 0; e < EXAMPLES.length; e++) {
        const alone = batchTensors(padBatch([EXAMPLES[e]], 12, 8));
        const ref = model.forward(alone);
        const refLogits = await ref.logits.data();
        const [row, offset] = places[e];
        const n = EXAMPLES[e].targets.length;
        for (let t = 0; t < n; t++) {
          for (let v = 0; v < V; v++) {
            const got = logits[(row * 8 + offset + t) * V + v];
            assert.closeTo(got, refLogits[t * V + v], 2e-4, `example ${e}, target ${t}, id ${v}`);
          }
        }
        sumLoss += (await ref.loss.data())[0] * n;
        count += n;
        tf.dispose([ref.logits, ref.loss]);
        disposeBatch(alone);
      }
      assert.closeTo((await out.loss.data())[0], sumLoss / count, 1e-4, 'packed loss = token-weighted mean of the separate losses');
      tf.dispose([out.logits, out.loss]);
      disposeBatch(input);
      model.dispose();
    });

    it(`segment ids must come in pairs with matching shapes on ${backend}`, () => {
      const model = T5Model.create(TINY, { seed: 1 });
      const b = batchTensors(padBatch([EXAMPLES[0]], 6, 4));
      const seg = tf.ones([1, 6], 'int32') as tf.Tensor2D;
      assert.throws(() => model.loss({ ...b, inputSegmentIds: seg }), /inputSegmentIds and targetSegmentIds must be given together/);
      assert.throws(
        () => model.loss({ ...b, inputSegmentIds: seg, targetSegmentIds: seg }),
        /targetSegmentIds shape \[1, 6\] must equal labels shape \[1, 4\]/,
      );
      tf.dispose(seg);
      disposeBatch(b);
      model.dispose();
    });
  });
});
