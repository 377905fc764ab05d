import { html, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { ExperimentCell } from '../widgets/experiment-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { formatFlops, formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import {
  ARCHITECTURE_MODES,
  TINY_ARCHITECTURE_BUDGET,
  architectureArms,
  architectureRows,
  type ArchitectureArm,
  type ArchitectureBudget,
  type ArchitectureMode,
  type ArchitectureObjective,
  type ArchitectureRow,
} from '../../src/experiments/architectureComparison.ts';
import { reportFigure, reportTable } from '../widgets/experiment-report.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { architecturePlan, runsOfSeed } from '../../src/experiments/seededPlans.ts';
import { withTokenizer, type ModelSource, type SeedSource, type TokenizerSource } from '../../src/experiments/notebookValues.ts';
import { PAPER_BENCHMARKS, PAPER_BENCHMARK_METRICS, TABLE_2 } from '../../src/paper/tables.ts';
import type { RunContext } from '../../src/notebook/notebookRuntime.ts';
import { samplePredictionsOfRun } from '../../src/experiments/runSamples.ts';
import type { RunRecord } from '../../src/runs/runRecord.ts';
import { samplePredictionStyles, samplePredictionsTable, type ArmSamples } from '../widgets/sample-predictions.ts';
import '../widgets/figure-toolbar.ts';
import { ARCHITECTURE_COMPARISON_SCHEMA, type ArchitectureComparisonParams } from '../../src/experiments/cellParams.ts';

/** What a finished architecture comparison shows. */
export interface ArchitectureComparisonView {
  mode: ArchitectureMode;
  /** The first seed's budget, rows in detail and samples; `report` has every seed. */
  budget: ArchitectureBudget;
  rows: ArchitectureRow[];
  /** Every seed: per-seed validation losses, mean, 95% interval, verdicts against the first arm. */
  report?: ExperimentReport;
  seconds: number;
  /** A few decoded validation examples per arm (cells/widgets/sample-predictions.ts). */
  samples?: ArmSamples[];
}

/** Each arm's first validation examples, decoded by its trained model; a failure is shown, not thrown. */
async function armSamples(arms: readonly ArchitectureArm[], runs: ReadonlyMap<string, RunRecord>): Promise<ArmSamples[]> {
  const out: ArmSamples[] = [];
  for (const arm of arms) {
    const run = runs.get(arm.key);
    try {
      out.push({ key: arm.key, label: arm.label, samples: run ? await samplePredictionsOfRun(run, 3) : [] });
    } catch (err) {
      out.push({ key: arm.key, label: arm.label, samples: [], error: (err as Error).message });
    }
  }
  return out;
}

const COMPARISON_DEFAULTS = {
  mode: 'equal-compute' as ArchitectureMode,
  objectives: ['denoising'] as ArchitectureObjective[],
  steps: TINY_ARCHITECTURE_BUDGET.steps,
  layers: TINY_ARCHITECTURE_BUDGET.layers,
  seed: 'notebook' as SeedSource,
  seeds: 3,
  model: 'budget' as ModelSource,
  tokenizer: 'bytes' as TokenizerSource,
};

const MODE_LABEL: Readonly<Record<ArchitectureMode, string>> = {
  'equal-compute': 'equal compute (Table 2 rows of cost M)',
  'equal-parameters': 'equal parameters (Table 2 rows of size P)',
  all: 'all five architectures',
};

/**
 * Table 2 at browser scale: pre-trains each architecture of a mode for the same steps × batch ×
 * input length through the experiment queue (stored, resumable runs) and shows validation loss,
 * parameters and FLOPs from the model core beside the paper's Table 2 scores.
 */
export class ArchitectureComparisonCell extends ExperimentCell<ArchitectureComparisonParams> {
  readonly kind = 'architecture-comparison' as const;

  static override styles = [T5Cell.baseStyles, experimentTableStyles, experimentCellStyles, samplePredictionStyles];

  protected get schema() {
    return ARCHITECTURE_COMPARISON_SCHEMA;
  }

  protected get defaults() {
    return COMPARISON_DEFAULTS as ArchitectureComparisonParams;
  }

