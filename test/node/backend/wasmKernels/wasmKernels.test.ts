import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../../src/backend/nodeBackends.ts';
import {
  registeredWasmKernels,
  setWasmMatMulHelpers,
  setWasmMatMulThreading,
  wasmMatMulHelpersReady,
  wasmMatMulStatus,
} from '../../../../src/backend/wasmKernels/registerWasmKernels.ts';
import { nodeHelperThreads, spawnNodeWorker } from '../../../../src/backend/nodeWorkers.ts';
import { GemmHelperThreads, type DropoutFn } from '../../../../src/backend/wasmKernels/gemmThreads.ts';
import { instantiateGemm } from '../../../../src/backend/wasmKernels/wasmGemm.ts';
import { instantiateOn, wasmModule } from '../../../../src/backend/wasmKernels/wasmModules.ts';
import { DROPOUT_WASM } from '../../../../src/backend/wasmKernels/dropoutWasm.generated.ts';
import { dropoutKeys, dropoutThreshold } from '../../../../src/model/seededDropout.ts';
import { CHUNKS_PER_THREAD, chunkOfJob, gemmFlop, planChunks } from '../../../../src/backend/wasmKernels/gemmSplit.ts';
import type { GemmJob } from '../../../../src/backend/wasmKernels/wasmGemm.ts';
import { dropoutMultipliers, seededDropout } from '../../../../src/model/seededDropout.ts';
import { AdaptiveThreadPolicy } from '../../../../src/backend/wasmKernels/threadPolicy.ts';
import { generate } from '../../../../scripts/build-wasm-kernels.mjs';
import { Adafactor } from '../../../../src/training/adafactor.ts';
import { readFileSync } from 'node:fs';

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `f` on cpu (the reference) and on wasm; returns both results as plain arrays. */
async function cpuAndWasm(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const data = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose(list);
    return data;
  };
  return { cpu: await run('cpu'), wasm: await run('wasm') };
}

