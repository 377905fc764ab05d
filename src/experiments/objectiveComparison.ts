/**
 * The paper's objective comparison (§3.3, Tables 4–7) at browser scale: the same small model is
 * pre-trained with each objective, then each pre-trained model is fine-tuned on the same task,
 * and the validation metrics are tabulated beside the paper's numbers.
 *
 * Budget: EQUAL STEPS × INPUT TOKENS. Every arm trains the same number of steps on batches of the
 * same size and input length, so every encoder sees the same number of input tokens; target
 * lengths follow each objective (span corruption's exact targets length, the whole segment for
 * objectives that reconstruct it), so compute differs between arms — the table reports each
 * arm's pre-training FLOPs from the model core (src/scaling/runCompute.ts) to show by how much.
 */
import { positiveInt, positiveNumber } from '../validation/checks.ts';
import type { T5Config } from '../model/config.ts';
import { getObjective, type ObjectiveName } from '../objectives/objectives.ts';
import { TABLE_4, TABLE_5, TABLE_6, TABLE_7, type PaperRow, type PaperTable } from '../paper/tables.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { runCompute } from '../scaling/runCompute.ts';
import { defaultTargetLength, type DataSpec, type RunConfigInput } from '../training/runConfig.ts';
import type { Experiment } from './queue.ts';

export interface ObjectiveArm {
  key: string;
  label: string;
  objective: ObjectiveName;
  density?: number;
  meanSpan?: number;
  /** The paper's row for this setting, if the paper ran it. */
  paperRow?: PaperRow<unknown>;
}

export interface ComparisonPreset {
  id: string;
  label: string;
  table: PaperTable<unknown>;
  arms: ObjectiveArm[];
}

const rowOf = (table: PaperTable<unknown>, label: string): PaperRow<unknown> => {
  const r = table.rows.find((x) => x.label === label);
  if (!r) throw new Error(`paper table ${table.table} has no row "${label}"`);
  return r;
};

/** The four sweeps of §3.3 as presets. */
export const COMPARISON_PRESETS: Readonly<Record<string, ComparisonPreset>> = Object.freeze({
  objectives: {
    id: 'objectives',
    label: 'High-level objectives (Table 4)',
    table: TABLE_4 as PaperTable<unknown>,
    arms: [
      {
        key: 'prefix_lm',
        label: 'Prefix language modeling',
        objective: 'prefix_lm',
        paperRow: rowOf(TABLE_4 as PaperTable<unknown>, 'Prefix language modeling'),
      },
      { key: 'bert', label: 'BERT-style', objective: 'bert', paperRow: rowOf(TABLE_4 as PaperTable<unknown>, 'BERT-style') },
      { key: 'deshuffle', label: 'Deshuffling', objective: 'deshuffle', paperRow: rowOf(TABLE_4 as PaperTable<unknown>, 'Deshuffling') },
    ],
  },
  'bert-variants': {
    id: 'bert-variants',
    label: 'BERT-style variants (Table 5)',
    table: TABLE_5 as PaperTable<unknown>,
    arms: [
      { key: 'bert', label: 'BERT-style', objective: 'bert', paperRow: rowOf(TABLE_5 as PaperTable<unknown>, 'BERT-style') },
      { key: 'mass', label: 'MASS-style', objective: 'mass', paperRow: rowOf(TABLE_5 as PaperTable<unknown>, 'MASS-style') },
      {
        key: 'replace',
        label: 'Replace corrupted spans',
        objective: 'iid_replace_spans',
        paperRow: rowOf(TABLE_5 as PaperTable<unknown>, 'Replace corrupted spans'),
      },
      {
        key: 'drop',
        label: 'Drop corrupted tokens',
        objective: 'iid_drop',
        paperRow: rowOf(TABLE_5 as PaperTable<unknown>, 'Drop corrupted tokens'),
      },
    ],
  },
  'corruption-rate': {
    id: 'corruption-rate',
    label: 'Corruption rate (Table 6)',
    table: TABLE_6 as PaperTable<unknown>,
    arms: [0.1, 0.15, 0.25, 0.5].map((d) => ({
      key: `rate-${d * 100}`,
      label: `${d * 100}%`,
      objective: 'iid_replace_spans' as const,
      density: d,
      paperRow: rowOf(TABLE_6 as PaperTable<unknown>, `${d * 100}%`),
    })),
  },
  'span-length': {
    id: 'span-length',
    label: 'Mean span length (Table 7)',
    table: TABLE_7 as PaperTable<unknown>,
    arms: [
      {
        key: 'iid',
        label: 'Baseline (i.i.d.)',
        objective: 'iid_replace_spans',
        density: 0.15,
        paperRow: rowOf(TABLE_7 as PaperTable<unknown>, 'Baseline (i.i.d.)'),
      },
      ...[2, 3, 5, 10].map((s) => ({
        key: `span-${s}`,
        label: String(s),
        objective: 'span_corruption' as const,
        density: 0.15,
        meanSpan: s,
        paperRow: rowOf(TABLE_7 as PaperTable<unknown>, String(s)),
      })),
    ],
  },
});

export const COMPARISON_PRESET_IDS = Object.keys(COMPARISON_PRESETS);

export interface ComparisonBudget {
  /** Model shape (fields of T5Config; vocabSize comes from the byte tokenizer). */
  model: Partial<T5Config>;
  corpus: string;
  task: string;
  pretrainSteps: number;
  finetuneSteps: number;
  batchSize: number;
  inputLength: number;
  learningRate: number;
  evalExamples: number;
  seed: number;
}

