import { html, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { notebookUseControls } from '../widgets/notebook-use.ts';
import {
  followedInputs,
  resolveModel,
  resolveSeed,
  resolveTokenizer,
  withTokenizer,
  type FollowedTokenizer,
} from '../../src/experiments/notebookValues.ts';
import type { T5Config } from '../../src/model/config.ts';
import { ExperimentProgress, isPaused, pausedNote, formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import type { CellProgram, RunContext } from '../../src/notebook/notebookRuntime.ts';
import { reportFigure, reportTable, runSeededPlan } from '../widgets/experiment-report.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { multiTaskPlan, runsOfSeed, seedRange } from '../../src/experiments/seededPlans.ts';
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
import { MULTITASK_SCHEMA, parseCellParams, type MultiTaskParams } from '../../src/experiments/cellParams.ts';

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
export class MultiTaskCell extends T5Cell {
  readonly kind = 'multitask' as const;
  private readonly memo = new ProgramMemo();
  /** The notebook's model shape as last read (shown in the form). */
  private notebookModel: Partial<T5Config> | undefined;
  /** The notebook's tokenizer as last read, when followed (shown in the form). */
  private notebookTokenizer: FollowedTokenizer | undefined;
  private readonly progress = new ExperimentProgress(() => this.requestUpdate());

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles];

  /** Stored params parsed at the boundary (issue 11): a wrong-typed field is named, not fatal. */
  private get paramErrors(): string[] {
    return parseCellParams(this.spec?.params ?? {}, MULTITASK_SCHEMA, DEFAULTS).messages;
  }

  private get params() {
    return parseCellParams(this.spec?.params ?? {}, MULTITASK_SCHEMA, DEFAULTS).value as typeof DEFAULTS;
  }

  override program(): CellProgram {
    const p = this.params;
    // Inputs follow the params: a cell that uses its own seed and the budget's model reads nothing.
    return this.memo.get(p, () => ({
      inputs: followedInputs(p),
      outputs: [],
      lazy: true,
      run: (i, ctx) => this.runStrategies(p, i, ctx),
    }))!;
  }

  private async runStrategies(p: typeof DEFAULTS, inputs: Record<string, unknown>, ctx: RunContext) {
    const model = resolveModel(p.model, TINY_MULTITASK_BUDGET.model, inputs);
    this.notebookModel = p.model === 'notebook' ? model : undefined;
    const tokenizer = resolveTokenizer(p.tokenizer, inputs);
    this.notebookTokenizer = tokenizer;
    const first = resolveSeed(p.seed, inputs);
    const seeds = seedRange(first, p.seeds ?? 1);
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
    this.progress.begin(seeds.length * plan.entries(first).length);
    const { runs, report } = await this.progress.settling(
      runSeededPlan(plan, seeds, id, {
        signal: ctx.signal,
        onProgress: (e) => this.progress.update(e),
        budget: { name: 'cell', description: `multi-task, ${p.steps} steps per strategy`, ...unseeded },
      }),
    );
    const seconds = this.progress.end() / 1000;
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
    const st = this.runState;
    const view = st?.outputs?.view as MultiTaskView | undefined;
    const running = st?.status === 'running';
    return html`<div class="controls">
        <label
          >steps per strategy
          <input
            type="number"
            name="steps"
            min="1"
            .value=${String(p.steps)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= 1) this.setParam('steps', v);
            }}
        /></label>
        <label
          >seeds
          <input
            type="number"
            name="seeds"
            min="1"
            max="20"
            .value=${String(p.seeds ?? 1)}
            @change=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= 1 && v <= 20) this.setParam('seeds', v);
            }}
        /></label>
        ${notebookUseControls(p, (n, v) => this.setParam(n, v), {
          offerModel: true,
          notebookModel: this.notebookModel,
          notebookTokenizer: this.notebookTokenizer,
        })}
        <span class="note"
          >strategies:
          ${p.strategies.map((s) => (s.kind === 'equal' ? 'equal' : s.kind === 'proportional' ? `proportional K=${s.K}` : `temperature T=${s.T}`)).join(' · ')};
          tasks: ${p.tasks.join(', ')}</span
        >
      </div>
      ${this.paramErrors.length ? html`<p class="error" role="alert" data-param-errors>${this.paramErrors.join('; ')} — using the default instead.</p>` : nothing}
      ${this.progress.render(running, () => this.requestAction('interrupt'), st?.status === 'error' && isPaused(st.error))} ${pausedNote(st?.error, () => this.requestAction('run'), this.progress.stopping)}
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${st?.stale && view ? html`<p class="note" data-stale>These results are from before a change above; they are kept until you run the cell again.</p>` : nothing}
      ${view?.report ? html`<div class=${st?.stale || running ? 'stale' : ''}>${reportTable(view.report)}${reportFigure(view.report, 'multitask-seeds')}${this.table(view)}${this.figure(view)}</div>` : nothing}`;
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
