/**
 * Scaling sweeps at browser scale: model size (width or depth multipliers of a base shape),
 * training steps, batch size, and the paper's "4× compute" strategies (Table 13,
 * src/scaling/computeStrategies.ts). Every point is a span-corruption pre-training run; its
 * final loss is the validation loss at the end of the run.
 *
 * Parameters and FLOPs come from the model core: `runCompute(record.resolved.modelConfig, shape)`
 * (parameterCount and flopsPerToken of src/model/parameterCount.ts on the config the run actually
 * built), tokens = steps · batch · (inputLength + targetLength). Nothing is typed in.
 */
import { validateConfig, type T5Config } from '../model/config.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { fourTimesComputeStrategies } from '../scaling/computeStrategies.ts';
import { fitPowerLaw, type PowerLawFit } from '../scaling/powerLaw.ts';
import { runCompute } from '../scaling/runCompute.ts';
import { defaultTargetLength, type DataSpec, type RunConfigInput } from '../training/runConfig.ts';
import type { Experiment, QueueEntry } from './queue.ts';

export const SWEEP_KINDS = ['width', 'depth', 'steps', 'batch', 'four-x'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

export interface SweepBase {
  /** Base model shape; vocabSize is replaced by the byte tokenizer's. */
  model: Omit<T5Config, 'vocabSize'> | Partial<T5Config>;
  corpus: string;
  steps: number;
  batchSize: number;
  inputLength: number;
  learningRate: number;
  seed: number;
}

export const TINY_SWEEP_BASE: Readonly<SweepBase> = Object.freeze({
  model: {
    dModel: 16,
    dFf: 32,
    numHeads: 2,
    dKv: 8,
    numLayers: 1,
    numDecoderLayers: 1,
    relativeAttentionNumBuckets: 8,
    relativeAttentionMaxDistance: 32,
  },
  corpus: 'pretrain_sotu',
  steps: 30,
  batchSize: 8,
  inputLength: 64,
  learningRate: 0.01,
  seed: 1,
});

export interface SweepPoint {
  key: string;
  label: string;
  model: Partial<T5Config>;
  steps: number;
  batchSize: number;
  /** Independently trained members whose results form one point (4× ensemble). */
  members: number;
}

const DATA = (corpus: string): DataSpec => ({ kind: 'pretrain', corpus, objective: 'span_corruption' });

/** The points of one sweep: `multipliers` scale width (dModel, dFf), depth, steps or batch. */
export function sweepPoints(kind: SweepKind, base: SweepBase, multipliers: readonly number[] = [1, 2, 4]): SweepPoint[] {
  if (!SWEEP_KINDS.includes(kind))
    throw new RangeError(`sweep kind must be one of ${SWEEP_KINDS.join(', ')} (got ${JSON.stringify(kind)})`);
  multipliers.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`multipliers[${i}] must be a positive integer (got ${String(m)})`);
  });
  const m0 = base.model as Partial<T5Config>;
  const point = (
    key: string,
    label: string,
    model: Partial<T5Config>,
    steps = base.steps,
    batchSize = base.batchSize,
    members = 1,
  ): SweepPoint => ({ key, label, model, steps, batchSize, members });
  if (kind === 'four-x') {
    const full = validateConfig({ ...m0, vocabSize: 384 } as T5Config);
    const strategies = fourTimesComputeStrategies(full, {
      steps: base.steps,
      batch: base.batchSize,
      inputLength: base.inputLength,
      targetLength: 16,
    });
    return strategies
      .filter((s) => s.id !== '4x-ensemble-finetune-only') // needs a fine-tuning stage: not a pre-training sweep point
      .map((s) =>
        point(
          s.id,
          s.label,
          { ...m0, numLayers: s.config.numLayers, numDecoderLayers: s.config.numDecoderLayers },
          s.run.steps,
          s.run.batch,
          s.ensemble,
        ),
      );
  }
  return multipliers.map((m) => {
    if (kind === 'width') return point(`width-${m}`, `${m}× width`, { ...m0, dModel: (m0.dModel ?? 16) * m, dFf: (m0.dFf ?? 32) * m });
    if (kind === 'depth')
      return point(`depth-${m}`, `${m}× depth`, {
        ...m0,
        numLayers: (m0.numLayers ?? 1) * m,
        numDecoderLayers: (m0.numDecoderLayers ?? 1) * m,
      });
    if (kind === 'steps') return point(`steps-${m}`, `${m}× steps`, m0, base.steps * m);
    return point(`batch-${m}`, `${m}× batch`, m0, base.steps, base.batchSize * m);
  });
}