function assertClose(actual: Float32Array, expected: Float32Array, tol: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: size`);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tol) assert.fail(`${label}: element ${i} is ${actual[i]}, cpu says ${expected[i]}`);
  }
}

const job = (over: Partial<GemmJob>): GemmJob => ({
  a: 0,
  b: 1 << 20,
  c: 2 << 20,
  M: 64,
  N: 64,
  K: 64,
  sAi: 64,
  sAk: 1,
  sBk: 64,
  sBj: 1,
  ldc: 64,
  count: 1,
  aStep: 0,
  bStep: 0,
  cStep: 0,
  ...over,
});

/** Which (product, row, column) cells of C each chunk writes, as flat indices (sorted). */
function cellsOf(job: GemmJob, chunks: GemmJob[]): number[] {
  const cells: number[] = [];
  for (const c of chunks) {
    for (let p = 0; p < c.count; p++) {
      for (let i = 0; i < c.M; i++) {
        for (let j = 0; j < c.N; j++) cells.push((c.c - job.c + p * c.cStep) / 4 + i * c.ldc + j);
      }
    }
  }
  return cells.sort((x, y) => x - y);
}

describe('cutting a matmul job into chunks for threads', () => {
  const cases: Array<[string, Partial<GemmJob>, 0 | 1 | 2]> = [
    ['a large batch along products', { count: 64, M: 32, N: 32, K: 32, aStep: 4096, bStep: 4096, cStep: 4096 }, 0],
    ['a single product along rows (multiples of 4)', { M: 2045, N: 128, K: 128, ldc: 128 }, 1],
    ['few rows along columns (multiples of 8)', { M: 4, N: 1001, K: 300, ldc: 1001 }, 2],
  ];
  for (const [what, over, dim] of cases) {
    it(`cuts ${what} so that every element of C is written exactly once`, () => {
      const j = job(over);
      const plan = planChunks(j, 2)!;
      assert.equal(plan.chunking.dim, dim);
      assert.ok(plan.chunks >= 2 && plan.chunks <= 2 * CHUNKS_PER_THREAD);
      const parts = Array.from({ length: plan.chunks }, (_, i) => chunkOfJob(j, plan.chunking, i));
      if (dim === 1) assert.ok(parts.slice(0, -1).every((p) => p.M % 4 === 0));
      if (dim === 2) assert.ok(parts.slice(0, -1).every((p) => p.N % 8 === 0));
      const whole = cellsOf(j, [j]);
      assert.deepEqual(cellsOf(j, parts), whole);
    });
  }

  it('keeps small jobs and single threads whole', () => {
    assert.equal(planChunks(job({ M: 8, N: 8, K: 8 }), 2), null);
    assert.equal(planChunks(job({ M: 512, N: 512, K: 512 }), 1), null);
    assert.equal(gemmFlop(job({ count: 2 })), 2 * 2 * 64 ** 3);
  });

  it('cuts a product along its longer side, in chunks large enough to repack little', () => {
    const wide = planChunks(job({ M: 256, N: 1024, K: 4096, ldc: 1024 }), 2)!;
    assert.deepEqual(wide.chunking, { dim: 2, unit: 128 });
    const tall = planChunks(job({ M: 4096, N: 256, K: 1024, ldc: 256 }), 2)!;
    assert.deepEqual(tall.chunking, { dim: 1, unit: 512 });
    const square = planChunks(job({ M: 128, N: 128, K: 2048, ldc: 128 }), 2)!;
    assert.deepEqual([square.chunking.unit, square.chunks], [32, 4]);
  });
});

describe('deciding whether helper threads pay off', () => {
  /** Runs `jobs` products of 1 MFLOP taking `threadsMs` / `singleMs`; returns the modes used. */
  function drive(policy: AdaptiveThreadPolicy, jobs: number, threadsMs: number, singleMs: number): boolean[] {
    const used: boolean[] = [];
    for (let i = 0; i < jobs; i++) {
      const u = policy.useThreads();
      policy.record(u, 1e6, u ? threadsMs : singleMs);
      used.push(u);
    }
    return used;
  }

  it('measures a window on one thread, a window with helpers, then keeps the faster until it measures again', () => {
    const p = new AdaptiveThreadPolicy({ window: 3, exploit: 4 });
    const idle = drive(p, 10, 0.5, 1);
    assert.deepEqual(idle, [false, false, false, true, true, true, true, true, true, true]);
    assert.deepEqual(p.decisions, { threads: 1, single: 0 });
  });

  it('drops the helpers when the machine gets busy, and takes them back when it frees up', () => {
    const p = new AdaptiveThreadPolicy({ window: 3, exploit: 4 });
    assert.deepEqual(drive(p, 10, 2, 1), [false, false, false, true, true, true, false, false, false, false]);
    assert.deepEqual(drive(p, 10, 0.5, 1), [false, false, false, true, true, true, true, true, true, true]);
    assert.deepEqual(p.decisions, { threads: 1, single: 1 });
  });

  it('measures less often while the same choice keeps winning', () => {
    const p = new AdaptiveThreadPolicy({ window: 2, exploit: 3, maxStretch: 4 });
    const used = drive(p, 2 + 2 + 3 + 2 + 2 + 6 + 2 + 2 + 12 + 2 + 2 + 12, 0.5, 1);
    // Single-thread windows start after stretches of 3, 6, 12, then 12 (the cap) products.
    const singleStarts = used.flatMap((u, i) => (!u && (i === 0 || used[i - 1]) ? [i] : []));
    assert.deepEqual(singleStarts, [0, 7, 17, 33]);
    assert.deepEqual(p.decisions, { threads: 4, single: 0 });
  });

  it('measures again within a window when the chosen mode slows down', () => {
    const p = new AdaptiveThreadPolicy({ window: 2, exploit: 100 });
    drive(p, 4, 0.5, 1);
    assert.deepEqual(drive(p, 8, 2, 1), [true, true, false, false, true, true, false, false]);
    assert.deepEqual(p.decisions, { threads: 1, single: 1 });
  });

  it('tells what it last chose, so a profile can fix that mode instead of catching a measuring window', () => {
    const p = new AdaptiveThreadPolicy({ window: 3, exploit: 4 });
    assert.equal(p.lastChoice, null);
    drive(p, 6, 0.5, 1);
    assert.equal(p.lastChoice, 'threads');
    // In the next single-thread window the choice still stands: the window is measurement only.
    drive(p, 5, 0.5, 1);
    assert.equal(p.useThreads(), false);
    assert.equal(p.lastChoice, 'threads');
    drive(p, 5, 2, 1);
    assert.equal(p.lastChoice, 'single');
  });

  it('needs a clear margin before preferring helpers', () => {
    const p = new AdaptiveThreadPolicy({ window: 3, exploit: 4, margin: 1.1 });
    assert.deepEqual(drive(p, 10, 0.95, 1).slice(6), [false, false, false, false]);
  });

  // Two shapes of product: helpers make both faster, but a window of large products on one thread
  // moves more FLOP per ms than a window of small ones with helpers.
  const SHAPES = { big: { flop: 10, single: 1, threads: 0.6 }, small: { flop: 1, single: 0.5, threads: 0.4 } };
  function driveShapes(policy: AdaptiveThreadPolicy, shapes: Array<keyof typeof SHAPES>): boolean[] {
    return shapes.map((name) => {
      const u = policy.useThreads();
      const s = SHAPES[name];
      policy.record(u, s.flop, u ? s.threads : s.single, name);
      return u;
    });
  }

  it('compares the two modes on the same shapes of product, whatever mix each window holds', () => {
    const p = new AdaptiveThreadPolicy({ window: 4, exploit: 8 });
    // One thread runs three large products and a small one, the helpers three small and a large one.
    driveShapes(p, ['big', 'big', 'big', 'small', 'small', 'small', 'small', 'big']);
    assert.deepEqual(p.decisions, { threads: 1, single: 0 });
    assert.equal(p.useThreads(), true);
  });

  it('pools all products when they are recorded without shapes', () => {
    const p = new AdaptiveThreadPolicy({ window: 4, exploit: 8 });
    for (const name of ['big', 'big', 'big', 'small', 'small', 'small', 'small', 'big'] as const) {
      const u = p.useThreads();
      const s = SHAPES[name];
      p.record(u, s.flop, u ? s.threads : s.single);
    }
    // The pooled rates favour the window of large products, as the shapes above show they should not.
    assert.deepEqual(p.decisions, { threads: 0, single: 1 });
  });

  it('measures both modes again, keeping what it has, when the two windows ran different shapes', () => {
    const p = new AdaptiveThreadPolicy({ window: 4, exploit: 8 });
    // One thread ran only large products, the helpers only small ones: nothing to compare yet.
    const first = driveShapes(p, ['big', 'big', 'big', 'big', 'small', 'small', 'small', 'small']);
    assert.deepEqual(first, [false, false, false, false, true, true, true, true]);
    assert.deepEqual(p.decisions, { threads: 0, single: 0 });
    // A second round gives each mode both shapes; the helpers win on each.
    driveShapes(p, ['small', 'small', 'small', 'small', 'big', 'big', 'big', 'big']);
    assert.deepEqual(p.decisions, { threads: 1, single: 0 });
  });

  it('does not measure again when a stretch only runs another mix of the shapes it measured', () => {
    const p = new AdaptiveThreadPolicy({ window: 4, exploit: 100 });
    driveShapes(p, ['big', 'small', 'big', 'small', 'big', 'small', 'big', 'small']);
    assert.deepEqual(p.decisions, { threads: 1, single: 0 });
    // Twelve small products at their measured speed, then twelve large ones: still the helpers.
    const used = driveShapes(p, [...Array<'small'>(12).fill('small'), ...Array<'big'>(12).fill('big')]);
    assert.ok(used.every((u) => u));
    assert.deepEqual(p.decisions, { threads: 1, single: 0 });
  });

  it('obeys a fixed mode without measuring', () => {
    const p = new AdaptiveThreadPolicy({ window: 2, mode: 'never' });
    assert.ok(drive(p, 10, 0.1, 1).every((u) => !u));
    p.mode = 'always';
    assert.ok(drive(p, 10, 5, 1).every((u) => u));
    assert.deepEqual(p.decisions, { threads: 0, single: 0 });
  });
});

describe('wasm kernels in Node', () => {
  before(async () => {
    await initNodeBackend('wasm');
  });

  it('shares matmuls with a helper thread on a stage and gets the one-thread result bit for bit', async () => {
    const defaultHelpers = wasmMatMulStatus()!.helperThreads;
    assert.equal(setWasmMatMulHelpers(1), 1);
    try {
      await wasmMatMulHelpersReady(10_000);
      assert.deepEqual([wasmMatMulStatus()!.helperThreads, wasmMatMulStatus()!.helpersReady], [1, 1]);
      const cases: Array<[number[], number[], boolean, boolean]> = [
        [[130, 67], [67, 90], false, false], // edges in every dimension
        [[67, 130], [67, 90], true, false],
        [[130, 67], [90, 67], false, true],
        [[16, 40, 33], [16, 33, 50], false, false], // a batch, cut along it
        [[2, 1, 128, 64], [1, 3, 64, 96], false, false], // broadcast batches: one product at a time
        [[12, 64, 32], [32, 80], false, false], // one operand shared by the batch
      ];
      const before = wasmMatMulStatus()!.helperChunks;
      for (const [sa, sb, ta, tb] of cases) {
        const a = tf.randomUniform(sa, -1, 1, 'float32', 11);
        const b = tf.randomUniform(sb, -1, 1, 'float32', 12);
        const product = async (mode: 'always' | 'never') => {
          setWasmMatMulThreading(mode);
          const c = tf.matMul(a, b, ta, tb);
          const data = (await c.data()) as Float32Array;
          c.dispose();
          return data;
        };
        const single = await product('never');
        // The helper takes chunks only once it is awake; every run must equal the single thread.
        for (let i = 0; i < 5; i++) assert.deepEqual(await product('always'), single, `[${sa}]·[${sb}] ta=${ta} tb=${tb}`);
        tf.dispose([a, b]);
      }
      assert.ok(wasmMatMulStatus()!.helperChunks > before, 'the helper computed chunks');
    } finally {
      setWasmMatMulThreading('adaptive');
      setWasmMatMulHelpers(defaultHelpers);
    }
  });

  it('shares seeded dropout with helper threads on a shared memory and gets the reference mask bit for bit', async () => {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
    let next = 64;
    const malloc = (bytes: number) => {
      const at = next;
      next = Math.ceil((next + bytes) / 64) * 64;
      return at;
    };
    const gemm = instantiateGemm(memory)!;
    const threads = new GemmHelperThreads(memory, gemm.module, 2, malloc, spawnNodeWorker, wasmModule(DROPOUT_WASM, true));
    try {
      const dropout = instantiateOn(DROPOUT_WASM, memory)!.exports.dropout as DropoutFn;
      const deadline = Date.now() + 10_000;
      while (threads.readyCount < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(threads.readyCount, 2);
      // Ragged against the 16-element steps, with a start index as a range of a larger tensor has.
      const n = 100_003;
      const start = 5;
      const x = malloc(4 * n);
      const out = malloc(4 * n);
      const xs = Float32Array.from({ length: n }, (_, i) => (i % 23) - 11.5);
      new Float32Array(memory.buffer, x, n).set(xs);
      const { k1, k2 } = dropoutKeys(99);
      const job = { x, out, n, start, k1: k1 | 0, k2: k2 | 0, threshold: dropoutThreshold(0.3) | 0, scale: 1 / 0.7 };
      const mask = dropoutMultipliers(start + n, 0.3, 99).subarray(start);
      const expected = Array.from(xs, (v, i) => Math.fround(v * mask[i]));
      // The helpers take ranges only once awake: repeat (up to 10 s) until they have.
      const before = threads.helperChunks;
      do {
        new Float32Array(memory.buffer, out, n).fill(NaN);
        threads.runDropout(dropout, job, 12);
        assert.deepEqual(Array.from(new Float32Array(memory.buffer, out, n)), expected);
      } while (threads.helperChunks === before && Date.now() < deadline);
      assert.ok(threads.helperChunks > before, 'the helpers computed ranges');
      assert.ok(threads.dropoutStats.jobs > 0 && threads.stats.jobs === 0, 'counted as dropout, not as products');
    } finally {
      threads.dispose();
    }
  });

  it('takes its helper thread count from T5LAB_WASM_HELPERS, and refuses a bad one naming it', () => {
    assert.equal(nodeHelperThreads({ T5LAB_WASM_HELPERS: '0' }), 0);
    assert.equal(nodeHelperThreads({ T5LAB_WASM_HELPERS: '2' }), 2);
    assert.ok(nodeHelperThreads({}) <= 3);
    assert.throws(
      () => nodeHelperThreads({ T5LAB_WASM_HELPERS: 'two' }),
      /T5LAB_WASM_HELPERS must be a whole number from 0 to 8 \(got "two"\)/,
    );
  });

  it('the generated wasm modules match their .wat sources', async () => {
    for (const [target, text] of await generate()) assert.equal(readFileSync(target, 'utf8'), text, `${target} is stale`);
  });

  it('replace the stock data-moving kernels and BatchMatMul and add seeded dropout, the fused RMS norm, the fused cross-entropy and the fused Adafactor update', () => {
    for (const k of [
      'BatchMatMul',
      'Identity',
      'Cast',
      'Slice',
      'SplitV',
      'Concat',
      'Transpose',
      'GatherV2',
      'T5SeededDropout',
      'T5RmsNorm',
      'T5RmsNormGrad',
      'T5CrossEntropyRows',
      'T5CrossEntropyGrad',
      'T5AdafactorFactored',
      'T5AdafactorFull',
    ]) {
      assert.ok(registeredWasmKernels().includes(k), k);
    }
  });

  for (const [a, b, ta, tb] of [
    [[37, 300], [300, 29], false, false],
    [[300, 37], [29, 300], true, true],
    [[6, 17, 33], [6, 41, 17], true, true],
    [[4, 13, 11], [11, 10], false, false],
  ] as const) {
    it(`matMul of [${a}]${ta ? 'ᵀ' : ''} and [${b}]${tb ? 'ᵀ' : ''} matches the cpu backend`, async () => {
      const size = (s: readonly number[]) => s.reduce((p, q) => p * q, 1);
      const { cpu, wasm } = await cpuAndWasm(() =>
        tf.matMul(tf.tensor(values(size(a), 1), [...a]), tf.tensor(values(size(b), 2), [...b]), ta, tb),
      );
      assertClose(wasm[0], cpu[0], 1e-5 * 300, 'product');
    });
  }

  it('slices, splits, concats, transposes and row gathers match the cpu backend', async () => {
    const { cpu, wasm } = await cpuAndWasm(() => {
      const x = tf.tensor(values(5 * 7 * 9, 3), [5, 7, 9]);
      const y = tf.tensor(values(2 * 3 * 4 * 5 * 6, 4), [2, 3, 4, 5, 6]);
      const ids = tf.tensor1d([4, 0, 4, 2], 'int32');
      const flags = tf.tensor([true, false, true, true, false, false], [2, 3], 'bool');
      return [
        tf.slice(x, [1, 2, 3], [3, 4, 5]),
        tf.slice(x, [2, 0, 0], [2, 7, 9]),
        tf.slice(y, [1, 0, 1, 2, 3], [1, 3, 2, 3, 3]),
        ...tf.split(x, [2, -1, 3], 1),
        tf.concat([x, x.slice([0, 0, 0], [5, 7, 2])], 2),
        tf.concat([x, x], 0),
        tf.transpose(x, [1, 0, 2]),
        tf.transpose(y, [0, 3, 1, 2, 4]),
        tf.transpose(x, [2, 0, 1]),
        tf.cast(tf.concat([flags, flags], 1), 'float32'),
        tf.gather(x, ids),
        tf.gather(x, ids, 2),
      ];
    });
    cpu.forEach((c, i) => assert.deepEqual(Array.from(wasm[i]), Array.from(c), `output ${i}`));
  });

  it('transposes that move the last axis match the cpu backend, ragged edges, int32 and NaN bits included', async () => {
    const cases: Array<[number[], number[]]> = [
      [
        [3, 13, 2, 10],
        [0, 2, 3, 1],
      ], // attention keys [b, L, H, d] → [b, H, d, L], ragged blocks
      [
        [3, 2, 10, 13],
        [0, 3, 1, 2],
      ], // and the gradient's way back
      [
        [2, 37, 3, 21],
        [0, 2, 3, 1],
      ], // 16x16 tiles with ragged rows and columns past them
      [
        [2, 3, 21, 37],
        [0, 3, 1, 2],
      ],
      [
        [4, 8],
        [1, 0],
      ], // whole 4x4 blocks only
      [
        [9, 6],
        [1, 0],
      ],
      [
        [5, 3, 7],
        [2, 1, 0],
      ],
      [
        [2, 3, 4, 5, 6],
        [4, 1, 3, 0, 2],
      ], // three outer axes that do not merge
      [
        [1, 1, 5],
        [2, 0, 1],
      ],
    ];
    const { cpu, wasm } = await cpuAndWasm(() =>
      cases.flatMap(([shape, perm]) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const vals = values(n, 5);
        vals[n >> 1] = NaN;
        const ints = tf.tensor(
          Int32Array.from({ length: n }, (_, i) => i * 31 - 50_000),
          shape,
          'int32',
        );
        return [tf.transpose(tf.tensor(vals, shape), perm), tf.cast(tf.transpose(ints, perm), 'float32')];
      }),
    );
    cpu.forEach((c, i) => assert.deepEqual(Array.from(wasm[i]), Array.from(c), `case ${cases[i >> 1][0]} perm ${cases[i >> 1][1]}`));
  });

  it('row gather rejects an index out of range', async () => {
    await tf.setBackend('wasm');
    assert.throws(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([3], 'int32')), /index value 3 is not in \[0, 2\]/);
  });

  it('seeded dropout gives the reference mask bit for bit', async () => {
    await tf.setBackend('wasm');
    const n = 1003;
    const x = tf.tensor(values(n, 4));
    const y = await seededDropout(x, 0.1, 12345).data();
    const mask = dropoutMultipliers(n, 0.1, 12345);
    const xs = values(n, 4);
    assert.deepEqual(
      Array.from(y),
      Array.from(xs, (v, i) => Math.fround(v * mask[i])),
    );
    x.dispose();
  });

  // Shapes with row and column counts that are not multiples of 4 (the kernel's scalar tails),
  // a model-sized matrix, a bias table and a vector; several updates so the moments accumulate.
  const ADAFACTOR_SHAPES: number[][] = [[130, 67], [256, 128], [33, 4], [7], [2048, 128]];
  for (const [label, config] of [
    ['T5 defaults', {}],
    ['β1 = 0.9, no clipping, no parameter scale', { beta1: 0.9, clippingThreshold: null, multiplyByParameterScale: false }],
    ['relative step, everything factored from 4 up', { relativeStep: true, minDimSizeToFactor: 4 }],
  ] as const) {
    it(`the fused Adafactor update matches tfjs ops on the cpu backend over 4 updates: ${label}`, async () => {
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const opt = new Adafactor(config);
        const weights = new Map(
          ADAFACTOR_SHAPES.map((shape, i) => [
            `w${i}`,
            tf.tidy(() =>
              tf.variable(
                tf.tensor(
                  values(
                    shape.reduce((p, q) => p * q, 1),
                    10 + i,
                  ),
                  shape,
                ),
              ),
            ),
          ]),
        );
        for (let step = 0; step < 4; step++) {
          // Gradients that grow, so that clipping (1.0) acts on later updates.
          const grads = new Map(
            ADAFACTOR_SHAPES.map((shape, i) => [
              `w${i}`,
              tf.tidy(() =>
                tf.mul(
                  tf.tensor(
                    values(
                      shape.reduce((p, q) => p * q, 1),
                      100 * step + i,
                    ),
                    shape,
                  ),
                  10 ** step,
                ),
              ),
            ]),
          );
          opt.applyGradients(weights, grads, 0.01);
          tf.dispose([...grads.values()]);
        }
        const out = {
          weights: await Promise.all([...weights.values()].map(async (w) => (await w.data()) as Float32Array)),
          state: await opt.getState(),
        };
        opt.dispose();
        tf.dispose([...weights.values()]);
        return out;
      };
      const cpu = await run('cpu');
      const numTensors = tf.memory().numTensors;
      const wasm = await run('wasm');
      assert.equal(tf.memory().numTensors, numTensors, 'no tensor left behind');
      cpu.weights.forEach((c, i) => assertCloseRel(wasm.weights[i], c, 2e-5, `weight [${ADAFACTOR_SHAPES[i]}]`));
      assert.deepEqual([...wasm.state.slots.keys()], [...cpu.state.slots.keys()], 'the same slots');
      for (const [key, slot] of cpu.state.slots) assertCloseRel(wasm.state.slots.get(key)!.values, slot.values, 2e-5, `slot ${key}`);
    });
  }
});

/** |actual − expected| ≤ rel·(|expected| + the mean magnitude of expected), element by element. */
function assertCloseRel(actual: Float32Array, expected: Float32Array, rel: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: size`);
  const scale = expected.reduce((s, x) => s + Math.abs(x), 0) / Math.max(1, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rel * (Math.abs(expected[i]) + scale)))
      assert.fail(`${label}: element ${i} is ${actual[i]}, cpu says ${expected[i]}`);
  }
}
