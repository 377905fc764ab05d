import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bfloat16ToFloat32,
  float16BitsToNumber,
  float16ToFloat32,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from '../../../src/checkpoint/halfFloat.ts';

test('every finite and infinite F16 value survives float32 → F16 unchanged, and the table decode agrees with the formula', () => {
  const all = Uint16Array.from({ length: 65536 }, (_, h) => h);
  const values = float16ToFloat32(all);
  for (let h = 0; h < 65536; h++) {
    const v = float16BitsToNumber(h);
    if (Number.isNaN(v)) {
      assert.ok(Number.isNaN(values[h]));
      continue;
    }
    assert.equal(values[h], v);
    assert.equal(float32ToFloat16Bits(Float32Array.of(v))[0], h, `bits ${h.toString(16)}`);
  }
});

test('float32 → F16 rounds to the nearest half (ties to even) and overflows to infinity', () => {
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even → 1. 1 + 3·2^-11 → 1 + 2^-9.
  assert.equal(float16ToFloat32(float32ToFloat16Bits(Float32Array.of(1 + 2 ** -11)))[0], 1);
  assert.equal(float16ToFloat32(float32ToFloat16Bits(Float32Array.of(1 + 3 * 2 ** -11)))[0], 1 + 2 ** -9);
  assert.equal(float16ToFloat32(float32ToFloat16Bits(Float32Array.of(70000)))[0], Infinity);
  assert.equal(float16ToFloat32(float32ToFloat16Bits(Float32Array.of(2 ** -25 + 2 ** -30)))[0], 2 ** -24); // rounds up to the smallest subnormal
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let k = 0; k < 20000; k++) {
    const v = Math.fround((rand() - 0.5) * 10 ** (rand() * 9 - 6));
    const h = float32ToFloat16Bits(Float32Array.of(v))[0];
    const got = float16BitsToNumber(h);
    // Neighbours in magnitude (same sign); below ±0 the other neighbour is the other sign's zero.
    const mag = h & 0x7fff;
    for (const n of [mag - 1, mag + 1].filter((m) => m >= 0 && m < 0x7c00)) {
      assert.ok(Math.abs(float16BitsToNumber(n | (h & 0x8000)) - v) >= Math.abs(got - v), `${v}`);
    }
  }
});

test('float32 → BF16 keeps every BF16 value and rounds others to the nearest (ties to even)', () => {
  for (let h = 0; h < 65536; h++) {
    const v = bfloat16ToFloat32(Uint16Array.of(h))[0];
    if (!Number.isNaN(v)) assert.equal(float32ToBfloat16Bits(Float32Array.of(v))[0], h);
  }
  assert.equal(bfloat16ToFloat32(float32ToBfloat16Bits(Float32Array.of(1 + 2 ** -8)))[0], 1);
  assert.equal(bfloat16ToFloat32(float32ToBfloat16Bits(Float32Array.of(1 + 3 * 2 ** -8)))[0], 1 + 2 ** -6);
  assert.ok(Number.isNaN(bfloat16ToFloat32(float32ToBfloat16Bits(Float32Array.of(NaN)))[0]));
});
