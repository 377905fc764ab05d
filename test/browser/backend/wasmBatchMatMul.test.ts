import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers/backends.ts';
import { lcgValues } from '../helpers/values.ts';
import { dropoutMultipliers, seededDropout } from '../../../src/model/seededDropout.ts';
import {
  registeredWasmKernels,
  setWasmMatMulHelpers,
  setWasmMatMulThreading,
  wasmMatMulHelpersReady,
  wasmMatMulStatus,
} from '../../../src/backend/wasmKernels/registerWasmKernels.ts';

interface Case {
  a: number[];
  b: number[];
  ta?: boolean;
  tb?: boolean;
  why: string;
}

const CASES: Case[] = [
  { a: [5, 7], b: [7, 9], why: 'odd sizes smaller than one tile' },
  { a: [37, 300], b: [300, 29], why: 'K longer than one packed block (256), ragged M and N' },
  { a: [300, 37], b: [300, 29], ta: true, why: 'transposeA' },
  { a: [37, 300], b: [29, 300], tb: true, why: 'transposeB' },
  { a: [300, 37], b: [29, 300], ta: true, tb: true, why: 'both transposed' },
  { a: [6, 33, 17], b: [6, 17, 41], why: 'batched, ragged' },
  { a: [6, 17, 33], b: [6, 41, 17], ta: true, tb: true, why: 'batched and transposed' },
  { a: [1, 13, 11], b: [4, 11, 10], why: 'A broadcast over the batch' },
  { a: [4, 13, 11], b: [11, 10], why: 'rank-2 B broadcast over a rank-3 A' },
  { a: [2, 1, 3, 4], b: [1, 3, 4, 5], why: 'general broadcasting of two batch dims' },
  { a: [3, 1], b: [1, 4], why: 'K = 1' },
  { a: [8, 64, 64], b: [8, 64, 64], why: 'large enough to split the batch across threads' },
  { a: [259, 100], b: [100, 70], why: 'large enough to split rows across threads' },
  { a: [6, 300], b: [1001, 300], tb: true, why: 'few rows: split columns across threads' },
  { a: [64, 128, 32], b: [64, 32, 128], why: 'attention scores of bench-nano' },
];

/**
 * The product on the currently active backend, as plain numbers. With `explicitBatch` both
 * operands are first broadcast to the full batch shape (the reference: tfjs's cpu kernel mishandles
 * two-sided batch broadcasting such as [2, 1] against [1, 3]).
 */
async function product(c: Case, explicitBatch = false): Promise<Float32Array> {
  let a = tf.tensor(
    lcgValues(
      c.a.reduce((x, y) => x * y, 1),
      1,
    ),
    c.a,
  );
  let b = tf.tensor(
    lcgValues(
      c.b.reduce((x, y) => x * y, 1),
      2,
    ),
    c.b,
  );
  if (explicitBatch) {
    const outer = tf.broadcast_util.assertAndGetBroadcastShape(c.a.slice(0, -2), c.b.slice(0, -2));
    a = tf.broadcastTo(a, [...outer, ...c.a.slice(-2)]);
    b = tf.broadcastTo(b, [...outer, ...c.b.slice(-2)]);
  }
  const out = tf.matMul(a, b, c.ta, c.tb);
  const data = (await out.data()) as Float32Array;
  tf.dispose([a, b, out]);
  return data;
}

async function onCpuAndWasm<T>(onCpu: () => Promise<T>, onWasm = onCpu): Promise<{ cpu: T; wasm: T }> {
  assert.isTrue(await useBackend('cpu'));
  const cpu = await onCpu();
  assert.isTrue(await useBackend('wasm'));
  const wasm = await onWasm();
  return { cpu, wasm };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, k: number, label: string): void {
  assert.strictEqual(actual.length, expected.length, `${label}: size`);
  const tol = 1e-6 * Math.max(1, k); // float32 sums of k products of values in [-1, 1)
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tol) assert.fail(`${label}: element ${i} is ${actual[i]}, cpu says ${expected[i]}`);
  }
}

