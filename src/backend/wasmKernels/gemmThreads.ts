/**
 * Helper threads for the SIMD matmul. tfjs-wasm runs its matmuls single-threaded (XNNPACK gets a
 * null thread pool), so on a cross-origin isolated page we start our own Web Workers that
 * instantiate the same module on the same shared memory and take part in each product. Given
 * dropout.wat's module too, they also share the seeded dropout (`runDropout`): elementwise, so
 * cut into ranges of elements, each hashed by its global index as on one thread.
 *
 * A product is cut into chunks (see gemmSplit.ts) that every thread claims from one shared
 * 64-bit ticket: generation (31 bits) | next chunk (16) | chunk count (16). The caller publishes
 * a job and starts claiming at once; workers woken by the publication join in. On a busy machine
 * a worker that wakes late simply finds fewer chunks, so the caller never waits for more than
 * the one chunk a worker is running. Job parameters are written before the ticket is published
 * and not touched again until every chunk is done, and a claim only succeeds while chunks of its
 * own generation remain, so a worker never computes from a half-written job.
 */
import { runGemmJob, type GemmBatchFn, type GemmJob } from './wasmGemm.ts';
import { chunkOfJob, type GemmChunking } from './gemmSplit.ts';

// Layout of the shared control block, in int32 words (the ticket is one int64 at word 0).
const TICKET = 0; // int64 view index 0 (words 0-1)
const DONE = 2; // chunks finished in the current job
const WAKE = 3; // bumped (and notified) for each job
const PARAMS = 4; // 15 job fields, then dim and unit (a dropout job: its 8 arguments, then unit)
const KIND = 21; // what the current job is: GEMM_JOB or DROPOUT_JOB
const HELPER_WS = 22; // one workspace pointer per helper
const MAX_HELPERS = 8;
const HELPER_CHUNKS = HELPER_WS + MAX_HELPERS; // chunks each helper has run (diagnostics)
// 1 once a helper waits for work. Set in shared memory rather than by postMessage: a training
// loop that never yields to the event loop would never see the message.
const HELPER_READY = HELPER_CHUNKS + MAX_HELPERS;
const SPIN_US = HELPER_READY + MAX_HELPERS; // how long a helper spins for the next job before it sleeps
const CONTROL_WORDS = SPIN_US + 1;
const GEMM_JOB = 0;
const DROPOUT_JOB = 1;
/** Elements of a dropout chunk are a multiple of this: dropout.wat's widest step, 16-byte aligned. */
const DROPOUT_GRAIN = 16;

/** Default of GemmHelperThreads.spinMicros (see bench/RESULTS.md). */
export const DEFAULT_SPIN_MICROS = 500;

const JOB_FIELDS = ['a', 'b', 'c', 'M', 'N', 'K', 'sAi', 'sAk', 'sBk', 'sBj', 'ldc', 'count', 'aStep', 'bStep', 'cStep'] as const;

/** dropout.wat's `dropout(x, out, n, start, k1, k2, threshold, scale)`: elements [0, n) of x, element i hashed as start + i. */
export type DropoutFn = (
  x: number,
  out: number,
  n: number,
  start: number,
  k1: number,
  k2: number,
  threshold: number,
  scale: number,
) => void;

/** One seeded-dropout call to share: the arguments of {@link DropoutFn} for all n elements. */
export interface DropoutJob {
  x: number;
  out: number;
  n: number;
  start: number;
  k1: number;
  k2: number;
  threshold: number;
  scale: number;
}

/**
 * The worker: plain JS (no imports) so it can start from a Blob URL. `chunkOfJob` is inlined
 * from gemmSplit.ts by its source text, so the worker cuts chunks exactly as the caller does.
 */
