/**
 * The kernels t5lab installs (src/backend/wasmKernels, src/backend/webgpuKernels), per backend:
 * matmul GFLOP/s with each transpose combination the gradients use, and the fused RMS norm
 * (forward + backward), seeded dropout and the attention keys' transposes in GB/s of activations
 * touched (the last two ten calls per read-back, which costs more than they do), and the attention softmax's backward pass,
 * fused (src/model/fusedSoftmax.ts) beside tfjs's own gradient in the same run, and the
 * cross-entropy loss with its gradient, fused (src/model/loss.ts) beside tfjs ops, and one Adafactor
 * update of a model's weights, fused (src/training/fusedAdafactor.ts) beside tfjs ops. On webgpu each row is also measured with
 * tfjs's stock kernels (unregistered for the measurement), the comparison the kernels exist for.
 * Software backends (cpu, SwiftShader) get small sizes so a run stays short.
 */
import * as tf from '@tensorflow/tfjs';
import { median, type BenchContext, type BenchRow, type BenchSuite } from '../suite.ts';
import type { BackendName } from '../../src/backend/backendChoice.ts';
import { rmsNorm } from '../../src/model/ops.ts';
import { seededDropout } from '../../src/model/seededDropout.ts';
import { softmaxLastAxis } from '../../src/model/fusedSoftmax.ts';
import { hasFusedCrossEntropy, maskedCrossEntropy } from '../../src/model/loss.ts';
import { registerWebgpuKernels, unregisterWebgpuKernels } from '../../src/backend/webgpuKernels/registerWebgpuKernels.ts';
import { Adafactor } from '../../src/training/adafactor.ts';
import { hasFusedAdafactor } from '../../src/training/fusedAdafactor.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import { preset } from '../../src/model/presets.ts';

/**
 * Median wall time of `reps` runs of `f` after `warmups` (compiled shaders, and V8's tier-up of
 * wasm kernels, which happens between calls), each ending with a read of its result.
 */
export async function timeOp(f: () => tf.Tensor | tf.Tensor[], reps: number, warmups = 1): Promise<number> {
  const once = async () => {
    const t0 = performance.now();
    const out = f();
    const outs = Array.isArray(out) ? out : [out];
    await Promise.all(outs.map((t) => t.data()));
    tf.dispose(outs);
    return performance.now() - t0;
  };
  for (let i = 0; i < warmups; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await once());
  return median(times);
}

/**
 * Milliseconds per call of `f` with `inner` calls per read-back, median over `reps`: for kernels
 * much faster than reading their output back (a 16 MB read-back costs more than dropout itself),
 * so the row measures the kernel. On queued backends (webgpu) the read waits for all `inner`.
 */
export async function timeOpBatched(f: () => tf.Tensor, inner: number, reps: number, warmups = 1): Promise<number> {
  const once = async () => {
    const t0 = performance.now();
    for (let i = 1; i < inner; i++) f().dispose();
    const out = f();
    await out.data();
    out.dispose();
    return (performance.now() - t0) / inner;
  };
  for (let i = 0; i < warmups; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await once());
  return median(times);
}

/** GFLOP/s of an [n, n] × [n, n] product with the given transposes. */
export async function matmulGflops(
  n: number,
  transposeA: boolean,
  transposeB: boolean,
  reps: number,
): Promise<{ gflops: number; ms: number }> {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  try {
    const ms = await timeOp(() => tf.matMul(a, b, transposeA, transposeB), reps);
    return { gflops: (2 * n ** 3) / (ms / 1000) / 1e9, ms };
  } finally {
    tf.dispose([a, b]);
  }
}

interface DenseRate {
  label: string;
  gflops: number;
  ms: number;
}

/**
 * GFLOP/s of the three products of a dense layer x[T, d]·W[d, f] in a training step: the forward
 * pass, dx = dy·Wᵀ and dW = xᵀ·dy, each with its operands stored as the model stores them.
 */
