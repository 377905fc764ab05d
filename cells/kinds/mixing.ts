// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and the mixing form, the rate table and its figures for every strategy; the rates
// are src/tasks/mixingRates.ts.
import { html, css, nothing, unsafeCSS } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import { mixingRates, strategyLabel, type MixingRates, type MixingStrategy } from '../../src/tasks/mixingRates.ts';
import {
  DEFAULT_MIXING_PARAMS,
  mixedTasks,
  mixingParams,
  strategyOf,
  type MixingParams,
  type NotebookTaskSize,
} from '../../src/tasks/mixingSetup.ts';
import { formatTaskSizes, parseTaskSizes } from '../../src/tasks/taskSizesText.ts';
import { userTasksOf, type TaskValueLike, type UserTaskSpec } from '../../src/tasks/userTask.ts';
import {
  groupTotals,
  K_SWEEP,
  rateSweepOverK,
  rateSweepOverT,
  rateTable,
  T_SWEEP,
  type KSweepRow,
  type RateTableRow,
  type TSweepRow,
} from '../../src/plots/mixingCurves.ts';
import { MIXING_PLOT_WIDTH, groupColor, powerOfTwoLabel, ratePercent } from '../../src/plots/mixingStyle.ts';
import { mixingRatesVsKFigure, mixingRatesVsKCaption } from '../../src/figures/mixingRatesVsK.ts';
import { mixingRatesVsTFigure, mixingRatesVsTCaption } from '../../src/figures/mixingRatesVsT.ts';
import '../widgets/figure-toolbar.ts';
import { mixingCellParams } from '../../src/tasks/mixingCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';

/** What `run` computes for the view, next to the published `mixingRates`. */
export interface MixingView {
  params: MixingParams;
  strategy: MixingStrategy;
  sizes: Record<string, number>;
  groups: Record<string, string>;
  rates: MixingRates;
  /** Rates as K sweeps 2^10…2^24 (at T = 1, or the cell's T for the temperature strategy). */
  kSweep: { T: number; rows: KSweepRow[] };
  /** Rates as T sweeps 1…16 at the cell's K. */
  tSweep: { K: number; rows: TSweepRow[] };
  table: RateTableRow[];
}

/** The published value (src/notebook/valueNames.ts: `mixingRates`). */
export interface MixingRatesValue {
  strategy: MixingStrategy;
  rates: MixingRates;
  /** The user's tasks among `rates` (where their examples are), for training on the mixture. */
  userTasks?: Record<string, UserTaskSpec>;
}

/** Everything the cell shows, computed from its params (and the notebook's task when included). */
export function mixingView(rawParams: Record<string, unknown>, task?: NotebookTaskSize): MixingView {
  const params = mixingParams(rawParams);
  const { sizes, groups } = mixedTasks(params, task);
  const strategy = strategyOf(params);
  const K = 2 ** params.log2K;
  const sweepT = params.strategy === 'temperature' ? params.T : 1;
  return {
    params,
    strategy,
    sizes,
    groups,
    rates: mixingRates(strategy, sizes),
    kSweep: { T: sweepT, rows: rateSweepOverK(sizes, { T: sweepT, groups }) },
    tSweep: { K, rows: rateSweepOverT(sizes, { K, groups }) },
    table: rateTable(sizes, strategy, { groups }),
  };
}

// Shared with the mixing figures (src/figures/mixingRatesVs*.ts).
export { powerOfTwoLabel };
const percent = ratePercent;
const count = (n: number) => n.toLocaleString('en-US');
const PLOT_WIDTH = MIXING_PLOT_WIDTH;

/**
 * Multi-task mixing (paper §3.5.2, spec §C): how equal, examples-proportional (limit K) and
 * temperature-scaled (T) mixing split the training examples between the paper's 23 tasks and
 * the user's own. Two figures sweep K and T with the paper's settings marked, a table lists the
 * rates of the chosen strategy, and the cell publishes `mixingRates`.
 */
export class MixingCell extends T5Cell {
  readonly kind = 'mixing' as const;
  private readonly memo = new ProgramMemo();
  private localView?: { key: string; view?: MixingView; error?: string };
  private sizesError = '';

