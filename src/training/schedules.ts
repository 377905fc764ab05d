/**
 * Learning-rate schedules as plain data (they are part of a run's saved config).
 *
 * `step` is the number of updates already applied (0 for the first update), as mesh-tf's
 * `global_step`. The paper's pre-training schedule is `1/√max(step, k)` with k = 10^4: a constant
 * 0.01 for the first 10^4 steps, then inverse-square-root decay; fine-tuning used a constant
 * 0.001 (spec §A.10).
 */

import { fail, intAtLeast, numberIn, plainObject, positiveNumber, ValidationError } from '../validation/checks.ts';

export type LearningRateSchedule =
  /** `scale / √max(step, warmupSteps)` (paper: scale 1, warmupSteps 10^4). */
  | { kind: 'inverse-sqrt'; warmupSteps: number; scale?: number }
  | { kind: 'constant'; value: number }
  /**
   * Linear warm-up from peak/warmupSteps to `peak` over `warmupSteps`, then a half cosine down to
   * `final` (default 0) at `totalSteps`, constant after that.
   */
  | { kind: 'warmup-cosine'; peak: number; warmupSteps: number; totalSteps: number; final?: number };

export type ScheduleKind = LearningRateSchedule['kind'];
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['inverse-sqrt', 'constant', 'warmup-cosine'];

/** The paper's pre-training schedule (spec §A.10). */
export const PAPER_PRETRAINING_SCHEDULE: LearningRateSchedule = Object.freeze({ kind: 'inverse-sqrt', warmupSteps: 10_000 });
/** The paper's fine-tuning schedule (spec §A.10). */
export const PAPER_FINETUNING_SCHEDULE: LearningRateSchedule = Object.freeze({ kind: 'constant', value: 0.001 });

const positive = positiveNumber;
const nonNegativeInt = (v: unknown, field: string) => intAtLeast(v, field, 0);

/** Checks a schedule, naming the bad field (`schedule.warmupSteps must be …`); returns a normalised copy. */
export function validateSchedule(schedule: unknown, field = 'schedule'): LearningRateSchedule {
  if (schedule === null || typeof schedule !== 'object') fail(field, `an object with a "kind" (${SCHEDULE_KINDS.join(', ')})`, schedule);
  const s = plainObject(schedule, field);
  switch (s.kind) {
    case 'inverse-sqrt': {
      const warmupSteps = nonNegativeInt(s.warmupSteps, `${field}.warmupSteps`);
      if (warmupSteps < 1) fail(`${field}.warmupSteps`, '≥ 1 (1/√max(step, 0) is infinite at step 0)', warmupSteps);
      return { kind: 'inverse-sqrt', warmupSteps, scale: s.scale === undefined ? 1 : positive(s.scale, `${field}.scale`) };
    }
    case 'constant':
      return { kind: 'constant', value: positive(s.value, `${field}.value`) };
    case 'warmup-cosine': {
      const peak = positive(s.peak, `${field}.peak`);
      const warmupSteps = nonNegativeInt(s.warmupSteps, `${field}.warmupSteps`);
      const totalSteps = nonNegativeInt(s.totalSteps, `${field}.totalSteps`);
      if (totalSteps < warmupSteps)
        throw new ValidationError(`${field}.totalSteps`, `${field}.totalSteps (${totalSteps}) must be ≥ warmupSteps (${warmupSteps})`);
      const final = s.final === undefined ? 0 : numberIn(s.final, `${field}.final`, 0, peak);
      return { kind: 'warmup-cosine', peak, warmupSteps, totalSteps, final };
    }
    default:
      return fail(`${field}.kind`, `one of ${SCHEDULE_KINDS.join(', ')}`, s.kind);
  }
}

/** The learning rate of the update that follows `step` applied updates. */
export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  nonNegativeInt(step, 'step');
  switch (schedule.kind) {
    case 'inverse-sqrt':
      return (schedule.scale ?? 1) / Math.sqrt(Math.max(step, schedule.warmupSteps));
    case 'constant':
      return schedule.value;
    case 'warmup-cosine': {
      const { peak, warmupSteps, totalSteps } = schedule;
      const final = schedule.final ?? 0;
      // (step + 1) so the very first update is not taken with a zero learning rate.
      if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
      if (step >= totalSteps || totalSteps === warmupSteps) return final;
      const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
      return final + 0.5 * (peak - final) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
