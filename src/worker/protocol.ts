/**
 * Messages between the page (trainingClient.ts) and the training worker (trainingWorker.ts).
 * Plain structured-clone data; binary payloads (HF files) travel as transferred ArrayBuffers.
 */
import type { BackendName } from '../backend/backendChoice.ts';
import type { RunConfig } from '../training/runConfig.ts';
import type { HistoryEntry } from '../training/trainerState.ts';
import type { EvaluationResult } from '../training/trainingSession.ts';
import type { LoopStatus } from '../training/trainingLoop.ts';
import type { RunEnvironment, RunResolved } from '../runs/runRecord.ts';

/** HF checkpoint files to start from (`init: {kind: "hf-files"}`). */
export interface HfFiles {
  configJson: string;
  safetensors: ArrayBuffer;
}

export type ToWorker =
  | { type: 'start'; runId: string; config: RunConfig; backend: BackendName | 'auto'; dbName?: string; hfFiles?: HfFiles }
  | { type: 'resume'; runId: string; backend: BackendName | 'auto'; dbName?: string; steps?: number }
  | { type: 'pause' }
  | { type: 'unpause' }
  /** Graceful stop: the worker writes a checkpoint, then reports `done` with status "stopped". */
  | { type: 'stop' }
  /** Test hook: destroys the WebGPU device, which the worker must then report as lost. */
  | { type: 'destroy-gpu-device' };

/** tf.memory() of the worker's backend. */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  numBytesInGPU?: number;
}

export interface RunOutcome {
  status: LoopStatus;
  step: number;
  message?: string;
  lastCheckpointStep?: number;
}

export type FromWorker =
  | { type: 'backend'; environment: RunEnvironment }
  | { type: 'started'; runId: string; step: number; resolved: RunResolved }
  | { type: 'step'; step: number; loss: number }
  | { type: 'metrics'; entry: HistoryEntry; memory: MemoryInfo }
  | { type: 'eval'; evaluation: EvaluationResult }
  | { type: 'checkpoint'; step: number; bytes: number }
  | { type: 'paused' }
  | { type: 'resumed' }
  /** Something the user should know that did not stop the run (e.g. a checkpoint over quota). */
  | { type: 'warning'; message: string }
  | { type: 'device-lost'; message: string }
  | { type: 'done'; outcome: RunOutcome }
  /** The run could not start or crashed; `message` says why. */
  | { type: 'error'; message: string };

export type RunEvent = FromWorker;
