import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { embeddingGradient, EMBEDDING_GRAD } from '../../../src/model/embeddingGradient.ts';
import { embeddingLookup } from '../../../src/model/ops.ts';

/** Ids with many repeats (the case whose summing order matters) and a few unused vocabulary rows. */
function repeatedIds(tokens: number, vocab: number): Int32Array {
  const ids = new Int32Array(tokens);
  for (let t = 0; t < tokens; t++) ids[t] = (t * 7 + ((t * t) % 5)) % (vocab - 3);
  return ids;
}

/** Values with wide magnitudes, so that a different summing order changes the float32 result. */
function rowsOf(tokens: number, d: number): Float32Array {
  const out = new Float32Array(tokens * d);
  let s = 12345;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 10 ** ((i % 7) - 3);
  }
  return out;
}

function referenceGradient(ids: Int32Array, dy: Float32Array, vocab: number, d: number): Float64Array {
  const out = new Float64Array(vocab * d);
  for (let t = 0; t < ids.length; t++) for (let j = 0; j < d; j++) out[ids[t] * d + j] += dy[t * d + j];
  return out;
}

forEachBackend((backend) => {
  describe('embedding gradient', () => {
    const T = 300;
    const V = 40;
    const d = 12;
    const ids = repeatedIds(T, V);
    const dy = rowsOf(T, d);

    it(`sums each id's rows (and leaves unused rows zero) like a float64 reference on ${backend}`, async () => {
      const got = tf.tidy(() => embeddingGradient(tf.tensor1d(ids, 'int32'), tf.tensor2d(dy, [T, d]), V));
      assert.deepEqual(got.shape, [V, d]);
      const values = await got.data();
      got.dispose();
      const want = referenceGradient(ids, dy, V, d);
      for (let i = 0; i < want.length; i++) {
        assert.closeTo(values[i], want[i], 1e-5 * (1 + Math.abs(want[i])), `row ${Math.floor(i / d)} column ${i % d}`);
      }
      for (const unused of [V - 3, V - 2, V - 1]) for (let j = 0; j < d; j++) assert.equal(values[unused * d + j], 0);
    });

    it(`gives bit-identical results when run twice on ${backend}`, async () => {
      const run = async () => {
        const g = tf.tidy(() => embeddingGradient(tf.tensor1d(ids, 'int32'), tf.tensor2d(dy, [T, d]), V));
        const v = Array.from(await g.data());
        g.dispose();
        return v;
      };
      const first = await run();
      for (let i = 0; i < 4; i++) assert.deepEqual(await run(), first);
    });

    it(`is the gradient of the embedding lookup, without leaking tensors, on ${backend}`, async () => {
      const table = tf.variable(tf.randomNormal([V, d], 0, 1, 'float32', 3));
      const idsT = tf.tensor1d(ids, 'int32');
      const weights = tf.tensor2d(dy, [T, d]);
      const grad = () =>
        tf.variableGrads(() => tf.sum(tf.mul(embeddingLookup(table as unknown as tf.Tensor2D, idsT), weights)) as tf.Scalar, [table]);
      tf.dispose(grad().grads); // warm-up: kernels compiled, caches filled
      const before = tf.memory().numTensors;
      const { value, grads } = grad();
      const values = await grads[table.name].data();
      tf.dispose([value, grads]);
      assert.equal(tf.memory().numTensors, before);
      const want = referenceGradient(ids, dy, V, d);
      for (let i = 0; i < want.length; i++) assert.closeTo(values[i], want[i], 1e-5 * (1 + Math.abs(want[i])));
      tf.dispose([table, idsT, weights]);
    });

    if (backend === 'webgpu') {
      it('runs as the fixed-order kernel on webgpu (not the stock atomic scatter)', () => {
        assert.isDefined(tf.getKernel(EMBEDDING_GRAD, 'webgpu'));
      });
    }
  });
});
