import { html, css, nothing } from 'lit';
import * as Plot from '@observablehq/plot';
import { T5Cell } from './t5-cell.ts';
import { defineCellKind } from './registry.ts';
import { ProgramMemo } from './program-memo.ts';
import { ExperimentProgress, formatFlops, formatNumber, paramsHash } from './experiment-progress.ts';
import type { CellProgram, RunContext } from '../src/notebook/notebookRuntime.ts';
import { COMPARISON_PRESETS, COMPARISON_PRESET_IDS, TINY_COMPARISON_BUDGET, comparisonExperiment, comparisonRows, type ComparisonBudget, type ComparisonRow } from '../src/experiments/objectiveComparison.ts';
import { runExperiment } from '../src/experiments/queue.ts';
import { PAPER_BENCHMARKS, PAPER_BENCHMARK_METRICS } from '../src/paper/tables.ts';
import { bundledTasks } from '../src/tasks/bundledTasks.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../src/plots/theme.ts';
import { withFigureData } from '../src/plots/figureRows.ts';
import './figure-toolbar.ts';

interface CurvePoint {
  arm: string;
  step: number;
  loss: number;
}

/** What a finished comparison shows. */
export interface ComparisonView {
  preset: string;
  budget: ComparisonBudget;
  rows: ComparisonRow[];
  curves: CurvePoint[];
  seconds: number;
}

const DEFAULTS = { preset: 'objectives', arms: [] as string[], pretrainSteps: TINY_COMPARISON_BUDGET.pretrainSteps, finetuneSteps: TINY_COMPARISON_BUDGET.finetuneSteps, task: TINY_COMPARISON_BUDGET.task };

/**
 * Objective comparison (paper §3.3, Tables 4–7): pre-trains the same tiny model with each
 * objective of a preset for the same steps × input tokens, fine-tunes each on one bundled task,
 * and tabulates the validation metrics next to the paper's numbers (labelled as the paper's).
 * Runs go through the experiment queue, so they are stored, resumable after a reload and
 * cancelled when the cell is re-run or deleted.
 */
export class ComparisonCell extends T5Cell {
  readonly kind = 'comparison' as const;
  private readonly memo = new ProgramMemo();
  private readonly progress = new ExperimentProgress(() => this.requestUpdate());

  static override styles = [
    T5Cell.baseStyles,
    css`
      select { font: inherit; font-size: 13px; }
      .progress { font-size: 13px; color: #333; font-variant-numeric: tabular-nums; }
      .stale { opacity: 0.55; }
      .table-wrap { overflow-x: auto; margin: 10px 0; }
      table { border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; }
      caption { text-align: left; font-size: 13px; padding: 4px 0 6px; color: #333; }
      th, td { padding: 3px 7px; text-align: right; border-bottom: 1px solid #f0f1f3; }
      th { font-weight: 600; color: #555; background: #fafbfc; border-bottom: 1px solid #ddd; }
      th:first-child, td:first-child { text-align: left; white-space: nowrap; }
      th.paper, td.paper { background: #f6f4ee; color: #5b5140; }
      figcaption, .note { font-size: 12px; color: #555; max-width: 80ch; }
    `,
  ];