  protected async runExperiment(p: ArchitectureComparisonParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const followed = this.follow(p, inputs, TINY_ARCHITECTURE_BUDGET.model);
    const { tokenizer, seeds } = followed;
    const first = seeds[0];
    // The notebook's width etc.; depth stays the cell's L (each arm sets its own layer counts).
    const { numLayers: _l, numDecoderLayers: _d, ...shape } = followed.model;
    const model = p.model === 'notebook' ? { ...TINY_ARCHITECTURE_BUDGET.model, ...shape } : TINY_ARCHITECTURE_BUDGET.model;
    this.notebookModel = p.model === 'notebook' ? shape : undefined;
    const budgetOf = (seed: number): ArchitectureBudget => ({ ...TINY_ARCHITECTURE_BUDGET, model, steps: p.steps, layers: p.layers, seed });
    const arms = architectureArms(p.mode, p.objectives, p.layers);
    const plan = withTokenizer(architecturePlan(arms, budgetOf), tokenizer);
    const { seed: _s, ...unseeded } = budgetOf(first);
    const id = `architectures-${ctx.cellId}-${paramsHash({ mode: p.mode, arms: arms.map((a) => a.key), budget: unseeded, seeded: true, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    const { runs, report, seconds } = await this.runPlan(
      plan,
      seeds,
      id,
      { name: 'cell', description: MODE_LABEL[p.mode], ...unseeded },
      ctx,
    );
    const firstRuns = runsOfSeed(runs, first);
    const samples = await armSamples(arms, firstRuns);
    return {
      view: {
        mode: p.mode,
        budget: budgetOf(first),
        rows: architectureRows(arms, firstRuns),
        report,
        seconds,
        samples,
      } satisfies ArchitectureComparisonView,
    };
  }

  private table(view: ArchitectureComparisonView) {
    return html`<div class="table-wrap">
      <table data-architecture-table>
        <caption>
          <b>Architectures, ${MODE_LABEL[view.mode]}</b>
          — seed ${view.budget.seed} in detail (every seed is in the table above): ${view.budget.steps} steps of ${view.budget.batchSize} ×
          ${view.budget.inputLength} input tokens, L = ${view.budget.layers} (${view.seconds.toFixed(0)} s). Shaded columns:
          <b>the paper's numbers</b>
          (${TABLE_2.source}; ${TABLE_2.note}), T5-base scale — compare rankings, not values.
        </caption>
        <thead>
          <tr>
            <th>architecture</th>
            <th>objective</th>
            <th>parameters</th>
            <th>training FLOPs</th>
            <th>train loss</th>
            <th>val loss</th>
            <th class="paper">paper params</th>
            <th class="paper">paper cost</th>
            ${PAPER_BENCHMARKS.map((b) => html`<th class="paper" title=${`paper: ${PAPER_BENCHMARK_METRICS[b]}`}>paper ${b}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map((r) => {
            const key = r.paperRow.key as { params: string; cost: string };
            return html`<tr data-arm=${r.key}>
              <td>${r.label}</td>
              <td>${r.objective}</td>
              <td>${r.params.toLocaleString('en-US')}</td>
              <td>${formatFlops(r.flops)}</td>
              <td>${formatNumber(r.loss)}</td>
              <td data-val-loss>${formatNumber(r.valLoss)}</td>
              <td class="paper">${key.params}</td>
              <td class="paper">${key.cost}</td>
              ${PAPER_BENCHMARKS.map((b) => html`<td class="paper">${r.paperRow.scores[b].toFixed(2)}</td>`)}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private toggleObjective(o: ArchitectureObjective, on: boolean) {
    const now = new Set(this.params.objectives);
    if (on) now.add(o);
    else now.delete(o);
    if (now.size > 0)
      this.setParam(
        'objectives',
        (['denoising', 'lm'] as const).filter((x) => now.has(x)),
      );
  }

  override render() {
    const p = this.params;
    const view = this.runState?.outputs?.view as ArchitectureComparisonView | undefined;
    return html`<div class="controls">
        <label
          >compare at
          <select name="mode" @change=${(e: Event) => this.setParam('mode', (e.target as HTMLSelectElement).value)}>
            ${ARCHITECTURE_MODES.map((m) => html`<option value=${m} ?selected=${m === p.mode}>${MODE_LABEL[m]}</option>`)}
          </select></label
        >
        ${(['denoising', 'lm'] as const).map((o) => html`<label><input type="checkbox" name=${`objective-${o}`} .checked=${p.objectives.includes(o)} @change=${(e: Event) => this.toggleObjective(o, (e.target as HTMLInputElement).checked)} /> ${o === 'lm' ? 'LM objective' : 'denoising objective'}</label>`)}
        ${this.seedControls(p)} ${this.countInput('steps', 'steps', p.steps)}
      </div>
      ${this.paramErrorsNote()}
      <p class="note">
        Budget: every architecture trains the same steps × batch × input length on the same data. Decoder-only models read inputs ⧺ targets
        and are scored on the targets only, so validation losses compare within an objective. Runs are queued in a worker and stored.
      </p>
      ${this.runStatus(
        view
          ? () =>
              html`${view.report ? html`${reportTable(view.report)}${reportFigure(view.report, 'architecture-seeds')}` : nothing}${this.table(view)}${samplePredictionsTable(view.samples ?? [])}`
          : undefined,
      )}`;
  }
}
defineCellKind(
  {
    kind: 'architecture-comparison',
    order: 170,
    tag: 't5-architecture-comparison-cell',
    label: 'Architecture comparison',
    description: "Train encoder-decoder, shared, decoder-only and prefix-LM models under one budget beside the paper's Table 2",
    defaultParams: () => ({ ...COMPARISON_DEFAULTS, objectives: [...COMPARISON_DEFAULTS.objectives] }),
    lazy: true,
  },
  ArchitectureComparisonCell,
);