/** One pre-training run per point (per member for ensembles: `KEY#i`, seeds seed+i). */
export function sweepExperiment(id: string, points: readonly SweepPoint[], base: SweepBase): Experiment {
  if (points.length === 0) throw new RangeError('points must list at least one point');
  const data = DATA(base.corpus);
  const entries: QueueEntry[] = points.flatMap((p) =>
    Array.from({ length: p.members }, (_, i) => {
      const config: RunConfigInput = {
        data,
        model: { overrides: p.model },
        batch: { size: p.batchSize, inputLength: base.inputLength, targetLength: defaultTargetLength(data, base.inputLength) },
        schedule: { kind: 'constant', value: base.learningRate },
        steps: p.steps,
        seed: base.seed + i,
        logEvery: Math.max(1, Math.floor(p.steps / 10)),
        evalEvery: 0,
        evalExamples: 32,
        checkpointEvery: Math.max(1, Math.ceil(p.steps / 2)),
        keepCheckpoints: 1,
      };
      return { key: p.members > 1 ? `${p.key}#${i}` : p.key, config };
    }),
  );
  return { id, entries };
}

export interface SweepResult {
  key: string;
  label: string;
  /** Parameters of one model × members. */
  params: number;
  /** Training FLOPs summed over members. */
  flops: number;
  tokens: number;
  /** Final validation loss (mean over members for an ensemble; see `ensembleNote`). */
  loss: number;
  members: number;
  runIds: string[];
}

/** The final loss, parameters, FLOPs and tokens of each point, from its stored runs. */
export function sweepResults(points: readonly SweepPoint[], runs: ReadonlyMap<string, RunRecord>): SweepResult[] {
  return points.map((p) => {
    const records = Array.from({ length: p.members }, (_, i) => {
      const r = runs.get(p.members > 1 ? `${p.key}#${i}` : p.key);
      if (!r?.resolved) throw new RangeError(`point "${p.key}" has no completed run`);
      return r;
    });
    let flops = 0;
    let tokens = 0;
    let params = 0;
    const losses: number[] = [];
    for (const r of records) {
      const c = runCompute(r.resolved!.modelConfig, {
        steps: r.step,
        batch: r.config.batch.size,
        inputLength: r.config.batch.inputLength,
        targetLength: r.config.batch.targetLength,
      });
      flops += c.flops;
      tokens += c.tokens;
      params += c.params;
      const last = [...r.history].reverse().find((h) => h.valLoss !== undefined);
      losses.push(last?.valLoss ?? r.history.at(-1)?.loss ?? NaN);
    }
    return {
      key: p.key,
      label: p.label,
      params,
      flops,
      tokens,
      loss: losses.reduce((s, l) => s + l, 0) / losses.length,
      members: p.members,
      runIds: records.map((r) => r.id),
    };
  });
}

export type SweepAxis = 'params' | 'flops' | 'tokens';

/**
 * L(x) = a·x^−α + c through single-model points (ensembles excluded); c is fitted with ≥ 3
 * distinct x, fixed at 0 with 2; undefined with fewer.
 */
export function fitSweep(results: readonly SweepResult[], axis: SweepAxis): (PowerLawFit & { cFixed: boolean }) | undefined {
  const pts = results.filter((r) => r.members === 1 && Number.isFinite(r.loss)).map((r) => ({ n: r[axis], loss: r.loss }));
  const distinct = new Set(pts.map((p) => p.n)).size;
  if (distinct >= 3) return { ...fitPowerLaw(pts), cFixed: false };
  if (distinct === 2) return { ...fitPowerLaw(pts, { c: 0 }), cFixed: true };
  return undefined;
}
