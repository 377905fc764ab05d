/**
 * BatchMatMul for tfjs-backend-wasm on the SIMD module of matmul.wat. Same inputs, attributes,
 * broadcasting and output as the stock kernel, which it replaces because tfjs-wasm 4.22 sends every
 * batched or transposed product to a scalar loop (~2 GFLOP/s; see bench/RESULTS.md). Anything the
 * module cannot run (non-float32, no WebAssembly SIMD) goes to the stock kernel.
 */
import { broadcast_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { gemmWorkspaceBytes, instantiateGemm, runGemmJob, type GemmBatchFn, type GemmJob } from './wasmGemm.ts';
import { heapOffset, isSharedMemory, wasmMemoryOf, wasmModule, type WasmBackendLike } from './wasmModules.ts';
import { DROPOUT_WASM } from './dropoutWasm.generated.ts';
import { gemmFlop, planChunks } from './gemmSplit.ts';
import { AdaptiveThreadPolicy, type ThreadPolicyOptions, type ThreadingMode } from './threadPolicy.ts';
import { GemmHelperThreads, canStartWorkers, type WorkerSpawner } from './gemmThreads.ts';
import { GemmStage } from './gemmStage.ts';

interface Runtime {
  gemmBatch: GemmBatchFn;
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  /** Helpers on the backend's own (shared) heap. */
  threads: GemmHelperThreads | null;
  /** Or, where the heap is not shared and `spawnWorker` is given, helpers on a stage (gemmStage.ts). */
  stage: GemmStage | null;
  /** Measures whether sharing with the helpers pays off on this machine right now. */
  policy: AdaptiveThreadPolicy;
  /** One workspace per thread (this one first), grown on demand; [pointer, bytes]. */
  workspaces: Array<[ptr: number, bytes: number]>;
  malloc(bytes: number): number;
  free(ptr: number): void;
  spawnWorker: WorkerSpawner | undefined;
}

export interface FastBatchMatMulOptions {
  /**
   * Worker threads besides the calling one. Default 0. With a shared heap (tfjs's threaded build,
   * on a cross-origin isolated page) they work on it directly; without one, only if
   * `spawnWorker` is given, on a stage the operands are copied to (gemmStage.ts; Node).
   */
  helperThreads?: number;
  /** Starts the helpers when the heap is not shared (Node's worker_threads, nodeWorkers.ts). */
  spawnWorker?: WorkerSpawner;
  /** How often to measure whether the helpers help (see threadPolicy.ts). */
  threadPolicy?: ThreadPolicyOptions;
}

const runtimes = new WeakMap<object, Runtime | null>();

function runtimeFor(backend: WasmBackendLike, options: FastBatchMatMulOptions): Runtime | null {
  if (runtimes.has(backend)) return runtimes.get(backend)!;
  let runtime: Runtime | null = null;
  const memory = wasmMemoryOf(backend);
  const gemm = memory ? instantiateGemm(memory) : null;
  if (memory && gemm) {
    const malloc = (bytes: number) => backend.wasm._malloc(bytes) >>> 0;
    runtime = {
      gemmBatch: gemm.gemmBatch,
      memory,
      module: gemm.module,
      threads: null,
      stage: null,
      policy: new AdaptiveThreadPolicy(options.threadPolicy),
      workspaces: [],
      malloc,
      free: (ptr) => backend.wasm._free(ptr),
      spawnWorker: options.spawnWorker,
    };
    startHelpers(runtime, Math.max(0, options.helperThreads ?? 0));
  }
  runtimes.set(backend, runtime);
  return runtime;
}

/** Stops the runtime's helpers and starts `count` new ones where this environment allows. */
function startHelpers(rt: Runtime, count: number): void {
  rt.threads?.dispose();
  rt.stage?.dispose();
  rt.threads = null;
  rt.stage = null;
  if (count === 0) return;
  if (isSharedMemory(rt.memory)) {
    if (canStartWorkers() || rt.spawnWorker) {
      // The helpers work on the heap itself, so they can share the seeded dropout too (dropoutKernel.ts).
      const dropout = wasmModule(DROPOUT_WASM, true);
      rt.threads = new GemmHelperThreads(rt.memory, rt.module, count, rt.malloc, rt.spawnWorker, dropout);
    }
  } else if (rt.spawnWorker) {
    rt.stage = GemmStage.create(count, rt.spawnWorker);
  }
}

/** The helpers a product can be shared with, on the heap or on the stage. */
function helpersOf(rt: Runtime | null): GemmHelperThreads | null {
  return rt?.threads ?? rt?.stage?.threads ?? null;
}

/**
 * The helpers on `backend`'s own shared heap, when seeded dropout should be shared with them now:
 * they are ready and have dropout's module, and the matmul's policy is not on one thread (fixed to
 * `never`, or its last comparison chose one thread because the machine is busy; before the first
 * comparison too). Null otherwise. In Node the heap is not shared and dropout stays on one thread:
 * staging its operands would cost as much as the hash.
 */
export function dropoutHelpers(backend: object): GemmHelperThreads | null {
  const rt = runtimes.get(backend);
  const threads = rt?.threads;
  if (!rt || !threads?.sharesDropout || threads.readyCount === 0) return null;
  const { mode, lastChoice } = rt.policy;
  return mode === 'always' || (mode === 'adaptive' && lastChoice === 'threads') ? threads : null;
}

/** `ptr` rounded up to a multiple of `n` (heap offsets may exceed 2³¹, so no bit tricks). */
function alignUp(ptr: number, n: number): number {
  return Math.ceil(ptr / n) * n;
}

/** 16-byte aligned workspace `index` of at least `bytes` bytes. */
function workspace(rt: Runtime, index: number, bytes: number): number {
  let ws = rt.workspaces[index];
  if (!ws || ws[1] < bytes) {
    if (ws) rt.free(ws[0]);
    const size = Math.max(bytes, 64 * 1024);
    ws = [rt.malloc(size + 16), size];
    rt.workspaces[index] = ws;
  }
  return alignUp(ws[0], 16);
}

/** What the thread policy tells products apart by: sizes, batch and which operands are transposed. */
function shapeKey(job: GemmJob): string {
  return `${job.count}x${job.M}x${job.N}x${job.K}${job.sAk === 1 ? '' : 't'}${job.sBj === 1 ? '' : 't'}`;
}

function run(rt: Runtime, job: GemmJob): void {
  const threads = helpersOf(rt);
  const plan = threads && threads.readyCount > 0 ? planChunks(job, 1 + threads.readyCount) : null;
  if (!plan) {
    runGemmJob(rt.gemmBatch, job, workspace(rt, 0, gemmWorkspaceBytes(job.N)));
    return;
  }
  // Large enough to share: the policy says whether sharing currently pays off, and learns from
  // the time this job takes either way.
  const shared = rt.policy.useThreads();
  const t0 = performance.now();
  if (shared && rt.stage) {
    rt.stage.run(rt.memory, job, plan.chunking, plan.chunks);
  } else if (shared) {
    const bytes = gemmWorkspaceBytes(job.N);
    const spaces = Array.from({ length: 1 + threads!.size }, (_, i) => workspace(rt, i, bytes));
    threads!.run(rt.gemmBatch, job, plan.chunking, plan.chunks, spaces);
  } else {
    runGemmJob(rt.gemmBatch, job, workspace(rt, 0, gemmWorkspaceBytes(job.N)));
  }
  rt.policy.record(shared, gemmFlop(job), performance.now() - t0, shapeKey(job));
}

/** Index into a flattened batch of shape `from` for flat index `i` of the broadcast shape `to`. */
function broadcastIndex(i: number, to: number[], from: number[]): number {
  let index = 0;
  let stride = 1;
  for (let d = to.length - 1, e = from.length - 1; d >= 0; d--, e--) {
    const coord = i % to[d];
    i = Math.floor(i / to[d]);
    if (e >= 0) {
      if (from[e] !== 1) index += coord * stride;
      stride *= from[e];
    }
  }
  return index;
}

/** A BatchMatMul kernel config for 'wasm' that falls back to `stock` (the package's own kernel). */
export function fastBatchMatMulConfig(stock: KernelConfig, options: FastBatchMatMulOptions = {}): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const backend = args.backend as unknown as WasmBackendLike;
    const rt = a.dtype === 'float32' && b.dtype === 'float32' ? runtimeFor(backend, options) : null;
    if (!rt) return stock.kernelFunc(args) as TensorInfo;

    const ra = a.shape.length;
    const rb = b.shape.length;
    const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const kB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    util.assert(
      K === kB,
      () =>
        `Error in matMul: inner shapes (${K}) and (${kB}) of Tensors with shapes ${a.shape} and ` +
        `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
    const out = backend.makeOutput([...outer, M, N], 'float32');
    const batch = util.sizeFromShape(outer);
    if (batch * M * N === 0) return out;
    const c = heapOffset(backend, out.dataId);
    if (K === 0) {
      new Float32Array(wasmMemoryOf(backend)!.buffer, c, batch * M * N).fill(0);
      return out;
    }
    const job: GemmJob = {
      a: heapOffset(backend, a.dataId),
      b: heapOffset(backend, b.dataId),
      c,
      M,
      N,
      K,
      sAi: transposeA ? 1 : K,
      sAk: transposeA ? M : 1,
      sBk: transposeB ? 1 : N,
      sBj: transposeB ? K : 1,
      ldc: N,
      count: batch,
      aStep: 4 * M * K,
      bStep: 4 * K * N,
      cStep: 4 * M * N,
    };
    const batchA = util.sizeFromShape(outerA);
    const batchB = util.sizeFromShape(outerB);
    if ((batchA === batch || batchA === 1) && (batchB === batch || batchB === 1)) {
      // Equal batches, or one operand shared by every product: one strided job.
      if (batchA === 1) job.aStep = 0;
      if (batchB === 1) job.bStep = 0;
      run(rt, job);
    } else {
      // General broadcasting (e.g. [2, 1] against [1, 3]): one product at a time.
      for (let i = 0; i < batch; i++) {
        run(rt, {
          ...job,
          a: job.a + job.aStep * broadcastIndex(i, outer, outerA),
          b: job.b + job.bStep * broadcastIndex(i, outer, outerB),
          c: c + job.cStep * i,
          count: 1,
        });
      }
    }
    return out;
  };
  // Setting up at backend initialisation starts the helper workers early, so they are ready
  // by the first large product.
  const setupFunc = (backend: object) => {
    stock.setupFunc?.(backend as never);
    runtimeFor(backend as WasmBackendLike, options);
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** What the SIMD matmul does on a wasm backend instance. */
export interface FastBatchMatMulStatus {
  /** False when the module cannot run there (no WebAssembly SIMD): the stock kernel is used. */
  active: boolean;
  /** Helper workers started, and how many of them are ready to take work. */
  helperThreads: number;
  helpersReady: number;
  /** Chunks of products computed by the helpers so far. */
  helperChunks: number;
  /** Products shared with helpers so far, their time on the calling thread and the part spent waiting (ms). */
  threadStats: { jobs: number; ms: number; waitMs: number };
  /** The same for seeded-dropout calls shared with the helpers (dropoutKernel.ts). */
  dropoutStats: { jobs: number; ms: number; waitMs: number };
  /** Comparisons so far that chose the helpers, and one thread. */
  threadDecisions: { threads: number; single: number };
  /** What the last comparison chose, null before the first (AdaptiveThreadPolicy.lastChoice). */
  threadChoice: 'threads' | 'single' | null;
  /** How long (µs) an idle helper spins for the next product before it sleeps; 0 without helpers. */
  spinMicros: number;
}

/** Status on `backend` (a BackendWasm); starts the runtime if no product has run yet. */
export function fastBatchMatMulStatus(backend: object, options: FastBatchMatMulOptions = {}): FastBatchMatMulStatus {
  const rt = runtimeFor(backend as WasmBackendLike, options);
  const threads = helpersOf(rt);
  return {
    active: rt !== null,
    helperThreads: threads?.size ?? 0,
    helpersReady: threads?.readyCount ?? 0,
    helperChunks: threads?.helperChunks ?? 0,
    threadStats: { ...(threads?.stats ?? { jobs: 0, ms: 0, waitMs: 0 }) },
    dropoutStats: { ...(threads?.dropoutStats ?? { jobs: 0, ms: 0, waitMs: 0 }) },
    threadDecisions: { ...(rt?.policy.decisions ?? { threads: 0, single: 0 }) },
    threadChoice: rt?.policy.lastChoice ?? null,
    spinMicros: threads?.spinMicros ?? 0,
  };
}

/** Sets how the SIMD matmul on `backend` uses its helper threads (see threadPolicy.ts). */
export function setFastBatchMatMulThreading(backend: object, mode: ThreadingMode, options: FastBatchMatMulOptions = {}): void {
  const rt = runtimeFor(backend as WasmBackendLike, options);
  if (rt) rt.policy.mode = mode;
}

/** Sets how long (µs) an idle helper thread spins for the next product before it sleeps. */
export function setFastBatchMatMulSpin(backend: object, micros: number, options: FastBatchMatMulOptions = {}): void {
  const rt = runtimeFor(backend as WasmBackendLike, options);
  const threads = helpersOf(rt);
  if (threads) threads.spinMicros = micros;
}

/**
 * Replaces the helper threads of the SIMD matmul on `backend` with `count` new ones (0 stops
 * them). Returns how many were started: none without a shared memory or Web Workers, and no
 * `spawnWorker` option.
 */
export function setFastBatchMatMulHelpers(backend: object, count: number, options: FastBatchMatMulOptions = {}): number {
  const rt = runtimeFor(backend as WasmBackendLike, options);
  if (!rt) return 0;
  startHelpers(rt, count);
  return helpersOf(rt)?.size ?? 0;
}
