/**
 * The paper's architecture comparison (§3.2, Table 2) at browser scale: the same tiny width,
 * trained as an encoder-decoder, a shared encoder-decoder, a half-depth encoder-decoder, a
 * decoder-only language model and a prefix LM, with the denoising or the LM objective, and
 * compared by pre-training validation loss beside the paper's Table 2 scores.
 *
 * Sizes follow the paper's P / M bookkeeping with L = the budget's `layers`:
 * encoder-decoder L+L (2P, cost M); shared L+L with one stack's weights (P, M); half-depth
 * L/2+L/2 (P, M/2); language model and prefix LM one stack of L layers over inputs ⧺ targets
 * (P, M). "Equal compute" picks the arms of cost M, "equal parameters" the arms of size P.
 * Objectives as in §3.2.3: denoising = i.i.d. 15% noise, spans replaced by sentinels
 * (`iid_replace_spans`); LM = `prefix_lm` (split at a random point). Validation loss is per
 * target token, so it is comparable between architectures of one objective, not across them.
 */
import { positiveInt, positiveNumber } from '../validation/checks.ts';
import type { T5Config } from '../model/config.ts';
import type { Architecture } from '../model/architecture.ts';
import { TABLE_2, type PaperArchitecture, type PaperRow } from '../paper/tables.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { runCompute } from '../scaling/runCompute.ts';
import { defaultTargetLength, type DataSpec } from '../training/runConfig.ts';
import type { Experiment } from './queue.ts';

export type ArchitectureObjective = 'denoising' | 'lm';
export type ArchitectureMode = 'equal-compute' | 'equal-parameters' | 'all';
export const ARCHITECTURE_MODES: readonly ArchitectureMode[] = ['equal-compute', 'equal-parameters', 'all'];

export interface ArchitectureArm {
  /** `${paperArchitecture}-${objective}`: unique, part of the stored run's name. */
  key: string;
  label: string;
  paperArchitecture: PaperArchitecture;
  architecture: Architecture;
  objective: ArchitectureObjective;
  numLayers: number;
  numDecoderLayers: number;
  paperRow: PaperRow<unknown>;
}

export interface ArchitectureBudget {
  /** Width etc. (numLayers/numDecoderLayers/architecture are set per arm). */
  model: Partial<T5Config>;
  /** L: the depth of one stack (the half-depth arm uses L/2, at least 1). */
  layers: number;
  corpus: string;
  steps: number;
  batchSize: number;
  inputLength: number;
  learningRate: number;
  evalExamples: number;
  seed: number;
}

/** Finishes the 4-arm, one-objective comparison in about a minute on 2 CPU cores (wasm). */
export const TINY_ARCHITECTURE_BUDGET: Readonly<ArchitectureBudget> = Object.freeze({
  model: { dModel: 32, dFf: 64, numHeads: 2, dKv: 16, relativeAttentionNumBuckets: 8, relativeAttentionMaxDistance: 32, dropoutRate: 0 },
  layers: 2,
  corpus: 'pretrain_sotu',
  steps: 30,
  batchSize: 8,
  inputLength: 48,
  learningRate: 0.01,
  evalExamples: 32,
  seed: 1,
});

const ARCHITECTURE_OF: Readonly<Record<PaperArchitecture, Architecture>> = {
  'encoder-decoder': 'encoder-decoder',
  'encoder-decoder-shared': 'encoder-decoder-shared',
  'encoder-decoder-6-layers': 'encoder-decoder',
  'language-model': 'decoder-only',
  'prefix-lm': 'prefix-lm',
};

/** The objective registry name of each Table 2 objective. */
export const OBJECTIVE_OF: Readonly<Record<ArchitectureObjective, 'iid_replace_spans' | 'prefix_lm'>> = {
  denoising: 'iid_replace_spans',
  lm: 'prefix_lm',
};

/** Checks a budget, naming the bad field. */
export function validateArchitectureBudget(b: ArchitectureBudget): ArchitectureBudget {
  for (const f of ['layers', 'steps', 'batchSize', 'inputLength', 'evalExamples'] as const) positiveInt(b[f], `budget.${f}`);
  positiveNumber(b.learningRate, 'budget.learningRate');
  if (typeof b.corpus !== 'string' || !b.corpus) throw new RangeError('budget.corpus must name a corpus');
  return b;
}

