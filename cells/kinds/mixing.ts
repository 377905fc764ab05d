import { html, css, nothing, unsafeCSS } from 'lit';
import * as Plot from '@observablehq/plot';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import { mixingRates, strategyLabel, type MixingRates, type MixingStrategy } from '../../src/tasks/mixingRates.ts';
import {
  DEFAULT_MIXING_PARAMS,
  GROUP_LABELS,
  mixedTasks,
  mixingParams,
  strategyOf,
  type MixingParams,
  type NotebookTaskSize,
} from '../../src/tasks/mixingSetup.ts';
import { PAPER_MIXING_SETTINGS } from '../../src/tasks/paperTasks.ts';
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
import { FIGURE_SIZE, PALETTE, figureStyle } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
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

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** 2^16 as "2¹⁶" (tick labels and the K readout). */
export function powerOfTwoLabel(log2: number): string {
  return Number.isInteger(log2) ? `2${String(log2).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)])}` : `2^${log2}`;
}
const percent = (r: number) => (r * 100 < 0.005 && r > 0 ? '<0.01' : (r * 100).toFixed(2));
const count = (n: number) => n.toLocaleString('en-US');

/** A little narrower than the standard figure so the rate table fits beside the plots. */
const PLOT_WIDTH = FIGURE_SIZE.width - 40;

