/**
 * The page's API for training (what cells call): `startRun(config)` and `resumeRun(id)` spawn a
 * module worker that trains off the main thread and return a {@link RunHandle} with the event
 * stream, pause/resume/stop and a `done` promise; `listRuns()` lists stored runs, reporting runs
 * whose page was closed mid-training as "interrupted" (resumable from their last checkpoint).
 *
 * `stop()` is immediate: it terminates the worker. Nothing is left half-written (IndexedDB
 * transactions are atomic; the last checkpoint stays), and the record is marked "stopped" once
 * the worker's run lock is released.
 */
import type { BackendName } from '../backend/backendChoice.ts';
import { validateRunConfig, type RunConfigInput } from '../training/runConfig.ts';
import type { HistoryEntry } from '../training/trainerState.ts';
import { newRunId, type RunRecord, type RunStatus } from '../runs/runRecord.ts';
import { RunStore, runLockName } from '../runs/runStore.ts';
import type { FromWorker, HfFiles, MemoryInfo, RunEvent, RunOutcome, ToWorker } from './protocol.ts';

export interface RunOptions {
  /** Backend for the worker; default "auto" (WebGPU first when usable, see workerBackend.ts). */
  backend?: BackendName | 'auto';
  /** IndexedDB name (tests use throwaway databases). */
  dbName?: string;
}

/** How long a worker whose GPU device was lost may take to wind down before it is terminated. */
const DEVICE_LOST_GRACE_MS = 3000;

export interface RunHandle {
  readonly runId: string;
  /** Every event from the worker, from now on, until the run is done. */
  events(): AsyncIterableIterator<RunEvent>;
  /** Metric entries (every `logEvery` steps) with the worker's tf.memory(). */
  metrics(): AsyncIterableIterator<HistoryEntry & { memory: MemoryInfo }>;
  /** Calls `listener` for every event; returns the unsubscribe function. */
  subscribe(listener: (event: RunEvent) => void): () => void;
  pause(): void;
  resume(): void;
  /**
   * Stops the run. Default: at once (terminates the worker). With `{ checkpoint: true }` the
   * worker first finishes its step and writes a checkpoint.
   */
  stop(options?: { checkpoint?: boolean }): Promise<RunOutcome>;
  readonly done: Promise<RunOutcome>;
  /** Destroys the worker's WebGPU device: a real device loss, for tests of the recovery path. */
  destroyGpuDevice(): void;
}

class WorkerRunHandle implements RunHandle {
  readonly done: Promise<RunOutcome>;
  private finish!: (o: RunOutcome) => void;
  private finished = false;
  private readonly listeners = new Set<(e: RunEvent) => void>();
  private lastStep = 0;

  constructor(
    readonly runId: string,
    private readonly worker: Worker,
    private readonly store: RunStore,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.receive({ type: 'error', message: `the training worker failed: ${e.message || 'unknown error'}` });
      void this.terminate('failed', `the training worker failed: ${e.message || 'unknown error'}`);
    };
  }

  private receive(event: RunEvent): void {
    if (this.finished) return;
    if (event.type === 'step' || event.type === 'started') this.lastStep = event.step;
    for (const l of [...this.listeners]) l(event);
    if (event.type === 'done') {
      this.finished = true;
      this.worker.terminate();
      this.finish(event.outcome);
    }
    if (event.type === 'device-lost') {
      setTimeout(() => void this.terminate('failed', event.message), DEVICE_LOST_GRACE_MS);
    }
  }

  subscribe(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  events(): AsyncIterableIterator<RunEvent> {
    const queue: RunEvent[] = [];
    let wakeUp: (() => void) | null = null;
    let ended = this.finished;
    const unsubscribe = this.subscribe((e) => {
      queue.push(e);
      wakeUp?.();
    });
    void this.done.then(() => {
      ended = true;
      wakeUp?.();
    });
    const iterator: AsyncIterableIterator<RunEvent> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0 && !ended) await new Promise<void>((r) => (wakeUp = r));
        wakeUp = null;
        if (queue.length > 0) return { done: false, value: queue.shift()! };
        unsubscribe();
        return { done: true, value: undefined };
      },
      return: async () => {
        unsubscribe();
        ended = true;
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  async *metrics(): AsyncIterableIterator<HistoryEntry & { memory: MemoryInfo }> {
    for await (const e of this.events()) if (e.type === 'metrics') yield { ...e.entry, memory: e.memory };
  }

  /** Sends a message to the worker (ignored once the run is done). */
  post(message: ToWorker, transfer: Transferable[] = []): void {
    if (!this.finished) this.worker.postMessage(message, transfer);
  }

  pause(): void {
    this.post({ type: 'pause' });
  }

  resume(): void {
    this.post({ type: 'unpause' });
  }

  destroyGpuDevice(): void {
    this.post({ type: 'destroy-gpu-device' });
  }

  async stop(options: { checkpoint?: boolean } = {}): Promise<RunOutcome> {
    if (this.finished) return this.done;
    if (options.checkpoint) {
      this.post({ type: 'stop' });
      return this.done;
    }
    return this.terminate('stopped', undefined);
  }

  /** Kills the worker and records the final status once its run lock is free. */
  private async terminate(status: RunStatus & RunOutcome['status'], message: string | undefined): Promise<RunOutcome> {
    if (this.finished) return this.done;
    this.finished = true;
    this.worker.terminate();
    const record = await markFinished(this.store, this.runId, status, message, this.lastStep);
    const outcome: RunOutcome = {
      status,
      step: record?.step ?? this.lastStep,
      message: record?.message ?? message,
      lastCheckpointStep: record?.checkpoints.at(-1)?.step,
    };
    for (const l of [...this.listeners]) l({ type: 'done', outcome });
    this.finish(outcome);
    return outcome;
  }
}

