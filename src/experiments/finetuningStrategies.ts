/**
 * The paper's fine-tuning strategies comparison (§3.5.1, Table 10) at browser scale: one model
 * is pre-trained, then fine-tuned on the same task once per strategy — all parameters, adapter
 * layers of inner width d (only adapters and layer norms train), gradual unfreezing (encoder and
 * decoder unfrozen top-down in parallel, one more block every k steps) — and each arm reports
 * its task metric, the parameters it trained and its training FLOPs beside the paper's Table 10.
 *
 * FLOPs with frozen weights: a step costs its forward pass F, the activation gradients (≈ F;
 * they flow through every block, since the embeddings/adapters below keep training) and the
 * weight gradients of the trained dense weights only (≈ F × their share of all dense-product
 * weights). Full fine-tuning is thus 3F per step (src/scaling/runCompute.ts), frozen arms less.
 */
import type { T5Config } from '../model/config.ts';
import { weightShapes } from '../model/weightShapes.ts';
import { TABLE_10, type PaperRow } from '../paper/tables.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { runCompute, type RunShape } from '../scaling/runCompute.ts';
import { finetuneLabel, isTrainable, trainedParameterCount, type FinetuneSpec } from '../training/finetuning.ts';
import { defaultTargetLength, type RunConfigInput } from '../training/runConfig.ts';
import type { QueueEntry } from './queue.ts';

export interface FinetuneArm {
  key: string;
  label: string;
  finetune: FinetuneSpec;
  paperRow?: PaperRow<unknown>;
}

/** The paper's adapter widths (Table 10). */
export const PAPER_ADAPTER_DIMS = [32, 128, 512, 2048] as const;

/**
 * Blocks per stack of the comparison's model: at least 2, so gradual unfreezing has a block to
 * unfreeze (with one block it would train everything from the first step, i.e. be `full`).
 */
export function finetuneLayers(model: Partial<T5Config>): number {
  return Math.max(2, model.numLayers ?? 2, model.numDecoderLayers ?? 0);
}

/**
 * The arms: full, adapters of each width, gradual unfreezing with k = ⌈steps / layers⌉ (the
 * paper's 12 episodes over its 12 blocks: the whole network trains in the last episode).
 */
export function finetuneArms(finetuneSteps: number, layers: number, adapterDims: readonly number[] = PAPER_ADAPTER_DIMS): FinetuneArm[] {
  const paper = (strategy: string, dim?: number) =>
    TABLE_10.rows.find((r) => r.key.strategy === strategy && r.key.adapterDim === dim) as PaperRow<unknown> | undefined;
  const specs: FinetuneSpec[] = [
    { strategy: 'full' },
    ...adapterDims.map((d) => ({ strategy: 'adapters' as const, adapterDim: d })),
    { strategy: 'gradual-unfreezing', unfreezeEvery: Math.max(1, Math.ceil(finetuneSteps / layers)) },
  ];
  return specs.map((f) => ({
    key: f.strategy === 'adapters' ? `adapters-${f.adapterDim}` : f.strategy,
    label: finetuneLabel(f),
    finetune: f,
    paperRow: paper(f.strategy, f.strategy === 'adapters' ? f.adapterDim : undefined),
  }));
}

export interface FinetuneBudget {
  model: Partial<T5Config>;
  corpus: string;
  task: string;
  pretrainSteps: number;
  finetuneSteps: number;
  batchSize: number;
  inputLength: number;
  targetLength: number;
  learningRate: number;
  evalExamples: number;
  seed: number;
}

