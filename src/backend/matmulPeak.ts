/**
 * The active backend's measured matmul throughput, the ceiling a training step's achieved
 * GFLOP/s is read against (the train cell shows both). The size grows from 128³ until one
 * product takes ≥ 40 ms (or 2048³), so a slow software backend finishes in well under a second
 * and a GPU is measured at a size where launch overhead does not dominate.
 */
import * as tf from '@tensorflow/tfjs';

export interface MatmulPeak {
  backend: string;
  /** Edge of the square product measured. */
  n: number;
  gflops: number;
}

const cache = new Map<string, MatmulPeak>();

async function timeOnce(a: tf.Tensor2D, b: tf.Tensor2D): Promise<number> {
  const t0 = performance.now();
  const c = tf.matMul(a, b);
  await c.data();
  c.dispose();
  return performance.now() - t0;
}

/** Measures (once per backend per process) n³ matmul GFLOP/s on the active backend. */
export async function measureMatmulPeak(options: { minMs?: number; maxN?: number } = {}): Promise<MatmulPeak> {
  const backend = tf.getBackend();
  const known = cache.get(backend);
  if (known) return known;
  const minMs = options.minMs ?? 40;
  const maxN = options.maxN ?? 2048;
  let n = 128;
  for (;;) {
    const a = tf.randomUniform([n, n], -1, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomUniform([n, n], -1, 1, 'float32', 2) as tf.Tensor2D;
    try {
      await timeOnce(a, b); // warm-up: shader compilation, allocation
      const ms = Math.min(await timeOnce(a, b), await timeOnce(a, b));
      if (ms >= minMs || n >= maxN) {
        const peak = { backend, n, gflops: (2 * n ** 3) / (ms / 1000) / 1e9 };
        cache.set(backend, peak);
        return peak;
      }
    } finally {
      tf.dispose([a, b]);
    }
    n *= 2;
  }
}