describe('SIMD BatchMatMul on wasm', function () {
  let defaultHelpers = 0;
  before(async function () {
    if (!(await useBackend('wasm'))) this.skip();
    // One helper thread (whatever this machine's default) and every large product shared with
    // it, so the thread path is what the products below check.
    defaultHelpers = wasmMatMulStatus()!.helperThreads;
    setWasmMatMulHelpers(1);
    setWasmMatMulThreading('always');
  });
  after(async () => {
    setWasmMatMulThreading('adaptive');
    setWasmMatMulHelpers(defaultHelpers);
    await useBackend('cpu');
  });

  it('replaces the stock wasm BatchMatMul and runs on this browser', () => {
    assert.include(registeredWasmKernels(), 'BatchMatMul');
    assert.isTrue(wasmMatMulStatus()!.active);
  });

  it('starts a helper thread on a cross-origin isolated page', async function () {
    if (!crossOriginIsolated) this.skip();
    await wasmMatMulHelpersReady(10_000);
    assert.deepInclude(wasmMatMulStatus(), { helperThreads: 1, helpersReady: 1 });
  });

  it('lets the helper thread compute chunks of a large product', async function () {
    if (!crossOriginIsolated) this.skip();
    const before = wasmMatMulStatus()!.helperChunks;
    const a = tf.ones([64, 128, 64]);
    const b = tf.ones([64, 64, 128]);
    // The helper only gets chunks it wakes up in time for; on a busy machine that can take a few
    // products, so keep multiplying (up to 10 s) until it has taken part.
    const deadline = performance.now() + 10_000;
    while (wasmMatMulStatus()!.helperChunks === before && performance.now() < deadline) {
      tf.matMul(a, b).dispose();
      await new Promise((r) => setTimeout(r, 0));
    }
    tf.dispose([a, b]);
    assert.isAbove(wasmMatMulStatus()!.helperChunks, before);
  });

  for (const c of CASES) {
    it(`matches the cpu backend: ${c.why} ([${c.a}]${c.ta ? 'ᵀ' : ''} · [${c.b}]${c.tb ? 'ᵀ' : ''})`, async () => {
      const { cpu, wasm } = await onCpuAndWasm(
        () => product(c, true),
        () => product(c),
      );
      const k = c.ta ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
      assertClose(wasm, cpu, k, c.why);
    });
  }

  it('gives an empty product for an empty dimension and zeros for K = 0', async () => {
    await useBackend('wasm');
    const empty = tf.matMul(tf.zeros([0, 3]), tf.zeros([3, 4]));
    assert.deepEqual(empty.shape, [0, 4]);
    const zeroK = tf.matMul(tf.ones([2, 0]), tf.ones([0, 3]));
    assert.deepEqual(zeroK.shape, [2, 3]);
    assert.deepEqual(Array.from(await zeroK.data()), [0, 0, 0, 0, 0, 0]);
    tf.dispose([empty, zeroK]);
  });

  it('rejects mismatched inner dimensions with the shapes in the message', async () => {
    await useBackend('wasm');
    assert.throws(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 5])), /inner shapes \(3\) and \(4\)/);
  });

  it('gradients of a batched, transposed product match the cpu backend', async () => {
    const grads = async () => {
      const a = tf.tensor(lcgValues(4 * 20 * 9, 3), [4, 20, 9]);
      const b = tf.tensor(lcgValues(4 * 13 * 20, 4), [4, 13, 20]);
      // d/da, d/db of sum((aᵀ·bᵀ)²): the gradient itself runs transposed products.
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, true, true))))([a, b]);
      const out = [(await ga.data()) as Float32Array, (await gb.data()) as Float32Array];
      tf.dispose([a, b, ga, gb]);
      return out;
    };
    const { cpu, wasm } = await onCpuAndWasm(grads);
    assertClose(wasm[0], cpu[0], 400, 'dL/da');
    assertClose(wasm[1], cpu[1], 400, 'dL/db');
  });

  it('shares a large seeded dropout with the helper thread and gives the reference mask bit for bit', async function () {
    if (!crossOriginIsolated) this.skip();
    await wasmMatMulHelpersReady(10_000);
    // [7, 10003]: above the sharing threshold, and ragged against the 16-element steps.
    const n = 7 * 10_003;
    const xs = Float32Array.from({ length: n }, (_, i) => (i % 29) - 14.25);
    const x = tf.tensor(xs, [7, 10_003]);
    const expected = Array.from(dropoutMultipliers(n, 0.1, 4242), (m, i) => Math.fround(xs[i] * m));
    const before = wasmMatMulStatus()!;
    // As with products, the helper takes ranges only once it is awake: repeat (up to 10 s) until it has.
    const deadline = performance.now() + 10_000;
    let calls = 0;
    do {
      const y = seededDropout(x, 0.1, 4242);
      assert.deepEqual(Array.from(await y.data()), expected, `call ${calls}`);
      y.dispose();
      calls++;
    } while (wasmMatMulStatus()!.helperChunks === before.helperChunks && performance.now() < deadline);
    x.dispose();
    const after = wasmMatMulStatus()!;
    assert.isAbove(after.dropoutStats.jobs, before.dropoutStats.jobs, 'dropout calls shared');
    assert.isAbove(after.helperChunks, before.helperChunks, 'ranges the helper computed');
  });

  it('leaves no tensors behind', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const a = tf.ones([3, 40, 50]);
    const b = tf.ones([3, 50, 60]);
    tf.matMul(a, b, false, false).dispose();
    tf.dispose([a, b]);
    assert.strictEqual(tf.memory().numTensors, before);
  });
});
