/**
 * Reads a Hugging Face Trainer `trainer_state.json` (transformers' TrainerState, saved in every
 * `checkpoint-N/` folder and by `trainer.save_state()`) into t5lab's metric history, so a cluster
 * run's curves overlay browser runs. The documented layout:
 *
 *   { "global_step": 500, "max_steps": 500, "train_batch_size": 8, "logging_steps": 10, …,
 *     "log_history": [ {"epoch": 0.02, "step": 10, "loss": 2.31, "learning_rate": 5e-5, "grad_norm": 1.2},
 *                      {"epoch": 0.2, "step": 100, "eval_loss": 2.05, "eval_runtime": 3.1, …},
 *                      {"epoch": 1.0, "step": 500, "train_loss": 2.2, "train_runtime": 91.0, …} ] }
 *
 * Training entries carry `loss`; evaluation entries `eval_loss` (and `eval_*` metrics); the final
 * summary (`train_loss`, `train_runtime`) is not a history point. Pure: text in, data out.
 */
import type { HistoryEntry } from '../training/trainerState.ts';

export interface TrainerStateReading {
  globalStep: number;
  maxSteps?: number;
  /** Per-device batch size as the Trainer records it. */
  trainBatchSize?: number;
  /** One entry per logged training step, with the evaluation of that step merged in. */
  history: HistoryEntry[];
  /** `train_loss` of the final summary entry, if the run finished. */
  trainLoss?: number;
  /** Which keys the history took its numbers from (for the run's message). */
  tokensFrom: 'num_input_tokens_seen' | 'estimate' | 'unknown';
}

/** A trainer_state.json that cannot be used, with what is wrong in its terms. */
export class TrainerStateError extends Error {}

const SKIP_EVAL = new Set(['eval_loss', 'eval_runtime', 'eval_samples_per_second', 'eval_steps_per_second', 'epoch', 'step']);

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface TrainerStateOptions {
  /** Sequences per optimizer step over all devices (from the recipe), for examples/tokens seen. */
  globalBatchSize?: number;
  /** Tokens per sequence (inputs + targets length), to estimate tokens seen when the log has none. */
  tokensPerExample?: number;
}

/** Parses trainer_state.json text; throws TrainerStateError naming what is wrong. */
export function parseTrainerState(text: string, options: TrainerStateOptions = {}): TrainerStateReading {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (err) {
    throw new TrainerStateError(`trainer_state.json is not valid JSON (${(err as Error).message})`);
  }
  if (state === null || typeof state !== 'object' || Array.isArray(state))
    throw new TrainerStateError('trainer_state.json must be a JSON object');
  const s = state as Record<string, unknown>;
  if (!Array.isArray(s.log_history))
    throw new TrainerStateError('trainer_state.json has no "log_history" array (is it an HF Trainer state?)');
  const batch = options.globalBatchSize ?? num(s.train_batch_size);
  const byStep = new Map<number, HistoryEntry>();
  const evals: { step: number; loss?: number; metrics: Record<string, number> }[] = [];
  let trainLoss: number | undefined;
  let sawTokens = false;
  s.log_history.forEach((raw: unknown, i: number) => {
    if (raw === null || typeof raw !== 'object') throw new TrainerStateError(`log_history[${i}] must be an object`);
    const e = raw as Record<string, unknown>;
    const step = num(e.step);
    if (step === undefined || !Number.isInteger(step) || step < 0)
      throw new TrainerStateError(`log_history[${i}].step must be a non-negative integer (got ${JSON.stringify(e.step)})`);
    if (num(e.train_loss) !== undefined) trainLoss = num(e.train_loss);
    const loss = num(e.loss);
    if (loss !== undefined) {
      const tokens = num(e.num_input_tokens_seen);
      if (tokens !== undefined) sawTokens = true;
      byStep.set(step, {
        step,
        loss,
        learningRate: num(e.learning_rate) ?? NaN,
        gradNorm: num(e.grad_norm) ?? NaN,
        tokensSeen:
          tokens ?? (batch !== undefined && options.tokensPerExample !== undefined ? step * batch * options.tokensPerExample : NaN),
        examplesSeen: batch !== undefined ? step * batch : NaN,
      });
    }
    if (num(e.eval_loss) !== undefined || Object.keys(e).some((k) => k.startsWith('eval_') && !SKIP_EVAL.has(k))) {
      const metrics: Record<string, number> = {};
      for (const [k, v] of Object.entries(e))
        if (k.startsWith('eval_') && !SKIP_EVAL.has(k) && num(v) !== undefined) metrics[`eval/${k.slice(5)}`] = v as number;
      evals.push({ step, loss: num(e.eval_loss), metrics });
    }
  });
  if (byStep.size === 0)
    throw new TrainerStateError(
      'trainer_state.json has no log_history entries with a training "loss" (was logging_steps larger than the run?)',
    );
  const history = [...byStep.values()].sort((a, b) => a.step - b.step);
  for (const ev of evals) {
    // The training entry logged at the evaluation's step, else the last one before it.
    const at = [...history].reverse().find((h) => h.step <= ev.step) ?? history[0];
    if (ev.loss !== undefined) at.valLoss = ev.loss;
    if (Object.keys(ev.metrics).length > 0) at.metrics = { ...(at.metrics ?? {}), ...ev.metrics };
  }
  const globalStep = num(s.global_step) ?? history[history.length - 1].step;
  return {
    globalStep,
    maxSteps: num(s.max_steps),
    trainBatchSize: num(s.train_batch_size),
    history,
    trainLoss,
    tokensFrom: sawTokens
      ? 'num_input_tokens_seen'
      : options.tokensPerExample !== undefined && batch !== undefined
        ? 'estimate'
        : 'unknown',
  };
}
