import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend, useBackend } from '../helpers/backends.ts';
import {
  registeredWebgpuKernels,
  registerWebgpuKernels,
  setWebgpuMatMulMinSize,
  unregisterWebgpuKernels,
} from '../../../src/backend/webgpuKernels/registerWebgpuKernels.ts';
import { RMS_NORM, RMS_NORM_GRAD } from '../../../src/model/fusedRmsNorm.ts';
import { EMBEDDING_GRAD } from '../../../src/model/embeddingGradient.ts';
import { rmsNorm } from '../../../src/model/ops.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { preset } from '../../../src/model/presets.ts';
import { lcgValues } from '../helpers/values.ts';
import { Adafactor } from '../../../src/training/adafactor.ts';
import { hasFusedAdafactor } from '../../../src/training/fusedAdafactor.ts';
import { Trainer } from '../../../src/training/trainer.ts';

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

/** float64 matmul with NumPy batch broadcasting and transposes, from the float32 inputs. */
function referenceMatMul(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], ta: boolean, tb: boolean): Float64Array {
  const [ar, ac] = aShape.slice(-2);
  const [br, bc] = bShape.slice(-2);
  const M = ta ? ac : ar;
  const K = ta ? ar : ac;
  const N = tb ? br : bc;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  const batch = size(outer);
  const out = new Float64Array(batch * M * N);
  const matrixIndex = (shape: number[], coords: number[]) => {
    const own = shape.slice(0, -2);
    const c = coords.slice(coords.length - own.length);
    let idx = 0;
    for (let i = 0; i < own.length; i++) idx = idx * own[i] + (own[i] === 1 ? 0 : c[i]);
    return idx;
  };
  for (let t = 0; t < batch; t++) {
    const coords: number[] = [];
    let rest = t;
    for (let i = outer.length - 1; i >= 0; i--) {
      coords.unshift(rest % outer[i]);
      rest = Math.floor(rest / outer[i]);
    }
    const aOff = matrixIndex(aShape, coords) * ar * ac;
    const bOff = matrixIndex(bShape, coords) * br * bc;
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[aOff + (ta ? k * ac + i : i * ac + k)] * b[bOff + (tb ? j * bc + k : k * bc + j)];
        out[(t * M + i) * N + j] = s;
      }
  }
  return out;
}

interface Case {
  a: number[];
  b: number[];
  ta?: boolean;
  tb?: boolean;
  why: string;
  /** Only on backends whose kernels broadcast both operands' batch dims (tfjs's stock ones do not). */
  twoSided?: boolean;
}

const CASES: Case[] = [
  { a: [5, 7], b: [7, 9], why: 'odd sizes smaller than one tile (scalar loads)' },
  { a: [70, 36], b: [36, 68], why: 'multiples of 4 but not of the 64×64 tile (vec4 loads and stores)' },
  { a: [67, 33], b: [33, 65], why: 'ragged M, N and K across tiles' },
  { a: [33, 67], b: [33, 65], ta: true, why: 'transposeA' },
  { a: [67, 33], b: [65, 33], tb: true, why: 'transposeB' },
  { a: [33, 67], b: [65, 33], ta: true, tb: true, why: 'both transposed, ragged' },
  { a: [3, 32, 68], b: [3, 36, 32], ta: true, tb: true, why: 'both transposed, batched, vec4' },
  { a: [1, 13, 11], b: [4, 11, 10], why: 'A broadcast over the batch' },
  { a: [4, 13, 11], b: [1, 11, 10], ta: false, tb: false, why: 'B broadcast over the batch' },
  { a: [2, 1, 3, 4], b: [1, 3, 4, 5], why: 'two-sided broadcasting of two batch dims', twoSided: true },
  { a: [3, 1], b: [1, 4], why: 'K = 1' },
];

const T5LAB_BROADCASTS = new Set(['webgpu', 'wasm']);

async function matmulOnBackend(c: Case): Promise<Float32Array> {
  const a = tf.tensor(lcgValues(size(c.a), 1), c.a);
  const b = tf.tensor(lcgValues(size(c.b), 2), c.b);
  const out = tf.matMul(a, b, c.ta, c.tb);
  const data = (await out.data()) as Float32Array;
  tf.dispose([a, b, out]);
  return data;
}

function assertClose(actual: Float32Array, expected: Float64Array, what: string, tol: number): void {
  assert.lengthOf(actual, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (!(Math.abs(actual[i] - e) <= tol * Math.max(1, Math.abs(e))))
      assert.fail(`${what}[${i}]: got ${actual[i]}, float64 reference ${e}`);
  }
}

