/**
 * Helper threads for a heap that cannot be shared. tfjs-backend-wasm runs its single-threaded
 * build in Node (its thread detection says no there), so its memory is a plain ArrayBuffer that
 * no worker can see. A stage is a shared memory of its own, with its own instance of the matmul
 * module and helper threads on it: a product shared with the helpers has its operands copied onto
 * the stage, runs there on every thread, and its result is copied back. Copies are O(MK + KN + MN)
 * against the product's 2MNK operations, and the thread policy (threadPolicy.ts) times a product
 * with its copies, so staging is used only while it pays off.
 */
import { gemmWorkspaceBytes, instantiateGemm, type GemmBatchFn, type GemmJob } from './wasmGemm.ts';
import { GemmHelperThreads, type WorkerSpawner } from './gemmThreads.ts';
import type { GemmChunking } from './gemmSplit.ts';

const PAGE = 65536;
/** The shared memory's limit (4 GiB, wasm32's); only what is used is committed. */
const MAX_PAGES = 65536;

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Bytes from the first to one past the last element an operand of `count` matrices touches. */
function extentBytes(rows: number, cols: number, rowStride: number, colStride: number, count: number, step: number): number {
  return 4 * ((rows - 1) * rowStride + (cols - 1) * colStride + 1) + (count - 1) * step;
}

export class GemmStage {
  readonly memory: WebAssembly.Memory;
  readonly threads: GemmHelperThreads;
  private readonly gemmBatch: GemmBatchFn;
  /** Where the per-job area starts (after the helpers' control block). */
  private readonly base: number;

  /**
   * A stage with `helpers` helper threads started by `spawn`, or null when this engine cannot
   * run the module on a shared memory.
   */
  static create(helpers: number, spawn: WorkerSpawner): GemmStage | null {
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    } catch {
      return null; // no shared WebAssembly memory here
    }
    const gemm = instantiateGemm(memory);
    return gemm ? new GemmStage(memory, gemm.module, gemm.gemmBatch, helpers, spawn) : null;
  }

  private constructor(
    memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    gemmBatch: GemmBatchFn,
    helpers: number,
    spawn: WorkerSpawner,
  ) {
    this.memory = memory;
    this.gemmBatch = gemmBatch;
    let next = 64;
    // The control block is the only allocation the helpers make; jobs use the space after it.
    const malloc = (bytes: number) => {
      const at = next;
      next = alignUp(next + bytes, 64);
      return at;
    };
    this.threads = new GemmHelperThreads(memory, module, helpers, malloc, spawn);
    this.base = next;
  }

  /**
   * Computes `job`, whose pointers are into `heap`, on the stage with the helpers, cut as
   * `chunking` into `chunks` pieces; the result lands in `heap` as if computed there.
   */
  run(heap: WebAssembly.Memory, job: GemmJob, chunking: GemmChunking, chunks: number): void {
    const aBytes = extentBytes(job.M, job.K, job.sAi, job.sAk, job.count, job.aStep);
    const bBytes = extentBytes(job.K, job.N, job.sBk, job.sBj, job.count, job.bStep);
    const cBytes = extentBytes(job.M, job.N, job.ldc, 1, job.count, job.cStep);
    const wsBytes = alignUp(gemmWorkspaceBytes(job.N), 16);
    const spaces = Array.from({ length: 1 + this.threads.size }, (_, i) => this.base + i * wsBytes);
    const a = this.base + spaces.length * wsBytes;
    const b = alignUp(a + aBytes, 16);
    const c = alignUp(b + bBytes, 16);
    this.ensure(c + cBytes);
    const from = new Uint8Array(heap.buffer);
    const stage = new Uint8Array(this.memory.buffer);
    stage.set(from.subarray(job.a, job.a + aBytes), a);
    stage.set(from.subarray(job.b, job.b + bBytes), b);
    // C's extent is copied back whole; where it has gaps (rows or products not adjacent), the
    // gaps must come back unchanged, so they go onto the stage first.
    const dense = job.ldc === job.N && (job.count === 1 || job.cStep === 4 * job.M * job.N);
    if (!dense) stage.set(from.subarray(job.c, job.c + cBytes), c);
    this.threads.run(this.gemmBatch, { ...job, a, b, c }, chunking, chunks, spaces);
    from.set(stage.subarray(c, c + cBytes), job.c);
  }

  /** Grows the shared memory to hold `bytes`. */
  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  dispose(): void {
    this.threads.dispose();
  }
}
