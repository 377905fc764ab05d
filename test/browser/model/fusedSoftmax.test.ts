import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { SOFTMAX_GRAD, softmaxLastAxis } from '../../../src/model/fusedSoftmax.ts';
import { lcgValues } from '../helpers/values.ts';

/** float64 softmax over rows of length d and dL/dx for L = Σ softmax(x)·w. */
function reference(x: Float32Array, w: Float32Array, d: number): { p: Float64Array; dx: Float64Array } {
  const p = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  for (let r = 0; r < x.length / d; r++) {
    let max = -Infinity;
    for (let j = 0; j < d; j++) max = Math.max(max, x[r * d + j]);
    let z = 0;
    for (let j = 0; j < d; j++) z += Math.exp(x[r * d + j] - max);
    let s = 0;
    for (let j = 0; j < d; j++) {
      p[r * d + j] = Math.exp(x[r * d + j] - max) / z;
      s += p[r * d + j] * w[r * d + j];
    }
    for (let j = 0; j < d; j++) dx[r * d + j] = p[r * d + j] * (w[r * d + j] - s);
  }
  return { p, dx };
}

const SHAPES: Array<[number[], string]> = [
  [[2, 3, 5, 7], 'attention-shaped, row length not a multiple of 4'],
  [[4, 16], 'row length a multiple of 4'],
  [[3, 130], 'rows longer than a workgroup'],
  [[5, 1], 'one key'],
];

forEachBackend((backend) => {
  describe('fused softmax', () => {
    for (const [shape, why] of SHAPES) {
      it(`softmax and its gradient for [${shape}] (${why}) match the float64 reference on ${backend}`, async () => {
        const n = shape.reduce((a, b) => a * b, 1);
        const d = shape[shape.length - 1];
        const x = lcgValues(n, 7, 3);
        // A masked key (T5 adds a large negative bias): its probability and gradient are exactly 0.
        if (d > 1) x[1] = -1e9;
        const w = lcgValues(n, 11, 1);
        const xs = tf.tensor(x, shape);
        const ws = tf.tensor(w, shape);
        const f = (t: tf.Tensor) => tf.sum(tf.mul(softmaxLastAxis(t), ws)) as tf.Scalar;
        const p = softmaxLastAxis(xs);
        const g = tf.grad(f)(xs);
        const [pv, gv] = [await p.data(), await g.data()];
        const want = reference(x, w, d);
        for (let i = 0; i < n; i++) {
          assert.closeTo(pv[i], want.p[i], 2e-6, `p[${i}]`);
          assert.closeTo(gv[i], want.dx[i], 2e-6, `dx[${i}]`);
        }
        if (d > 1) assert.equal(gv[1], 0, 'a masked key gets no gradient');
        tf.dispose([xs, ws, p, g]);
      });
    }

    it(`computes the same gradient as tf.softmax's own, leaking no tensor, on ${backend}`, async () => {
      const xs = tf.tensor(lcgValues(2 * 2 * 6 * 9, 3, 3), [2, 2, 6, 9]);
      const ws = tf.tensor(lcgValues(2 * 2 * 6 * 9, 5, 1), [2, 2, 6, 9]);
      const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(softmaxLastAxis(t), ws)) as tf.Scalar);
      const stock = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softmax(t), ws)) as tf.Scalar);
      tf.dispose(ours(xs)); // warm-up
      const before = tf.memory().numTensors;
      const a = ours(xs);
      assert.equal(tf.memory().numTensors, before + 1, 'only the gradient is left');
      const b = stock(xs);
      const [av, bv] = [await a.data(), await b.data()];
      for (let i = 0; i < av.length; i++) assert.closeTo(av[i], bv[i], 1e-6, `dx[${i}]`);
      tf.dispose([xs, ws, a, b]);
    });

    if (backend === 'wasm' || backend === 'webgpu') {
      it(`runs as t5lab's one-pass kernel on ${backend}`, () => {
        assert.isDefined(tf.getKernel(SOFTMAX_GRAD, backend));
      });
    }
  });
});
