/**
 * Splitting one matrix-product job into parts for several threads: along the batch when there
 * are enough products, else along rows of C (multiples of the 4-row micro-tile), else along
 * columns (multiples of the 8-column panel). Parts write disjoint regions of C.
 */
import type { GemmJob } from './wasmGemm.ts';

/** Jobs below this many floating-point operations run on one thread (waking a worker costs ~10-50 µs). */
export const MIN_SPLIT_FLOP = 1.5e6;

/** Floating-point operations of a job (2·M·N·K per product). */
export function gemmFlop(job: GemmJob): number {
  return 2 * job.M * job.N * job.K * job.count;
}

/**
 * `total` cut into `parts` near-equal chunks whose boundaries are multiples of `unit` (the last
 * takes the rest); empty chunks dropped.
 */
function chunks(total: number, parts: number, unit: number): Array<[start: number, size: number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let p = 0; p < parts && start < total; p++) {
    const end = p === parts - 1 ? total : Math.min(total, Math.round((total * (p + 1)) / parts / unit) * unit);
    if (end > start) out.push([start, end - start]);
    start = end;
  }
  return out;
}

/**
 * Up to `parts` jobs that together compute `job`. Returns `[job]` when the job is too small to be
 * worth splitting or cannot be split.
 */
export function splitGemmJob(job: GemmJob, parts: number, minFlop = MIN_SPLIT_FLOP): GemmJob[] {
  if (parts < 2 || gemmFlop(job) < minFlop) return [job];
  if (job.count >= parts) {
    return chunks(job.count, parts, 1).map(([s, n]) => ({
      ...job,
      a: job.a + s * job.aStep,
      b: job.b + s * job.bStep,
      c: job.c + s * job.cStep,
      count: n,
    }));
  }
  if (job.M >= 8 * parts) {
    return chunks(job.M, parts, 4).map(([s, n]) => ({ ...job, a: job.a + 4 * s * job.sAi, c: job.c + 4 * s * job.ldc, M: n }));
  }
  if (job.N >= 16 * parts) {
    return chunks(job.N, parts, 8).map(([s, n]) => ({ ...job, b: job.b + 4 * s * job.sBj, c: job.c + 4 * s, N: n }));
  }
  return [job];
}