/** Group order and colours: the paper's groups first, then the user's tasks, in black. */
const GROUP_ORDER = [
  GROUP_LABELS.glue,
  GROUP_LABELS.superglue,
  GROUP_LABELS.squad,
  GROUP_LABELS.cnndm,
  GROUP_LABELS.wmt,
  GROUP_LABELS.c4,
  GROUP_LABELS.user,
];
const GROUP_COLORS = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[5], PALETTE[4], PALETTE[7]];

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

  private colorScale(view: MixingView) {
    const present = new Set(Object.values(view.groups));
    const domain = GROUP_ORDER.filter((g) => present.has(g));
    return { domain, range: domain.map((g) => GROUP_COLORS[GROUP_ORDER.indexOf(g)]), legend: true };
  }

  private kFigure(view: MixingView) {
    const rows = view.kSweep.rows.filter((r) => r.rate > 0);
    const K = 2 ** view.params.log2K;
    const n = Object.keys(view.sizes).length;
    const ticks = Array.from({ length: (K_SWEEP.toLog2 - K_SWEEP.fromLog2) / 2 + 1 }, (_, i) => 2 ** (K_SWEEP.fromLog2 + 2 * i));
    const user = (r: KSweepRow) => r.group === GROUP_LABELS.user;
    const atK = rows.filter((r) => r.log2K === view.params.log2K);
    const paperKs = PAPER_MIXING_SETTINGS.proportionalK;
    const plot = Plot.plot({
      ariaLabel: `Mixing rate of each of ${n} tasks as the size limit K goes from 2^${K_SWEEP.fromLog2} to 2^${K_SWEEP.toLog2}${view.kSweep.T === 1 ? ' (examples-proportional)' : `, temperature ${view.kSweep.T}`}`,
      style: figureStyle,
      width: PLOT_WIDTH,
      height: 300,
      marginLeft: 52,
      marginRight: 84,
      marginTop: 34,
      x: {
        type: 'log',
        base: 2,
        domain: [2 ** K_SWEEP.fromLog2, 2 ** K_SWEEP.toLog2],
        ticks,
        tickFormat: (d: number) => powerOfTwoLabel(Math.log2(d)),
        label: 'artificial dataset size limit K (examples) →',
        grid: true,
      },
      y: { type: 'log', label: '↑ rate (% of training examples)', grid: true, tickFormat: '~g' },
      color: this.colorScale(view),
      marks: [
        Plot.ruleX(paperKs, { stroke: '#9aa0a6', strokeDasharray: '2,3' }),
        Plot.text([paperKs[0]], {
          x: (d: number) => d,
          frameAnchor: 'top',
          text: () => "the paper's K: 2¹⁶ … 2²¹",
          textAnchor: 'start',
          dx: -2,
          dy: -9,
          fill: '#6b7178',
          fontSize: 11,
        }),
        Plot.ruleY([100 / n], { stroke: '#444', strokeDasharray: '6,4' }),
        Plot.text([100 / n], {
          y: (d: number) => d,
          frameAnchor: 'right',
          text: () => `equal ${(100 / n).toFixed(2)}%`,
          textAnchor: 'start',
          dx: 6,
          fill: '#444',
          fontSize: 11,
        }),
        Plot.line(
          rows.filter((r) => !user(r)),
          { x: 'K', y: (r: KSweepRow) => r.rate * 100, z: 'task', stroke: 'group', strokeWidth: 1.3, strokeOpacity: 0.85 },
        ),
        Plot.line(rows.filter(user), { x: 'K', y: (r: KSweepRow) => r.rate * 100, z: 'task', stroke: 'group', strokeWidth: 2.5 }),
        Plot.ruleX([K], { stroke: '#111', strokeWidth: 1.25 }),
        Plot.dot(atK, { x: 'K', y: (r: KSweepRow) => r.rate * 100, fill: 'group', r: 2.5 }),
        Plot.tip(
          rows,
          Plot.pointer({
            x: 'K',
            y: (r: KSweepRow) => r.rate * 100,
            title: (r: KSweepRow) => `${r.task}\nK = ${powerOfTwoLabel(r.log2K)}\n${percent(r.rate)}% of examples`,
          }),
        ),
      ],
    });
    return html`<figure data-figure="mixing-rates-vs-k">
      ${withFigureData(plot, view.kSweep.rows)}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>
        ${view.kSweep.T === 1 ? 'Examples-proportional mixing' : `Temperature-scaled mixing, T = ${view.kSweep.T}`}: below K a task gets its
        share of the examples, above K it counts as K examples, so the biggest tasks (WMT, C4) stop crowding out the rest. Solid line: your
        K (${powerOfTwoLabel(view.params.log2K)}); dotted: the paper's settings; dashed: equal mixing.
      </figcaption>
    </figure>`;
  }

  private tFigure(view: MixingView) {
    const rows = view.tSweep.rows.filter((r) => r.rate > 0);
    const n = Object.keys(view.sizes).length;
    const user = (r: TSweepRow) => r.group === GROUP_LABELS.user;
    const isTemp = view.params.strategy === 'temperature';
    const atT = isTemp
      ? Object.entries(view.rates)
          .filter(([, r]) => r > 0)
          .map(([task, rate]) => ({ task, group: view.groups[task], T: view.params.T, rate }))
      : [];
    const paperTs = PAPER_MIXING_SETTINGS.temperatureT;
    const plot = Plot.plot({
      ariaLabel: `Mixing rate of each of ${n} tasks as the temperature T goes from ${T_SWEEP.from} to ${T_SWEEP.to}, K = 2^${view.params.log2K}`,
      style: figureStyle,
      width: PLOT_WIDTH,
      height: 300,
      marginLeft: 52,
      marginRight: 84,
      marginTop: 34,
      x: {
        type: 'log',
        base: 2,
        domain: [T_SWEEP.from, T_SWEEP.to],
        ticks: [1, 2, 4, 8, 16],
        tickFormat: (d: number) => String(d),
        label: 'temperature T →',
        grid: true,
      },
      y: { type: 'log', label: '↑ rate (% of training examples)', grid: true, tickFormat: '~g' },
      color: this.colorScale(view),
      marks: [
        Plot.ruleX(paperTs, { stroke: '#9aa0a6', strokeDasharray: '2,3' }),
        Plot.text([paperTs[0]], {
          x: (d: number) => d,
          frameAnchor: 'top',
          text: () => "the paper's T: 2, 4, 8 (with K = 2²¹)",
          textAnchor: 'start',
          dx: -2,
          dy: -9,
          fill: '#6b7178',
          fontSize: 11,
        }),
        Plot.ruleY([100 / n], { stroke: '#444', strokeDasharray: '6,4' }),
        Plot.text([100 / n], {
          y: (d: number) => d,
          frameAnchor: 'right',
          text: () => `equal ${(100 / n).toFixed(2)}%`,
          textAnchor: 'start',
          dx: 6,
          fill: '#444',
          fontSize: 11,
        }),
        Plot.line(
          rows.filter((r) => !user(r)),
          { x: 'T', y: (r: TSweepRow) => r.rate * 100, z: 'task', stroke: 'group', strokeWidth: 1.3, strokeOpacity: 0.85 },
        ),
        Plot.line(rows.filter(user), { x: 'T', y: (r: TSweepRow) => r.rate * 100, z: 'task', stroke: 'group', strokeWidth: 2.5 }),
        ...(isTemp
          ? [
              Plot.ruleX([view.params.T], { stroke: '#111', strokeWidth: 1.25 }),
              Plot.dot(atT, { x: 'T', y: (r: { rate: number }) => r.rate * 100, fill: 'group', r: 2.5 }),
            ]
          : []),
        Plot.tip(
          rows,
          Plot.pointer({
            x: 'T',
            y: (r: TSweepRow) => r.rate * 100,
            title: (r: TSweepRow) => `${r.task}\nT = ${r.T.toFixed(2)}\n${percent(r.rate)}% of examples`,
          }),
        ),
      ],
    });
    return html`<figure data-figure="mixing-rates-vs-t">
      ${withFigureData(plot, view.tSweep.rows)}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>
        Temperature-scaled mixing at K = ${powerOfTwoLabel(view.params.log2K)}: each capped size is raised to 1/T before normalising, so T =
        1 is examples-proportional and a growing T pulls every task towards the equal line.
      </figcaption>
    </figure>`;
  }

  private table(view: MixingView) {
    const color = (g: string) => GROUP_COLORS[GROUP_ORDER.indexOf(g)] ?? '#999';
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