forEachBackend((backend) => {
  describe('matmul against the float64 reference', () => {
    // Every shape through t5lab's webgpu kernel (by default small products go to the stock one).
    let minSize = 0;
    before(() => {
      minSize = setWebgpuMatMulMinSize(0);
    });
    after(() => {
      setWebgpuMatMulMinSize(minSize);
    });
    for (const c of CASES) {
      const name = `${c.a} × ${c.b}${c.ta ? ' transposeA' : ''}${c.tb ? ' transposeB' : ''}`;
      it(`${name} (${c.why}) matches within float32 rounding on ${backend}`, async function () {
        if (c.twoSided && !T5LAB_BROADCASTS.has(backend)) this.skip();
        const ref = referenceMatMul(lcgValues(size(c.a), 1), c.a, lcgValues(size(c.b), 2), c.b, !!c.ta, !!c.tb);
        const k = c.ta ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
        assertClose(await matmulOnBackend(c), ref, name, 2e-6 * Math.max(8, k));
      });
    }
  });

  describe('RMS norm against the float64 reference', () => {
    for (const [shape, eps] of [
      [[7, 13], 1e-6],
      [[2, 3, 128], 1e-6],
      [[5, 1], 0.5],
      [[150, 64], 1e-6],
    ] as Array<[number[], number]>) {
      it(`y, dL/dx and dL/dscale for [${shape}] ε=${eps} match on ${backend}`, async () => {
        const n = size(shape);
        const d = shape[shape.length - 1];
        const rows = n / d;
        const xv = lcgValues(n, 3);
        const gv = lcgValues(d, 4);
        const wv = lcgValues(n, 5);
        // float64 reference: y = x·inv·g; L = Σ y·w
        const y = new Float64Array(n);
        const dx = new Float64Array(n);
        const dg = new Float64Array(d);
        for (let r = 0; r < rows; r++) {
          let ss = 0;
          for (let j = 0; j < d; j++) ss += xv[r * d + j] ** 2;
          const inv = 1 / Math.sqrt(ss / d + eps);
          let dot = 0;
          for (let j = 0; j < d; j++) dot += gv[j] * wv[r * d + j] * xv[r * d + j];
          for (let j = 0; j < d; j++) {
            const i = r * d + j;
            y[i] = xv[i] * inv * gv[j];
            dx[i] = inv * gv[j] * wv[i] - (xv[i] * inv ** 3 * dot) / d;
            dg[j] += wv[i] * xv[i] * inv;
          }
        }
        const x = tf.tensor(xv, shape);
        const scale = tf.tensor1d(gv);
        const w = tf.tensor(wv, shape);
        const yt = rmsNorm(x, scale, eps);
        const [dxt, dgt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(rmsNorm(a, b as tf.Tensor1D, eps), w)))([x, scale]);
        const [ya, dxa, dga] = await Promise.all([yt, dxt, dgt].map(async (t) => (await t.data()) as Float32Array));
        tf.dispose([x, scale, w, yt, dxt, dgt]);
        assertClose(ya, y, 'y', 1e-5);
        assertClose(dxa, dx, 'dx', 1e-4);
        assertClose(dga, dg, 'dscale', 2e-6 * rows * 10);
      });
    }
  });
});

