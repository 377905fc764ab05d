import { instantiateGemm, gemmWorkspaceBytes, runGemmJob } from '../src/backend/wasmKernels/wasmGemm.ts';
const mem = new WebAssembly.Memory({ initial: 4096 }); // 256 MB
const g = instantiateGemm(mem)!;
let top = 1 << 20;
function alloc(n: number) { const p = top; top += ((n * 4 + 63) & ~63); return p; }
const f = new Float32Array(mem.buffer);
function rnd(p: number, n: number) { for (let i = 0; i < n; i++) f[p / 4 + i] = Math.random() - 0.5; }
function bench(M: number, N: number, K: number, ta: boolean, tb: boolean, reps = 5) {
  const a = alloc(M * K), b = alloc(K * N), c = alloc(M * N), ws = alloc(gemmWorkspaceBytes(N) / 4);
  rnd(a, M * K); rnd(b, K * N);
  const job = { a, b, c, M, N, K, sAi: ta ? 1 : K, sAk: ta ? M : 1, sBk: tb ? 1 : N, sBj: tb ? K : 1, ldc: N, count: 1, aStep: 0, bStep: 0, cStep: 0 };
  const times: number[] = [];
  for (let r = 0; r < reps + 2; r++) { const t = performance.now(); runGemmJob(g.gemmBatch, job, ws); times.push(performance.now() - t); }
  const ms = times.slice(2).sort((x, y) => x - y)[Math.floor(reps / 2)];
  console.log(`${M}x${N}x${K} ${ta ? 'At' : 'A'}${tb ? 'Bt' : 'B'}: ${ms.toFixed(1)} ms ${(2 * M * N * K / ms / 1e6).toFixed(1)} GF/s`);
  top = a;
}
for (let round = 0; round < 2; round++) {
  bench(1024, 1024, 1024, false, false);
  bench(1024, 1024, 1024, true, false);
  bench(1024, 1024, 1024, false, true);
  bench(4096, 1024, 256, false, false);
  bench(4096, 256, 1024, false, true);
  bench(4096, 256, 1024, false, false);
  bench(4096, 1024, 256, false, true);
  bench(512, 1024, 256, false, false);
  bench(512, 256, 256, false, false);
}
