/**
 * Cutting one matrix-product job into chunks that threads claim one at a time: along the batch
 * when there are enough products, else along the longer of rows of C (multiples of the 4-row
 * micro-tile) and columns (multiples of the 8-column panel). Chunks write disjoint regions of C,
 * and every element sums over k in the same order however the job is cut.
 */
import type { GemmJob } from './wasmGemm.ts';

/** Jobs below this many floating-point operations run on one thread (waking a worker costs ~10-50 µs). */
export const MIN_SPLIT_FLOP = 1.5e6;

/** Chunks per thread: several, so a thread that is descheduled on a busy machine delays little. */
export const CHUNKS_PER_THREAD = 4;

/** How a job is cut: along dim 0 (products), 1 (rows) or 2 (columns), `unit` of them per chunk. */
export interface GemmChunking {
  dim: 0 | 1 | 2;
  unit: number;
}

/** Floating-point operations of a job (2·M·N·K per product). */
export function gemmFlop(job: GemmJob): number {
  return 2 * job.M * job.N * job.K * job.count;
}

/**
 * Rows or columns a chunk has at least when cutting along them. Each chunk packs the whole of the
 * other operand again, so packing per FLOP grows as 1/rows + 1/columns of the chunk (bench/RESULTS.md:
 * a [32, 1024] slice of a K = 4096 product ran at 34 GFLOP/s where a [256, 128] one ran at 43).
 */
export const MIN_CHUNK = 32;

/**
 * How to cut `job` for `threads` threads, and into how many chunks; null when it is too small to
 * be worth sharing or cannot be cut. A product is cut along the longer of its rows and columns,
 * which repacks the least (see MIN_CHUNK); a batch of products along the batch when it is long.
 */
export function planChunks(job: GemmJob, threads: number, minFlop = MIN_SPLIT_FLOP): { chunking: GemmChunking; chunks: number } | null {
  if (threads < 2 || gemmFlop(job) < minFlop) return null;
  const target = CHUNKS_PER_THREAD * threads;
  const plan = (dim: 0 | 1 | 2, total: number, step: number, least: number) => {
    const unit = Math.ceil(Math.max(Math.ceil(total / target), least) / step) * step;
    return { chunking: { dim, unit }, chunks: Math.ceil(total / unit) };
  };
  if (job.count >= target) return plan(0, job.count, 1, 1);
  const [dim, total, step] = job.M >= job.N ? ([1, job.M, 4] as const) : ([2, job.N, 8] as const);
  if (total >= 2 * MIN_CHUNK) return plan(dim, total, step, MIN_CHUNK);
  if (job.count >= 2) return plan(0, job.count, 1, 1);
  if (job.M >= 8) return plan(1, job.M, 4, 4);
  if (job.N >= 16) return plan(2, job.N, 8, 8);
  return null;
}

/**
 * Chunk `index` of `job` as a job of its own. Self-contained on purpose: gemmThreads.ts inlines
 * its source text into the worker, so it must not refer to anything outside itself.
 */
export function chunkOfJob(job: GemmJob, chunking: GemmChunking, index: number): GemmJob {
  const c = Object.assign({}, job);
  const start = index * chunking.unit;
  if (chunking.dim === 0) {
    c.count = Math.min(chunking.unit, job.count - start);
    c.a = job.a + start * job.aStep;
    c.b = job.b + start * job.bStep;
    c.c = job.c + start * job.cStep;
  } else if (chunking.dim === 1) {
    c.M = Math.min(chunking.unit, job.M - start);
    c.a = job.a + 4 * start * job.sAi;
    c.c = job.c + 4 * start * job.ldc;
  } else {
    c.N = Math.min(chunking.unit, job.N - start);
    c.b = job.b + 4 * start * job.sBj;
    c.c = job.c + 4 * start;
  }
  return c;
}
