import { html, nothing } from 'lit';
import { experimentCost, estimateSeconds, formatDuration } from '../../src/experiments/experimentCost.ts';
import { experimentReport, type ExperimentReport } from '../../src/experiments/experimentReport.ts';
import type { ArmMeasurement, ExperimentPlan } from '../../src/experiments/presets.ts';
import { runExperiment, type QueueProgress } from '../../src/experiments/queue.ts';
import type { RunRecord } from '../../src/runs/runRecord.ts';
import { experimentSeedsFigure, seedPoints } from '../../src/figures/experimentSeeds.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import { formatFlops } from './experiment-progress.ts';
import './figure-toolbar.ts';

/**
 * Seeded experiments in the cells: runs a plan's entries for every seed through the experiment
 * queue (stored, resumable; a finished run is never re-run, adding a seed keeps the others), and
 * renders the report: per-seed values, mean and Student-t 95% interval per arm, paired
 * comparisons against the baseline with a verdict, and a figure with each seed's point and the
 * interval as an error bar.
 */

/** Training FLOPs/s measured by the last finished run of this page (per backend), for estimates. */
const measuredRate = new Map<string, number>();

/** Runs every seed's entries of `plan` and returns the runs by key and the report. */
export async function runSeededPlan(
  plan: ExperimentPlan,
  seeds: readonly number[],
  experimentId: string,
  options: {
    signal?: AbortSignal;
    onProgress?: (p: QueueProgress) => void;
    backend?: string;
    budget: Parameters<typeof experimentReport>[1];
  },
): Promise<{ runs: Map<string, RunRecord>; report: ExperimentReport }> {
  const entries = seeds.flatMap((s) => plan.entries(s));
  const costs = new Map(experimentCost(entries).entries.map((c) => [c.key, c.flops]));
  const started = new Map<string, number>();
  const runs = await runExperiment(
    { id: experimentId, entries },
    {
      signal: options.signal,
      onProgress: (p) => {
        if (p.type === 'start') started.set(p.key, performance.now());
        if (p.type === 'done') {
          const t0 = started.get(p.key);
          const backend = p.record.environment.backend ?? 'unknown';
          if (t0 !== undefined) measuredRate.set(backend, costs.get(p.key)! / ((performance.now() - t0) / 1000));
          measuredRate.set('last', measuredRate.get(backend)!);
        }
        options.onProgress?.(p);
      },
    },
  );
  return { runs, report: seededReport(plan, seeds, runs, options.budget, options.backend) };
}

/** The report of `plan` from completed runs (every seed measured by `plan.measure`). */
export function seededReport(
  plan: ExperimentPlan,
  seeds: readonly number[],
  runs: ReadonlyMap<string, RunRecord>,
  budget: Parameters<typeof experimentReport>[1],
  backend?: string,
): ExperimentReport {
  const perSeed = new Map<number, Map<string, ArmMeasurement>>();
  for (const s of seeds) perSeed.set(s, plan.measure(s, runs));
  return experimentReport(plan, budget, seeds, perSeed, backend);
}

/** "12 runs · 3.1e12 FLOPs · about 4m10s at the last measured 1.2e10 FLOPs/s" (before a run starts). */
export function estimateText(plan: ExperimentPlan, seeds: readonly number[]) {
  const entries = seeds.flatMap((s) => plan.entries(s));
  const cost = experimentCost(entries);
  const rate = measuredRate.get('last');
  const time = rate
    ? `about ${formatDuration(estimateSeconds(cost.flops, rate))} at the ${formatFlops(rate)} FLOPs/s this page last measured (training and evaluation)`
    : 'the time estimate appears after the first run has measured this backend';
  return html`<p class="note" data-estimate>
    ${plan.arms.length} arms × ${seeds.length} seed${seeds.length === 1 ? '' : 's'} = ${entries.length} runs · ${formatFlops(cost.flops)}
    training FLOPs · ${time}.
  </p>`;
}

const fmt = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

function intervalText(ci: [number, number] | null, n: number) {
  if (ci) return `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
  return n === 1 ? 'one seed: no interval' : '—';
}

/** The report table (per-seed values, mean, 95% CI, paper) and the comparisons with verdicts. */
export function reportTable(r: ExperimentReport) {
  const done = (values: (number | null)[]) => values.filter((v) => v !== null).length;
  return html`<div class="table-wrap">
      <table data-report-table>
        <caption>
          <b>${r.title}</b
          >:
          <code>${r.metric}</code>
          (${r.lower_is_better ? 'lower' : 'higher'} is better) over seeds ${r.seeds.join(', ')}, budget
          <code>${r.budget.name}</code
          >. Mean and Student-t 95% confidence interval over seeds; shaded:
          <b>the paper's numbers</b>
          (T5-base, 2<sup>35</sup>
          tokens), comparable in direction only.
        </caption>
        <thead>
          <tr>
            <th>arm</th>
            ${r.seeds.map((s) => html`<th>seed ${s}</th>`)}
            <th>mean</th>
            <th>95% CI</th>
            <th>pre-train val loss</th>
            <th>FLOPs</th>
            <th class="paper">paper GLUE</th>
          </tr>
        </thead>
        <tbody>
          ${r.rows.map(
            (row) =>
              html`<tr data-arm=${row.key}>
                <td>${row.label}${row.key === r.baseline ? ' (baseline)' : ''}</td>
                ${row.values.map((v) => html`<td data-seed-value>${fmt(v)}</td>`)}
                <td data-mean>${fmt(row.mean)}</td>
                <td data-ci>${intervalText(row.ci95, done(row.values))}</td>
                <td>${fmt(row.pretrain_val_loss.mean, 3)}</td>
                <td>${formatFlops(row.flops)}</td>
                <td class="paper">${row.paper ? `${row.paper.scores.GLUE.toFixed(2)} (T${row.paper.table})` : '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${
      r.comparisons.length
        ? html`<ul class="verdicts" data-comparisons>
            ${r.comparisons.map((c) => {
              const a = r.rows.find((x) => x.key === c.a)!.label;
              const b = r.rows.find((x) => x.key === c.b)!.label;
              const paper =
                c.paper_diff === null
                  ? ''
                  : ` Paper: ${c.paper_diff > 0 ? '+' : ''}${c.paper_diff} GLUE${c.agrees === null ? ' — our runs cannot tell the direction.' : c.agrees ? ' — our runs agree.' : ' — our runs disagree.'}`;
              return html`<li data-verdict=${c.verdict}>
                <b>${a}</b> − ${b}: ${c.diff >= 0 ? '+' : ''}${fmt(c.diff)}
                ${c.ci95 ? `(95% CI ${intervalText(c.ci95, 2)}, paired by seed)` : '(one seed: no interval)'} → <b>${c.verdict}</b>.${paper}
              </li>`;
            })}
          </ul>`
        : nothing
    }`;
}

/** Per-seed points, the mean as a tick and the 95% interval as an error bar, one row per arm (src/figures/experimentSeeds.ts). */
export function reportFigure(r: ExperimentReport, figureId: string) {
  const plot = experimentSeedsFigure(r);
  return html`<figure data-figure=${figureId}>
    ${withFigureData(plot, seedPoints(r) as unknown as Record<string, unknown>[])}<t5-figure-toolbar></t5-figure-toolbar>
    <figcaption>
      Dots: each seed's value; bar: the Student-t 95% interval of the mean (none with one seed); tick: the mean. Differences are only called
      where the paired interval of the difference excludes zero (list above).
    </figcaption>
  </figure>`;
}
