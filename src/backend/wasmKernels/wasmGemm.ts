/**
 * The SIMD matrix-product module (matmul.wat): its job description, workspace size and calls.
 */
import { MATMUL_WASM } from './matmulWasm.generated.ts';
import { instantiateOn } from './wasmModules.ts';

/**
 * One call of the module: `count` products C[M, N] = A[M, K]·B[K, N] with element strides, the
 * operand pointers (bytes) advancing by aStep/bStep/cStep bytes between products.
 */
export interface GemmJob {
  a: number;
  b: number;
  c: number;
  M: number;
  N: number;
  K: number;
  /** Element strides of A along rows (i) and along the shared dim (k). */
  sAi: number;
  sAk: number;
  /** Element strides of B along the shared dim (k) and along columns (j). */
  sBk: number;
  sBj: number;
  /** Element stride between rows of C. */
  ldc: number;
  count: number;
  aStep: number;
  bStep: number;
  cStep: number;
}

/** Depth of a packed block (matmul.wat $KC) and rows of a packed block of A ($MC). */
const KC = 256;
const MC = 128;

/** Bytes of workspace a product with N columns needs: packed B and A blocks and a 4×8 edge tile. */
export function gemmWorkspaceBytes(N: number): number {
  return (KC * Math.ceil(N / 8) * 8 + MC * KC + 4 * 8) * 4;
}

export type GemmBatchFn = (
  a: number,
  b: number,
  c: number,
  M: number,
  N: number,
  K: number,
  sAi: number,
  sAk: number,
  sBk: number,
  sBj: number,
  ldc: number,
  ws: number,
  count: number,
  aStep: number,
  bStep: number,
  cStep: number,
) => void;

/** `gemmBatch` of a fresh instance on `memory`, or null when the module cannot run here. */
export function instantiateGemm(memory: WebAssembly.Memory): { module: WebAssembly.Module; gemmBatch: GemmBatchFn } | null {
  const inst = instantiateOn(MATMUL_WASM, memory);
  return inst ? { module: inst.module, gemmBatch: inst.exports.gemmBatch as GemmBatchFn } : null;
}

/** Runs one job on the calling thread with workspace `ws` (16-byte aligned). */
export function runGemmJob(gemmBatch: GemmBatchFn, job: GemmJob, ws: number): void {
  gemmBatch(
    job.a,
    job.b,
    job.c,
    job.M,
    job.N,
    job.K,
    job.sAi,
    job.sAk,
    job.sBk,
    job.sBj,
    job.ldc,
    ws,
    job.count,
    job.aStep,
    job.bStep,
    job.cStep,
  );
}
