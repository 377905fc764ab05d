/**
 * Seeded plans: what an experiment compares (its arms), the queue entries of one seed, and each
 * arm's number for one seed. The presets of `t5lab experiment` (presets.ts) and the experiment
 * cells (multi-task, architecture comparison, scaling) build their plans here from their own
 * budgets, so a cell over N seeds reports per-seed values, intervals and verdicts exactly as the
 * CLI does.
 *
 * Seeds: seed s gives every entry `config.seed = s` (init, data order and corruption noise) and
 * the key suffix `@s{s}`; ensemble members of seed s use seeds s·1000 + i.
 */
import type { T5Config } from '../model/config.ts';
import { strategyLabel, type MixingStrategy } from '../tasks/mixingRates.ts';
import { architectureExperiment, architectureRows, type ArchitectureArm, type ArchitectureBudget } from './architectureComparison.ts';
import { multiTaskExperiment, multiTaskResults, paperRowFor, strategyKey, type MultiTaskBudget } from './multiTask.ts';
import { sweepExperiment, sweepResults, type SweepBase, type SweepPoint } from './scalingSweep.ts';

import { paperOf, runFlops, runsOfSeed, withSeed, type ExperimentPlan } from './plan.ts';

// The plan types and shared helpers live in plan.ts (one home for presets, paper studies and cells).
export {
  EXPERIMENT_PRESET_IDS,
  paperOf,
  runFlops,
  runsOfSeed,
  seededKey,
  withSeed,
  type ArmMeasurement,
  type ExperimentPlan,
  type ExperimentPresetId,
  type PlanArm,
} from './plan.ts';

/** `count` consecutive seeds from `first` (the notebook's seed or the cell's own). */
export const seedRange = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

/**
 * Mixing strategies over seeds; an arm's number is the mean over tasks of each task's headline
 * metric (`headline`, "task/metric"), as GLUE averages its tasks. Baseline: the first strategy.
 */
export function multiTaskPlan(
  strategies: readonly MixingStrategy[],
  budgetOf: (seed: number) => MultiTaskBudget,
  headline: readonly string[],
): ExperimentPlan {
  return {
    preset: 'multitask',
    title: 'Multi-task mixing strategies (Table 11)',
    metric: 'mixture/average',
    lowerIsBetter: false,
    baseline: strategyKey(strategies[0]),
    arms: strategies.map((s) => ({ key: strategyKey(s), label: strategyLabel(s), paper: paperOf(11, paperRowFor(s)) })),
    entries: (seed) => withSeed(multiTaskExperiment('multitask', strategies, budgetOf(seed)).entries, seed),
    measure(seed, all) {
      const runs = runsOfSeed(all, seed);
      const { rows } = multiTaskResults(strategies, runs);
      return new Map(
        rows.map((r) => [
          r.key,
          {
            value: headline.reduce((s, k) => s + (r.metrics[k] ?? NaN), 0) / headline.length,
            pretrainValLoss: null,
            flops: runFlops(runs.get(r.key)!),
          },
        ]),
      );
    },
  };
}

/** Architectures over seeds, scored by pre-training validation loss (lower is better); baseline: the first arm. */
export function architecturePlan(arms: readonly ArchitectureArm[], budgetOf: (seed: number) => ArchitectureBudget): ExperimentPlan {
  return {
    preset: 'architectures',
    title: `Architectures, ${[...new Set(arms.map((a) => (a.objective === 'lm' ? 'LM' : 'denoising')))].join(' and ')} objective (Table 2)`,
    metric: 'pretrain/val_loss',
    lowerIsBetter: true,
    baseline: arms[0].key,
    arms: arms.map((a) => ({ key: a.key, label: a.label, paper: paperOf(2, a.paperRow) })),
    entries: (seed) => withSeed(architectureExperiment('architectures', arms, budgetOf(seed)).entries, seed),
    measure(seed, all) {
      const rows = architectureRows(arms, runsOfSeed(all, seed));
      return new Map(rows.map((r) => [r.key, { value: r.valLoss, pretrainValLoss: r.valLoss, flops: r.flops }]));
    },
  };
}

/**
 * Sweep points over seeds, scored by final validation loss; baseline: the first point. An
 * ensemble's number is its members' mean loss unless `ensembleLoss` (logit-averaged, computed
 * by the caller from the runs) gives it.
 */
export function sweepPlan(
  preset: 'scaling' | 'compute-strategies',
  title: string,
  points: readonly SweepPoint[],
  baseOf: (seed: number) => SweepBase & { model: Partial<T5Config> },
  ensembleLoss?: (seed: number, key: string) => number | undefined,
): ExperimentPlan {
  return {
    preset,
    title,
    metric: 'pretrain/val_loss',
    lowerIsBetter: true,
    baseline: points[0].key,
    arms: points.map((p) => ({ key: p.key, label: p.label, paper: null })),
    // Ensemble members of seed s use seeds s·1000 + i (sweepExperiment adds i to the base seed).
    entries: (seed) => {
      const base = baseOf(seed);
      return withSeed(
        sweepExperiment(preset, points, points.some((p) => p.members > 1) ? { ...base, seed: seed * 1000 } : base).entries,
        seed,
      );
    },
    measure(seed, all) {
      const results = sweepResults(points, runsOfSeed(all, seed));
      return new Map(
        results.map((r) => {
          const loss = (r.members > 1 ? ensembleLoss?.(seed, r.key) : undefined) ?? r.loss;
          return [r.key, { value: loss, pretrainValLoss: loss, flops: r.flops }];
        }),
      );
    },
  };
}