  private get params() {
    return { ...DEFAULTS, ...(this.spec?.params ?? {}) } as typeof DEFAULTS;
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({
      inputs: [],
      outputs: [],
      lazy: true,
      run: (_inputs, ctx) => this.runComparison(p, ctx),
    }))!;
  }

  private async runComparison(p: typeof DEFAULTS, ctx: RunContext) {
    const preset = COMPARISON_PRESETS[p.preset];
    if (!preset) throw new RangeError(`preset must be one of ${COMPARISON_PRESET_IDS.join(', ')} (got "${p.preset}")`);
    const budget: ComparisonBudget = { ...TINY_COMPARISON_BUDGET, pretrainSteps: p.pretrainSteps, finetuneSteps: p.finetuneSteps, task: p.task };
    // `arms` (keys) picks a subset of the preset's settings; empty = all of them.
    const unknown = p.arms.find((k) => !preset.arms.some((a) => a.key === k));
    if (unknown) throw new RangeError(`arms: "${unknown}" is not a setting of ${p.preset} (${preset.arms.map((a) => a.key).join(', ')})`);
    const arms = p.arms.length ? preset.arms.filter((a) => p.arms.includes(a.key)) : preset.arms;
    const experiment = comparisonExperiment(`comparison-${ctx.cellId}-${paramsHash({ preset: p.preset, arms: arms.map((a) => a.key), budget })}`, arms, budget);
    this.progress.begin(experiment.entries.length);
    const runs = await runExperiment(experiment, { signal: ctx.signal, onProgress: (e) => this.progress.update(e) });
    const seconds = this.progress.end() / 1000;
    const curves = arms.flatMap((arm) => (runs.get(`pre-${arm.key}`)?.history ?? []).map((h) => ({ arm: arm.label, step: h.step, loss: h.loss })));
    const view: ComparisonView = { preset: p.preset, budget, rows: comparisonRows(arms, runs), curves, seconds };
    return { view };
  }

  private table(view: ComparisonView) {
    const preset = COMPARISON_PRESETS[view.preset];
    const metricNames = [...new Set(view.rows.flatMap((r) => Object.keys(r.metrics)))];
    return html`<div class="table-wrap"><table data-comparison-table>
      <caption><b>${preset.label}</b> — this run: ${view.budget.pretrainSteps} pre-training + ${view.budget.finetuneSteps} fine-tuning steps of ${view.budget.batchSize} × ${view.budget.inputLength} input tokens on <code>${view.budget.task}</code> (${view.seconds.toFixed(0)} s).
        Shaded columns: <b>the paper's numbers</b> (${preset.table.source}), T5-base after 2<sup>35</sup> tokens — not comparable in scale, only in ranking.</caption>
      <thead><tr><th>setting</th><th>pre-train loss</th><th>pre-train FLOPs</th><th>fine-tune val loss</th>${metricNames.map((m) => html`<th>${m}</th>`)}
        ${PAPER_BENCHMARKS.map((b) => html`<th class="paper" title=${`paper: ${PAPER_BENCHMARK_METRICS[b]}`}>paper ${b}</th>`)}</tr></thead>
      <tbody>${view.rows.map((r) => html`<tr data-arm=${r.key}><td>${r.label}</td><td>${formatNumber(r.pretrainLoss)}</td><td>${formatFlops(r.pretrainFlops)}</td><td>${formatNumber(r.finetuneValLoss)}</td>
        ${metricNames.map((m) => html`<td data-metric=${m}>${formatNumber(r.metrics[m], 2)}</td>`)}
        ${PAPER_BENCHMARKS.map((b) => html`<td class="paper">${r.paperRow ? r.paperRow.scores[b].toFixed(2) : '—'}</td>`)}</tr>`)}</tbody>
    </table></div>`;
  }

  private curveFigure(view: ComparisonView) {
    const plot = Plot.plot({
      ariaLabel: 'Pre-training loss per objective over steps',
      style: figureStyle,
      width: FIGURE_SIZE.width,
      height: FIGURE_SIZE.height,
      marginRight: 20,
      x: { label: 'pre-training step →', grid: true },
      y: { label: '↑ training loss (nats/token)', grid: true },
      color: { range: [...PALETTE], legend: true },
      marks: [Plot.line(view.curves, { x: 'step', y: 'loss', stroke: 'arm', strokeWidth: 1.8 })],
    });
    return html`<figure data-figure="comparison-pretraining-loss">${withFigureData(plot, view.curves as unknown as Record<string, unknown>[])}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>Pre-training loss of each objective, from the stored runs' histories. Losses of different objectives are not comparable (their targets differ); the fine-tuning columns above are.</figcaption></figure>`;
  }

  private selectPreset(id: string) {
    this.spec = { ...this.spec, params: { ...this.spec.params, arms: [] } };
    this.setParam('preset', id);
  }

  private setNumber(name: string, e: Event) {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(v) && v >= 1) this.setParam(name, v);
  }

  override render() {
    const p = this.params;
    const st = this.runState;
    const view = st?.outputs?.view as ComparisonView | undefined;
    const running = st?.status === 'running';
    return html`<div class="controls">
        <label>experiment <select name="preset" @change=${(e: Event) => this.selectPreset((e.target as HTMLSelectElement).value)}>
          ${COMPARISON_PRESET_IDS.map((id) => html`<option value=${id} ?selected=${id === p.preset}>${COMPARISON_PRESETS[id].label}</option>`)}</select></label>
        <label>pre-training steps <input type="number" name="pretrainSteps" min="1" .value=${String(p.pretrainSteps)} @change=${(e: Event) => this.setNumber('pretrainSteps', e)} /></label>
        <label>fine-tuning steps <input type="number" name="finetuneSteps" min="1" .value=${String(p.finetuneSteps)} @change=${(e: Event) => this.setNumber('finetuneSteps', e)} /></label>
        <label>task <select name="task" @change=${(e: Event) => this.setParam('task', (e.target as HTMLSelectElement).value)}>
          ${Object.keys(bundledTasks).map((t) => html`<option value=${t} ?selected=${t === p.task}>${t}</option>`)}</select></label>
      </div>
      <p class="note">Budget: every objective gets the same steps × batch × input length (so the same input tokens); target lengths follow the objective, so FLOPs differ and are shown. ${p.arms.length || (COMPARISON_PRESETS[p.preset]?.arms.length ?? 0)} settings × 2 runs (pre-train, fine-tune), queued in a worker.</p>
      ${this.progress.render(running)}
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${view ? html`<div class=${st?.stale || running ? 'stale' : ''}>${this.table(view)}${this.curveFigure(view)}</div>` : nothing}`;
  }
}

defineCellKind(
  {
    kind: 'comparison',
    tag: 't5-comparison-cell',
    label: 'Objective comparison',
    description: 'Pre-train with several objectives under one budget, fine-tune each, and compare with the paper\'s Tables 4–7',
    defaultParams: () => ({ ...DEFAULTS }),
    lazy: true,
  },
  ComparisonCell,
);
