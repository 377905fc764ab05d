/**
 * An experiment queue: a list of run configs trained one after another in the training worker
 * (src/worker/trainingClient.ts), each stored as a run (RunStore) whose name carries the
 * experiment id — `experimentRunName(experimentId, key)` — so the queue finds its runs again
 * after a reload:
 * - a completed run of an entry is skipped (its record is reused);
 * - an interrupted or stopped run with a checkpoint is resumed from that checkpoint;
 * - anything else (no run, a failed run, a run with no checkpoint) starts afresh.
 * An entry may fine-tune another entry's result (`initFrom: key`): its config gets
 * `init: {kind: "run", runId}` of that entry's run when the queue reaches it.
 * Aborting the signal stops the current run at once (its last checkpoint stays, so the queue
 * resumes there next time) and rejects with an AbortError — only once the run's worker is gone
 * and its status is stored, so nothing trains after the rejection (also when the abort came
 * while a run was being started).
 */
import type { BackendName } from '../backend/backendChoice.ts';
import type { RunConfigInput } from '../training/runConfig.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { RunStore } from '../runs/runStore.ts';
import { listRuns, resumeRun, startRun, type RunHandle } from '../worker/trainingClient.ts';

export interface QueueEntry {
  /** Unique within the experiment; part of the stored run's name. */
  key: string;
  config: RunConfigInput;
  /** Key of an earlier entry whose trained run this one starts from (fine-tuning). */
  initFrom?: string;
}

export interface Experiment {
  /** Stable id: the same id after a reload finds the same runs. Must not contain "/". */
  id: string;
  entries: QueueEntry[];
}

/** What the queue needs from the training client (the real one is trainingClient.ts). */
export interface QueueClient {
  startRun(config: RunConfigInput, options: { backend?: BackendName | 'auto'; dbName?: string }): Promise<RunHandle>;
  resumeRun(runId: string, options: { backend?: BackendName | 'auto'; dbName?: string; steps?: number }): Promise<RunHandle>;
  listRuns(options: { dbName?: string }): Promise<RunRecord[]>;
  getRun(runId: string, dbName?: string): Promise<RunRecord | undefined>;
}

/** The real training worker client (browser). */
export const trainingQueueClient: QueueClient = {
  startRun,
  resumeRun,
  listRuns,
  getRun: (runId, dbName) => new RunStore(dbName).getRun(runId),
};

export type QueueProgress =
  | { type: 'skip'; index: number; key: string; runId: string }
  | { type: 'start'; index: number; key: string; runId: string; resumed: boolean }
  | { type: 'step'; index: number; key: string; step: number; steps: number; loss: number }
  | { type: 'done'; index: number; key: string; record: RunRecord };

export interface QueueOptions {
  backend?: BackendName | 'auto';
  dbName?: string;
  signal?: AbortSignal;
  onProgress?: (p: QueueProgress) => void;
}

/** The stored run name of one entry of an experiment. */
export function experimentRunName(experimentId: string, key: string): string {
  return `${experimentId}/${key}`;
}

/** Checks an experiment, naming the bad field. */
export function validateExperiment(e: Experiment): Experiment {
  if (!e || typeof e !== 'object') throw new TypeError('experiment must be {id, entries}');
  if (typeof e.id !== 'string' || e.id === '' || e.id.includes('/'))
    throw new RangeError(`experiment.id must be a non-empty string without "/" (got ${JSON.stringify(e.id)})`);
  if (!Array.isArray(e.entries) || e.entries.length === 0) throw new RangeError('experiment.entries must be a non-empty array');
  const seen = new Set<string>();
  e.entries.forEach((entry, i) => {
    if (typeof entry.key !== 'string' || entry.key === '') throw new RangeError(`experiment.entries[${i}].key must be a non-empty string`);
    if (seen.has(entry.key)) throw new RangeError(`experiment.entries[${i}].key "${entry.key}" is used twice`);
    if (entry.initFrom !== undefined && !seen.has(entry.initFrom))
      throw new RangeError(`experiment.entries[${i}].initFrom "${entry.initFrom}" must name an earlier entry`);
    seen.add(entry.key);
  });
  return e;
}

function abortError(): Error {
  return new DOMException('the experiment was cancelled', 'AbortError');
}

/**
 * Runs every entry in order (skipping and resuming as described above) and returns the run
 * records by entry key. Throws when a run fails, naming the entry.
 */
export async function runExperiment(
  experiment: Experiment,
  options: QueueOptions = {},
  client: QueueClient = trainingQueueClient,
): Promise<Map<string, RunRecord>> {
  validateExperiment(experiment);
  const { backend, dbName, signal, onProgress } = options;
  const results = new Map<string, RunRecord>();
  if (signal?.aborted) throw abortError();
  const existing = await client.listRuns({ dbName });
  for (const [index, entry] of experiment.entries.entries()) {
    if (signal?.aborted) throw abortError();
    const name = experimentRunName(experiment.id, entry.key);
    // listRuns is newest first, so this is the latest attempt at this entry.
    const previous = existing.find((r) => r.name === name);
    if (previous?.status === 'completed') {
      results.set(entry.key, previous);
      onProgress?.({ type: 'skip', index, key: entry.key, runId: previous.id });
      continue;
    }
    const steps = entry.config.steps ?? previous?.config.steps;
    let handle: RunHandle;
    const resumable = previous && (previous.status === 'interrupted' || previous.status === 'stopped') && previous.checkpoints.length > 0;
    if (resumable) {
      handle = await client.resumeRun(previous.id, { backend, dbName, steps });
    } else {
      const source = entry.initFrom === undefined ? undefined : results.get(entry.initFrom);
      const config: RunConfigInput = { ...entry.config, name, ...(source ? { init: { kind: 'run', runId: source.id } } : {}) };
      handle = await client.startRun(config, { backend, dbName });
    }
    // An abort while the run was being started found no listener yet: stop the new run now, or it
    // would train on unseen in the background and a later resume would start the entry again.
    if (signal?.aborted) {
      await handle.stop();
      throw abortError();
    }
    onProgress?.({ type: 'start', index, key: entry.key, runId: handle.runId, resumed: Boolean(resumable) });
    const off = handle.subscribe((e) => {
      if (e.type === 'step') onProgress?.({ type: 'step', index, key: entry.key, step: e.step, steps: steps ?? 0, loss: e.loss });
    });
    const onAbort = () => void handle.stop();
    signal?.addEventListener('abort', onAbort);
    let outcome;
    try {
      outcome = await handle.done;
    } finally {
      off();
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) throw abortError();
    if (outcome.status !== 'completed')
      throw new Error(`experiment ${experiment.id}: run "${entry.key}" ${outcome.status}${outcome.message ? `: ${outcome.message}` : ''}`);
    const record = await client.getRun(handle.runId, dbName);
    if (!record) throw new Error(`experiment ${experiment.id}: run "${entry.key}" (${handle.runId}) has no stored record`);
    results.set(entry.key, record);
    onProgress?.({ type: 'done', index, key: entry.key, record });
  }
  return results;
}
