/**
 * What every experiment preset is (presets.ts): a seeded plan of arms, queue entries and
 * per-seed measurements, and the helpers the plans share (seeded keys, one seed's runs, the
 * paper's row of an arm, a run's FLOPs). Split from presets.ts so plan modules can use them
 * without an import cycle.
 */
import type { PaperRow, PaperTable } from '../paper/tables.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { runCompute } from '../scaling/runCompute.ts';
import { bundledTasks } from '../tasks/bundledTasks.ts';
import type { QueueEntry } from './queue.ts';

export const EXPERIMENT_PRESET_IDS = [
  'objectives',
  'bert-variants',
  'corruption-rate',
  'span-length',
  'architectures',
  'multitask',
  'scaling',
  'compute-strategies',
  'finetuning-strategies',
  'pretraining-data',
  'repetition',
] as const;
export type ExperimentPresetId = (typeof EXPERIMENT_PRESET_IDS)[number];

export interface PlanArm {
  key: string;
  label: string;
  /** The paper's row for this arm: its table and scores. */
  paper: { table: number; label: string; scores: Record<string, number> } | null;
}

/** What one arm reports for one seed. */
export interface ArmMeasurement {
  value: number;
  /** Pre-training validation loss (null where the arm has no pre-training). */
  pretrainValLoss: number | null;
  /** Training FLOPs of the arm (pre-training + fine-tuning; all members of an ensemble). */
  flops: number;
  /** Validation loss of the fine-tuned model on the task (per target token), where there is one. */
  finetuneValLoss?: number | null;
  /** Parameters the arm's fine-tuning trained and the model's total (fine-tuning strategies). */
  trainedParameters?: number;
  parameters?: number;
  /** How often the pre-training data was seen: tokens trained on / tokens of the (sliced) corpus. */
  repeats?: number | null;
}

export interface ExperimentPlan {
  preset: ExperimentPresetId;
  title: string;
  /** "task/metric" of `value`. */
  metric: string;
  lowerIsBetter: boolean;
  baseline: string;
  arms: PlanArm[];
  /** The queue entries of one seed (keys carry `@s{seed}`). */
  entries(seed: number): QueueEntry[];
  /** Each arm's number for one seed, from that seed's completed runs (keyed as in `entries`). */
  measure(seed: number, runs: ReadonlyMap<string, RunRecord>): Map<string, ArmMeasurement>;
  /** The paper's whole table, shown beside the arms (their scale differs: clearly the paper's numbers). */
  paperTable?: PaperTable<unknown>;
}

/** The key of an entry for one seed. */
export const seededKey = (key: string, seed: number): string => `${key}@s${seed}`;

export function withSeed(entries: QueueEntry[], seed: number): QueueEntry[] {
  return entries.map((e) => ({ ...e, key: seededKey(e.key, seed), ...(e.initFrom ? { initFrom: seededKey(e.initFrom, seed) } : {}) }));
}

/** The unseeded view of one seed's runs: `pre-bert@s2` → `pre-bert`. */
export function runsOfSeed(runs: ReadonlyMap<string, RunRecord>, seed: number): Map<string, RunRecord> {
  const suffix = `@s${seed}`;
  const out = new Map<string, RunRecord>();
  for (const [k, r] of runs) if (k.endsWith(suffix)) out.set(k.slice(0, -suffix.length), r);
  return out;
}

export const paperOf = (table: number, row: PaperRow<unknown> | undefined): PlanArm['paper'] =>
  row ? { table, label: row.label, scores: { ...row.scores } } : null;

export function runFlops(r: RunRecord): number {
  if (!r.resolved) return NaN;
  return runCompute(r.resolved.modelConfig, {
    steps: r.step,
    batch: r.config.batch.size,
    inputLength: r.config.batch.inputLength,
    targetLength: r.config.batch.targetLength,
  }).flops;
}

export const lastValLoss = (r: RunRecord): number => [...r.history].reverse().find((h) => h.valLoss !== undefined)?.valLoss ?? NaN;

/** The fine-tuning task's headline metric key, e.g. "sentiment/accuracy". */
export function taskMetricKey(task: string): string {
  const t = bundledTasks[task];
  if (!t) throw new RangeError(`budget.task: unknown task "${task}" (known: ${Object.keys(bundledTasks).join(', ')})`);
  return `${task}/${t.metrics[0].name}`;
}
