import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelShares, matmulShares } from '../../../bench/suites/profile.ts';

test('kernel shares sum each kernel name’s calls and times, largest first, and keep custom-gradient scopes apart', () => {
  const { kernels: shares, scopes } = kernelShares(
    [
      { name: 'Multiply', kernelTimeMs: 1.5 },
      { name: 'unnamed scope', kernelTimeMs: 12 },
      { name: 'BatchMatMul', kernelTimeMs: 10 },
      { name: 'Multiply', kernelTimeMs: 2.5 },
      { name: 'Transpose', kernelTimeMs: { error: 'no timer' } },
    ],
    (name) => name !== 'unnamed scope',
  );
  assert.deepEqual(
    scopes,
    [{ name: 'unnamed scope', ms: 12, calls: 1 }],
    'a custom-gradient scope is kept apart: its kernels are counted already',
  );
  assert.deepEqual(shares, [
    { name: 'BatchMatMul', ms: 10, calls: 1 },
    { name: 'Multiply', ms: 4, calls: 2 },
    { name: 'Transpose', ms: 0, calls: 1 },
  ]);
});

test('matmul shares group products by operand shapes and rate them in GFLOP/s, whichever operand is transposed', () => {
  // [2, 64, 32] × [2, 32, 16]: M = 64, N = 16, K = 32 → 2·2·64·16·32 = 131,072 FLOP per call, two calls in 0.5 ms.
  const batched = {
    name: 'BatchMatMul',
    inputShapes: [
      [2, 64, 32],
      [2, 32, 16],
    ],
    outputShapes: [[2, 64, 16]],
    kernelTimeMs: 0.25,
  };
  const shares = matmulShares([
    batched,
    batched,
    // transposeA: a is [K, M] = [100, 8], output [8, 4] → K = 100: 6,400 FLOP in 1 ms.
    {
      name: 'BatchMatMul',
      inputShapes: [
        [100, 8],
        [100, 4],
      ],
      outputShapes: [[8, 4]],
      kernelTimeMs: 1,
    },
    {
      name: 'Add',
      inputShapes: [
        [8, 4],
        [8, 4],
      ],
      outputShapes: [[8, 4]],
      kernelTimeMs: 5,
    },
  ]);
  assert.equal(shares.length, 2);
  assert.deepEqual(shares[0], { shapes: '[100,8]×[100,4]', ms: 1, calls: 1, gflops: 6400 / 1e6 });
  assert.equal(shares[1].shapes, '[2,64,32]×[2,32,16]');
  assert.equal(shares[1].calls, 2);
  assert.ok(Math.abs(shares[1].gflops - (2 * 131072) / 0.5e6) < 1e-12);
});
