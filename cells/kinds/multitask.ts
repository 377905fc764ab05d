import { html } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { ExperimentCell } from '../widgets/experiment-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { withTokenizer } from '../../src/experiments/notebookValues.ts';
import { formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import type { RunContext } from '../../src/notebook/notebookRuntime.ts';
import { reportFigure, reportTable } from '../widgets/experiment-report.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { multiTaskPlan, runsOfSeed } from '../../src/experiments/seededPlans.ts';
import { taskMetricKey } from '../../src/experiments/presets.ts';
import { multitaskMetricsFigure, type MultitaskCurvePoint } from '../../src/figures/multitaskMetrics.ts';
import {
  DEFAULT_STRATEGIES,
  TINY_MULTITASK_BUDGET,
  multiTaskResults,
  type MultiTaskBudget,
  type MultiTaskRow,
} from '../../src/experiments/multiTask.ts';
import type { MixingStrategy } from '../../src/tasks/mixingRates.ts';
import { PAPER_BENCHMARKS, TABLE_11 } from '../../src/paper/tables.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import '../widgets/figure-toolbar.ts';
import { MULTITASK_SCHEMA, type MultiTaskParams } from '../../src/experiments/cellParams.ts';

export interface MultiTaskView {
  /** The first seed's budget (its seed is the first seed). */
  budget: MultiTaskBudget;
  /** The first seed's rows in detail (rates, every task's metric). */
  rows: MultiTaskRow[];
  /** Every seed's per-task curves. */
  curves: MultitaskCurvePoint[];
  /** Every seed: the mixture average per seed, mean, 95% interval, verdicts against the first strategy. */
  report: ExperimentReport;
  seconds: number;
}

// Defaults that show something (issue 10): with 3 tasks × 120 steps every metric stayed 0 — each task got
// ~40 steps and define/qa are out of reach at this size. Two tasks × 240 steps reach ~60% on sentiment.
const DEFAULTS: MultiTaskParams = {
  strategies: DEFAULT_STRATEGIES as MixingStrategy[],
  tasks: ['sentiment', 'qa_factbook'],
  steps: 240,
  evaluations: 4,
  seed: 'notebook',
  seeds: 3,
  model: 'budget',
};

/**
 * Multi-task training with mixing strategies (paper §3.5.2, Table 11): one run per strategy on
 * the same bundled tasks, per-task validation metrics over steps, and a side-by-side table with
 * the paper's row for the same strategy (labelled as the paper's).
 */
export class MultiTaskCell extends ExperimentCell<MultiTaskParams> {
  readonly kind = 'multitask' as const;

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles];

  protected get schema() {
    return MULTITASK_SCHEMA;
  }

  protected get defaults() {
    return DEFAULTS;
  }

  protected async runExperiment(p: MultiTaskParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const { model, tokenizer, seeds } = this.follow(p, inputs, TINY_MULTITASK_BUDGET.model);
    const first = seeds[0];
    const budgetOf = (seed: number): MultiTaskBudget => ({
      ...TINY_MULTITASK_BUDGET,
      model,
      tasks: p.tasks,
      steps: p.steps,
      evaluations: p.evaluations,
      seed,
    });
    const plan = withTokenizer(multiTaskPlan(p.strategies, budgetOf, p.tasks.map(taskMetricKey)), tokenizer);
    const { seed: _seed, ...unseeded } = budgetOf(first);
    // The id follows strategies, budget and a followed tokenizer but not the seeds: adding a seed
    // keeps the finished runs; another tokenizer is another experiment.
    const id = `multitask-${ctx.cellId}-${paramsHash({ s: p.strategies, budget: unseeded, seeded: true, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    const { runs, report, seconds } = await this.runPlan(
      plan,
      seeds,
      id,
      { name: 'cell', description: `multi-task, ${p.steps} steps per strategy`, ...unseeded },
      ctx,
    );
    const curves: MultitaskCurvePoint[] = seeds.flatMap((s) =>
      multiTaskResults(p.strategies, runsOfSeed(runs, s)).curves.map((c) => ({ ...c, seed: s })),
    );
    const { rows } = multiTaskResults(p.strategies, runsOfSeed(runs, first));
    const view: MultiTaskView = { budget: budgetOf(first), rows, curves, report, seconds };
    return { view };
  }

  private table(view: MultiTaskView) {
    const metrics = [...new Set(view.rows.flatMap((r) => Object.keys(r.metrics)))];
    return html`<div class="table-wrap">
      <table data-multitask-table>
        <caption>
          Multi-task training on ${view.budget.tasks.join(', ')}, seed ${view.budget.seed} in detail (every seed is in the table above):
          ${view.budget.steps} steps per strategy (${view.seconds.toFixed(0)} s). Shaded:
          <b>the paper's numbers</b>
          (${TABLE_11.source}), for the same strategy where the paper ran it.
        </caption>
        <thead>
          <tr>
            <th>strategy</th>
            ${view.budget.tasks.map((t) => html`<th>rate ${t}</th>`)}
            <th>val loss</th>
            ${metrics.map((m) => html`<th>${m}</th>`)}${PAPER_BENCHMARKS.map((b) => html`<th class="paper">paper ${b}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map(
            (r) =>
              html`<tr data-strategy=${r.key}>
                <td>${r.label}</td>
                ${view.budget.tasks.map((t) => html`<td>${r.rates[t] === undefined ? '—' : `${(r.rates[t] * 100).toFixed(1)}%`}</td>`)}
                <td>${formatNumber(r.valLoss)}</td>
                ${metrics.map((m) => html`<td data-metric=${m}>${formatNumber(r.metrics[m], 2)}</td>`)}
                ${PAPER_BENCHMARKS.map((b) => html`<td class="paper">${r.paperRow ? r.paperRow.scores[b].toFixed(2) : '—'}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private figure(view: MultiTaskView) {
    const plot = multitaskMetricsFigure(view.curves);
    return html`<figure data-figure="multitask-metrics">
      ${withFigureData(plot, view.curves)}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>
        Each task's validation metric (one panel per task/metric) over the steps of each strategy's
        run${view.report.seeds.length > 1 ? ', one line per seed' : ''}, from the stored runs.
      </figcaption>
    </figure>`;
  }

  override render() {
    const p = this.params;
    const view = this.runState?.outputs?.view as MultiTaskView | undefined;
    return html`<div class="controls">
        ${this.countInput('steps per strategy', 'steps', p.steps)} ${this.seedControls(p)}
        <span class="note"
          >strategies:
          ${p.strategies.map((s) => (s.kind === 'equal' ? 'equal' : s.kind === 'proportional' ? `proportional K=${s.K}` : `temperature T=${s.T}`)).join(' · ')};
          tasks: ${p.tasks.join(', ')}</span
        >
      </div>
      ${this.paramErrorsNote()}
      ${this.runStatus(
        view?.report
          ? () => html`${reportTable(view.report)}${reportFigure(view.report, 'multitask-seeds')}${this.table(view)}${this.figure(view)}`
          : undefined,
      )}`;
  }
}

defineCellKind(
  {
    kind: 'multitask',
    order: 120,
    tag: 't5-multitask-cell',
    label: 'Multi-task strategies',
    description: "Train on the bundled tasks with equal, proportional and temperature mixing; compare with the paper's Table 11",
    defaultParams: () => structuredClone(DEFAULTS) as unknown as Record<string, unknown>,
    lazy: true,
  },
  MultiTaskCell,
);
