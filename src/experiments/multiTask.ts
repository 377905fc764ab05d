/**
 * Multi-task training (paper §3.5.2, Table 11) at browser scale: one run per mixing strategy on
 * the same bundled tasks, each evaluated on every task's validation split during training, and a
 * side-by-side table in the shape of Table 11 with the paper's row for the same strategy.
 * Rates come from src/tasks/mixingRates.ts over the tasks' real training-split sizes (computed
 * by the training session and stored in each run's `resolved.rates`).
 */
import type { T5Config } from '../model/config.ts';
import { TABLE_11, type PaperRow } from '../paper/tables.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { strategyLabel, type MixingStrategy } from '../tasks/mixingRates.ts';
import type { RunConfigInput } from '../training/runConfig.ts';
import type { UserTaskSpec } from '../tasks/userTask.ts';
import type { Experiment } from './queue.ts';

export interface MultiTaskBudget {
  model: Partial<T5Config>;
  /** Bundled task names and/or keys of `userTasks`. */
  tasks: string[];
  /** The user's tasks among `tasks` (src/tasks/userTask.ts: where their examples are, prefix, metrics). */
  userTasks?: Record<string, UserTaskSpec>;
  steps: number;
  /** Evaluations (per-task metrics) during the run, evenly spaced; the last is at the end. */
  evaluations: number;
  batchSize: number;
  inputLength: number;
  targetLength: number;
  learningRate: number;
  evalExamples: number;
  seed: number;
}

export const TINY_MULTITASK_BUDGET: Readonly<MultiTaskBudget> = Object.freeze({
  model: {
    dModel: 32,
    dFf: 64,
    numHeads: 2,
    dKv: 16,
    numLayers: 1,
    numDecoderLayers: 1,
    relativeAttentionNumBuckets: 8,
    relativeAttentionMaxDistance: 32,
  },
  tasks: ['sentiment', 'define', 'qa_factbook'],
  steps: 120,
  evaluations: 3,
  batchSize: 8,
  inputLength: 64,
  targetLength: 16,
  learningRate: 0.01,
  evalExamples: 16,
  seed: 1,
});

/** The default strategies: Table 11's three families, with a K small enough to cap bundled tasks. */
export const DEFAULT_STRATEGIES: readonly MixingStrategy[] = Object.freeze([
  { kind: 'equal' },
  { kind: 'proportional', K: 2 ** 19 },
  { kind: 'proportional', K: 256 },
  { kind: 'temperature', T: 2, K: 2 ** 21 },
]);

/** A stable key for a strategy (queue entry key). */
export function strategyKey(s: MixingStrategy): string {
  if (s.kind === 'equal') return 'equal';
  if (s.kind === 'proportional') return `proportional-K${s.K}`;
  return `temperature-T${s.T}-K${s.K ?? 2 ** 21}`;
}

/** Checks a budget, naming the bad field. */
export function validateMultiTaskBudget(b: MultiTaskBudget): MultiTaskBudget {
  for (const f of ['steps', 'evaluations', 'batchSize', 'inputLength', 'targetLength', 'evalExamples'] as const) {
    if (!Number.isInteger(b[f]) || b[f] < 1) throw new RangeError(`budget.${f} must be a positive integer (got ${String(b[f])})`);
  }
  if (!Array.isArray(b.tasks) || b.tasks.length < 2) throw new RangeError('budget.tasks must name at least 2 tasks to mix');
  return b;
}

/** One run per strategy over the same tasks, model, steps and seed. */
export function multiTaskExperiment(id: string, strategies: readonly MixingStrategy[], budget: MultiTaskBudget): Experiment {
  validateMultiTaskBudget(budget);
  if (strategies.length === 0) throw new RangeError('strategies must list at least one mixing strategy');
  const evalEvery = Math.max(1, Math.floor(budget.steps / budget.evaluations));
  return {
    id,
    entries: strategies.map((mixing) => {
      const config: RunConfigInput = {
        data: { kind: 'tasks', tasks: [...budget.tasks], mixing, ...(budget.userTasks ? { userTasks: budget.userTasks } : {}) },
        model: { overrides: budget.model },
        batch: { size: budget.batchSize, inputLength: budget.inputLength, targetLength: budget.targetLength },
        schedule: { kind: 'constant', value: budget.learningRate },
        steps: budget.steps,
        seed: budget.seed,
        logEvery: Math.max(1, Math.floor(budget.steps / 10)),
        evalEvery,
        evalExamples: budget.evalExamples,
        checkpointEvery: evalEvery,
        keepCheckpoints: 1,
      };
      return { key: strategyKey(mixing), config };
    }),
  };
}

/** The paper's Table 11 row for the same strategy, if the paper ran it. */
export function paperRowFor(s: MixingStrategy): PaperRow<unknown> | undefined {
  return TABLE_11.rows.find((r) => {
    const p = r.key.strategy;
    if (!p || p.kind !== s.kind) return false;
    if (p.kind === 'equal') return true;
    if (p.kind === 'proportional' && s.kind === 'proportional') return p.K === s.K;
    return p.kind === 'temperature' && s.kind === 'temperature' && p.T === s.T && (p.K ?? 2 ** 21) === (s.K ?? 2 ** 21);
  }) as PaperRow<unknown> | undefined;
}

export interface MultiTaskRow {
  key: string;
  label: string;
  rates: Record<string, number>;
  /** Final "task/metric" values. */
  metrics: Record<string, number>;
  valLoss: number;
  paperRow?: PaperRow<unknown>;
}

export interface MetricPoint {
  strategy: string;
  metric: string;
  step: number;
  value: number;
}

/** Table rows and per-task metric curves over steps, from the stored runs. */
export function multiTaskResults(
  strategies: readonly MixingStrategy[],
  runs: ReadonlyMap<string, RunRecord>,
): { rows: MultiTaskRow[]; curves: MetricPoint[] } {
  const rows: MultiTaskRow[] = [];
  const curves: MetricPoint[] = [];
  for (const s of strategies) {
    const key = strategyKey(s);
    const r = runs.get(key);
    if (!r) throw new RangeError(`strategy "${key}" has no completed run`);
    const label = strategyLabel(s);
    const evaluated = r.history.filter((h) => h.metrics !== undefined);
    for (const h of evaluated)
      for (const [metric, value] of Object.entries(h.metrics!)) curves.push({ strategy: label, metric, step: h.step, value });
    const last = evaluated.at(-1);
    const paperRow = paperRowFor(s);
    rows.push({
      key,
      label,
      rates: r.resolved?.rates ?? {},
      metrics: last?.metrics ?? {},
      valLoss: last?.valLoss ?? NaN,
      ...(paperRow ? { paperRow } : {}),
    });
  }
  return { rows, curves };
}
