import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend, useBackend } from '../helpers/backends.ts';
import { SEEDED_DROPOUT, dropoutMultipliers, seededDropout } from '../../../src/model/seededDropout.ts';

function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 17) - 8.5);
}

describe('seeded dropout', () => {
  it('the wasm backend has a kernel for it', async function () {
    if (!(await useBackend('wasm'))) this.skip();
    assert.isDefined(tf.getKernel(SEEDED_DROPOUT, 'wasm'));
  });

  it('keeps each element with probability 1 − rate, independently across seeds', () => {
    const n = 100_000;
    for (const rate of [0.1, 0.5]) {
      const a = dropoutMultipliers(n, rate, 7);
      const b = dropoutMultipliers(n, rate, 8);
      const keptA = a.filter((v) => v !== 0).length / n;
      const both = a.filter((v, i) => v !== 0 && b[i] !== 0).length / n;
      // 4σ bounds of a binomial: these fixed seeds must not look biased or correlated.
      assert.closeTo(keptA, 1 - rate, 4 * Math.sqrt((rate * (1 - rate)) / n));
      assert.closeTo(both, (1 - rate) ** 2, 4 * Math.sqrt(((1 - rate) ** 2 * (1 - (1 - rate) ** 2)) / n));
      assert.isTrue(a.every((v) => v === 0 || Math.abs(v - 1 / (1 - rate)) < 1e-6));
    }
  });

  it('rejects a rate outside [0, 1) and a non-integer seed, naming them', () => {
    const x = tf.ones([2]);
    assert.throws(() => seededDropout(x, 1, 0), /rate must be in \[0, 1\) \(got 1\)/);
    assert.throws(() => seededDropout(x, 0.1, 0.5), /seed must be an integer \(got 0.5\)/);
    x.dispose();
  });

  forEachBackend(
    (backend) => {
      const cases: Array<[number[], number, number]> = [
        [[1], 0.1, 3],
        [[3], 0.5, 4],
        [[7, 13], 0.1, 0x9e3779b1],
        [[4, 250], 0.3, -5],
      ];
      for (const [shape, rate, seed] of cases) {
        it(`x·mask equals the reference mask bit for bit, forward and backward, for [${shape}] rate ${rate} on ${backend}`, async () => {
          const n = shape.reduce((p, q) => p * q, 1);
          const x = tf.tensor(ramp(n), shape);
          const dy = tf.tensor(
            ramp(n).map((v) => v * 0.25 + 1),
            shape,
          );
          const y = seededDropout(x, rate, seed);
          const dx = tf.grad((t: tf.Tensor) => seededDropout(t, rate, seed))(x, dy);
          const mask = dropoutMultipliers(n, rate, seed);
          const xs = ramp(n);
          const expectY = xs.map((v, i) => Math.fround(v * mask[i]));
          const expectDx = xs.map((v, i) => Math.fround(Math.fround(v * 0.25 + 1) * mask[i]));
          assert.deepEqual(Array.from(await y.data()), Array.from(expectY));
          assert.deepEqual(Array.from(await dx.data()), Array.from(expectDx));
          tf.dispose([x, dy, y, dx]);
        });
      }

      it(`rate 0 returns the input unchanged on ${backend}`, async () => {
        const x = tf.tensor([1, -2, 3]);
        assert.strictEqual(seededDropout(x, 0, 1), x);
        x.dispose();
      });
    },
    ['cpu', 'wasm'],
  );
});
