/**
 * 16-bit float formats found in published checkpoints, widened to float32:
 * - F16 (IEEE 754 binary16): 1 sign, 5 exponent (bias 15), 10 mantissa bits;
 * - BF16 (bfloat16): the top 16 bits of a float32 (1 sign, 8 exponent, 7 mantissa bits).
 * Both conversions are exact (every half value is representable in float32).
 */

/** binary16 bit patterns → float32 values (subnormals, ±0, ±Inf and NaN included). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToNumber(bits[i]);
  return out;
}

/** One binary16 bit pattern as a number. */
export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // subnormal: 0.mantissa × 2^-14
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bit patterns → float32 values: shift into the high half of a float32 word. */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
  return new Float32Array(words.buffer);
}