function workerSource(): string {
  return `
const chunkOfJob = ${chunkOfJob.toString()};
const FIELDS = ${JSON.stringify(JOB_FIELDS)};
onmessage = (event) => {
  const { module, dropoutModule, memory, control, helper } = event.data;
  const gemmBatch = new WebAssembly.Instance(module, { env: { memory } }).exports.gemmBatch;
  const dropout = dropoutModule ? new WebAssembly.Instance(dropoutModule, { env: { memory } }).exports.dropout : null;
  const w = new Int32Array(memory.buffer, control, ${CONTROL_WORDS});
  const wf = new Float32Array(memory.buffer, control, ${CONTROL_WORDS});
  const ticket = new BigInt64Array(memory.buffer, control, 1);
  let wake = Atomics.load(w, ${WAKE});
  Atomics.store(w, ${HELPER_READY} + helper, 1);
  for (;;) {
    // Spin a little before sleeping (see spinMicros).
    const spinUntil = performance.now() + Atomics.load(w, ${SPIN_US}) / 1000;
    while (Atomics.load(w, ${WAKE}) === wake && performance.now() < spinUntil) {
      // spin
    }
    Atomics.wait(w, ${WAKE}, wake);
    wake = Atomics.load(w, ${WAKE});
    let t = Atomics.load(ticket, 0);
    const gen = t >> 32n;
    let runChunk;
    if (w[${KIND}] === ${DROPOUT_JOB}) {
      // [x, out, n, start, k1, k2, threshold, scale (f32 bits)], then elements per chunk.
      const p = ${PARAMS};
      const x = w[p], out = w[p + 1], n = w[p + 2], start = w[p + 3], k1 = w[p + 4], k2 = w[p + 5];
      const threshold = w[p + 6], scale = wf[p + 7], unit = w[p + 16];
      runChunk = (i) => {
        const s = i * unit;
        dropout(x + 4 * s, out + 4 * s, Math.min(unit, n - s), start + s, k1, k2, threshold, scale);
      };
    } else {
      const job = {};
      FIELDS.forEach((f, i) => { job[f] = w[${PARAMS} + i]; });
      const chunking = { dim: w[${PARAMS} + 15], unit: w[${PARAMS} + 16] };
      const ws = w[${HELPER_WS} + helper];
      runChunk = (i) => {
        const c = chunkOfJob(job, chunking, i);
        gemmBatch(c.a, c.b, c.c, c.M, c.N, c.K, c.sAi, c.sAk, c.sBk, c.sBj, c.ldc, ws, c.count, c.aStep, c.bStep, c.cStep);
      };
    }
    for (;;) {
      t = Atomics.load(ticket, 0);
      const next = Number((t >> 16n) & 0xffffn);
      if ((t >> 32n) !== gen || next >= Number(t & 0xffffn)) break;
      if (Atomics.compareExchange(ticket, 0, t, t + 0x10000n) !== t) continue;
      runChunk(next);
      Atomics.add(w, ${HELPER_CHUNKS} + helper, 1);
      Atomics.add(w, ${DONE}, 1);
    }
  }
};`;
}

/** What the helpers need of a worker: Web Workers and Node's worker_threads both fit. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/**
 * Starts a worker running `source`, a plain script that sets a global `onmessage` taking
 * `{ data }` (the Web Worker convention); `name` is for debuggers. Node's is nodeWorkers.ts.
 */
export type WorkerSpawner = (source: string, name: string) => WorkerLike;

/** Whether this environment can start Blob-URL workers at all (Node and some embeds cannot). */
export function canStartWorkers(): boolean {
  return typeof Worker === 'function' && typeof Blob === 'function' && typeof URL?.createObjectURL === 'function';
}

/** Web Workers from a Blob URL of the source (revoked when the last one stops). */
function blobWorkerSpawner(): { spawn: WorkerSpawner; release(): void } {
  let url: string | null = null;
  return {
    spawn(source, name) {
      url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      return new Worker(url, { name });
    },
    release() {
      if (url) URL.revokeObjectURL(url);
      url = null;
    },
  };
}

export class GemmHelperThreads {
  private readonly workers: WorkerLike[] = [];
  private readonly control: Int32Array;
  private readonly controlF32: Float32Array;
  private readonly ticket: BigInt64Array;
  /** Whether the workers were given dropout.wat's module, so `runDropout` can share with them. */
  readonly sharesDropout: boolean;
  private generation = 0n;
  /** Products shared so far, their total time on the calling thread, and the part spent waiting (ms). */
  readonly stats = { jobs: 0, ms: 0, waitMs: 0 };
  /** The same for dropout calls shared so far. */
  readonly dropoutStats = { jobs: 0, ms: 0, waitMs: 0 };
  private release: (() => void) | null = null;

  /**
   * Starts `count` workers (at most 8) on `memory` (must be shared). `malloc` allocates the control
   * block in the wasm heap. Workers become usable asynchronously; until then the caller computes alone.
   * `spawn` starts each worker; by default a Web Worker from a Blob URL. `dropoutModule`, dropout.wat
   * compiled for a shared memory, lets them share seeded dropout too.
   */
  constructor(
    memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    count: number,
    malloc: (bytes: number) => number,
    spawn?: WorkerSpawner,
    dropoutModule?: WebAssembly.Module | null,
  ) {
    const controlPtr = Math.ceil(malloc(CONTROL_WORDS * 4 + 8) / 8) * 8; // the int64 ticket needs 8-byte alignment
    // Views of a shared memory stay valid when the heap grows.
    this.control = new Int32Array(memory.buffer, controlPtr, CONTROL_WORDS);
    this.controlF32 = new Float32Array(memory.buffer, controlPtr, CONTROL_WORDS);
    this.ticket = new BigInt64Array(memory.buffer, controlPtr, 1);
    this.control.fill(0);
    this.spinMicros = DEFAULT_SPIN_MICROS;
    count = Math.min(MAX_HELPERS, Math.max(0, count));
    this.sharesDropout = count > 0 && !!dropoutModule;
    if (count === 0) return;
    if (!spawn) {
      const blob = blobWorkerSpawner();
      spawn = blob.spawn;
      this.release = blob.release;
    }
    const source = workerSource();
    for (let i = 0; i < count; i++) {
      const worker = spawn(source, `t5lab-gemm-${i}`);
      worker.postMessage({ module, dropoutModule: dropoutModule ?? null, memory, control: controlPtr, helper: i });
      this.workers.push(worker);
    }
  }

