/**
 * Runs an experiment plan in Node into a directory, resumably (what `t5lab experiment` does):
 *
 *   DIR/experiment.json        preset, budget, seeds, backend (what --resume continues)
 *   DIR/runs/KEY@sSEED/run.json    each finished entry's run record (config, seed, backend, history)
 *   DIR/runs/KEY@sSEED/config.json + model.safetensors   pre-training entries others fine-tune from
 *   DIR/report.json            the report (experimentReport.ts), rewritten after every entry
 *
 * An entry counts as done only when its run.json says `completed`; files are written to a
 * temporary name and renamed, so an interruption leaves either a finished entry or none, and a
 * resumed experiment re-runs no finished entry. Seeds run in the outer loop, so a half-finished
 * experiment already has complete seeds to report.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../runs/runRecord.ts';
import type { RunConfig } from '../training/runConfig.ts';
import type { Dataset } from '../data/parseDataset.ts';
import type { ExperimentBudget } from './budgets.ts';
import type { CorpusArm } from './pretrainingData.ts';
import { experimentCost } from './experimentCost.ts';
import { experimentReport, type ExperimentReport } from './experimentReport.ts';
import { experimentPlan, type ArmMeasurement } from './presets.ts';
import type { QueueEntry } from './queue.ts';

export const EXPERIMENT_FILE = 'experiment.json';
export const REPORT_FILE = 'report.json';

export interface ExperimentSpec {
  preset: string;
  budget: ExperimentBudget;
  seeds: number[];
  backend: string;
  /** Extra corpus arms of the pretraining-data preset (`--corpus`), saved so a resume has them. */
  corpora?: CorpusArm[];
}

export type DirProgress =
  | { type: 'estimate'; flops: number; flopsPerSecond: number; seconds: number; entries: number; done: number }
  | { type: 'skip'; key: string; index: number; total: number }
  | { type: 'start'; key: string; index: number; total: number; flops: number }
  | { type: 'step'; key: string; index: number; total: number; step: number; steps: number; entrySeconds: number; overallSeconds: number }
  | { type: 'done'; key: string; index: number; total: number; seconds: number };

export interface DirRunOptions {
  onProgress?: (p: DirProgress) => void;
  signal?: AbortSignal;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const entryDir = (dir: string, key: string) => join(dir, 'runs', key);

export function readExperimentSpec(dir: string): ExperimentSpec | undefined {
  const p = join(dir, EXPERIMENT_FILE);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as ExperimentSpec) : undefined;
}

export function writeExperimentSpec(dir: string, spec: ExperimentSpec): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, EXPERIMENT_FILE), JSON.stringify(spec, null, 1) + '\n');
}

async function loadDataset(name: string): Promise<Dataset> {
  const { bundledDatasets } = await import('../data/bundled.ts');
  const { loadBundled } = await import('../data/bundledFiles.node.ts');
  if (bundledDatasets().some((d) => d.name === name) || !existsSync(name)) return loadBundled(name);
  // A corpus file the user gave (`t5lab experiment --corpus PATH`, the pretraining-data preset).
  const { parseCorpus } = await import('../data/parseDataset.ts');
  const parsed = parseCorpus(new Uint8Array(readFileSync(name)), name);
  if (!parsed.ok) throw new RangeError(parsed.errors.map(String).join('\n'));
  return parsed.value;
}

