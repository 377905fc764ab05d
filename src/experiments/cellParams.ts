/**
 * Parameter schemas of the experiment cells (scaling, multi-task, architecture comparison, and the
 * budgeted fields the objective comparison and paper studies share). A
 * cell's stored parameters are untrusted — an imported notebook, a hand-edited file — so each
 * cell parses them here at the boundary: a wrong-typed field (e.g. `multipliers: "1,2"`) falls
 * back to its default and comes back as a message naming the field's label, which the cell shows
 * instead of failing to render.
 */
import { bundledTasks } from '../tasks/bundledTasks.ts';
import type { MixingStrategy } from '../tasks/mixingRates.ts';
import { arrayOf, intIn, oneOf, plainObject, positiveInt, positiveNumber, type Schema } from '../validation/checks.ts';
import { ARCHITECTURE_MODES, type ArchitectureMode, type ArchitectureObjective } from './architectureComparison.ts';
import { SWEEP_KINDS, type SweepKind } from './scalingSweep.ts';
import { BUDGET_NAMES, namedBudget, type ExperimentBudget } from './budgets.ts';
import type { T5Config } from '../model/config.ts';
import { modelSource, seedSource, tokenizerSource, type ModelSource, type SeedSource, type TokenizerSource } from './notebookValues.ts';

/** Seeds per arm in a cell: 1–20 (each seed is a full run of every arm). */
const SEEDS_CHECK = (v: unknown, l: string) => intIn(v, l, 1, 20);

export interface ScalingParams {
  sweep: SweepKind;
  multipliers: number[];
  steps: number;
  /** The base seed: the notebook's, or this cell's own. */
  seed?: SeedSource;
  /** Seeds per point (first … first + N − 1); absent in notebooks saved before seeds: 1. */
  seeds?: number;
  /** Train the notebook's model shape as the base (multiplied by the sweep) or the sweep's tiny one. */
  model?: ModelSource;
  /** Every run's tokenizer: the notebook's, or bytes (the budget's). */
  tokenizer?: TokenizerSource;
}

export const SCALING_SCHEMA: Schema<ScalingParams> = {
  sweep: { label: 'sweep', check: (v, l) => oneOf(v, l, SWEEP_KINDS) },
  multipliers: { label: 'multipliers', check: (v, l) => arrayOf(v, l, (x, n) => intIn(x, n, 1, 64), { minLength: 1, maxLength: 8 }) },
  steps: { label: 'base steps', check: positiveInt },
  seed: { label: 'seed', check: seedSource },
  seeds: { label: 'seeds', check: SEEDS_CHECK },
  model: { label: 'model', check: modelSource },
  tokenizer: { label: 'tokenizer', check: tokenizerSource },
};

/** One mixing strategy: {kind: equal} | {kind: proportional, K} | {kind: temperature, T, K?}. */
export function mixingStrategy(v: unknown, label: string): MixingStrategy {
  const o = plainObject(v, label);
  const kind = oneOf(o.kind, `${label}.kind`, ['equal', 'proportional', 'temperature'] as const);
  if (kind === 'equal') return { kind };
  if (kind === 'proportional') return { kind, K: positiveNumber(o.K, `${label}.K`) };
  const T = positiveNumber(o.T, `${label}.T`);
  return o.K === undefined ? { kind, T } : { kind, T, K: positiveNumber(o.K, `${label}.K`) };
}

export interface MultiTaskParams {
  strategies: MixingStrategy[];
  tasks: string[];
  steps: number;
  evaluations: number;
  seed?: SeedSource;
  /** Seeds per strategy (first … first + N − 1). */
  seeds?: number;
  /** Train the notebook's model shape or the budget's. */
  model?: ModelSource;
  /** Every run's tokenizer: the notebook's, or bytes (the budget's). */
  tokenizer?: TokenizerSource;
}