describe('t5lab webgpu kernels', function () {
  before(async function () {
    if (!(await useBackend('webgpu'))) this.skip();
  });

  it('are installed for webgpu: the tiled matmul replaces BatchMatMul and the fused RMS norm is added', () => {
    assert.includeMembers([...registeredWebgpuKernels()], ['BatchMatMul', RMS_NORM, RMS_NORM_GRAD, EMBEDDING_GRAD]);
    assert.isDefined(tf.getKernel(RMS_NORM, 'webgpu'));
  });

  it('a long product with a small output (the embedding backward, K = vocabulary) is bit-identical run to run', async () => {
    // Default size threshold: this shape would go to the stock kernel, which splits K and adds with atomics.
    const c: Case = { a: [12, 4000], b: [4000, 16], why: 'split-K shape' };
    const first = Array.from(await matmulOnBackend(c));
    for (let i = 0; i < 4; i++) assert.deepEqual(Array.from(await matmulOnBackend(c)), first);
    assertClose(
      Float32Array.from(first),
      referenceMatMul(lcgValues(size(c.a), 1), c.a, lcgValues(size(c.b), 2), c.b, false, false),
      'product',
      1e-4,
    );
  });

  it('unregistering restores the stock kernels, which then give the same product', async () => {
    const c: Case = { a: [2, 33, 40], b: [2, 24, 33], ta: true, tb: true, why: 'stock comparison' };
    const ours = await matmulOnBackend(c);
    const t5labKernel = tf.getKernel('BatchMatMul', 'webgpu');
    unregisterWebgpuKernels();
    try {
      assert.notStrictEqual(tf.getKernel('BatchMatMul', 'webgpu'), t5labKernel);
      assert.isUndefined(tf.getKernel(RMS_NORM, 'webgpu'));
      const stock = await matmulOnBackend(c);
      const ref = referenceMatMul(lcgValues(size(c.a), 1), c.a, lcgValues(size(c.b), 2), c.b, true, true);
      assertClose(stock, ref, 'stock', 1e-4);
      assertClose(ours, ref, 't5lab', 1e-4);
    } finally {
      registerWebgpuKernels();
    }
    assert.strictEqual(tf.getKernel('BatchMatMul', 'webgpu')?.kernelFunc === t5labKernel?.kernelFunc, false, 'a fresh config is installed');
    assert.includeMembers([...registeredWebgpuKernels()], ['BatchMatMul', RMS_NORM, RMS_NORM_GRAD, EMBEDDING_GRAD]);
  });

  // A one-layer model that trains in seconds on SwiftShader, without dropout (losses comparable across backends).
  const TINY_TRAINING_CONFIG = preset('bench-nano', {
    dModel: 32,
    dFf: 64,
    numHeads: 2,
    dKv: 16,
    numLayers: 1,
    numDecoderLayers: 1,
    vocabSize: 128,
    dropoutRate: 0,
  });

  it('training steps with the webgpu kernels give the same losses as wasm within float32 tolerance, leaking no tensor or GPU memory', async function () {
    this.timeout(600_000);
    const config = TINY_TRAINING_CONFIG;
    const ids = (rows: number, len: number, off: number) =>
      tf.tensor2d(
        Array.from({ length: rows * len }, (_, i) => 3 + ((i * 31 + off) % (config.vocabSize - 3))),
        [rows, len],
        'int32',
      );
    const run = async (backend: 'webgpu' | 'wasm') => {
      assert.isTrue(await useBackend(backend), `${backend} is usable`);
      const model = T5Model.create(config, { seed: 3 });
      const inputIds = ids(4, 12, 0);
      const labels = ids(4, 5, 7);
      const optimizer = tf.train.sgd(0.5);
      const losses: number[] = [];
      const memory: tf.MemoryInfo[] = [];
      for (let step = 0; step < 4; step++) {
        const loss = optimizer.minimize(() => model.loss({ inputIds, labels, training: true }), true)!;
        losses.push((await loss.data())[0]);
        loss.dispose();
        memory.push(tf.memory());
      }
      optimizer.dispose();
      tf.dispose([inputIds, labels]);
      model.dispose();
      return { losses, memory };
    };
    const wasm = await run('wasm');
    const gpu = await run('webgpu');
    gpu.losses.forEach((l, i) => assert.closeTo(l, wasm.losses[i], 2e-4 * Math.max(1, Math.abs(wasm.losses[i])), `loss at step ${i}`));
    assert.isBelow(gpu.losses[3], gpu.losses[0], 'the loss falls');
    // After the first step (optimizer slots allocated), every step ends with the same tensors and GPU bytes.
    const m = gpu.memory;
    for (let i = 2; i < m.length; i++) {
      assert.strictEqual(m[i].numTensors, m[1].numTensors, `tensors after step ${i}`);
      const bytes = (x: tf.MemoryInfo) => (x as tf.MemoryInfo & { numBytesInGPU?: number }).numBytesInGPU;
      assert.isNumber(bytes(m[i]), 'webgpu reports numBytesInGPU');
      assert.strictEqual(bytes(m[i]), bytes(m[1]), `GPU bytes after step ${i}`);
    }
  });

  it('Adafactor training steps (the fused update on both backends) give the same losses on webgpu as on wasm, leaking no tensor or GPU memory', async function () {
    this.timeout(600_000);
    const config = TINY_TRAINING_CONFIG;
    const ids = (n: number, off: number) => Int32Array.from({ length: n }, (_, i) => 3 + ((i * 31 + off) % (config.vocabSize - 3)));
    const batch = { rows: 4, inputLength: 12, targetLength: 5, inputIds: ids(48, 0), labels: ids(20, 7), examples: 4, tokens: 68 };
    const run = async (backend: 'webgpu' | 'wasm') => {
      assert.isTrue(await useBackend(backend), `${backend} is usable`);
      assert.isTrue(hasFusedAdafactor(), `${backend} has the fused Adafactor kernels`);
      const model = T5Model.create(config, { seed: 3 });
      // Factor every matrix of this small model (both dims ≥ 16), as T5's 128 does at full size.
      const optimizer = new Adafactor({ minDimSizeToFactor: 16 });
      const trainer = new Trainer(model, optimizer, {
        schedule: { kind: 'constant', value: 0.05 },
        clipGradientNorm: null,
        zLoss: 0,
        seed: 1,
      });
      const losses: number[] = [];
      const memory: tf.MemoryInfo[] = [];
      for (let step = 0; step < 5; step++) {
        losses.push((await trainer.trainStep(batch)).loss);
        memory.push(tf.memory());
      }
      optimizer.dispose();
      model.dispose();
      return { losses, memory };
    };
    const wasm = await run('wasm');
    const gpu = await run('webgpu');
    gpu.losses.forEach((l, i) => assert.closeTo(l, wasm.losses[i], 2e-4 * Math.max(1, Math.abs(wasm.losses[i])), `loss at step ${i}`));
    assert.isBelow(gpu.losses[4], gpu.losses[0], 'the loss falls');
    const m = gpu.memory;
    const bytes = (x: tf.MemoryInfo) => (x as tf.MemoryInfo & { numBytesInGPU?: number }).numBytesInGPU;
    for (let i = 2; i < m.length; i++) {
      assert.strictEqual(m[i].numTensors, m[1].numTensors, `tensors after step ${i}`);
      assert.strictEqual(bytes(m[i]), bytes(m[1]), `GPU bytes after step ${i}`);
    }
  });
});
