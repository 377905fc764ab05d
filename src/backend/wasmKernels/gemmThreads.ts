/**
 * Helper threads for the SIMD matmul. tfjs-wasm runs its matmuls single-threaded (XNNPACK gets a
 * null thread pool), so on a cross-origin isolated page we start our own Web Workers that
 * instantiate the same module on the same shared memory and compute part of each product.
 *
 * Protocol per worker: a control block of 17 int32 words in the shared wasm heap: word 0 is the
 * state (IDLE → POSTED by the caller → RUNNING when a worker claims it → DONE), words 1..16 the
 * arguments of `gemmBatch`. The caller computes its own part meanwhile, then spins until DONE
 * (a page's main thread may not block in Atomics.wait). A part still POSTED when the caller is
 * done is taken back and run by the caller, so a slow or missing worker costs time, never a hang.
 */
import { runGemmJob, type GemmBatchFn, type GemmJob } from './wasmGemm.ts';

const IDLE = 0;
const POSTED = 1;
const RUNNING = 2;
const DONE = 3;
const CONTROL_WORDS = 17;

// Runs inside the worker: plain JS, no imports, so it can start from a Blob URL.
const WORKER_SOURCE = `
onmessage = (event) => {
  const { module, memory, control } = event.data;
  const gemmBatch = new WebAssembly.Instance(module, { env: { memory } }).exports.gemmBatch;
  const w = new Int32Array(memory.buffer, control, ${CONTROL_WORDS});
  postMessage('ready');
  for (;;) {
    let s = Atomics.load(w, 0);
    while (s !== ${POSTED}) { Atomics.wait(w, 0, s); s = Atomics.load(w, 0); }
    if (Atomics.compareExchange(w, 0, ${POSTED}, ${RUNNING}) !== ${POSTED}) continue;
    gemmBatch(w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15], w[16]);
    Atomics.store(w, 0, ${DONE});
  }
};`;

/** Whether this environment can start Blob-URL workers at all (Node and some embeds cannot). */
export function canStartWorkers(): boolean {
  return typeof Worker === 'function' && typeof Blob === 'function' && typeof URL?.createObjectURL === 'function';
}

interface Helper {
  worker: Worker;
  /** View of the control block; views of a shared memory stay valid when the heap grows. */
  control: Int32Array;
  ready: boolean;
}

export class GemmHelperThreads {
  private readonly helpers: Helper[] = [];
  private url: string | null = null;

  /**
   * Starts `count` workers on `memory` (must be shared). `malloc` allocates control blocks in the
   * wasm heap. Workers become usable asynchronously; until then the caller computes alone.
   */
  constructor(
    memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    count: number,
    malloc: (bytes: number) => number,
  ) {
    if (count <= 0) return;
    this.url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    for (let i = 0; i < count; i++) {
      const controlPtr = malloc(CONTROL_WORDS * 4) >>> 0;
      const helper: Helper = {
        worker: new Worker(this.url, { name: `t5lab-gemm-${i}` }),
        control: new Int32Array(memory.buffer, controlPtr, CONTROL_WORDS),
        ready: false,
      };
      Atomics.store(helper.control, 0, IDLE);
      helper.worker.onmessage = () => { helper.ready = true; };
      helper.worker.onerror = () => { helper.ready = false; };
      helper.worker.postMessage({ module, memory, control: controlPtr });
      this.helpers.push(helper);
    }
  }

  /** Workers started. */
  get size(): number {
    return this.helpers.length;
  }

  /** Workers that have started and can take a part now. */
  get readyCount(): number {
    let n = 0;
    for (const h of this.helpers) if (h.ready) n++;
    return n;
  }

  /**
   * Runs `parts[0]` on this thread and each further part on a ready worker, with the matching
   * workspace from `workspaces` (one per part). Returns when every part is done.
   */
  run(gemmBatch: GemmBatchFn, parts: GemmJob[], workspaces: number[]): void {
    const posted: Array<{ helper: Helper; job: GemmJob; ws: number }> = [];
    let h = 0;
    for (let p = 1; p < parts.length; p++) {
      while (h < this.helpers.length && !this.helpers[h].ready) h++;
      if (h === this.helpers.length) {
        runGemmJob(gemmBatch, parts[p], workspaces[p]); // not enough workers: do it here
        continue;
      }
      const helper = this.helpers[h++];
      this.post(helper, parts[p], workspaces[p]);
      posted.push({ helper, job: parts[p], ws: workspaces[p] });
    }
    runGemmJob(gemmBatch, parts[0], workspaces[0]);
    for (const { helper, job, ws } of posted) {
      const w = helper.control;
      if (Atomics.compareExchange(w, 0, POSTED, IDLE) === POSTED) {
        runGemmJob(gemmBatch, job, ws); // the worker has not picked it up yet: take it back
        continue;
      }
      while (Atomics.load(w, 0) !== DONE) {
        // spin: the worker is computing its part
      }
      Atomics.store(w, 0, IDLE);
    }
  }

  private post(helper: Helper, job: GemmJob, ws: number): void {
    const w = helper.control;
    w[1] = job.a; w[2] = job.b; w[3] = job.c; w[4] = job.M; w[5] = job.N; w[6] = job.K;
    w[7] = job.sAi; w[8] = job.sAk; w[9] = job.sBk; w[10] = job.sBj; w[11] = job.ldc; w[12] = ws;
    w[13] = job.count; w[14] = job.aStep; w[15] = job.bStep; w[16] = job.cStep;
    Atomics.store(w, 0, POSTED);
    Atomics.notify(w, 0);
  }

  /** Stops the workers (their control blocks stay allocated in the heap, 68 bytes each). */
  dispose(): void {
    for (const h of this.helpers) h.worker.terminate();
    this.helpers.length = 0;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
