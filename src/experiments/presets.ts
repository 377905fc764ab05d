/**
 * Every experiment preset of the cells as one seeded plan: which arms it compares, the queue
 * entries of one seed, the number each arm reports per seed, and the baseline arm the others are
 * compared against. The browser cells and `t5lab experiment` both build their runs from here, so
 * the same budget and seeds give the same runs everywhere.
 *
 * Seeds: seed s gives every entry `config.seed = s` (which drives initialisation, data order and
 * corruption noise) and the key suffix `@s{s}`; ensemble members of seed s use seeds
 * s·1000 + i so no two seeds share a member.
 */
import type { T5Config } from '../model/config.ts';
import { TABLE_1, type PaperRow } from '../paper/tables.ts';
import type { CorpusArm } from './pretrainingData.ts';
import { finetuningPlan, pretrainingDataPlan, repetitionPlan } from './paperStudyPlans.ts';
import {
  EXPERIMENT_PRESET_IDS,
  lastValLoss,
  paperOf,
  runFlops,
  runsOfSeed,
  taskMetricKey,
  withSeed,
  type ArmMeasurement,
  type ExperimentPlan,
} from './plan.ts';
import { architectureArms } from './architectureComparison.ts';
import type { ExperimentBudget } from './budgets.ts';
import { DEFAULT_STRATEGIES } from './multiTask.ts';
import { COMPARISON_PRESETS, comparisonExperiment, comparisonRows, type ObjectiveArm } from './objectiveComparison.ts';
import { sweepPoints, type SweepKind } from './scalingSweep.ts';
import { architecturePlan, multiTaskPlan, sweepPlan } from './seededPlans.ts';

// The plan types and shared helpers live in plan.ts (so plan modules need no cycle); re-exported here.
export { EXPERIMENT_PRESET_IDS, type ExperimentPresetId, type ArmMeasurement, type ExperimentPlan, type PlanArm } from './plan.ts';
export { seededKey, taskMetricKey } from './plan.ts';

function comparisonPlan(
  id: 'objectives' | 'bert-variants' | 'corruption-rate' | 'span-length',
  budget: ExperimentBudget,
  only: readonly string[] = [],
): ExperimentPlan {
  const preset = COMPARISON_PRESETS[id];
  const known = [...preset.arms.map((a) => a.key), ...(id === 'objectives' ? ['scratch'] : [])];
  const unknown = only.find((k) => !known.includes(k));
  if (unknown) throw new RangeError(`arms: "${unknown}" is not a setting of ${id} (${known.join(', ')})`);
  const arms: readonly ObjectiveArm[] = only.length ? preset.arms.filter((a) => only.includes(a.key)) : preset.arms;
  // Table 1's "no pre-training" arm rides along with the objectives: fine-tuning from scratch.
  const withScratch = id === 'objectives' && (only.length === 0 || only.includes('scratch'));
  if (arms.length === 0) throw new RangeError(`arms: choose at least one pre-training objective of ${id}`);
  const metric = taskMetricKey(budget.task);
  const cb = (seed: number) => ({
    model: budget.model,
    corpus: budget.corpus,
    task: budget.task,
    pretrainSteps: budget.pretrainSteps,
    finetuneSteps: budget.finetuneSteps,
    batchSize: budget.batchSize,
    inputLength: budget.inputLength,
    learningRate: budget.learningRate,
    evalExamples: budget.evalExamples,
    seed,
  });
  const preferred = id === 'corruption-rate' ? 'rate-15' : id === 'span-length' ? 'iid' : 'bert';
  const baseline = arms.some((a) => a.key === preferred) ? preferred : arms[0].key;
  return {
    preset: id,
    title: preset.label,
    metric,
    lowerIsBetter: false,
    baseline,
    arms: [
      ...arms.map((a) => ({ key: a.key, label: a.label, paper: paperOf(preset.table.table, a.paperRow) })),
      ...(withScratch
        ? [
            {
              key: 'scratch',
              label: 'No pre-training',
              paper: paperOf(1, TABLE_1.rows.find((r) => r.key.kind === 'no-pretraining') as PaperRow<unknown>),
            },
          ]
        : []),
    ],
    entries(seed) {
      const entries = comparisonExperiment(id, arms, cb(seed)).entries.map((e) =>
        e.key.startsWith('ft-') ? { ...e, config: { ...e.config, batch: { ...e.config.batch!, targetLength: budget.targetLength } } } : e,
      );
      if (withScratch) {
        const ft = entries.find((e) => e.key.startsWith('ft-'))!;
        entries.push({ key: 'ft-scratch', config: ft.config });
      }
      return withSeed(entries, seed);
    },
    measure(seed, all) {
      const runs = runsOfSeed(all, seed);
      const out = new Map<string, ArmMeasurement>();
      for (const row of comparisonRows(arms, runs)) {
        const ft = runs.get(`ft-${row.key}`)!;
        out.set(row.key, {
          value: row.metrics[metric] ?? NaN,
          pretrainValLoss: row.pretrainValLoss,
          flops: row.pretrainFlops + runFlops(ft),
          finetuneValLoss: row.finetuneValLoss,
        });
      }
      if (withScratch) {
        const ft = runs.get('ft-scratch');
        if (!ft) throw new RangeError('arm "scratch" has no completed fine-tuning run');
        const last = [...ft.history].reverse().find((h) => h.metrics !== undefined);
        out.set('scratch', {
          value: last?.metrics?.[metric] ?? NaN,
          pretrainValLoss: null,
          flops: runFlops(ft),
          finetuneValLoss: lastValLoss(ft),
        });
      }
      return out;
    },
  };
}