/** The Table 2 rows of a mode and objectives as arms with depths for `layers` = L. */
export function architectureArms(mode: ArchitectureMode, objectives: readonly ArchitectureObjective[], layers: number): ArchitectureArm[] {
  if (!ARCHITECTURE_MODES.includes(mode))
    throw new RangeError(`mode must be one of ${ARCHITECTURE_MODES.join(', ')} (got ${String(mode)})`);
  if (objectives.length === 0 || objectives.some((o) => o !== 'denoising' && o !== 'lm'))
    throw new RangeError(`objectives must list "denoising" and/or "lm" (got ${JSON.stringify(objectives)})`);
  positiveInt(layers, 'layers');
  const half = Math.max(1, Math.floor(layers / 2));
  return TABLE_2.rows
    .filter((r) => objectives.includes(r.key.objective))
    .filter((r) => mode === 'all' || (mode === 'equal-compute' ? r.key.cost === 'M' : r.key.params === 'P'))
    .map((r) => {
      const paper = r.key.architecture;
      const depth = paper === 'encoder-decoder-6-layers' ? half : layers;
      return {
        key: `${paper}-${r.key.objective}`,
        label: r.label.replace(/, (denoising|LM)$/, '').replace('6 layers', `${half}+${half} layers`),
        paperArchitecture: paper,
        architecture: ARCHITECTURE_OF[paper],
        objective: r.key.objective,
        numLayers: depth,
        // Decoder-only models have one stack of numLayers; numDecoderLayers is unused there.
        numDecoderLayers: depth,
        paperRow: r as PaperRow<unknown>,
      };
    });
}

/** One pre-training queue entry per arm, all with the same steps × batch × input length. */
export function architectureExperiment(id: string, arms: readonly ArchitectureArm[], budget: ArchitectureBudget): Experiment {
  validateArchitectureBudget(budget);
  if (arms.length === 0) throw new RangeError('arms must list at least one architecture');
  const entries = arms.map((arm) => {
    const data: DataSpec = { kind: 'pretrain', corpus: budget.corpus, objective: OBJECTIVE_OF[arm.objective] };
    return {
      key: arm.key,
      config: {
        model: {
          overrides: { ...budget.model, numLayers: arm.numLayers, numDecoderLayers: arm.numDecoderLayers, architecture: arm.architecture },
        },
        data,
        batch: { size: budget.batchSize, inputLength: budget.inputLength, targetLength: defaultTargetLength(data, budget.inputLength) },
        schedule: { kind: 'constant' as const, value: budget.learningRate },
        steps: budget.steps,
        seed: budget.seed,
        logEvery: Math.max(1, Math.floor(budget.steps / 10)),
        evalEvery: 0,
        evalExamples: budget.evalExamples,
        checkpointEvery: Math.max(1, Math.ceil(budget.steps / 2)),
        keepCheckpoints: 1,
      },
    };
  });
  return { id, entries };
}

export interface ArchitectureRow {
  key: string;
  label: string;
  architecture: Architecture;
  objective: ArchitectureObjective;
  params: number;
  /** Training FLOPs of the run, from the model core (parameterCount.ts flopsPerToken). */
  flops: number;
  /** Last logged training loss. */
  loss: number;
  /** Validation loss at the end (per target token). */
  valLoss: number;
  /** The paper's Table 2 row. */
  paperRow: PaperRow<unknown>;
}

/** The comparison table from the stored run of each arm. */
export function architectureRows(arms: readonly ArchitectureArm[], runs: ReadonlyMap<string, RunRecord>): ArchitectureRow[] {
  return arms.map((arm) => {
    const run = runs.get(arm.key);
    if (!run?.resolved) throw new RangeError(`arm "${arm.key}" has no completed run`);
    const shape = {
      steps: run.step,
      batch: run.config.batch.size,
      inputLength: run.config.batch.inputLength,
      targetLength: run.config.batch.targetLength,
    };
    const compute = runCompute(run.resolved.modelConfig, shape);
    return {
      key: arm.key,
      label: arm.label,
      architecture: arm.architecture,
      objective: arm.objective,
      params: compute.params,
      flops: compute.flops,
      loss: run.history.at(-1)?.loss ?? NaN,
      valLoss: [...run.history].reverse().find((h) => h.valLoss !== undefined)?.valLoss ?? NaN,
      paperRow: arm.paperRow,
    };
  });
}