export const MULTITASK_SCHEMA: Schema<MultiTaskParams> = {
  strategies: { label: 'strategies', check: (v, l) => arrayOf(v, l, mixingStrategy, { minLength: 1 }) },
  tasks: { label: 'tasks', check: (v, l) => arrayOf(v, l, (x, n) => oneOf(x, n, Object.keys(bundledTasks)), { minLength: 2 }) },
  steps: { label: 'steps per strategy', check: positiveInt },
  evaluations: { label: 'evaluations', check: (v, l) => intIn(v, l, 1, 100) },
  seed: { label: 'seed', check: seedSource },
  seeds: { label: 'seeds', check: SEEDS_CHECK },
  model: { label: 'model', check: modelSource },
  tokenizer: { label: 'tokenizer', check: tokenizerSource },
};

export interface ArchitectureComparisonParams {
  mode: ArchitectureMode;
  objectives: ArchitectureObjective[];
  steps: number;
  layers: number;
  seed?: SeedSource;
  /** Seeds per architecture (first … first + N − 1). */
  seeds?: number;
  /** Width etc. from the notebook's model (depth stays the cell's `layers`) or the budget's. */
  model?: ModelSource;
  /** Every run's tokenizer: the notebook's, or bytes (the budget's). */
  tokenizer?: TokenizerSource;
}

export const ARCHITECTURE_COMPARISON_SCHEMA: Schema<ArchitectureComparisonParams> = {
  mode: { label: 'compare at', check: (v, l) => oneOf(v, l, ARCHITECTURE_MODES) },
  objectives: {
    label: 'objectives',
    check: (v, l) => arrayOf(v, l, (x, n) => oneOf(x, n, ['denoising', 'lm'] as const), { minLength: 1 }),
  },
  steps: { label: 'steps', check: positiveInt },
  layers: { label: 'layers', check: (v, l) => intIn(v, l, 1, 24) },
  seed: { label: 'seed', check: seedSource },
  seeds: { label: 'seeds', check: SEEDS_CHECK },
  model: { label: 'model', check: modelSource },
  tokenizer: { label: 'tokenizer', check: tokenizerSource },
};

/**
 * The params of a cell that runs a named budget (objective comparison, paper studies): the budget,
 * its step and task overrides (null/'' keep the budget's), seeds and what it follows.
 */
export interface BudgetedParams {
  budget: string;
  seeds: number;
  pretrainSteps: number | null;
  finetuneSteps: number | null;
  task: string;
  /** The first seed: the notebook's, or this cell's own (seeds are first … first + N − 1). */
  seed: SeedSource;
  /** Train the notebook's model shape or the budget's. */
  model: ModelSource;
  /** Every run's tokenizer: the notebook's, or bytes (the budget's). */
  tokenizer: TokenizerSource;
}

export const BUDGETED_DEFAULTS: Readonly<BudgetedParams> = Object.freeze({
  budget: 'tiny',
  seeds: 3,
  pretrainSteps: null,
  finetuneSteps: null,
  task: '',
  seed: 'notebook',
  model: 'budget',
  tokenizer: 'bytes',
});

const stepsOrNull = (v: unknown, l: string) => (v === null ? null : positiveInt(v, l));

export const BUDGETED_SCHEMA: Schema<BudgetedParams> = {
  budget: { label: 'budget', check: (v, l) => oneOf(v, l, BUDGET_NAMES) },
  seeds: { label: 'seeds', check: SEEDS_CHECK },
  pretrainSteps: { label: 'pre-training steps', check: stepsOrNull },
  finetuneSteps: { label: 'fine-tuning steps', check: stepsOrNull },
  task: { label: 'task', check: (v, l) => (v === '' ? '' : oneOf(v, l, Object.keys(bundledTasks))) },
  seed: { label: 'seed', check: seedSource },
  model: { label: 'model', check: modelSource },
  tokenizer: { label: 'tokenizer', check: tokenizerSource },
};

/** The budget a cell runs: the named budget with the cell's overrides (and the notebook's model where followed). */
export function budgetOfParams(p: BudgetedParams, model?: Partial<T5Config>): ExperimentBudget {
  const b = namedBudget(p.budget);
  return {
    ...b,
    ...(model ? { model } : {}),
    pretrainSteps: p.pretrainSteps ?? b.pretrainSteps,
    finetuneSteps: p.finetuneSteps ?? b.finetuneSteps,
    task: p.task || b.task,
  };
}