function architecturesPlan(budget: ExperimentBudget): ExperimentPlan {
  const layers = budget.model.numLayers ?? 2;
  const arms = architectureArms('all', ['denoising'], layers);
  return architecturePlan(arms, (seed) => ({
    model: budget.model,
    layers,
    corpus: budget.corpus,
    steps: budget.pretrainSteps,
    batchSize: budget.batchSize,
    inputLength: budget.inputLength,
    learningRate: budget.learningRate,
    evalExamples: budget.evalExamples,
    seed,
  }));
}

function multitaskPlan(budget: ExperimentBudget): ExperimentPlan {
  const steps = budget.pretrainSteps + budget.finetuneSteps;
  const mb = (seed: number) => ({
    model: budget.model,
    tasks: budget.tasks,
    steps,
    evaluations: 3,
    batchSize: budget.batchSize,
    inputLength: budget.inputLength,
    targetLength: budget.targetLength,
    learningRate: budget.learningRate,
    evalExamples: budget.evalExamples,
    seed,
  });
  return multiTaskPlan(DEFAULT_STRATEGIES, mb, budget.tasks.map(taskMetricKey));
}

function presetSweepPlan(preset: 'scaling' | 'compute-strategies', budget: ExperimentBudget): ExperimentPlan {
  const kind: SweepKind = preset === 'scaling' ? 'width' : 'four-x';
  const base = (seed: number) => ({
    model: budget.model as Partial<T5Config>,
    corpus: budget.corpus,
    steps: budget.pretrainSteps,
    batchSize: budget.batchSize,
    inputLength: budget.inputLength,
    learningRate: budget.learningRate,
    seed,
  });
  const title = preset === 'scaling' ? 'Model width (scaling)' : '4× compute strategies (Table 13)';
  return sweepPlan(preset, title, sweepPoints(kind, base(1)), base);
}

export interface PlanOptions {
  /** Limit an objective comparison to some of its settings (empty: all). */
  arms?: readonly string[];
  /** Extra corpora for `pretraining-data` (any corpus value: a user dataset, a cleaned corpus). */
  corpora?: readonly CorpusArm[];
}

/**
 * The plan of a preset under a budget (throws naming an unknown preset). `arms` limits an
 * objective comparison to some of its settings (empty: all); `corpora` adds arms to the
 * pre-training data comparison.
 */
export function experimentPlan(preset: string, budget: ExperimentBudget, options: PlanOptions = {}): ExperimentPlan {
  switch (preset) {
    case 'objectives':
    case 'bert-variants':
    case 'corruption-rate':
    case 'span-length':
      return comparisonPlan(preset, budget, options.arms);
    case 'architectures':
      return architecturesPlan(budget);
    case 'multitask':
      return multitaskPlan(budget);
    case 'scaling':
    case 'compute-strategies':
      return presetSweepPlan(preset, budget);
    case 'finetuning-strategies':
      return finetuningPlan(budget);
    case 'pretraining-data':
      return pretrainingDataPlan(budget, options.corpora ?? []);
    case 'repetition':
      return repetitionPlan(budget);
    default:
      throw new RangeError(`preset must be one of ${EXPERIMENT_PRESET_IDS.join(', ')} (got ${JSON.stringify(preset)})`);
  }
}
