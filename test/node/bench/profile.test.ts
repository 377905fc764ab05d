import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelShares } from '../../../bench/suites/profile.ts';

test('kernel shares sum each kernel name’s calls and times, largest first', () => {
  const shares = kernelShares([
    { name: 'Multiply', kernelTimeMs: 1.5 },
    { name: 'BatchMatMul', kernelTimeMs: 10 },
    { name: 'Multiply', kernelTimeMs: 2.5 },
    { name: 'Transpose', kernelTimeMs: { error: 'no timer' } },
  ]);
  assert.deepEqual(shares, [
    { name: 'BatchMatMul', ms: 10, calls: 1 },
    { name: 'Multiply', ms: 4, calls: 2 },
    { name: 'Transpose', ms: 0, calls: 1 },
  ]);
});
