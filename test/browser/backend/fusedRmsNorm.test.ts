import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers/backends.ts';
import { rmsNorm } from '../../../src/model/ops.ts';
import { RMS_NORM, RMS_NORM_GRAD, hasFusedRmsNorm } from '../../../src/model/fusedRmsNorm.ts';
import { lcgValues } from '../helpers/values.ts';

/** y, dL/dx and dL/dscale of L = sum(rmsNorm(x, scale) · w) on the active backend. */
async function normAndGrads(shape: number[], eps: number): Promise<Float32Array[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = shape[shape.length - 1];
  const x = tf.tensor(lcgValues(n, 1, 3), shape);
  const scale = tf.tensor1d(lcgValues(d, 2, 3));
  const w = tf.tensor(lcgValues(n, 3, 3), shape);
  const y = rmsNorm(x, scale, eps);
  const [dx, ds] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(rmsNorm(a, b as tf.Tensor1D, eps), w)))([x, scale]);
  const out = await Promise.all([y, dx, ds].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, scale, w, y, dx, ds]);
  return out;
}

describe('fused RMS norm on wasm', function () {
  before(async function () {
    if (!(await useBackend('wasm'))) this.skip();
  });

  it('the wasm backend has both fused kernels, cpu has none (it composes tfjs ops)', async () => {
    assert.isDefined(tf.getKernel(RMS_NORM, 'wasm'));
    assert.isDefined(tf.getKernel(RMS_NORM_GRAD, 'wasm'));
    await useBackend('cpu');
    assert.isFalse(hasFusedRmsNorm());
    await useBackend('wasm');
    assert.isTrue(hasFusedRmsNorm());
  });

  for (const [shape, eps] of [
    [[7, 13], 1e-6],
    [[2, 3, 128], 1e-6],
    [[5, 1], 0.5],
    [[300, 64], 1e-6],
  ] as Array<[number[], number]>) {
    it(`matches the composed norm on cpu, with gradients, for [${shape}] ε=${eps}`, async () => {
      await useBackend('cpu');
      const cpu = await normAndGrads(shape, eps);
      await useBackend('wasm');
      const wasm = await normAndGrads(shape, eps);
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      ['y', 'dx', 'dscale'].forEach((name, k) => {
        // dscale sums over all rows: allow float32 rounding growing with the row count.
        const tol = name === 'dscale' ? 2e-6 * rows * 10 : 2e-5;
        cpu[k].forEach((v, i) => assert.closeTo(wasm[k][i], v, tol * Math.max(1, Math.abs(v)), `${name}[${i}]`));
      });
    });
  }

  it('rejects a scale whose length is not the row length, naming both', async () => {
    assert.throws(() => rmsNorm(tf.zeros([2, 4]), tf.zeros([3]) as tf.Tensor1D, 1e-6), /scale must have shape \[4\] \(got \[3\]\)/);
  });
});
