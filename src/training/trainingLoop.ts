/**
 * The training loop around a session: steps until `config.steps`, streams history entries,
 * evaluates every `evalEvery` steps, checkpoints every `checkpointEvery` steps, honours pause
 * and stop between steps, turns a NaN/Inf loss into a failed outcome and a loss that runs away
 * (or collapses to ln V, see divergence.ts) into a diverged one; both name the last good
 * checkpoint, and no checkpoint is taken while the loss looks unsound. Checkpoint writes do not block training: the loop hands the bytes to
 * `onCheckpoint` and keeps stepping; at most one write is in flight (the next waits for it).
 */
import { NonFiniteLossError, type StepResult } from './trainer.ts';
import { DivergenceDetector, divergenceMessage, warmupStepsOf } from './divergence.ts';
import type { HistoryEntry } from './trainerState.ts';
import type { EvaluationResult, TrainingSession } from './trainingSession.ts';

export type LoopStatus = 'completed' | 'stopped' | 'failed' | 'diverged';

export interface LoopOutcome {
  status: LoopStatus;
  step: number;
  /** Why the run failed or diverged (with what to try). */
  error?: string;
  /** Step of the last checkpoint written successfully (undefined if none). */
  lastCheckpointStep?: number;
}

export interface LoopCallbacks {
  /** After every step (progress bars). */
  onStep?(result: StepResult): void;
  /** Every `logEvery` steps and at the end. */
  onMetrics?(entry: HistoryEntry): void | Promise<void>;
  onEval?(evaluation: EvaluationResult): void | Promise<void>;
  /** Persists a checkpoint; training continues while it runs. */
  onCheckpoint?(bytes: Uint8Array, step: number): Promise<void>;
  /** A checkpoint write failed (e.g. quota): reported, training goes on, older checkpoints stay. */
  onCheckpointError?(error: unknown, step: number): void;
}

export interface LoopControl {
  /** Aborting stops the run between two steps. */
  signal?: AbortSignal;
  /** Awaited before every step; resolves at once unless the run is paused. */
  waitWhilePaused?: () => Promise<void>;
  /** Write a checkpoint when stopped (default true), so the run can be resumed from there. */
  checkpointOnStop?: boolean;
  /** Evaluate before returning "completed" (default true). */
  finalEvaluation?: boolean;
  /** Step at which the session's state was last checkpointed before this loop (a resumed run's). */
  resumedFromStep?: number;
}

/**
 * Resolves on the next macrotask. Between steps the loop waits for one, so messages (pause,
 * stop) reach a worker even on cpu/wasm, where `await data()` settles as a microtask and would
 * otherwise never give the event loop a turn.
 */
export function nextMacrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export async function runTraining(
  session: TrainingSession,
  callbacks: LoopCallbacks = {},
  control: LoopControl = {},
): Promise<LoopOutcome> {
  const { steps, evalEvery, checkpointEvery } = session.config;
  let lastCheckpointStep = control.resumedFromStep;
  let inFlight: Promise<void> | null = null;
  const detector = new DivergenceDetector({
    vocabSize: session.model.config.vocabSize,
    warmupSteps: warmupStepsOf(session.config.schedule),
    history: session.history,
  });

  const checkpoint = async (always = false) => {
    if (!callbacks.onCheckpoint) return;
    // A checkpoint while the loss is climbing (or pinned at ln V) could already be a diverged one,
    // and its weights are one update past the last loss seen: probe them before keeping them.
    if (!always && (!detector.healthy || !detector.acceptsProbe(await session.probeLoss()))) return;
    const step = session.step;
    if (lastCheckpointStep === step) return;
    const bytes = await session.checkpoint();
    if (inFlight) await inFlight;
    inFlight = callbacks.onCheckpoint(bytes, step).then(
      () => void (lastCheckpointStep = step),
      (err) => callbacks.onCheckpointError?.(err, step),
    );
  };
  const settle = async () => {
    if (inFlight) await inFlight;
    inFlight = null;
  };

  while (session.step < steps) {
    await nextMacrotask();
    if (control.waitWhilePaused) {
      const before = performance.now();
      await control.waitWhilePaused();
      session.excludeFromThroughput(performance.now() - before);
    }
    if (control.signal?.aborted) {
      if (control.checkpointOnStop ?? true) await checkpoint();
      await settle();
      return { status: 'stopped', step: session.step, lastCheckpointStep };
    }
    let outcome: Awaited<ReturnType<TrainingSession['trainStep']>>;
    try {
      outcome = await session.trainStep();
    } catch (err) {
      if (!(err instanceof NonFiniteLossError)) throw err;
      await settle();
      const where =
        lastCheckpointStep === undefined ? 'no checkpoint was written yet' : `the last good checkpoint is at step ${lastCheckpointStep}`;
      return { status: 'failed', step: session.step, error: `${err.message}; ${where}`, lastCheckpointStep };
    }
    callbacks.onStep?.(outcome.result);
    if (outcome.entry) await callbacks.onMetrics?.(outcome.entry);
    const diverged = detector.observe(outcome.result.step, outcome.result.loss);
    if (diverged) {
      await settle();
      return { status: 'diverged', step: session.step, error: divergenceMessage(diverged, lastCheckpointStep), lastCheckpointStep };
    }
    const s = session.step;
    if (s < steps && evalEvery > 0 && s % evalEvery === 0) await callbacks.onEval?.(await session.evaluate());
    if (s < steps && checkpointEvery > 0 && s % checkpointEvery === 0) await checkpoint();
  }
  if (control.finalEvaluation ?? true) await callbacks.onEval?.(await session.evaluate());
  await checkpoint(true);
  await settle();
  return { status: 'completed', step: session.step, lastCheckpointStep };
}