/** `pre` (span corruption on the corpus), then one `ft-KEY` per arm starting from it. */
export function finetuneEntries(arms: readonly FinetuneArm[], b: FinetuneBudget): QueueEntry[] {
  const common = (steps: number): Partial<RunConfigInput> => ({
    model: { overrides: b.model },
    schedule: { kind: 'constant', value: b.learningRate },
    steps,
    seed: b.seed,
    logEvery: Math.max(1, Math.floor(steps / 10)),
    evalEvery: 0,
    evalExamples: b.evalExamples,
    checkpointEvery: Math.max(1, Math.ceil(steps / 2)),
    keepCheckpoints: 1,
  });
  const data = { kind: 'pretrain' as const, corpus: b.corpus, objective: 'span_corruption' as const };
  return [
    {
      key: 'pre',
      config: {
        ...common(b.pretrainSteps),
        data,
        batch: { size: b.batchSize, inputLength: b.inputLength, targetLength: defaultTargetLength(data, b.inputLength) },
      },
    },
    ...arms.map((arm) => ({
      key: `ft-${arm.key}`,
      initFrom: 'pre',
      config: {
        ...common(b.finetuneSteps),
        data: { kind: 'tasks' as const, tasks: [b.task] },
        batch: { size: b.batchSize, inputLength: b.inputLength, targetLength: b.targetLength },
        finetune: arm.finetune,
      },
    })),
  ];
}

/** Σ over steps of F·(2 + share of dense-product weights trained at that step), see the module comment. */
export function finetuneFlops(config: T5Config, spec: FinetuneSpec, shape: RunShape): number {
  const forwardPerStep = runCompute(config, shape).flopsPerStep / 3;
  const dense = [...weightShapes(config)].filter(([n, s]) => s.length === 2 && !n.endsWith('relative_attention_bias.weight'));
  const total = dense.reduce((a, [, s]) => a + s[0] * s[1], 0);
  let flops = 0;
  let lastKey = '';
  let share = 1;
  for (let step = 0; step < shape.steps; step++) {
    const trained = dense.filter(([n]) => isTrainable(config, spec, n, step));
    const key = `${trained.length}`;
    if (key !== lastKey) {
      share = trained.reduce((a, [, s]) => a + s[0] * s[1], 0) / total;
      lastKey = key;
    }
    flops += forwardPerStep * (2 + share);
  }
  return flops;
}

export interface FinetuneRow {
  key: string;
  label: string;
  /** The fine-tuned model's last validation metrics ("task/metric"). */
  metrics: Record<string, number>;
  finetuneValLoss: number;
  pretrainValLoss: number;
  /** Parameters the strategy trained (gradual unfreezing: by the last step) and the model's total. */
  trainedParameters: number;
  parameters: number;
  /** Pre-training FLOPs (shared by every arm) + this arm's fine-tuning FLOPs. */
  flops: number;
  finetuneFlops: number;
}

const lastWith = (r: RunRecord, pick: (h: RunRecord['history'][number]) => boolean) => [...r.history].reverse().find(pick);

/** One row per arm from the runs of one seed (unseeded keys). */
export function finetuneRows(arms: readonly FinetuneArm[], runs: ReadonlyMap<string, RunRecord>): FinetuneRow[] {
  const pre = runs.get('pre');
  if (!pre?.resolved) throw new RangeError('the pre-training run "pre" has not completed');
  const shapeOf = (r: RunRecord): RunShape => ({
    steps: r.step,
    batch: r.config.batch.size,
    inputLength: r.config.batch.inputLength,
    targetLength: r.config.batch.targetLength,
  });
  const preFlops = runCompute(pre.resolved.modelConfig, shapeOf(pre)).flops;
  const preVal = lastWith(pre, (h) => h.valLoss !== undefined)?.valLoss ?? NaN;
  return arms.map((arm) => {
    const ft = runs.get(`ft-${arm.key}`);
    if (!ft?.resolved) throw new RangeError(`arm "${arm.key}" has no completed fine-tuning run`);
    const c = ft.resolved.modelConfig;
    const last = lastWith(ft, (h) => h.metrics !== undefined || h.valLoss !== undefined);
    const ftFlops = finetuneFlops(c, arm.finetune, shapeOf(ft));
    return {
      key: arm.key,
      label: arm.label,
      metrics: last?.metrics ?? {},
      finetuneValLoss: last?.valLoss ?? NaN,
      pretrainValLoss: preVal,
      trainedParameters: ft.resolved.trainedParameters ?? trainedParameterCount(c, arm.finetune, Math.max(0, ft.step - 1)),
      parameters: ft.resolved.parameters,
      flops: preFlops + ftFlops,
      finetuneFlops: ftFlops,
    };
  });
}
