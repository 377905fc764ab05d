import * as tf from '@tensorflow/tfjs';
import { median, type BenchRow, type BenchSuite } from '../suite.ts';

/**
 * Matmul GFLOP/s per backend: the physical ceiling every later benchmark is compared with.
 * Software backends (cpu, SwiftShader webgl/webgpu) get a smaller size so a run stays short.
 */
async function timeMatmul(n: number, reps: number): Promise<number> {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  try {
    const once = async () => {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      return performance.now() - t0;
    };
    await once(); // warm-up: kernel compilation, buffer allocation
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push(await once());
    return median(times);
  } finally {
    tf.dispose([a, b]);
  }
}

export const matmulSuite: BenchSuite = {
  name: 'matmul',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const backend of ctx.backends) {
      await ctx.use(backend);
      const n = backend === 'wasm' ? 1024 : 512;
      const reps = backend === 'wasm' ? 7 : 3;
      const ms = await timeMatmul(n, reps);
      const gflops = (2 * n ** 3) / (ms / 1000) / 1e9;
      ctx.log(`matmul ${n}³ on ${backend}: ${ms.toFixed(1)} ms`);
      rows.push({
        suite: 'matmul',
        case: `matmul ${n}³ f32`,
        backend,
        env: ctx.env,
        value: gflops,
        unit: 'GFLOP/s',
        note: `median of ${reps}, ${ms.toFixed(0)} ms`,
      });
    }
    return rows;
  },
};