  static override styles = [
    T5Cell.baseStyles,
    css`
      select,
      textarea {
        font: inherit;
        font-size: 13px;
      }
      input[type='range'] {
        width: 11em;
      }
      .readout {
        font-variant-numeric: tabular-nums;
        min-width: 9em;
        display: inline-block;
        color: #1a1a1a;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        min-height: 2.4em;
        padding: 4px 6px;
        border: 1px solid #ccc;
        border-radius: 4px;
        font-family: ui-monospace, monospace;
        font-size: 12px;
      }
      .controls.own {
        flex-direction: column;
        align-items: stretch;
        gap: 4px;
        font-size: 13px;
        color: #555;
      }
      .own label {
        display: block;
      }
      .layout {
        display: grid;
        grid-template-columns: ${unsafeCSS(PLOT_WIDTH + 4)}px minmax(0, 1fr);
        gap: 20px;
        align-items: start;
      }
      .figures {
        display: grid;
        grid-template-columns: 1fr;
        gap: 18px;
      }
      @media (max-width: 980px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
        max-width: 75ch;
      }
      .stale {
        opacity: 0.55;
        transition: opacity 150ms;
      }
      .table-wrap {
        max-height: 820px;
        overflow: auto;
        border: 1px solid #eceef1;
        border-radius: 6px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 12.5px;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: left;
        font-size: 13px;
        padding: 6px 8px;
        color: #333;
      }
      th {
        position: sticky;
        top: 0;
        background: #fafbfc;
        text-align: right;
        font-weight: 600;
        color: #555;
        border-bottom: 1px solid #ddd;
        padding: 3px 6px;
      }
      td {
        border-bottom: 1px solid #f2f3f5;
        padding: 2px 6px;
        text-align: right;
      }
      th:first-child,
      td:first-child {
        text-align: left;
        white-space: nowrap;
      }
      tr.total td {
        font-weight: 600;
        background: #fafbfc;
      }
      .swatch {
        display: inline-block;
        width: 9px;
        height: 9px;
        border-radius: 2px;
        margin-right: 6px;
        vertical-align: baseline;
      }
      .muted {
        color: #888;
      }
    `,
  ];

  /** The stored params, type-checked at the boundary (wrong types take the default and are named). */
  private get parsed() {
    return mixingCellParams(this.spec?.params ?? {});
  }
  private get rawParams(): Record<string, unknown> {
    return { ...this.parsed.value };
  }

  override program(): CellProgram {
    const raw = this.rawParams;
    const includeTask = Boolean(raw.includeTask);
    return this.memo.get(raw, () => ({
      inputs: includeTask ? [VALUE.task] : [],
      outputs: [VALUE.mixingRates],
      run: (inputs: Outputs) => {
        const view = mixingView(raw, includeTask ? (inputs[VALUE.task] as NotebookTaskSize) : undefined);
        // The notebook's task, when it is the user's own, travels with the rates so a train cell can load it.
        const userTasks = includeTask ? userTasksOf([inputs[VALUE.task] as TaskValueLike | undefined]) : undefined;
        const value: MixingRatesValue = { strategy: view.strategy, rates: view.rates, ...(userTasks ? { userTasks } : {}) };
        return { [VALUE.mixingRates]: value, view };
      },
    }))!;
  }

  /**
   * The view to draw: the last run's when the notebook runs this cell, otherwise computed here
   * from the params (a few thousand rate evaluations), so the cell also works on its own.
   */
  private currentView(): { view?: MixingView; error?: string; stale: boolean } {
    const st = this.runState;
    const fromRun = st?.outputs?.view as MixingView | undefined;
    const runError =
      st?.status === 'error' ? st.error : st?.status === 'blocked' ? `waiting for ${st.blockedBy}: ${st.error ?? 'it failed'}` : undefined;
    if (fromRun) return { view: fromRun, error: runError, stale: st!.stale || st!.status === 'running' };
    const raw = this.rawParams;
    const key = JSON.stringify(raw);
    if (this.localView?.key !== key) {
      try {
        // Without a runtime there is no `task` value: show the rest and say so.
        this.localView = { key, view: mixingView({ ...raw, includeTask: false }) };
      } catch (err) {
        this.localView = { key, error: (err as Error).message };
      }
    }
    return { view: this.localView.view, error: runError ?? this.localView.error, stale: false };
  }

  private kFigure(view: MixingView) {
    const plot = mixingRatesVsKFigure(view);
    return html`<figure data-figure="mixing-rates-vs-k">
      ${plot}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${mixingRatesVsKCaption(view)}</figcaption>
    </figure>`;
  }

  private tFigure(view: MixingView) {
    const plot = mixingRatesVsTFigure(view);
    return html`<figure data-figure="mixing-rates-vs-t">
      ${plot}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${mixingRatesVsTCaption(view)}</figcaption>
    </figure>`;
  }