export async function denseLayerGflops(T: number, d: number, f: number, reps: number): Promise<DenseRate[]> {
  const x = tf.randomUniform([T, d], -1, 1, 'float32', 1);
  const w = tf.randomUniform([d, f], -1, 1, 'float32', 2);
  const dy = tf.randomUniform([T, f], -1, 1, 'float32', 3);
  const flop = 2 * T * d * f;
  const out: DenseRate[] = [];
  try {
    for (const [label, op] of [
      [`forward x[${T},${d}]·W[${d},${f}]`, () => tf.matMul(x, w)],
      [`dx = dy[${T},${f}]·Wᵀ`, () => tf.matMul(dy, w, false, true)],
      [`dW = xᵀ·dy (K = ${T})`, () => tf.matMul(x, dy, true, false)],
    ] as const) {
      const ms = await timeOp(op, reps, 2);
      out.push({ label, gflops: flop / (ms / 1000) / 1e9, ms });
    }
    return out;
  } finally {
    tf.dispose([x, w, dy]);
  }
}

async function rmsNormGBps(rows: number, d: number, reps: number): Promise<{ gbps: number; ms: number }> {
  const x = tf.randomUniform([rows, d], -1, 1, 'float32', 3);
  const scale = tf.randomUniform([d], 0.5, 1.5, 'float32', 4) as tf.Tensor1D;
  const dy = tf.randomUniform([rows, d], -1, 1, 'float32', 5);
  try {
    // dy given directly: only the norm's own forward and backward kernels run.
    const grad = tf.grads((a: tf.Tensor, s: tf.Tensor) => rmsNorm(a, s as tf.Tensor1D, 1e-6));
    const ms = await timeOp(() => grad([x, scale], dy), reps);
    // Forward reads x, writes y; backward reads dy and x, writes dx: 5 passes over [rows, d].
    return { gbps: (5 * rows * d * 4) / (ms / 1000) / 1e9, ms };
  } finally {
    tf.dispose([x, scale, dy]);
  }
}

/** GB/s of seeded dropout (src/model/seededDropout.ts) over [rows, d]: one read and one write per element. */
async function dropoutGBps(rows: number, d: number, reps: number): Promise<{ gbps: number; ms: number }> {
  const x = tf.randomUniform([rows, d], -1, 1, 'float32', 8);
  try {
    const ms = await timeOpBatched(() => seededDropout(x, 0.1, 12345), BATCHED_CALLS, reps, 3);
    return { gbps: (2 * rows * d * 4) / (ms / 1000) / 1e9, ms };
  } finally {
    x.dispose();
  }
}

/** Calls per read-back in the rows that time one fast kernel (timeOpBatched). */
const BATCHED_CALLS = 10;

/** GB/s of a transpose of `shape` by `perm` (one read and one write per element). */
async function transposeGBps(shape: number[], perm: number[], reps: number): Promise<{ gbps: number; ms: number }> {
  const x = tf.randomUniform(shape, -1, 1, 'float32', 9);
  try {
    const ms = await timeOpBatched(() => tf.transpose(x, perm), BATCHED_CALLS, reps, 3);
    return { gbps: (2 * x.size * 4) / (ms / 1000) / 1e9, ms };
  } finally {
    x.dispose();
  }
}

/** Milliseconds of softmax forward + backward over `shape`, with t5lab's fused gradient or tfjs's. */
async function softmaxGradMs(shape: number[], fused: boolean, reps: number): Promise<number> {
  const x = tf.randomUniform(shape, -3, 3, 'float32', 6);
  const dy = tf.randomUniform(shape, -1, 1, 'float32', 7);
  try {
    const grad = tf.grad((a: tf.Tensor) => (fused ? softmaxLastAxis(a) : tf.softmax(a)));
    return await timeOp(() => grad(x, dy), reps, 4);
  } finally {
    tf.dispose([x, dy]);
  }
}

const TRANSPOSES: Array<[boolean, boolean, string]> = [
  [false, false, 'A·B'],
  [true, false, 'Aᵀ·B'],
  [false, true, 'A·Bᵀ'],
];

