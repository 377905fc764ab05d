/**
 * One run inside the training worker: picks the backend, holds the run's Web Lock (so other
 * tabs see it is alive), builds or resumes the session, runs the loop, and keeps the run record
 * and checkpoints in IndexedDB up to date. Record writes are queued so they land in order;
 * checkpoint writes run beside training (the loop allows one in flight).
 */
import * as tf from '@tensorflow/tfjs';
import { loadBundled } from '../data/bundledFiles.browser.ts';
import { bundledDatasets } from '../data/bundled.ts';
import type { Dataset } from '../data/parseDataset.ts';
import { DatasetStore } from '../storage/datasetStore.ts';
import { importHfCheckpoint } from '../checkpoint/hfCheckpoint.ts';
import type { T5Model } from '../model/t5Model.ts';
import { parameterCount } from '../model/parameterCount.ts';
import { modelFromTrainerState } from '../training/trainerState.ts';
import { TrainingSession, type SessionEnvironment } from '../training/trainingSession.ts';
import { runTraining, type LoopOutcome } from '../training/trainingLoop.ts';
import { validateRunConfig, type InitSpec } from '../training/runConfig.ts';
import { createRunRecord, currentEnvironment, type RunRecord } from '../runs/runRecord.ts';
import { RunStore, runLockName } from '../runs/runStore.ts';
import { activeGpuDevice, initWorkerBackend } from './workerBackend.ts';
import { measureMatmulPeak } from '../backend/matmulPeak.ts';
import type { FromWorker, HfFiles, ToWorker } from './protocol.ts';

export interface WorkerControl {
  paused: boolean;
  /** Resolves waiters when unpaused. */
  wake: (() => void) | null;
  abort: AbortController;
}

function datasetLoader(dbName?: string): (name: string) => Promise<Dataset> {
  const bundled = new Set(bundledDatasets().map((d) => d.name as string));
  return async (name) => {
    if (bundled.has(name)) return loadBundled(name);
    const stored = await new DatasetStore(dbName).load(name);
    if (!stored) throw new RangeError(`dataset "${name}" is neither bundled (${[...bundled].join(', ')}) nor a stored dataset id`);
    return stored;
  };
}

function initialModelLoader(store: RunStore, hfFiles?: HfFiles): (init: InitSpec) => Promise<T5Model> {
  return async (init) => {
    if (init.kind === 'run') {
      const c = await store.loadCheckpoint(init.runId);
      if (!c) throw new RangeError(`init: run ${init.runId} has no checkpoint to start from`);
      return modelFromTrainerState(c.bytes);
    }
    if (init.kind === 'hf-files') {
      if (!hfFiles) throw new RangeError('init "hf-files": the start request carried no HF files');
      return importHfCheckpoint(hfFiles.configJson, new Uint8Array(hfFiles.safetensors));
    }
    throw new RangeError(`init "${init.kind}" is not available in the browser`);
  };
}