/** Trains one entry to completion and writes its run record (and model, if `keepModel`). */
async function trainEntry(
  dir: string,
  entry: QueueEntry,
  backend: string,
  keepModel: boolean,
  onStep: (step: number, steps: number) => void,
  signal?: AbortSignal,
): Promise<RunRecord> {
  const { validateRunConfig } = await import('../training/runConfig.ts');
  const { createRunRecord, currentEnvironment } = await import('../runs/runRecord.ts');
  const { writeRunRecord } = await import('../runs/runDir.ts');
  const { TrainingSession } = await import('../training/trainingSession.ts');
  const { runTraining } = await import('../training/trainingLoop.ts');
  const { loadCheckpointDir, saveCheckpointDir } = await import('../checkpoint/checkpointDir.ts');
  const { parameterCount } = await import('../model/parameterCount.ts');
  const out = entryDir(dir, entry.key);
  const init = entry.initFrom ? { init: { kind: 'checkpoint-dir' as const, path: entryDir(dir, entry.initFrom) } } : {};
  const config: RunConfig = validateRunConfig({ ...entry.config, ...init, name: entry.key });
  const env = {
    loadDataset,
    loadInitialModel: async (spec: RunConfig['init']) => {
      if (spec.kind !== 'checkpoint-dir') throw new Error(`init "${spec.kind}" is not available in Node`);
      return loadCheckpointDir(spec.path);
    },
  };
  const session = await TrainingSession.start(config, env);
  try {
    const record = createRunRecord(config, currentEnvironment('node', { backend }));
    record.resolved = {
      modelConfig: { ...session.model.config },
      tokenizer: session.tokenizer.toJSON(),
      parameters: parameterCount(session.model.config),
      ...session.resolvedExtras,
      trainSizes: session.data.trainSizes,
      rates: session.data.rates,
    };
    record.history = session.history;
    // onEval must be given: the loop only evaluates (final metrics) when someone listens.
    const outcome = await runTraining(session, { onStep: () => onStep(session.step, config.steps), onEval: () => undefined }, { signal });
    if (outcome.status !== 'completed') {
      if (signal?.aborted) throw new DOMException('the experiment was stopped', 'AbortError');
      throw new Error(`run "${entry.key}" ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
    }
    record.status = 'completed';
    record.step = session.step;
    record.finishedAt = record.updatedAt = Date.now();
    mkdirSync(out, { recursive: true });
    // The model first, then run.json: a run.json that says completed always has its model.
    if (keepModel) await saveCheckpointDir(session.model, out);
    writeRunRecord(out, record);
    return record;
  } finally {
    session.dispose();
  }
}

/** Measures training FLOPs/s on the active backend with a few steps of `entry` (nothing is saved). */
async function probeThroughput(entry: QueueEntry, flopsPerToken: number): Promise<number> {
  const { validateRunConfig } = await import('../training/runConfig.ts');
  const { TrainingSession } = await import('../training/trainingSession.ts');
  const config = validateRunConfig({ ...entry.config, init: { kind: 'scratch' }, name: 'probe' });
  const session = await TrainingSession.start(config, { loadDataset });
  try {
    await session.trainStep(); // warm-up: kernels, first allocations
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await session.trainStep();
    const seconds = (performance.now() - t0) / 1000;
    // FLOPs are counted on the padded batch shape (runCompute), so the rate is too.
    const padded = 3 * config.batch.size * (config.batch.inputLength + config.batch.targetLength);
    return (padded * flopsPerToken) / seconds;
  } finally {
    session.dispose();
  }
}

/**
 * Runs (or continues) the experiment in `dir` and returns its report. Finished entries are read
 * back, never re-run; the report is rewritten after each entry.
 */
export async function runExperimentDir(dir: string, spec: ExperimentSpec, options: DirRunOptions = {}): Promise<ExperimentReport> {
  const { readRunRecord } = await import('../runs/runDir.ts');
  const plan = experimentPlan(spec.preset, spec.budget, { corpora: spec.corpora });
  writeExperimentSpec(dir, spec);
  const entries = spec.seeds.flatMap((s) => plan.entries(s));
  const needed = new Set(entries.map((e) => e.initFrom).filter((k): k is string => k !== undefined));
  const cost = experimentCost(entries);
  const costOf = new Map(cost.entries.map((c) => [c.key, c]));
  const runs = new Map<string, RunRecord>();
  for (const e of entries) {
    const r = readRunRecord(entryDir(dir, e.key));
    if (r?.status === 'completed' && (!needed.has(e.key) || existsSync(join(entryDir(dir, e.key), 'model.safetensors'))))
      runs.set(e.key, r);
  }
  const report = () => {
    const perSeed = new Map<number, Map<string, ArmMeasurement>>();
    for (const s of spec.seeds) {
      const mine = plan.entries(s);
      if (mine.every((e) => runs.has(e.key))) perSeed.set(s, plan.measure(s, runs));
    }
    const r = experimentReport(plan, spec.budget, spec.seeds, perSeed, spec.backend);
    writeAtomic(join(dir, REPORT_FILE), JSON.stringify(r, null, 1) + '\n');
    return r;
  };
  const remaining = entries.filter((e) => !runs.has(e.key));
  const remainingFlops = remaining.reduce((s, e) => s + costOf.get(e.key)!.flops, 0);
  let rate = 0;
  if (remaining.length) {
    const first = remaining[0];
    rate = await probeThroughput(first, costOf.get(first.key)!.flopsPerToken);
    options.onProgress?.({
      type: 'estimate',
      flops: cost.flops,
      flopsPerSecond: rate,
      seconds: remainingFlops / rate,
      entries: entries.length,
      done: entries.length - remaining.length,
    });
  }
  // Observed rate (training + evaluation + saving) refines the ETA once an entry has finished.
  let doneFlops = 0;
  let doneSeconds = 0;
  let left = remainingFlops;
  const total = entries.length;
  for (const [index, entry] of entries.entries()) {
    if (runs.has(entry.key)) {
      options.onProgress?.({ type: 'skip', key: entry.key, index, total });
      continue;
    }
    if (options.signal?.aborted) throw new DOMException('the experiment was stopped', 'AbortError');
    const flops = costOf.get(entry.key)!.flops;
    options.onProgress?.({ type: 'start', key: entry.key, index, total, flops });
    const t0 = performance.now();
    const effective = () => (doneSeconds > 0 ? doneFlops / doneSeconds : rate);
    const record = await trainEntry(
      dir,
      entry,
      spec.backend,
      needed.has(entry.key),
      (step, steps) => {
        const elapsed = (performance.now() - t0) / 1000;
        const entrySeconds = Math.max(0, flops / effective() - elapsed);
        options.onProgress?.({
          type: 'step',
          key: entry.key,
          index,
          total,
          step,
          steps,
          entrySeconds,
          overallSeconds: entrySeconds + (left - flops) / effective(),
        });
      },
      options.signal,
    );
    const seconds = (performance.now() - t0) / 1000;
    doneFlops += flops;
    doneSeconds += seconds;
    left -= flops;
    runs.set(entry.key, record);
    report();
    options.onProgress?.({ type: 'done', key: entry.key, index, total, seconds });
  }
  return report();
}