/** A budget that finishes a 3-arm comparison in a few minutes on 2 CPU cores (wasm). */
export const TINY_COMPARISON_BUDGET: Readonly<ComparisonBudget> = Object.freeze({
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
  corpus: 'pretrain_sotu',
  task: 'sentiment',
  pretrainSteps: 30,
  finetuneSteps: 30,
  batchSize: 8,
  inputLength: 64,
  learningRate: 0.01,
  evalExamples: 32,
  seed: 1,
});

/** Checks a budget, naming the bad field. */
export function validateBudget(b: ComparisonBudget): ComparisonBudget {
  for (const f of ['pretrainSteps', 'finetuneSteps', 'batchSize', 'inputLength', 'evalExamples'] as const) positiveInt(b[f], `budget.${f}`);
  positiveNumber(b.learningRate, 'budget.learningRate');
  if (typeof b.task !== 'string' || !b.task) throw new RangeError('budget.task must name a bundled task');
  if (typeof b.corpus !== 'string' || !b.corpus) throw new RangeError('budget.corpus must name a corpus');
  return b;
}

function pretrainData(arm: ObjectiveArm, corpus: string): DataSpec {
  return { kind: 'pretrain', corpus, objective: arm.objective, density: arm.density, meanSpan: arm.meanSpan };
}

/** Two queue entries per arm: `pre-KEY` (pre-training) then `ft-KEY` (fine-tuning it). */
export function comparisonExperiment(id: string, arms: readonly ObjectiveArm[], budget: ComparisonBudget): Experiment {
  validateBudget(budget);
  if (arms.length === 0) throw new RangeError('arms must list at least one objective');
  const common = (steps: number): Partial<RunConfigInput> => ({
    model: { overrides: budget.model },
    schedule: { kind: 'constant', value: budget.learningRate },
    steps,
    seed: budget.seed,
    logEvery: Math.max(1, Math.floor(steps / 10)),
    evalEvery: 0,
    evalExamples: budget.evalExamples,
    checkpointEvery: Math.max(1, Math.ceil(steps / 2)),
    keepCheckpoints: 1,
  });
  const entries = arms.flatMap((arm) => {
    const data = pretrainData(arm, budget.corpus);
    const objective = getObjective(arm.objective);
    if (arm.density !== undefined && objective.maxDensity !== undefined && arm.density > objective.maxDensity)
      throw new RangeError(`arm "${arm.key}": density ${arm.density} exceeds ${arm.objective}'s maximum ${objective.maxDensity}`);
    return [
      {
        key: `pre-${arm.key}`,
        config: {
          ...common(budget.pretrainSteps),
          data,
          batch: { size: budget.batchSize, inputLength: budget.inputLength, targetLength: defaultTargetLength(data, budget.inputLength) },
        },
      },
      {
        key: `ft-${arm.key}`,
        initFrom: `pre-${arm.key}`,
        config: {
          ...common(budget.finetuneSteps),
          data: { kind: 'tasks' as const, tasks: [budget.task] },
          batch: { size: budget.batchSize, inputLength: budget.inputLength, targetLength: 16 },
        },
      },
    ];
  });
  return { id, entries };
}

export interface ComparisonRow {
  key: string;
  label: string;
  objective: ObjectiveName;
  /** Final pre-training loss (mean of the last logged window). */
  pretrainLoss: number;
  /** Pre-training validation loss at the end. */
  pretrainValLoss: number;
  /** Pre-training compute from the model core. */
  pretrainFlops: number;
  pretrainTokens: number;
  params: number;
  finetuneValLoss: number;
  /** The fine-tuned model's validation metrics ("task/metric"). */
  metrics: Record<string, number>;
  paperRow?: PaperRow<unknown>;
}

/** The comparison table, computed from the stored runs of each arm. */
export function comparisonRows(arms: readonly ObjectiveArm[], runs: ReadonlyMap<string, RunRecord>): ComparisonRow[] {
  return arms.map((arm) => {
    const pre = runs.get(`pre-${arm.key}`);
    const ft = runs.get(`ft-${arm.key}`);
    if (!pre?.resolved || !ft) throw new RangeError(`arm "${arm.key}" has no completed pre-training and fine-tuning runs`);
    const last = pre.history.at(-1);
    const ftLast = [...ft.history].reverse().find((h) => h.metrics !== undefined || h.valLoss !== undefined);
    const shape = {
      steps: pre.step,
      batch: pre.config.batch.size,
      inputLength: pre.config.batch.inputLength,
      targetLength: pre.config.batch.targetLength,
    };
    const compute = runCompute(pre.resolved.modelConfig, shape);
    return {
      key: arm.key,
      label: arm.label,
      objective: arm.objective,
      pretrainLoss: last?.loss ?? NaN,
      pretrainValLoss: [...pre.history].reverse().find((h) => h.valLoss !== undefined)?.valLoss ?? NaN,
      pretrainFlops: compute.flops,
      pretrainTokens: compute.tokens,
      params: compute.params,
      finetuneValLoss: ftLast?.valLoss ?? NaN,
      metrics: ftLast?.metrics ?? {},
      ...(arm.paperRow ? { paperRow: arm.paperRow } : {}),
    };
  });
}
