import { html, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { ExperimentCell } from '../widgets/experiment-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { formatFlops, formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import type { RunContext } from '../../src/notebook/notebookRuntime.ts';
import {
  COMPARISON_PRESETS,
  COMPARISON_PRESET_IDS,
  comparisonRows,
  type ComparisonBudget,
  type ComparisonRow,
} from '../../src/experiments/objectiveComparison.ts';
import { namedBudget } from '../../src/experiments/budgets.ts';
import { experimentPlan, seededKey, type ExperimentPlan } from '../../src/experiments/presets.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { arrayOf, oneOf, string, type Schema } from '../../src/validation/checks.ts';
import { BUDGETED_DEFAULTS, BUDGETED_SCHEMA, budgetOfParams, type BudgetedParams } from '../../src/experiments/cellParams.ts';
import { estimateText, reportFigure, reportTable } from '../widgets/experiment-report.ts';
import { PAPER_BENCHMARKS, PAPER_BENCHMARK_METRICS } from '../../src/paper/tables.ts';
import { comparisonPretrainingLossFigure } from '../../src/figures/comparisonPretrainingLoss.ts';
import { withTokenizer, type FollowedTokenizer } from '../../src/experiments/notebookValues.ts';
import { seedRange } from '../../src/experiments/seededPlans.ts';
import type { T5Config } from '../../src/model/config.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import '../widgets/figure-toolbar.ts';

interface CurvePoint {
  arm: string;
  step: number;
  loss: number;
}

/** What a finished comparison shows. */
export interface ComparisonView {
  preset: string;
  budget: ComparisonBudget;
  /** The first seed's rows in detail (losses, FLOPs, every metric). */
  rows: ComparisonRow[];
  /** The first seed's pre-training curves. */
  curves: CurvePoint[];
  /** Every seed: per-seed values, means, 95% intervals and verdicts. */
  report: ExperimentReport;
  seconds: number;
}

interface ComparisonParams extends BudgetedParams {
  preset: string;
  arms: string[];
}

const DEFAULTS: ComparisonParams = { ...BUDGETED_DEFAULTS, preset: 'objectives', arms: [] };

/** Stored parameters are untrusted (imported notebooks): each field is checked, a bad one is shown in the cell. */
const SCHEMA: Schema<ComparisonParams> = {
  ...BUDGETED_SCHEMA,
  preset: { label: 'experiment', check: (v, l) => oneOf(v, l, COMPARISON_PRESET_IDS) },
  arms: { label: 'arms', check: (v, l) => arrayOf(v, l, (x, n) => string(x, n, { nonEmpty: true })) },
};

/**
 * Objective comparison (paper §3.3, Tables 4–7): pre-trains the same tiny model with each
 * objective of a preset for the same steps × input tokens, fine-tunes each on one bundled task,
 * and tabulates the validation metrics next to the paper's numbers (labelled as the paper's).
 * Runs go through the experiment queue, so they are stored, resumable after a reload and
 * cancelled when the cell is re-run or deleted.
 */
export class ComparisonCell extends ExperimentCell<ComparisonParams> {
  readonly kind = 'comparison' as const;

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles];

  protected get schema() {
    return SCHEMA;
  }

  protected get defaults() {
    return DEFAULTS;
  }

  private plan(p: ComparisonParams, model?: Partial<T5Config>, tokenizer?: FollowedTokenizer): ExperimentPlan {
    return withTokenizer(experimentPlan(p.preset, budgetOfParams(p, model), { arms: p.arms }), tokenizer);
  }

  protected async runExperiment(p: ComparisonParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const followed = this.follow(p, inputs, namedBudget(p.budget).model);
    const { tokenizer, seeds } = followed;
    const model = p.model === 'notebook' ? followed.model : undefined;
    const budget = budgetOfParams(p, model);
    const plan = this.plan(p, model, tokenizer);
    // The id follows preset, arms, budget and a followed tokenizer but not the seed count: adding
    // seeds keeps the finished ones; another tokenizer is another experiment.
    const id = `comparison-${ctx.cellId}-${paramsHash({ preset: p.preset, arms: plan.arms.map((a) => a.key), budget, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    const { runs, report, seconds } = await this.runPlan(plan, seeds, id, budget, ctx);
    const arms = COMPARISON_PRESETS[p.preset].arms.filter((a) => plan.arms.some((x) => x.key === a.key));
    const first = new Map(arms.flatMap((a) => [`pre-${a.key}`, `ft-${a.key}`]).map((k) => [k, runs.get(seededKey(k, seeds[0]))!]));
    const curves = arms.flatMap((arm) =>
      (first.get(`pre-${arm.key}`)?.history ?? []).map((h) => ({ arm: arm.label, step: h.step, loss: h.loss })),
    );
    const legacy: ComparisonBudget = {
      model: budget.model,
      corpus: budget.corpus,
      task: budget.task,
      pretrainSteps: budget.pretrainSteps,
      finetuneSteps: budget.finetuneSteps,
      batchSize: budget.batchSize,
      inputLength: budget.inputLength,
      learningRate: budget.learningRate,
      evalExamples: budget.evalExamples,
      seed: seeds[0],
    };
    const view: ComparisonView = { preset: p.preset, budget: legacy, rows: comparisonRows(arms, first), curves, report, seconds };
    return { view };
  }

  private table(view: ComparisonView) {
    const preset = COMPARISON_PRESETS[view.preset];
    const metricNames = [...new Set(view.rows.flatMap((r) => Object.keys(r.metrics)))];
    return html`<div class="table-wrap">
      <table data-comparison-table>
        <caption>
          <b>${preset.label}</b
          >, seed ${view.budget.seed} in detail (every seed is in the table above) — ${view.budget.pretrainSteps} pre-training +
          ${view.budget.finetuneSteps} fine-tuning steps of ${view.budget.batchSize} × ${view.budget.inputLength} input tokens on
          <code>${view.budget.task}</code>
          (${view.seconds.toFixed(0)} s). Shaded columns:
          <b>the paper's numbers</b>
          (${preset.table.source}), T5-base after 2<sup>35</sup>
          tokens — not comparable in scale, only in ranking.
        </caption>
        <thead>
          <tr>
            <th>setting</th>
            <th>pre-train loss</th>
            <th>pre-train FLOPs</th>
            <th>fine-tune val loss</th>
            ${metricNames.map((m) => html`<th>${m}</th>`)}
            ${PAPER_BENCHMARKS.map((b) => html`<th class="paper" title=${`paper: ${PAPER_BENCHMARK_METRICS[b]}`}>paper ${b}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map(
            (r) =>
              html`<tr data-arm=${r.key}>
                <td>${r.label}</td>
                <td>${formatNumber(r.pretrainLoss)}</td>
                <td>${formatFlops(r.pretrainFlops)}</td>
                <td>${formatNumber(r.finetuneValLoss)}</td>
                ${metricNames.map((m) => html`<td data-metric=${m}>${formatNumber(r.metrics[m], 2)}</td>`)}
                ${PAPER_BENCHMARKS.map((b) => html`<td class="paper">${r.paperRow ? r.paperRow.scores[b].toFixed(2) : '—'}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private curveFigure(view: ComparisonView) {
    const plot = comparisonPretrainingLossFigure(view.curves);
    return html`<figure data-figure="comparison-pretraining-loss">
      ${withFigureData(plot, view.curves as unknown as Record<string, unknown>[])}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>
        Pre-training loss of each objective, from the stored runs' histories. Losses of different objectives are not comparable (their
        targets differ); the fine-tuning columns above are.
      </figcaption>
    </figure>`;
  }

  private selectPreset(id: string) {
    this.spec = { ...this.spec, params: { ...this.spec.params, arms: [] } };
    this.setParam('preset', id);
  }

  override render() {
    const p = this.params;
    const view = this.runState?.outputs?.view as ComparisonView | undefined;
    const running = this.runState?.status === 'running';
    const budget = budgetOfParams(p);
    let plan: ExperimentPlan | undefined;
    let planError = '';
    try {
      plan = this.plan(
        p,
        p.model === 'notebook' ? this.notebookModel : undefined,
        p.tokenizer === 'notebook' ? this.notebookTokenizer : undefined,
      );
    } catch (err) {
      planError = (err as Error).message;
    }
    const seeds = seedRange(p.seed === 'notebook' ? this.firstSeed : p.seed, p.seeds);
    return html`<div class="controls">
        <label
          >experiment
          <select name="preset" @change=${(e: Event) => this.selectPreset((e.target as HTMLSelectElement).value)}>
            ${COMPARISON_PRESET_IDS.map((id) => html`<option value=${id} ?selected=${id === p.preset}>${COMPARISON_PRESETS[id].label}</option>`)}
          </select></label
        >
        ${this.budgetControls(p, budget, true)}
      </div>
      ${this.paramErrorsNote()} ${planError ? html`<p class="error" role="alert">${planError}</p>` : nothing}
      <p class="note">
        Budget <code>${budget.name}</code>: ${budget.description} Every objective gets the same steps × batch × input length (so the same
        input tokens); target lengths follow the objective, so FLOPs differ and are shown. Each arm runs over ${p.seeds}
        seed${p.seeds === 1 ? '' : 's'} (initialisation, data order and corruption noise change with the seed).
      </p>
      ${plan && !running ? estimateText(plan, seeds) : nothing}
      ${this.runStatus(
        view
          ? () =>
              html`${view.report ? html`${reportTable(view.report)}${reportFigure(view.report, 'comparison-seeds')}` : nothing}${this.table(view)}${this.curveFigure(view)}`
          : undefined,
      )}`;
  }
}

defineCellKind(
  {
    kind: 'comparison',
    order: 110,
    tag: 't5-comparison-cell',
    label: 'Objective comparison',
    description: "Pre-train with several objectives under one budget, fine-tune each, and compare with the paper's Tables 4–7",
    defaultParams: () => structuredClone(DEFAULTS) as unknown as Record<string, unknown>,
    lazy: true,
  },
  ComparisonCell,
);
