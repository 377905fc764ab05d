/**
 * Divergence detection on the training loss, shared by the CLI and the browser worker (both run
 * `runTraining`). A NaN/Inf loss is caught by the trainer itself; this module catches the runs
 * that stay finite but are lost:
 *
 * - **rising**: the smoothed loss climbs far above its running minimum — by more than ln V and
 *   more than doubling (a loss of 1e8, or a jump from 2 to 9 on a byte vocabulary);
 * - **flat**: after warm-up the loss sits at ln V, the loss of a uniform prediction over the
 *   vocabulary, for {@link FLAT_WINDOW} steps in a row (the model has collapsed).
 *
 * It also says whether a checkpoint taken *now* is a good one: while the loss is on its way up
 * (or pinned at ln V) the loop skips checkpoints, so the last checkpoint kept always predates
 * the divergence and "the last good checkpoint" is never a diverged one.
 */
import type { LearningRateSchedule } from './schedules.ts';

/** Steps of loss pinned at ln V (after warm-up) that count as a collapsed model. */
export const FLAT_WINDOW = 50;
/** Smoothing of the loss (an exponential moving average over about 1/α steps). */
const ALPHA = 0.2;

export interface DivergenceOptions {
  /** Output vocabulary of the model (ln V is the loss of a uniform prediction). */
  vocabSize: number;
  /** Steps of learning-rate warm-up, during which a flat loss is still expected. */
  warmupSteps?: number;
  /** Losses of earlier windows (a resumed run's history), so its minimum carries over. */
  history?: readonly { step: number; loss: number }[];
}

export interface Divergence {
  kind: 'rising' | 'flat';
  /** The step at which divergence was recognised. */
  step: number;
  /** The last step whose loss still looked healthy. */
  lastHealthyStep: number;
  /** A sentence for people: what happened, with numbers. */
  reason: string;
}

/** The warm-up length of a schedule (0 when its largest rate is used from the start). */
export function warmupStepsOf(schedule: LearningRateSchedule): number {
  return schedule.kind === 'warmup-cosine' ? schedule.warmupSteps : 0;
}

const fmt = (x: number) => (Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toFixed(3));

export class DivergenceDetector {
  readonly lnV: number;
  private readonly warmup: number;
  private ema: number | undefined;
  private minEma = Infinity;
  private minStep = 0;
  private lastLoss = NaN;
  private flatSince: number | undefined;
  private healthyStep = 0;

  constructor(options: DivergenceOptions) {
    this.lnV = Math.log(options.vocabSize);
    this.warmup = options.warmupSteps ?? 0;
    for (const h of options.history ?? []) {
      if (Number.isFinite(h.loss) && h.loss < this.minEma) {
        this.minEma = h.loss;
        this.minStep = h.step;
      }
      this.healthyStep = Math.max(this.healthyStep, h.step);
    }
  }

  /** How far above its minimum the smoothed loss may go: more than ln V and more than doubling. */
  private threshold(): number {
    return Math.max(this.lnV, this.minEma);
  }

  private tolerance(): number {
    return Math.max(0.02 * this.lnV, 0.05);
  }

  private nearLnV(loss: number): boolean {
    return Math.abs(loss - this.lnV) <= this.tolerance();
  }

  /** Feeds the loss of update `step` (1 after the first update); returns the divergence, if any. */
  observe(step: number, loss: number): Divergence | undefined {
    if (!Number.isFinite(loss)) return undefined; // the trainer reports NaN/Inf itself
    this.lastLoss = loss;
    this.ema = this.ema === undefined ? loss : ALPHA * loss + (1 - ALPHA) * this.ema;
    if (this.ema < this.minEma) {
      this.minEma = this.ema;
      this.minStep = step;
    }
    if (this.nearLnV(loss) && step > this.warmup) this.flatSince ??= step;
    else this.flatSince = undefined;
    if (this.healthy) this.healthyStep = step;

    if (this.ema - this.minEma > this.threshold()) {
      return {
        kind: 'rising',
        step,
        lastHealthyStep: this.healthyStep,
        reason: `the loss rose to ${fmt(loss)} (smoothed ${fmt(this.ema)}), far above its minimum ${fmt(this.minEma)} at step ${this.minStep}`,
      };
    }
    if (this.flatSince !== undefined && step - this.flatSince + 1 >= FLAT_WINDOW) {
      return {
        kind: 'flat',
        step,
        lastHealthyStep: this.healthyStep,
        reason: `the loss has stayed at ${fmt(loss)} ≈ ln ${Math.round(Math.exp(this.lnV))} (a uniform guess over the vocabulary) for ${step - this.flatSince + 1} steps after warm-up`,
      };
    }
    return undefined;
  }

  /**
   * Whether weights whose loss (on a validation batch) is `probe` are fit to keep as a
   * checkpoint: finite, within the divergence threshold of the running minimum, and not collapsed
   * to ln V after the run had learned something. A NaN probe (no validation data) accepts.
   */
  acceptsProbe(probe: number): boolean {
    if (Number.isNaN(probe)) return true;
    if (!Number.isFinite(probe)) return false;
    if (this.minEma === Infinity) return true;
    if (probe - this.minEma > this.threshold()) return false;
    return !(this.nearLnV(probe) && this.minEma < this.lnV - this.tolerance());
  }

  /**
   * True when the latest loss looks sound, so a checkpoint taken now is a good one: neither it
   * nor the smoothed loss is on the way up (past half the divergence threshold), and it is not
   * back at ln V after the run had learned something (a model that has not left ln V yet is
   * merely early in training).
   */
  get healthy(): boolean {
    if (this.ema === undefined) return true;
    const limit = this.minEma + this.threshold() / 2;
    const collapsed = this.flatSince !== undefined && this.minEma < this.lnV - this.tolerance();
    return this.ema <= limit && this.lastLoss <= limit && !collapsed;
  }
}

/** The message of a diverged run, with what to try. */
export function divergenceMessage(d: Divergence, lastCheckpointStep: number | undefined): string {
  const where =
    lastCheckpointStep === undefined ? 'no checkpoint was written yet' : `the last good checkpoint is at step ${lastCheckpointStep}`;
  return `training diverged at step ${d.step}: ${d.reason}; ${where} (try a lower learning rate or gradient clipping, then resume or start again)`;
}