async function rowsFor(ctx: BenchContext, backend: BackendName, kernels: string): Promise<BenchRow[]> {
  const fast = backend === 'wasm' || (backend === 'webgpu' && ctx.env === 'node');
  const n = fast ? 1024 : 256;
  const reps = fast ? 5 : 3;
  const rows: BenchRow[] = [];
  for (const [ta, tb, label] of TRANSPOSES) {
    const { gflops, ms } = await matmulGflops(n, ta, tb, reps);
    ctx.log(`kernels ${label} ${n}³ on ${backend} (${kernels}): ${ms.toFixed(1)} ms`);
    rows.push({
      suite: 'kernels',
      case: `matmul ${label} ${n}³`,
      backend,
      env: ctx.env,
      value: gflops,
      unit: 'GFLOP/s',
      note: `${kernels}, median of ${reps}, ${ms.toFixed(1)} ms`,
    });
  }
  // A bench-tiny feed-forward layer (T = 32·128 tokens, d = 256, d_ff = 1024).
  const [T, dm, dff] = fast ? [4096, 256, 1024] : [256, 64, 128];
  for (const { label, gflops, ms } of await denseLayerGflops(T, dm, dff, reps)) {
    ctx.log(`kernels dense ${label} on ${backend} (${kernels}): ${ms.toFixed(1)} ms`);
    rows.push({
      suite: 'kernels',
      case: `matmul dense ${label}`,
      backend,
      env: ctx.env,
      value: gflops,
      unit: 'GFLOP/s',
      note: `${kernels}, median of ${reps}, ${ms.toFixed(1)} ms`,
    });
  }
  const [r, d] = fast ? [4096, 256] : [512, 128];
  const { gbps, ms } = await rmsNormGBps(r, d, reps);
  rows.push({
    suite: 'kernels',
    case: `rms norm fwd+bwd [${r}, ${d}]`,
    backend,
    env: ctx.env,
    value: gbps,
    unit: 'GB/s',
    note: `${kernels}, median of ${reps}, ${ms.toFixed(2)} ms`,
  });
  // A bench-tiny feed-forward activation, the largest tensor dropout sees in a step.
  const [dr, dd] = fast ? [4096, 1024] : [512, 128];
  const drop = await dropoutGBps(dr, dd, reps);
  rows.push({
    suite: 'kernels',
    case: `seeded dropout [${dr}, ${dd}]`,
    backend,
    env: ctx.env,
    value: drop.gbps,
    unit: 'GB/s',
    note: `${kernels}, rate 0.1, median of ${reps} (${BATCHED_CALLS} calls per read-back), ${drop.ms.toFixed(2)} ms a call`,
  });
  // bench-tiny's attention keys [b, L, H, d_kv] to kᵀ [b, H, d_kv, L], and the gradient's way back.
  const keys = fast ? [32, 128, 4, 64] : [8, 32, 4, 16];
  for (const [label, shape, perm] of [
    ['keys to kᵀ', keys, [0, 2, 3, 1]],
    ['kᵀ gradient back', [keys[0], keys[2], keys[3], keys[1]], [0, 3, 1, 2]],
  ] as const) {
    const t = await transposeGBps([...shape], [...perm], reps);
    rows.push({
      suite: 'kernels',
      case: `transpose [${shape}] by [${perm}] (${label})`,
      backend,
      env: ctx.env,
      value: t.gbps,
      unit: 'GB/s',
      note: `${kernels}, median of ${reps} (${BATCHED_CALLS} calls per read-back), ${t.ms.toFixed(2)} ms a call`,
    });
  }
  // Attention probabilities [b·H, Lq, Lk] of a bench-tiny-sized step; both variants in this run.
  const shape = fast ? [64, 128, 128] : [16, 32, 32];
  const stockMs = await softmaxGradMs(shape, false, reps);
  const fusedMs = await softmaxGradMs(shape, true, reps);
  ctx.log(`kernels softmax fwd+bwd [${shape}] on ${backend}: fused ${fusedMs.toFixed(2)} ms, tfjs gradient ${stockMs.toFixed(2)} ms`);
  for (const [variant, ms] of [
    ['fused gradient', fusedMs],
    ["tfjs's gradient", stockMs],
  ] as const) {
    rows.push({
      suite: 'kernels',
      case: `softmax fwd+bwd [${shape}], ${variant}`,
      backend,
      env: ctx.env,
      value: ms,
      unit: 'ms',
      note: `${kernels}, median of ${reps}; fused/tfjs time ${(fusedMs / stockMs).toFixed(2)}`,
    });
  }
  // The loss over a bench-tiny step's logits [batch·target length, vocabulary], forward + backward.
  const [ceRows, ceVocab] = fast ? [1024, 8192] : [64, 512];
  const variants: Array<[string, boolean]> = hasFusedCrossEntropy()
    ? [
        ['fused kernels', true],
        ['tfjs ops', false],
      ]
    : [['tfjs ops', false]];
  const ceMs = new Map<string, number>();
  for (const [variant, fused] of variants) ceMs.set(variant, await crossEntropyMs(ceRows, ceVocab, fused, reps));
  for (const [variant] of variants) {
    rows.push({
      suite: 'kernels',
      case: `cross-entropy fwd+bwd [${ceRows}, ${ceVocab}], ${variant}`,
      backend,
      env: ctx.env,
      value: ceMs.get(variant)!,
      unit: 'ms',
      note: `${kernels}, median of ${reps}${ceMs.size > 1 ? `; fused/tfjs time ${(ceMs.get('fused kernels')! / ceMs.get('tfjs ops')!).toFixed(2)}` : ''}`,
    });
  }
  // One optimizer update of a whole model, as a training step ends (src/training/adafactor.ts).
  const adaModel = fast ? 'bench-tiny' : 'bench-nano';
  const adaVariants: Array<[string, boolean]> = hasFusedAdafactor()
    ? [
        ['fused kernels', true],
        ['tfjs ops', false],
      ]
    : [['tfjs ops', false]];
  const adaMs = new Map<string, { ms: number; params: number }>();
  for (const [variant, fused] of adaVariants) adaMs.set(variant, await adafactorUpdateMs(adaModel, fused, reps));
  for (const [variant] of adaVariants) {
    const { ms, params } = adaMs.get(variant)!;
    const ratio = adaMs.size > 1 ? `; fused/tfjs time ${(adaMs.get('fused kernels')!.ms / adaMs.get('tfjs ops')!.ms).toFixed(2)}` : '';
    rows.push({
      suite: 'kernels',
      case: `Adafactor update of ${adaModel}'s weights, ${variant}`,
      backend,
      env: ctx.env,
      value: ms,
      unit: 'ms',
      note: `${kernels}, ${(params / 1e6).toFixed(2)} M parameters, median of ${reps} after 3${ratio}`,
    });
  }
  return rows;
}