  private table(view: MixingView) {
    const color = groupColor;
    const totals = groupTotals(view.table).filter((t) => t.tasks > 1);
    return html`<div class="table-wrap">
      <table data-rates-table>
        <caption>
          Rates for
          <b>${strategyLabel(view.strategy)}</b>
          (${Object.keys(view.sizes).length}
          tasks)${view.table.some((r) => r.capped) ? html`<br /><span class="muted">grey sizes are above K and count as K</span>` : nothing}
        </caption>
        <thead>
          <tr>
            <th>task</th>
            <th>examples</th>
            <th>rate (%)</th>
          </tr>
        </thead>
        <tbody>
          ${view.table.map(
            (r) =>
              html`<tr data-task=${r.task}>
                <td title=${r.group}><span class="swatch" style="background:${color(r.group)}"></span>${r.task}</td>
                <td>
                  ${r.capped ? html`<span class="muted" title="above K: counts as K">${count(r.examples)}</span>` : count(r.examples)}
                </td>
                <td data-rate>${percent(r.rate)}</td>
              </tr>`,
          )}
          ${totals.map(
            (t) =>
              html`<tr class="total">
                <td><span class="swatch" style="background:${color(t.group)}"></span>${t.group}</td>
                <td>${t.tasks} tasks</td>
                <td>${percent(t.rate)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private onSizes(e: Event) {
    const text = (e.target as HTMLTextAreaElement).value;
    try {
      const sizes = text.trim() === '' ? {} : parseTaskSizes(text);
      this.sizesError = '';
      this.setParam('userSizes', sizes);
    } catch (err) {
      this.sizesError = (err as Error).message;
      this.requestUpdate();
    }
  }

  private controls(p: Record<string, unknown>) {
    const log2K = Number(p.log2K);
    const T = Number(p.T);
    const strategy = String(p.strategy);
    const sizesText = formatTaskSizes((p.userSizes as Record<string, number>) ?? {});
    return html`<div class="controls">
        <label
          >strategy
          <select name="strategy" @change=${(e: Event) => this.setParam('strategy', (e.target as HTMLSelectElement).value)}>
            ${[
              ['equal', 'equal'],
              ['proportional', 'examples-proportional'],
              ['temperature', 'temperature-scaled'],
            ].map(([v, l]) => html`<option value=${v} ?selected=${v === strategy}>${l}</option>`)}
          </select></label
        >
        <label
          >K
          <input
            type="range"
            name="log2K"
            min=${K_SWEEP.fromLog2}
            max=${K_SWEEP.toLog2}
            step="1"
            .value=${String(log2K)}
            aria-valuetext=${`K = 2^${log2K}`}
            @change=${(e: Event) => this.setParam('log2K', Number((e.target as HTMLInputElement).value))}
          />
          <span class="readout" data-readout="K">${powerOfTwoLabel(log2K)} = ${count(2 ** log2K)}</span></label
        >
        <label
          >T
          <input
            type="range"
            name="T"
            min=${T_SWEEP.from}
            max=${T_SWEEP.to}
            step="1"
            .value=${String(T)}
            @change=${(e: Event) => this.setParam('T', Number((e.target as HTMLInputElement).value))}
          />
          <span class="readout" data-readout="T">${T}</span></label
        >
      </div>
      <div class="controls own">
        <label
          ><input
            type="checkbox"
            name="paperTasks"
            .checked=${Boolean(p.paperTasks)}
            @change=${(e: Event) => this.setParam('paperTasks', (e.target as HTMLInputElement).checked)}
          />
          the paper's 23 tasks (training-set sizes from spec §C.3)</label
        >
        <label
          ><input
            type="checkbox"
            name="includeTask"
            .checked=${Boolean(p.includeTask)}
            @change=${(e: Event) => this.setParam('includeTask', (e.target as HTMLInputElement).checked)}
          />
          the notebook's <code>task</code> (its training split)</label
        >
        <label
          >your tasks, <code>name=examples</code> separated by commas
          <textarea
            name="userSizes"
            rows="1"
            placeholder="e.g. my_task=12000, tiny_task=300"
            .value=${sizesText}
            @change=${this.onSizes}
          ></textarea>
        </label>
        ${this.sizesError ? html`<p class="error" role="alert">${this.sizesError}</p>` : nothing}
      </div>`;
  }

  override render() {
    const { view, error, stale } = this.currentView();
    return html`${paramErrorsView(this.parsed.messages)}${this.controls(this.rawParams)}
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    ${
      view
        ? html`<div class="layout ${stale ? 'stale' : ''}">
            <div class="figures">${this.kFigure(view)}${this.tFigure(view)}</div>
            ${this.table(view)}
          </div>`
        : nothing
    }`;
  }
}

defineCellKind(
  {
    kind: 'mixing',
    order: 100,
    tag: 't5-mixing-cell',
    label: 'Multi-task mixing rates',
    description: "Equal, examples-proportional (K) and temperature-scaled (T) mixing of the paper's 23 tasks and yours",
    defaultParams: () => ({ ...DEFAULT_MIXING_PARAMS, userSizes: {} }),
  },
  MixingCell,
);
