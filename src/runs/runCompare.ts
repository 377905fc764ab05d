/**
 * Comparing runs, for the runs cell and scripts: TensorBoard-style debiased EMA smoothing of a
 * curve, a one-line summary of a run's config, the config fields that differ between runs, and
 * the overlay rows (run × step) a figure draws. Pure: no DOM, no storage.
 */
import type { RunConfig } from '../training/runConfig.ts';
import type { RunRecord } from './runRecord.ts';

/**
 * Debiased exponential moving average, as TensorBoard's scalar smoothing: `last = w·last +
 * (1 − w)·v`, divided by `1 − w^n` (n = finite values seen) so the start is not pulled towards 0.
 * Non-finite values pass through unchanged and do not enter the average. `weight` in [0, 1).
 */
export function smoothEma(values: readonly number[], weight: number): number[] {
  if (typeof weight !== 'number' || !(weight >= 0 && weight < 1))
    throw new RangeError(`smoothing weight must be in [0, 1) (got ${String(weight)})`);
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - weight ** n);
  });
}

/** The last finite training loss of a run, or undefined. */
export function finalLoss(record: RunRecord): number | undefined {
  for (let i = record.history.length - 1; i >= 0; i--) if (Number.isFinite(record.history[i].loss)) return record.history[i].loss;
  return undefined;
}

/** A short line saying what a run trained: data, model, optimizer, batch. */
export function configSummary(config: RunConfig, resolved?: RunRecord['resolved']): string {
  const d = config.data;
  const data =
    d.kind === 'pretrain'
      ? `${d.objective} on ${d.corpus}`
      : `${d.tasks.join(' + ')}${d.tasks.length > 1 ? ` (${d.mixing?.kind ?? 'equal'})` : ''}`;
  const m = resolved?.modelConfig ?? config.model.overrides;
  const model = config.model.preset ?? (m?.dModel ? `d${m.dModel}×${m.numLayers ?? '?'}L` : 'default model');
  const b = config.batch;
  return `${data} · ${model} · ${config.optimizer.kind} · batch ${b.size}×${b.inputLength}→${b.targetLength}`;
}

/** Flattens plain JSON into dotted paths (arrays and tokenizer JSON count as one value). */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(prefix === 'tokenizer.json')) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value === undefined) return;
  // A saved tokenizer is large: compare and show it by kind and size only.
  if (prefix === 'tokenizer.json') {
    const j = value as { kind?: string; pieces?: unknown[] };
    out.set(prefix, `${j.kind ?? 'tokenizer'}${Array.isArray(j.pieces) ? ` (${j.pieces.length} pieces)` : ''}`);
    return;
  }
  out.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
}

export interface ConfigDifference {
  /** Dotted config path, e.g. `optimizer.kind`, `batch.size`, `data.objective`. */
  field: string;
  /** The value in each run, in the order given ('—' where a run has no such field). */
  values: string[];
}

/**
 * The config fields whose values differ between `configs` (only those), in a stable order. The
 * run name is left out: it is shown anyway; so are settings implied by a differing kind (AdamW's
 * beta2 next to Adafactor). Fewer than two configs have no differences.
 */
export function configDifferences(configs: readonly RunConfig[]): ConfigDifference[] {
  if (configs.length < 2) return [];
  const flat = configs.map((c) => {
    const m = new Map<string, string>();
    flatten(c, '', m);
    m.delete('name');
    return m;
  });
  const fields = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  const diffs = fields.map((field) => ({ field, values: flat.map((m) => m.get(field) ?? '—') })).filter((d) => new Set(d.values).size > 1);
  // When the kind of a part differs (AdamW vs Adafactor), the settings only one kind has are
  // implied by the kind: listing them would bury the real differences.
  const kindDiffers = new Set(diffs.filter((d) => d.field.endsWith('.kind')).map((d) => d.field.slice(0, -5)));
  return diffs.filter((d) => !(d.values.includes('—') && kindDiffers.has(d.field.slice(0, d.field.lastIndexOf('.')))));
}

export interface CurveRow {
  run: string;
  runId: string;
  step: number;
  loss: number;
  smoothed: number;
}

/**
 * Overlay rows of several runs' training loss, smoothed per run. `label` names a run in the
 * legend (default: `runLabels`, what differs between the runs).
 */
export function lossCurveRows(
  records: readonly RunRecord[],
  weight: number,
  label: (r: RunRecord) => string = defaultLabel(records),
): CurveRow[] {
  return records.flatMap((r) => {
    const h = r.history.filter((e) => Number.isFinite(e.loss));
    const smoothed = smoothEma(
      h.map((e) => e.loss),
      weight,
    );
    return h.map((e, i) => ({ run: label(r), runId: r.id, step: e.step, loss: e.loss, smoothed: smoothed[i] }));
  });
}

/** Short names of the config fields a legend label mentions (others: their last path segment). */
const SHORT_FIELD: Record<string, string> = {
  'optimizer.learningRate': 'lr',
  'schedule.value': 'lr',
  'schedule.peak': 'lr',
  'schedule.scale': 'lr scale',
  'schedule.kind': 'schedule',
  'optimizer.kind': 'optimizer',
  'batch.size': 'batch',
  'batch.inputLength': 'inputs',
  'batch.targetLength': 'targets',
  'model.preset': 'model',
  'data.objective': 'objective',
  'data.corpus': 'corpus',
  'data.tasks': 'tasks',
  'init.kind': 'init',
};

/**
 * Legend labels for runs shown together, by what tells them apart: their names when those
 * differ, then the config fields that differ among them ("lr 0.01 · seed 2", at most `maxFields`),
 * and the id's tail only when two runs are still the same (same name, same config). Returns one
 * label per record, in order, all distinct.
 */
export function runLabels(records: readonly RunRecord[], maxFields = 3): string[] {
  const names = records.map((r) => r.name);
  const namesDiffer = new Set(names).size > 1;
  const diffs = configDifferences(records.map((r) => r.config ?? ({} as RunConfig))).slice(0, maxFields);
  const labels = records.map((r, i) => {
    const fields = diffs.map((d) => `${SHORT_FIELD[d.field] ?? d.field.slice(d.field.lastIndexOf('.') + 1)} ${d.values[i]}`).join(' · ');
    return [namesDiffer ? r.name : '', fields].filter(Boolean).join(' · ') || r.name;
  });
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((counts.get(l) ?? 0) > 1 ? `${l} (${records[i].id.slice(-4)})` : l));
}

function defaultLabel(records: readonly RunRecord[]): (r: RunRecord) => string {
  const labels = new Map(runLabels(records).map((l, i) => [records[i].id, l]));
  return (r) => labels.get(r.id) ?? r.name;
}