  /**
   * How long (µs) an idle helper spins for the next job before it sleeps. Products come in
   * bursts (a training step is ~100 of them, often less than a millisecond apart), and spinning
   * saves a futex wake-up per product; 0 sleeps at once.
   */
  get spinMicros(): number {
    return Atomics.load(this.control, SPIN_US);
  }
  set spinMicros(us: number) {
    Atomics.store(this.control, SPIN_US, Math.max(0, Math.round(us)));
  }

  /** Workers started. */
  get size(): number {
    return this.workers.length;
  }

  /** Workers that have started and wait for work. */
  get readyCount(): number {
    let n = 0;
    for (let i = 0; i < this.workers.length; i++) n += Atomics.load(this.control, HELPER_READY + i);
    return n;
  }

  /** Chunks computed by workers so far (the rest ran on the calling thread). */
  get helperChunks(): number {
    let n = 0;
    for (let i = 0; i < this.workers.length; i++) n += Atomics.load(this.control, HELPER_CHUNKS + i);
    return n;
  }

  /**
   * Computes `job` in `chunks` pieces on this thread and any worker that wakes in time.
   * `workspaces[0]` is this thread's, `workspaces[1 + i]` worker i's; each must fit `job.N`.
   */
  run(gemmBatch: GemmBatchFn, job: GemmJob, chunking: GemmChunking, chunks: number, workspaces: number[]): void {
    const w = this.control;
    w[KIND] = GEMM_JOB;
    JOB_FIELDS.forEach((f, i) => {
      w[PARAMS + i] = job[f];
    });
    w[PARAMS + 15] = chunking.dim;
    w[PARAMS + 16] = chunking.unit;
    for (let i = 0; i < this.workers.length; i++) w[HELPER_WS + i] = workspaces[1 + i];
    this.share(chunks, (i) => runGemmJob(gemmBatch, chunkOfJob(job, chunking, i), workspaces[0]), this.stats);
  }

  /**
   * Runs `dropout` (dropout.wat's export on this memory) over `job`'s elements in `chunks` ranges,
   * on this thread and any worker that wakes in time; one thread's result bit for bit, since each
   * element is hashed by its own index. Without `sharesDropout`, on this thread alone.
   */
  runDropout(dropout: DropoutFn, job: DropoutJob, chunks: number): void {
    const unit = Math.ceil(job.n / Math.max(1, chunks) / DROPOUT_GRAIN) * DROPOUT_GRAIN;
    chunks = Math.ceil(job.n / unit);
    if (!this.sharesDropout || chunks < 2) {
      dropout(job.x, job.out, job.n, job.start, job.k1, job.k2, job.threshold, job.scale);
      return;
    }
    const w = this.control;
    w[KIND] = DROPOUT_JOB;
    [job.x, job.out, job.n, job.start, job.k1, job.k2, job.threshold].forEach((v, i) => {
      w[PARAMS + i] = v;
    });
    this.controlF32[PARAMS + 7] = job.scale;
    w[PARAMS + 16] = unit;
    this.share(
      chunks,
      (i) => {
        const s = i * unit;
        dropout(job.x + 4 * s, job.out + 4 * s, Math.min(unit, job.n - s), job.start + s, job.k1, job.k2, job.threshold, job.scale);
      },
      this.dropoutStats,
    );
  }

  /**
   * Publishes the job whose parameters are written, claims and runs its chunks alongside the
   * workers, and adds its time to `stats`.
   */
  private share(chunks: number, runChunk: (index: number) => void, stats: { jobs: number; ms: number; waitMs: number }): void {
    const t0 = performance.now();
    const w = this.control;
    Atomics.store(w, DONE, 0);
    const gen = ++this.generation & 0x7fffffffn; // 31 bits keep the int64 ticket positive
    Atomics.store(this.ticket, TICKET, (gen << 32n) | BigInt(chunks));
    Atomics.add(w, WAKE, 1);
    Atomics.notify(w, WAKE);
    for (;;) {
      const t = Atomics.load(this.ticket, TICKET);
      const next = Number((t >> 16n) & 0xffffn);
      if (next >= chunks) break;
      if (Atomics.compareExchange(this.ticket, TICKET, t, t + 0x10000n) !== t) continue;
      runChunk(next);
      Atomics.add(w, DONE, 1);
    }
    // Every chunk is claimed; wait for those still running on workers (a page may not block in
    // Atomics.wait, so spin).
    const t1 = performance.now();
    while (Atomics.load(w, DONE) < chunks) {
      // spin
    }
    const t2 = performance.now();
    stats.jobs++;
    stats.ms += t2 - t0;
    stats.waitMs += t2 - t1;
  }

  /** Stops the workers (the control block, ~160 bytes, stays in the heap). */
  dispose(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers.length = 0;
    this.release?.();
    this.release = null;
  }
}
