import * as tf from '@tensorflow/tfjs';

/**
 * A tiny matmul and its gradient, checked against a float64 reference computed in plain JS.
 * Catches backends that initialise but compute wrong numbers (broken drivers, missing float32
 * render targets) before a user trains on them.
 */
export interface SelfTestResult {
  ok: boolean;
  maxError: number;
  message: string;
}

const N = 8;

function referenceInputs(): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < N * N; i++) {
    a.push(Math.sin(i * 0.7) * 0.5);
    b.push(Math.cos(i * 1.3) * 0.5);
  }
  return { a, b };
}

/** y = sum((A·B)²); dy/dA = 2 (A·B) Bᵀ. Both in float64 JS. */
function reference(a: number[], b: number[]): { y: number; grad: number[] } {
  const c = new Array<number>(N * N).fill(0);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
      c[i * N + j] = s;
    }
  let y = 0;
  for (const v of c) y += v * v;
  const grad = new Array<number>(N * N).fill(0);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < N; k++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += 2 * c[i * N + j] * b[k * N + j];
      grad[i * N + k] = s;
    }
  return { y, grad };
}

/** Runs the self-test on the currently active tfjs backend. */
export async function runSelfTest(tolerance = 1e-4): Promise<SelfTestResult> {
  const { a, b } = referenceInputs();
  const ref = reference(a, b);
  const A = tf.tensor2d(a, [N, N]);
  const B = tf.tensor2d(b, [N, N]);
  const f = (x: tf.Tensor) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, B)));
  const { value, grad } = tf.valueAndGrad(f)(A);
  try {
    const y = (await value.data())[0];
    const g = await grad.data();
    let maxError = Math.abs(y - ref.y) / Math.max(1, Math.abs(ref.y));
    for (let i = 0; i < g.length; i++) {
      maxError = Math.max(maxError, Math.abs(g[i] - ref.grad[i]) / Math.max(1, Math.abs(ref.grad[i])));
    }
    const ok = Number.isFinite(maxError) && maxError <= tolerance;
    return {
      ok,
      maxError,
      message: ok
        ? `matmul + gradient agree with the float64 reference (max rel. error ${maxError.toExponential(1)})`
        : `matmul + gradient differ from the float64 reference (max rel. error ${maxError.toExponential(2)} > ${tolerance})`,
    };
  } finally {
    tf.dispose([A, B, value, grad]);
  }
}
