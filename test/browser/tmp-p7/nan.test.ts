import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers/backends.ts';
describe('probe', () => {
  it('addN webgpu', async () => {
    await useBackend('webgpu');
    for (const n of [2, 4, 8, 16, 17, 30]) {
      const xs = Array.from({ length: n }, (_, i) => tf.sum(tf.square(tf.tensor([i + 1, 1]))));
      const s = tf.addN(xs);
      const expected = Array.from({ length: n }, (_, i) => (i + 1) ** 2 + 1).reduce((a, b) => a + b, 0);
      console.log(n, Array.from(await s.data()), expected);
      const st = tf.stack(xs);
      console.log('stack', n, Array.from(await tf.sum(st).data()));
    }
  });
});