/**
 * Median ms of one Adafactor update (T5 defaults) of every weight of a `model` preset, with the
 * fused kernels or composed of tfjs ops; returns the parameter count too.
 */
export async function adafactorUpdateMs(model: string, fused: boolean, reps: number): Promise<{ ms: number; params: number }> {
  const m = T5Model.create(preset(model), { seed: 1 });
  const weights = m.getWeights() as Map<string, tf.Variable>;
  const grads = new Map([...weights].map(([name, w], i) => [name, tf.randomNormal(w.shape, 0, 1e-3, 'float32', i + 1)]));
  const opt = new Adafactor({}, { fusedKernels: fused });
  const last = [...weights.values()].at(-1)!;
  try {
    const once = async () => {
      const t0 = performance.now();
      opt.applyGradients(weights, grads, 0.01);
      await last.data();
      return performance.now() - t0;
    };
    // The first update creates the slots; later ones are the steady state a run sees.
    for (let i = 0; i < 3; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push(await once());
    return { ms: median(times), params: [...weights.values()].reduce((s, w) => s + w.size, 0) };
  } finally {
    opt.dispose();
    tf.dispose([...grads.values()]);
    m.dispose();
  }
}

/** Median ms of the masked cross-entropy and its gradient over logits [n, v]. */
async function crossEntropyMs(n: number, v: number, fused: boolean, reps: number): Promise<number> {
  const logits = tf.randomNormal([n, v], 0, 3, 'float32', 1) as tf.Tensor2D;
  const labels = tf.tensor1d(
    Array.from({ length: n }, (_, i) => (i * 7919) % v),
    'int32',
  );
  const grad = tf.grad((z: tf.Tensor) => maskedCrossEntropy(z as tf.Tensor2D, labels, 0, fused));
  try {
    // Summed on the backend: reading the whole [n, v] gradient back (32 MB) would time the download.
    return await timeOp(() => tf.tidy(() => tf.sum(grad(logits))), reps, 4);
  } finally {
    tf.dispose([logits, labels]);
  }
}

export const kernelsSuite: BenchSuite = {
  name: 'kernels',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const backend of ctx.backends) {
      await ctx.use(backend);
      if (backend !== 'webgpu') {
        rows.push(...(await rowsFor(ctx, backend, backend === 'wasm' ? 't5lab kernels' : 'stock tfjs kernels')));
        continue;
      }
      rows.push(...(await rowsFor(ctx, backend, 't5lab kernels')));
      unregisterWebgpuKernels();
      try {
        rows.push(...(await rowsFor(ctx, backend, 'stock tfjs kernels')));
      } finally {
        registerWebgpuKernels();
      }
    }
    return rows;
  },
};
