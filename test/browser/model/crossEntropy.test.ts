import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { CROSS_ENTROPY_GRAD, CROSS_ENTROPY_ROWS, hasFusedCrossEntropy, maskedCrossEntropy } from '../../../src/model/loss.ts';
import { lcgValues } from '../helpers/values.ts';

/** float64 masked mean cross-entropy (+ z-loss) of logits [N, V] and its gradient. */
function reference(z: Float32Array, labels: Int32Array, V: number, zLoss: number): { loss: number; dz: Float64Array } {
  const N = labels.length;
  const count = Math.max(1, labels.filter((y) => y !== 0).length);
  const dz = new Float64Array(z.length);
  let loss = 0;
  for (let r = 0; r < N; r++) {
    if (labels[r] === 0) continue;
    let max = -Infinity;
    for (let j = 0; j < V; j++) max = Math.max(max, z[r * V + j]);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(z[r * V + j] - max);
    const logZ = Math.log(sum) + max;
    loss += (logZ - z[r * V + labels[r]] + zLoss * logZ * logZ) / count;
    for (let j = 0; j < V; j++) {
      const p = Math.exp(z[r * V + j] - logZ);
      dz[r * V + j] = (p * (1 + 2 * zLoss * logZ) - (j === labels[r] ? 1 : 0)) / count;
    }
  }
  return { loss, dz };
}

const CASES: Array<{ N: number; V: number; scale: number; zLoss: number; why: string }> = [
  { N: 6, V: 37, scale: 3, zLoss: 0, why: 'vocabulary not a multiple of 4' },
  { N: 5, V: 64, scale: 3, zLoss: 1e-4, why: 'with z-loss' },
  { N: 4, V: 130, scale: 40, zLoss: 0, why: 'logits far apart: probabilities underflow to 0' },
  { N: 3, V: 3, scale: 1, zLoss: 0, why: 'a vocabulary shorter than one vector' },
];

forEachBackend((backend) => {
  describe('cross-entropy loss', () => {
    for (const { N, V, scale, zLoss, why } of CASES) {
      it(`the masked loss and its gradient for [${N}, ${V}] (${why}) match the float64 reference on ${backend}`, async () => {
        const z = lcgValues(N * V, 7 + V, scale);
        // Pad rows (label 0) do not count, the last id is a label, and the rest spread over the vocabulary.
        const labels = Int32Array.from({ length: N }, (_, r) => (r === 1 ? 0 : r === 2 ? V - 1 : (r * 7 + 1) % V));
        const zs = tf.tensor2d(z, [N, V]);
        const ys = tf.tensor1d(labels, 'int32');
        const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => maskedCrossEntropy(t as tf.Tensor2D, ys, zLoss))(zs);
        const [lv, gv] = [(await value.data())[0], await grad.data()];
        const want = reference(z, labels, V, zLoss);
        assert.closeTo(lv, want.loss, 2e-6 * Math.max(1, Math.abs(want.loss)), 'loss');
        for (let i = 0; i < gv.length; i++) assert.closeTo(gv[i], want.dz[i], 1e-8 + 3e-6 * Math.abs(want.dz[i]), `dz[${i}]`);
        for (let j = 0; j < V; j++) assert.equal(gv[V + j], 0, 'a pad row gets no gradient');
        tf.dispose([zs, ys, value, grad]);
      });
    }

    it(`is NaN when a logit is NaN, and leaks no tensor, on ${backend}`, async () => {
      const z = lcgValues(4 * 9, 3, 2);
      const ys = tf.tensor1d([2, 5, 0, 8], 'int32');
      const f = (t: tf.Tensor) => maskedCrossEntropy(t as tf.Tensor2D, ys);
      const zs = tf.tensor2d(z, [4, 9]);
      tf.dispose(tf.grad(f)(zs)); // warm-up
      const before = tf.memory().numTensors;
      const g = tf.grad(f)(zs);
      assert.equal(tf.memory().numTensors, before + 1, 'only the gradient is left');
      z[9 + 4] = NaN;
      const bad = tf.tensor2d(z, [4, 9]);
      const loss = f(bad);
      assert.isNaN((await loss.data())[0]);
      tf.dispose([zs, ys, g, bad, loss]);
    });

    if (backend === 'wasm') {
      it(`runs as t5lab's fused kernels on ${backend}`, () => {
        assert.isDefined(tf.getKernel(CROSS_ENTROPY_ROWS, backend));
        assert.isDefined(tf.getKernel(CROSS_ENTROPY_GRAD, backend));
        assert.isTrue(hasFusedCrossEntropy());
      });
    }
  });
});
