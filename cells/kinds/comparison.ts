import { html, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { ExperimentProgress, isPaused, pausedNote, formatFlops, formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import type { CellProgram, RunContext } from '../../src/notebook/notebookRuntime.ts';
import {
  COMPARISON_PRESETS,
  COMPARISON_PRESET_IDS,
  comparisonRows,
  type ComparisonBudget,
  type ComparisonRow,
} from '../../src/experiments/objectiveComparison.ts';
import { BUDGET_NAMES, namedBudget, type ExperimentBudget } from '../../src/experiments/budgets.ts';
import { experimentPlan, seededKey, type ExperimentPlan } from '../../src/experiments/presets.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { arrayOf, intIn, oneOf, parseFields, positiveInt, string, type Schema } from '../../src/validation/checks.ts';
import { estimateText, reportFigure, reportTable, runSeededPlan } from '../widgets/experiment-report.ts';
import { PAPER_BENCHMARKS, PAPER_BENCHMARK_METRICS } from '../../src/paper/tables.ts';
import { bundledTasks } from '../../src/tasks/bundledTasks.ts';
import { comparisonPretrainingLossFigure } from '../../src/figures/comparisonPretrainingLoss.ts';
import { notebookUseControls } from '../widgets/notebook-use.ts';
import {
  followedInputs,
  modelSource,
  resolveModel,
  resolveSeed,
  resolveTokenizer,
  seedSource,
  tokenizerSource,
  withTokenizer,
  type FollowedTokenizer,
  type ModelSource,
  type SeedSource,
  type TokenizerSource,
} from '../../src/experiments/notebookValues.ts';
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

interface ComparisonParams {
  preset: string;
  arms: string[];
  budget: string;
  seeds: number;
  pretrainSteps: number | null;
  finetuneSteps: number | null;
  task: string;
  /** The first seed: the notebook's, or this cell's own (seeds are first … first + N − 1). */
  seed: SeedSource;
  /** Train the notebook's model shape or the budget's. */
  model: ModelSource;
  /** Every run's tokenizer: the notebook's, or bytes (the budget's). */
  tokenizer: TokenizerSource;
}

const DEFAULTS: ComparisonParams = {
  preset: 'objectives',
  arms: [],
  budget: 'tiny',
  seeds: 3,
  pretrainSteps: null,
  finetuneSteps: null,
  task: '',
  seed: 'notebook',
  model: 'budget',
  tokenizer: 'bytes',
};

const stepsOrNull = (v: unknown, l: string) => (v === null ? null : positiveInt(v, l));
/** Stored parameters are untrusted (imported notebooks): each field is checked, a bad one is shown in the cell. */
const SCHEMA: Schema<ComparisonParams> = {
  preset: { label: 'experiment', check: (v, l) => oneOf(v, l, COMPARISON_PRESET_IDS) },
  arms: { label: 'arms', check: (v, l) => arrayOf(v, l, (x, n) => string(x, n, { nonEmpty: true })) },
  budget: { label: 'budget', check: (v, l) => oneOf(v, l, BUDGET_NAMES) },
  seeds: { label: 'seeds', check: (v, l) => intIn(v, l, 1, 20) },
  pretrainSteps: { label: 'pre-training steps', check: stepsOrNull },
  finetuneSteps: { label: 'fine-tuning steps', check: stepsOrNull },
  task: { label: 'task', check: (v, l) => (v === '' ? '' : oneOf(v, l, Object.keys(bundledTasks))) },
  seed: { label: 'seed', check: seedSource },
  model: { label: 'model', check: modelSource },
  tokenizer: { label: 'tokenizer', check: tokenizerSource },
};

/** The budget a cell runs: the named budget with the cell's overrides (and the notebook's model where followed). */
function cellBudget(p: ComparisonParams, model?: Partial<T5Config>): ExperimentBudget {
  const b = namedBudget(p.budget);
  return {
    ...b,
    ...(model ? { model } : {}),
    pretrainSteps: p.pretrainSteps ?? b.pretrainSteps,
    finetuneSteps: p.finetuneSteps ?? b.finetuneSteps,
    task: p.task || b.task,
  };
}

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
  /** The notebook's model shape as last read (shown in the form). */
  private notebookModel: Partial<T5Config> | undefined;
  /** The notebook's tokenizer as last read, when followed (shown in the form, used by the estimate). */
  private notebookTokenizer: FollowedTokenizer | undefined;
  /** The first seed of the last run (the notebook's when followed). */
  private firstSeed = 1;

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles];

  /** The checked parameters, and what was wrong with the stored ones (shown in the cell). */
  private get parsed() {
    return parseFields(this.spec?.params ?? {}, SCHEMA, DEFAULTS);
  }

  private get params(): ComparisonParams {
    return this.parsed.value;
  }

  override program(): CellProgram {
    const p = this.params;
    // Inputs follow the params: a cell with its own seed and the budget's model reads nothing.
    return this.memo.get(p, () => ({
      inputs: followedInputs(p),
      outputs: [],
      lazy: true,
      run: (inputs, ctx) => this.runComparison(p, inputs, ctx),
    }))!;
  }

  private plan(p: ComparisonParams, model?: Partial<T5Config>, tokenizer?: FollowedTokenizer): ExperimentPlan {
    return withTokenizer(experimentPlan(p.preset, cellBudget(p, model), { arms: p.arms }), tokenizer);
  }

  private async runComparison(p: ComparisonParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const model = p.model === 'notebook' ? resolveModel(p.model, namedBudget(p.budget).model, inputs) : undefined;
    this.notebookModel = model;
    const tokenizer = resolveTokenizer(p.tokenizer, inputs);
    this.notebookTokenizer = tokenizer;
    this.firstSeed = resolveSeed(p.seed, inputs);
    const budget = cellBudget(p, model);
    const plan = this.plan(p, model, tokenizer);
    const seeds = seedRange(this.firstSeed, p.seeds);
    // The id follows preset, arms, budget and a followed tokenizer but not the seed count: adding
    // seeds keeps the finished ones; another tokenizer is another experiment.
    const id = `comparison-${ctx.cellId}-${paramsHash({ preset: p.preset, arms: plan.arms.map((a) => a.key), budget, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    this.progress.begin(seeds.length * plan.entries(1).length);
    const { runs, report } = await this.progress.settling(
      runSeededPlan(plan, seeds, id, {
        signal: ctx.signal,
        onProgress: (e) => this.progress.update(e),
        budget,
      }),
    );
    const seconds = this.progress.end() / 1000;
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

  private setNumber(name: string, e: Event) {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(v) && v >= 1) this.setParam(name, v);
  }

  override render() {
    const { errors } = this.parsed;
    const p = this.params;
    const st = this.runState;
    const view = st?.outputs?.view as ComparisonView | undefined;
    const running = st?.status === 'running';
    const budget = cellBudget(p);
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
        <label
          >budget
          <select name="budget" @change=${(e: Event) => this.setParam('budget', (e.target as HTMLSelectElement).value)}>
            ${BUDGET_NAMES.map((b) => html`<option value=${b} ?selected=${b === p.budget}>${b}</option>`)}
          </select></label
        >
        <label
          >seeds
          <input type="number" name="seeds" min="1" max="20" .value=${String(p.seeds)} @change=${(e: Event) => this.setNumber('seeds', e)}
        /></label>
        ${notebookUseControls(p, (n, v) => this.setParam(n, v), {
          offerModel: true,
          notebookModel: this.notebookModel,
          notebookTokenizer: this.notebookTokenizer,
        })}
        <label
          >pre-training steps
          <input
            type="number"
            name="pretrainSteps"
            min="1"
            .value=${String(budget.pretrainSteps)}
            @change=${(e: Event) => this.setNumber('pretrainSteps', e)}
        /></label>
        <label
          >fine-tuning steps
          <input
            type="number"
            name="finetuneSteps"
            min="1"
            .value=${String(budget.finetuneSteps)}
            @change=${(e: Event) => this.setNumber('finetuneSteps', e)}
        /></label>
        <label
          >task
          <select name="task" @change=${(e: Event) => this.setParam('task', (e.target as HTMLSelectElement).value)}>
            ${Object.keys(bundledTasks).map((t) => html`<option value=${t} ?selected=${t === budget.task}>${t}</option>`)}
          </select></label
        >
      </div>
      ${errors.length ? html`<p class="error" role="alert" data-param-errors>${errors.map((e) => e.message).join('; ')} — using the default instead.</p>` : nothing}
      ${planError ? html`<p class="error" role="alert">${planError}</p>` : nothing}
      <p class="note">
        Budget <code>${budget.name}</code>: ${budget.description} Every objective gets the same steps × batch × input length (so the same
        input tokens); target lengths follow the objective, so FLOPs differ and are shown. Each arm runs over ${p.seeds}
        seed${p.seeds === 1 ? '' : 's'} (initialisation, data order and corruption noise change with the seed).
      </p>
      ${plan && !running ? estimateText(plan, seeds) : nothing} ${this.progress.render(running, () => this.requestAction('interrupt'), st?.status === 'error' && isPaused(st.error))}
      ${pausedNote(st?.error, () => this.requestAction('run'), this.progress.stopping)}
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${st?.stale && view ? html`<p class="note" data-stale>These results are from before a change above; they are kept until you run the cell again.</p>` : nothing}
      ${view ? html`<div class=${st?.stale || running ? 'stale' : ''}>${view.report ? html`${reportTable(view.report)}${reportFigure(view.report, 'comparison-seeds')}` : nothing}${this.table(view)}${this.curveFigure(view)}</div>` : nothing}`;
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