/** Runs a start/resume request to its end, posting events; never throws (errors are posted). */
export async function runInWorker(
  msg: Extract<ToWorker, { type: 'start' | 'resume' }>,
  post: (m: FromWorker) => void,
  control: WorkerControl,
): Promise<void> {
  const store = new RunStore(msg.dbName);
  const locks = (globalThis.navigator as Navigator).locks;
  const body = async (lock: Lock | null) => {
    if (!lock) {
      post({ type: 'error', message: `run ${msg.runId} is already running in another tab or worker` });
      return;
    }
    let record: RunRecord | undefined;
    let writes: Promise<void> = Promise.resolve();
    const save = () => {
      const snapshot = record!;
      snapshot.updatedAt = Date.now();
      writes = writes.then(() => store.putRun(snapshot)).catch((err) => post({ type: 'warning', message: (err as Error).message }));
      return writes;
    };
    let deviceLost: string | undefined;
    let lostDevice: Promise<void> | undefined;
    let session: TrainingSession | undefined;
    try {
      const decision = await initWorkerBackend(msg.backend);
      const environment = currentEnvironment('worker', {
        backend: decision.active,
        backendWhy: decision.why,
        adapter: decision.probes.find((p) => p.name === decision.active)?.detail,
        matmulPeakGflops: (await measureMatmulPeak()).gflops,
      });
      post({ type: 'backend', environment });
      lostDevice = activeGpuDevice()?.lost.then((info) => {
        deviceLost = `the WebGPU device was lost (${info.message || info.reason || 'no reason given'})`;
        post({ type: 'device-lost', message: deviceLost });
        control.abort.abort();
      });
      const env: SessionEnvironment = {
        loadDataset: datasetLoader(msg.dbName),
        loadInitialModel: initialModelLoader(store, msg.type === 'start' ? msg.hfFiles : undefined),
      };
      let resumedFrom: number | undefined;
      if (msg.type === 'start') {
        const config = validateRunConfig(msg.config);
        record = createRunRecord(config, environment, msg.runId);
        record.status = 'running';
        await save();
        session = await TrainingSession.start(config, env);
      } else {
        const stored = await store.getRun(msg.runId);
        if (!stored) throw new RangeError(`there is no run ${msg.runId} to resume`);
        const c = await store.loadCheckpoint(msg.runId);
        if (!c) throw new RangeError(`run ${msg.runId} has no checkpoint to resume from; start it again`);
        // Checked before `record` is set, so the stored run stays exactly as it was.
        if (msg.steps !== undefined && msg.steps <= c.step)
          throw new RangeError(
            `steps: the run's checkpoint is at step ${c.step} already; resume with more than ${c.step} steps (nothing was changed)`,
          );
        record = stored;
        if (msg.steps !== undefined) record.config = validateRunConfig({ ...record.config, steps: msg.steps });
        session = await TrainingSession.resume(record.config, env, c.bytes);
        resumedFrom = c.step;
        if (record.environment.backend !== environment.backend)
          record.previousEnvironments = [...(record.previousEnvironments ?? []), record.environment];
        record.environment = environment;
        record.status = 'running';
        record.message = undefined;
        record.finishedAt = undefined;
      }
      const s = session;
      record.resolved = {
        modelConfig: { ...s.model.config },
        tokenizer: s.tokenizer.toJSON(),
        parameters: parameterCount(s.model.config),
        ...s.resolvedExtras,
        trainSizes: s.data.trainSizes,
        rates: s.data.rates,
      };
      record.history = s.history;
      record.step = s.step;
      await save();
      post({ type: 'started', runId: record.id, step: s.step, resolved: record.resolved });
      for (const message of s.data.warnings) post({ type: 'warning', message });

      const outcome: LoopOutcome = await runTraining(
        s,
        {
          onStep: (r) => post({ type: 'step', step: r.step, loss: r.loss }),
          onMetrics: (entry) => {
            record!.step = s.step;
            void save();
            const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
            post({ type: 'metrics', entry, memory: { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU } });
          },
          onEval: (evaluation) => {
            if (evaluation.samples) record!.samples = evaluation.samples;
            void save();
            post({ type: 'eval', evaluation });
          },
          onCheckpoint: async (bytes, step) => {
            record!.checkpoints = await store.saveCheckpoint(record!.id, step, bytes, record!.config.keepCheckpoints);
            await save();
            post({ type: 'checkpoint', step, bytes: bytes.length });
          },
          onCheckpointError: (err, step) =>
            post({ type: 'warning', message: `checkpoint of step ${step} not saved: ${(err as Error).message}` }),
        },
        {
          signal: control.abort.signal,
          resumedFromStep: resumedFrom,
          // After a lost device nothing more can run on it: no checkpoint on the way out.
          get checkpointOnStop() {
            return deviceLost === undefined;
          },
          waitWhilePaused: () => waitWhilePaused(control, record!, save, post),
        },
      );
      if (deviceLost) throw new Error(deviceLost);
      record.status = outcome.status;
      record.message = outcome.error;
      record.step = s.step;
      record.finishedAt = Date.now();
      await save();
      post({
        type: 'done',
        outcome: { status: outcome.status, step: s.step, message: outcome.error, lastCheckpointStep: outcome.lastCheckpointStep },
      });
    } catch (err) {
      // A read from a destroyed device can fail before `lost` settles: give it a moment so the
      // failure is reported as what it is.
      if (lostDevice && !deviceLost) await Promise.race([lostDevice, new Promise((r) => setTimeout(r, 1000))]);
      const last = record?.checkpoints[record.checkpoints.length - 1]?.step;
      const reason = deviceLost ?? (err as Error).message;
      const message = deviceLost
        ? `${deviceLost} at step ${session?.step ?? 0}; resume the run on another backend (e.g. wasm)${last !== undefined ? ` from its last checkpoint (step ${last})` : ''}`
        : reason;
      if (record) {
        record.status = 'failed';
        record.message = message;
        record.finishedAt = Date.now();
        await save();
      }
      post({ type: 'error', message });
      post({ type: 'done', outcome: { status: 'failed', step: session?.step ?? 0, message, lastCheckpointStep: last } });
    } finally {
      await writes;
      session?.dispose();
    }
  };
  if (locks?.request) await locks.request(runLockName(msg.runId), { ifAvailable: true }, body);
  else await body({ name: runLockName(msg.runId), mode: 'exclusive' } as Lock);
}

async function waitWhilePaused(
  control: WorkerControl,
  record: RunRecord,
  save: () => Promise<void>,
  post: (m: FromWorker) => void,
): Promise<void> {
  if (!control.paused) return;
  record.status = 'paused';
  // The stored status must say "paused" before the page hears it: listRuns() right after the
  // event would otherwise still read "running" (the write is queued behind earlier ones).
  await save();
  post({ type: 'paused' });
  while (control.paused && !control.abort.signal.aborted) await new Promise<void>((resolve) => (control.wake = resolve));
  record.status = 'running';
  await save();
  post({ type: 'resumed' });
}
