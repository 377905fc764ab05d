/**
 * A run record: what was trained, where, and how it went — the full config (model, tokenizer,
 * data, optimizer, schedule, batch, steps, seed), what it resolved to (model shape, tokenizer),
 * backend/adapter and tfjs version, the metric history, status and timestamps. The same JSON is
 * `DIR/run.json` in Node and a record of the IndexedDB `runs` store in the browser.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Config } from '../model/config.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';
import { validateRunConfig, type RunConfig } from '../training/runConfig.ts';
import type { HistoryEntry } from '../training/trainerState.ts';

export const RUN_STATUSES = ['created', 'running', 'paused', 'completed', 'stopped', 'failed', 'diverged', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunEnvironment {
  runtime: 'browser' | 'worker' | 'node';
  backend: string;
  /** Why this backend (the backend decision's sentence), and adapter/renderer details. */
  backendWhy?: string;
  adapter?: string;
  /** The backend's measured matmul GFLOP/s (src/backend/matmulPeak.ts), what achieved GFLOP/s is read against. */
  matmulPeakGflops?: number;
  tfjsVersion: string;
  userAgent?: string;
}

export interface RunResolved {
  modelConfig: T5Config;
  tokenizer: TokenizerJSON;
  parameters: number;
  /**
   * Parameters the fine-tuning strategy trains (src/training/finetuning.ts; gradual unfreezing:
   * those unfrozen by the last step). Absent for runs without a `finetune` field (all train).
   */
  trainedParameters?: number;
  /** Tokens of a pre-training run's training documents (after `data.corpusFraction`). */
  trainTokens?: number;
  /** Training examples (tasks) or documents (corpus) per dataset. */
  trainSizes: Record<string, number>;
  rates?: Record<string, number>;
}

export interface RunSample {
  task: string;
  input: string;
  target: string;
  prediction: string;
}

export interface CheckpointInfo {
  step: number;
  savedAt: number;
  bytes: number;
}

export interface RunRecord {
  id: string;
  name: string;
  config: RunConfig;
  resolved?: RunResolved;
  /** Where it ran; a resumed run on another backend replaces it and keeps the old in `previousEnvironments`. */
  environment: RunEnvironment;
  previousEnvironments?: RunEnvironment[];
  status: RunStatus;
  /** Why the run failed or stopped (a sentence for people). */
  message?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /** Updates applied. */
  step: number;
  history: HistoryEntry[];
  /** Latest decoded validation predictions (tasks). */
  samples?: RunSample[];
  checkpoints: CheckpointInfo[];
  /**
   * Runs imported from an HF Trainer folder in the browser: the id of their final model in the
   * imported-checkpoint store (hfCheckpointStore.ts), which a model cell opens.
   */
  hfCheckpoint?: string;
}

/** A new id, sortable by creation time. */
export function newRunId(now = Date.now()): string {
  const rand = globalThis.crypto.getRandomValues(new Uint32Array(2));
  return `run-${now.toString(36)}-${rand[0].toString(36)}${rand[1].toString(36)}`;
}

/** tfjs version and backend of this process. */
export function currentEnvironment(runtime: RunEnvironment['runtime'], extra: Partial<RunEnvironment> = {}): RunEnvironment {
  const ua = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  return {
    runtime,
    backend: tf.getBackend(),
    tfjsVersion: tf.version.tfjs,
    ...(ua && runtime !== 'node' ? { userAgent: ua } : {}),
    ...extra,
  };
}

export function createRunRecord(config: RunConfig, environment: RunEnvironment, id = newRunId()): RunRecord {
  const now = Date.now();
  return {
    id,
    name: config.name,
    config,
    environment,
    status: 'created',
    createdAt: now,
    updatedAt: now,
    step: 0,
    history: [],
    checkpoints: [],
  };
}

function fail(message: string): never {
  throw new TypeError(`run record: ${message}`);
}

/**
 * Checks a parsed record (from run.json, IndexedDB or an import), naming the bad field; the
 * config is re-validated so a record always carries a complete, valid config.
 */
export function validateRunRecord(value: unknown): RunRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('must be a JSON object');
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') fail('id must be a non-empty string');
  if (typeof r.name !== 'string') fail('name must be a string');
  if (!RUN_STATUSES.includes(r.status as RunStatus))
    fail(`status must be one of ${RUN_STATUSES.join(', ')} (got ${JSON.stringify(r.status)})`);
  for (const key of ['createdAt', 'updatedAt', 'step'])
    if (typeof r[key] !== 'number' || !Number.isFinite(r[key] as number)) fail(`${key} must be a number`);
  if (!Array.isArray(r.history)) fail('history must be an array');
  r.history.forEach((h: unknown, i: number) => {
    const e = h as Record<string, unknown>;
    if (!e || typeof e.step !== 'number') fail(`history[${i}].step must be a number`);
  });
  if (!Array.isArray(r.checkpoints)) fail('checkpoints must be an array');
  const env = r.environment as Record<string, unknown> | undefined;
  if (!env || typeof env.backend !== 'string' || typeof env.tfjsVersion !== 'string')
    fail('environment must name the backend and tfjsVersion');
  let config: RunConfig;
  try {
    config = validateRunConfig(r.config as RunConfig);
  } catch (err) {
    fail(`config: ${(err as Error).message}`);
  }
  return { ...(r as unknown as RunRecord), config };
}

/** JSON text of a record (NaN/Infinity, which JSON cannot hold, become null). */
export function runRecordToJson(record: RunRecord): string {
  return JSON.stringify(record, null, 1);
}

export function runRecordFromJson(text: string): RunRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail(`not valid JSON (${(err as Error).message})`);
  }
  return validateRunRecord(parsed);
}
