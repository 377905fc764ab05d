/**
 * The data behind the mixing cell's figures and table (spec §C): every task's rate as the size
 * limit K sweeps 2^10…2^24 and as the temperature T sweeps 1…16, plus the rate table of one
 * strategy. Everything goes through the rate functions of src/tasks/mixingRates.ts.
 */
import {
  examplesProportionalRates,
  mixingRates,
  PAPER_TEMPERATURE_K,
  temperatureScaledRates,
  type MixingStrategy,
  type TaskSizes,
} from '../tasks/mixingRates.ts';
import { positiveInt } from '../validation/checks.ts';

export interface KSweepRow {
  task: string;
  group: string;
  K: number;
  log2K: number;
  /** Rate as a fraction (0…1). */
  rate: number;
}

export interface TSweepRow {
  task: string;
  group: string;
  T: number;
  rate: number;
}

export interface RateTableRow {
  task: string;
  group: string;
  examples: number;
  /** True when the task's size is above K, so the cap applies. */
  capped: boolean;
  rate: number;
}

export interface SweepOptions {
  /** Task name → group label (colour in the figures); tasks not listed get "other". */
  groups?: Readonly<Record<string, string>>;
}

export const K_SWEEP = { fromLog2: 10, toLog2: 24 } as const;
export const T_SWEEP = { from: 1, to: 16 } as const;

const groupOf = (groups: SweepOptions['groups'], task: string) => groups?.[task] ?? 'other';

/**
 * Rates over K = 2^fromLog2 … 2^toLog2 in `perOctave` steps per doubling (log-spaced, so the
 * curve is smooth on a log axis). T = 1 is examples-proportional; T > 1 tempers after the cap.
 */
export function rateSweepOverK(
  sizes: TaskSizes,
  options: SweepOptions & { T?: number; perOctave?: number; fromLog2?: number; toLog2?: number } = {},
): KSweepRow[] {
  const { T = 1, perOctave = 4, fromLog2 = K_SWEEP.fromLog2, toLog2 = K_SWEEP.toLog2 } = options;
  positiveInt(perOctave, 'rateSweepOverK: perOctave');
  if (!(toLog2 > fromLog2)) throw new RangeError(`rateSweepOverK: toLog2 must be above fromLog2 (got ${fromLog2}…${toLog2})`);
  const rows: KSweepRow[] = [];
  const steps = Math.round((toLog2 - fromLog2) * perOctave);
  for (let i = 0; i <= steps; i++) {
    const log2K = fromLog2 + i / perOctave;
    const K = 2 ** log2K;
    const rates = T === 1 ? examplesProportionalRates(sizes, K) : temperatureScaledRates(sizes, T, K);
    for (const [task, rate] of Object.entries(rates)) rows.push({ task, group: groupOf(options.groups, task), K, log2K, rate });
  }
  return rows;
}

/** Rates over T = from … to, `perOctave` log-spaced steps per doubling of T, at a fixed K. */
export function rateSweepOverT(
  sizes: TaskSizes,
  options: SweepOptions & { K?: number; perOctave?: number; from?: number; to?: number } = {},
): TSweepRow[] {
  const { K = PAPER_TEMPERATURE_K, perOctave = 8, from = T_SWEEP.from, to = T_SWEEP.to } = options;
  if (!(from > 0 && to > from)) throw new RangeError(`rateSweepOverT: need 0 < from < to (got ${from}…${to})`);
  const rows: TSweepRow[] = [];
  const steps = Math.round(Math.log2(to / from) * perOctave);
  for (let i = 0; i <= steps; i++) {
    const T = i === steps ? to : from * 2 ** (i / perOctave);
    for (const [task, rate] of Object.entries(temperatureScaledRates(sizes, T, K)))
      rows.push({ task, group: groupOf(options.groups, task), T, rate });
  }
  return rows;
}

/** The rate of every task under one strategy, with its size and whether K caps it. */
export function rateTable(sizes: TaskSizes, strategy: MixingStrategy, options: SweepOptions = {}): RateTableRow[] {
  const rates = mixingRates(strategy, sizes);
  const K = strategy.kind === 'equal' ? Infinity : strategy.kind === 'proportional' ? strategy.K : (strategy.K ?? PAPER_TEMPERATURE_K);
  return Object.entries(rates).map(([task, rate]) => ({
    task,
    group: groupOf(options.groups, task),
    examples: sizes[task],
    capped: sizes[task] > K,
    rate,
  }));
}

/** Sum of the rates of every row in each group, in first-seen group order. */
export function groupTotals(rows: readonly RateTableRow[]): { group: string; rate: number; tasks: number }[] {
  const totals = new Map<string, { rate: number; tasks: number }>();
  for (const r of rows) {
    const t = totals.get(r.group) ?? { rate: 0, tasks: 0 };
    t.rate += r.rate;
    t.tasks += 1;
    totals.set(r.group, t);
  }
  return [...totals].map(([group, t]) => ({ group, ...t }));
}
