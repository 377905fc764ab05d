/**
 * Deterministic test values: a small LCG mapped to [-scale, scale), so every run checks the same
 * numbers on every backend.
 */
export function lcgValues(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 31 - 1) * scale;
  }
  return out;
}