/** After the worker is gone (its lock released), writes the final status into a live record. */
async function markFinished(
  store: RunStore,
  runId: string,
  status: RunStatus,
  message: string | undefined,
  step: number,
): Promise<RunRecord | undefined> {
  const update = async () => {
    const r = await store.getRun(runId);
    if (!r || (r.status !== 'running' && r.status !== 'paused' && r.status !== 'created')) return r;
    const last = r.checkpoints.at(-1)?.step;
    r.status = status;
    r.message =
      message ??
      `stopped at step ${Math.max(step, r.step)}; resuming continues from ${last === undefined ? 'the start (no checkpoint yet)' : `the last checkpoint (step ${last})`}`;
    r.finishedAt = r.updatedAt = Date.now();
    await store.putRun(r);
    return r;
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks?.request ? locks.request(runLockName(runId), update) : update();
}

function spawnWorker(): Worker {
  return new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module' });
}

/**
 * Starts a run in a new worker. The config is validated here, so a bad field throws at once.
 * Fine-tuning a stored run (`init: {kind: "run"}`) reuses that run's tokenizer unless one is given.
 */
export async function startRun(input: RunConfigInput, options: RunOptions & { hfFiles?: HfFiles } = {}): Promise<RunHandle> {
  const store = new RunStore(options.dbName);
  let withTokenizer = input;
  if (input.init?.kind === 'run' && !input.tokenizer) {
    const source = await store.getRun(input.init.runId);
    if (!source?.resolved) throw new RangeError(`init.runId: run ${input.init.runId} is unknown or never started`);
    withTokenizer = { ...input, tokenizer: { kind: 'saved', json: source.resolved.tokenizer } };
  }
  const config = validateRunConfig(withTokenizer);
  const runId = newRunId();
  const handle = new WorkerRunHandle(runId, spawnWorker(), store);
  const message: ToWorker = {
    type: 'start',
    runId,
    config,
    backend: options.backend ?? 'auto',
    dbName: options.dbName,
    hfFiles: options.hfFiles,
  };
  handle.post(message, options.hfFiles ? [options.hfFiles.safetensors] : []);
  return handle;
}

/**
 * Continues a stored run from its newest checkpoint, on any backend (e.g. wasm after a lost
 * WebGPU device). `steps` extends (or shortens) the run.
 */
export async function resumeRun(runId: string, options: RunOptions & { steps?: number } = {}): Promise<RunHandle> {
  const store = new RunStore(options.dbName);
  const record = await store.getRun(runId);
  if (!record) throw new RangeError(`there is no run ${runId} to resume`);
  if (record.status === 'running' || record.status === 'paused') {
    const live = await (globalThis.navigator as Navigator).locks?.query?.();
    if (live?.held?.some((l) => l.name === runLockName(runId))) throw new RangeError(`run ${runId} is already running`);
  }
  const handle = new WorkerRunHandle(runId, spawnWorker(), store);
  handle.post({ type: 'resume', runId, backend: options.backend ?? 'auto', dbName: options.dbName, steps: options.steps });
  return handle;
}

/** Stored runs, newest first; live-less "running" runs come back as "interrupted". */
export function listRuns(options: { dbName?: string } = {}): Promise<RunRecord[]> {
  return new RunStore(options.dbName).listRuns();
}
