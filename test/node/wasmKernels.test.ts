import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../src/backend/nodeBackends.ts';
import { registeredWasmKernels } from '../../src/backend/wasmKernels/registerWasmKernels.ts';
import { gemmFlop, splitGemmJob } from '../../src/backend/wasmKernels/gemmSplit.ts';
import type { GemmJob } from '../../src/backend/wasmKernels/wasmGemm.ts';
import { dropoutMultipliers, seededDropout } from '../../src/model/seededDropout.ts';
import { generate } from '../../scripts/build-wasm-kernels.mjs';
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
  a: 0, b: 1 << 20, c: 2 << 20, M: 64, N: 64, K: 64, sAi: 64, sAk: 1, sBk: 64, sBj: 1, ldc: 64,
  count: 1, aStep: 0, bStep: 0, cStep: 0, ...over,
});

describe('splitting a matmul job across threads', () => {
  it('splits a batch into contiguous runs of products', () => {
    const j = job({ count: 5, aStep: 100, bStep: 200, cStep: 300 });
    const parts = splitGemmJob(j, 2, 0);
    assert.deepEqual(parts.map((p) => [p.count, p.a, p.b, p.c]), [[3, 0, j.b, j.c], [2, 300, j.b + 600, j.c + 900]]);
  });

  it('splits rows in multiples of the 4-row tile and columns in multiples of 8, covering every element once', () => {
    const rows = splitGemmJob(job({ M: 37 }), 3, 0);
    assert.deepEqual(rows.map((p) => p.M), [12, 12, 13]);
    assert.equal(rows[1].a, 12 * 64 * 4);
    assert.equal(rows[1].c, job({}).c + 12 * 64 * 4);
    const cols = splitGemmJob(job({ M: 4, N: 70, sBj: 1 }), 2, 0);
    assert.deepEqual(cols.map((p) => p.N), [32, 38]);
    assert.equal(cols[1].b, job({}).b + 32 * 4);
    assert.equal(cols[1].c, job({}).c + 32 * 4);
  });

  it('keeps small jobs whole', () => {
    assert.equal(splitGemmJob(job({ M: 8, N: 8, K: 8 }), 2).length, 1);
    assert.equal(gemmFlop(job({ count: 2 })), 2 * 2 * 64 ** 3);
  });
});

describe('wasm kernels in Node', () => {
  before(async () => {
    await initNodeBackend('wasm');
  });

  it('the generated wasm modules match their .wat sources', async () => {
    for (const [target, text] of await generate()) assert.equal(readFileSync(target, 'utf8'), text, `${target} is stale`);
  });

  it('replace the stock BatchMatMul, Identity, Cast, Slice, SplitV and GatherV2 and add seeded dropout', () => {
    for (const k of ['BatchMatMul', 'Identity', 'Cast', 'Slice', 'SplitV', 'GatherV2', 'T5SeededDropout']) assert.ok(registeredWasmKernels().includes(k), k);
  });

  for (const [a, b, ta, tb] of [
    [[37, 300], [300, 29], false, false],
    [[300, 37], [29, 300], true, true],
    [[6, 17, 33], [6, 41, 17], true, true],
    [[4, 13, 11], [11, 10], false, false],
  ] as const) {
    it(`matMul of [${a}]${ta ? 'ᵀ' : ''} and [${b}]${tb ? 'ᵀ' : ''} matches the cpu backend`, async () => {
      const size = (s: readonly number[]) => s.reduce((p, q) => p * q, 1);
      const { cpu, wasm } = await cpuAndWasm(() => tf.matMul(tf.tensor(values(size(a), 1), [...a]), tf.tensor(values(size(b), 2), [...b]), ta, tb));
      assertClose(wasm[0], cpu[0], 1e-5 * 300, 'product');
    });
  }

  it('slices, splits and row gathers match the cpu backend', async () => {
    const { cpu, wasm } = await cpuAndWasm(() => {
      const x = tf.tensor(values(5 * 7 * 9, 3), [5, 7, 9]);
      const ids = tf.tensor1d([4, 0, 4, 2], 'int32');
      return [
        tf.slice(x, [1, 2, 3], [3, 4, 5]),
        tf.slice(x, [2, 0, 0], [2, 7, 9]),
        ...tf.split(x, [2, -1, 3], 1),
        tf.gather(x, ids),
        tf.gather(x, ids, 2),
      ];
    });
    cpu.forEach((c, i) => assert.deepEqual(Array.from(wasm[i]), Array.from(c), `output ${i}`));
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
    assert.deepEqual(Array.from(y), Array.from(xs, (v, i) => Math.fround(v * mask[i])));
    x.dispose();
  });
});
