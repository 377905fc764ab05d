import { html, css, nothing } from 'lit';
import * as Plot from '@observablehq/plot';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { ExperimentProgress, formatFlops, formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import type { CellProgram, RunContext } from '../../src/notebook/notebookRuntime.ts';
import { runExperiment } from '../../src/experiments/queue.ts';
import {
  SWEEP_KINDS,
  TINY_SWEEP_BASE,
  fitSweep,
  sweepExperiment,
  sweepPoints,
  sweepResults,
  type SweepAxis,
  type SweepKind,
  type SweepResult,
} from '../../src/experiments/scalingSweep.ts';
import { ensembleScoreOfRuns } from '../../src/experiments/ensembleRuns.ts';
import { powerLaw, type PowerLawFit } from '../../src/scaling/powerLaw.ts';
import { PAPER_BENCHMARKS, TABLE_13 } from '../../src/paper/tables.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import { axisTicks, extent, siFormat, siTickFormat } from '../../src/plots/ticks.ts';
import '../widgets/figure-toolbar.ts';
import { SCALING_SCHEMA, parseCellParams, type ScalingParams } from '../../src/experiments/cellParams.ts';

/** A sweep point as the view shows it (ensembles: the logit-averaged loss, members beside). */
export interface ScalingPoint extends SweepResult {
  memberLosses?: number[];
}

export interface ScalingView {
  sweep: SweepKind;
  points: ScalingPoint[];
  fits: Partial<Record<SweepAxis, PowerLawFit & { cFixed: boolean }>>;
  seconds: number;
}

const DEFAULTS = { sweep: 'width' as SweepKind, multipliers: [1, 2, 4], steps: TINY_SWEEP_BASE.steps };

const SWEEP_LABELS: Record<SweepKind, string> = {
  width: 'model width (d_model, d_ff × m)',
  depth: 'model depth (layers × m)',
  steps: 'training steps (× m)',
  batch: 'batch size (× m)',
  'four-x': 'Table 13: 4× compute strategies',
};

const AXES: { axis: SweepAxis; label: string; caption: string }[] = [
  { axis: 'params', label: 'parameters N →', caption: 'parameters from parameterCount() of the config each run built' },
  {
    axis: 'flops',
    label: 'training FLOPs C →',
    caption:
      'FLOPs = flopsPerToken(config).trainingPerToken (3 × the forward matmul count, encoder tokens through the encoder, decoder tokens through the decoder) × steps · batch · (input + target length), src/scaling/runCompute.ts',
  },
  { axis: 'tokens', label: 'training tokens D →', caption: 'tokens = steps · batch · (input + target length)' },
];

const fitText = (f: PowerLawFit & { cFixed: boolean }) =>
  `L = ${f.a.toPrecision(3)}·x^−${f.alpha.toPrecision(3)} + ${f.c.toPrecision(3)}${f.cFixed ? ' (c fixed: 2 sizes)' : ''}, rmse ${f.rmse.toPrecision(2)}`;

/**
 * Scaling (paper §3.6, Table 13) at browser scale: sweeps model size, steps or batch size, or
 * runs the "4× compute" strategies; plots final validation loss against parameters, training
 * FLOPs and tokens on log-log axes with a fitted power law L = a·x^−α + c, and the ensemble
 * (logits averaged) as its own point. Parameters and FLOPs come from the model core.
 */
export class ScalingCell extends T5Cell {
  readonly kind = 'scaling' as const;
  private readonly memo = new ProgramMemo();
  private readonly progress = new ExperimentProgress(() => this.requestUpdate());

  static override styles = [
    T5Cell.baseStyles,
    css`
      select,
      input[type='text'] {
        font: inherit;
        font-size: 13px;
      }
      .progress {
        font-size: 13px;
        color: #333;
        font-variant-numeric: tabular-nums;
      }
      .stale {
        opacity: 0.55;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
        gap: 16px;
      }
      .table-wrap {
        overflow-x: auto;
        margin: 10px 0;
      }
      table {
        border-collapse: collapse;
        font-size: 12.5px;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 3px 7px;
        text-align: right;
        border-bottom: 1px solid #f0f1f3;
      }
      th {
        font-weight: 600;
        color: #555;
        background: #fafbfc;
        border-bottom: 1px solid #ddd;
      }
      th:first-child,
      td:first-child {
        text-align: left;
        white-space: nowrap;
      }
      th.paper,
      td.paper {
        background: #f6f4ee;
        color: #5b5140;
      }
      caption {
        text-align: left;
        font-size: 13px;
        padding: 4px 0 6px;
        color: #333;
      }
      figcaption,
      .note {
        font-size: 12px;
        color: #555;
        max-width: 80ch;
      }
    `,
  ];

  /** Stored params parsed at the boundary (issue 11): a wrong-typed field is named, not fatal. */
  private get paramErrors(): string[] {
    return parseCellParams(this.spec?.params ?? {}, SCALING_SCHEMA, DEFAULTS as ScalingParams).messages;
  }

  private get params() {
    return parseCellParams(this.spec?.params ?? {}, SCALING_SCHEMA, DEFAULTS as ScalingParams).value as typeof DEFAULTS;
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({ inputs: [], outputs: [], lazy: true, run: (_i, ctx) => this.runSweep(p, ctx) }))!;
  }

  private async runSweep(p: typeof DEFAULTS, ctx: RunContext) {
    const base = { ...TINY_SWEEP_BASE, steps: p.steps };
    const points = sweepPoints(p.sweep, base, p.multipliers);
    const experiment = sweepExperiment(`scaling-${ctx.cellId}-${paramsHash({ p, base })}`, points, base);
    this.progress.begin(experiment.entries.length);
    const runs = await runExperiment(experiment, { signal: ctx.signal, onProgress: (e) => this.progress.update(e) });
    const results: ScalingPoint[] = sweepResults(points, runs);
    for (const r of results) {
      if (r.members === 1) continue;
      const score = await ensembleScoreOfRuns(r.runIds.map((id) => [...runs.values()].find((x) => x.id === id)!));
      r.loss = score.ensembleLoss;
      r.memberLosses = score.memberLosses;
    }
    const seconds = this.progress.end() / 1000;
    const fits: ScalingView['fits'] = {};
    // The 4× strategies change several things at once: a power law through them means nothing.
    for (const { axis } of p.sweep === 'four-x' ? [] : AXES) {
      const f = fitSweep(results, axis);
      if (f) fits[axis] = f;
    }
    const view: ScalingView = { sweep: p.sweep, points: results, fits, seconds };
    return { view };
  }

  private figure(view: ScalingView, axis: SweepAxis, label: string, caption: string) {
    const pts = view.points.map((p) => ({ label: p.label, x: p[axis], loss: p.loss, ensemble: p.members > 1 }));
    const fit = view.fits[axis];
    const xs = pts.map((p) => p.x);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const curve =
      fit && hi > lo ? Array.from({ length: 50 }, (_, i) => lo * (hi / lo) ** (i / 49)).map((x) => ({ x, loss: powerLaw(fit, x) })) : [];
    const xExtent = extent(xs);
    const xTicks = xExtent ? axisTicks(xExtent[0], xExtent[1], { type: 'log' }) : undefined;
    // Points are told apart by colour and a legend, not by text beside them: Table 13's strategies
    // share an x (4× compute), and their long labels piled up and ran off the plot.
    const labels = pts.map((p) => p.label);
    const plot = Plot.plot({
      ariaLabel: `Final validation loss against ${axis}, log-log`,
      style: figureStyle,
      width: FIGURE_SIZE.width * 0.72,
      height: FIGURE_SIZE.height,
      marginLeft: 52,
      marginRight: 24,
      marginTop: 30,
      marginBottom: 36,
      x: { type: 'log', label, grid: true, ...(xTicks ? { ticks: xTicks, tickFormat: siTickFormat(xTicks) } : {}), inset: 10 },
      y: { type: 'log', label: '↑ final validation loss', grid: true, tickFormat: '.3~f', inset: 8 },
      color: { domain: labels, range: labels.map((_, i) => PALETTE[i % PALETTE.length]) as string[], legend: true },
      marks: [
        Plot.line(curve, { x: 'x', y: 'loss', stroke: '#888', strokeDasharray: '4,3' }),
        Plot.dot(
          pts.filter((p) => !p.ensemble),
          { x: 'x', y: 'loss', fill: 'label', r: 4.5, stroke: 'white', strokeWidth: 0.75 },
        ),
        Plot.dot(
          pts.filter((p) => p.ensemble),
          { x: 'x', y: 'loss', symbol: 'star', fill: 'label', r: 7, stroke: 'white', strokeWidth: 0.75 },
        ),
        Plot.tip(
          pts,
          Plot.pointer({
            x: 'x',
            y: 'loss',
            title: (p: (typeof pts)[number]) => `${p.label}\n${axis} ${siFormat(p.x)}\nloss ${p.loss.toFixed(3)}`,
          }),
        ),
      ],
    });
    return html`<figure data-figure=${`scaling-loss-vs-${axis}`}>
      ${withFigureData(plot, pts)}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption data-fit=${axis}>
        ${fit ? html`Fit (dashed): <b>${fitText(fit)}</b>${!fit.cFixed && pts.filter((q) => !q.ensemble).length === 3 ? ' (3 points fix the 3 parameters exactly; add multipliers for a real fit)' : ''}. ` : html`No fit: ${view.sweep === 'four-x' ? 'the strategies vary more than one thing at a time' : 'fewer than 2 distinct x'}. `}${pts.some((p) => p.ensemble) ? 'Star: 4× ensemble (logits averaged), at its total parameters/FLOPs. ' : ''}x:
        ${caption}.
      </figcaption>
    </figure>`;
  }

  private table(view: ScalingView) {
    const paper = view.sweep === 'four-x';
    return html`<div class="table-wrap">
      <table data-scaling-table>
        <caption>
          ${SWEEP_LABELS[view.sweep]} — ${view.points.length} points, ${view.seconds.toFixed(0)}
          s.${paper ? html` Shaded: <b>the paper's numbers</b> (${TABLE_13.source}), T5-base scale.` : nothing}
        </caption>
        <thead>
          <tr>
            <th>point</th>
            <th>parameters</th>
            <th>FLOPs</th>
            <th>tokens</th>
            <th>final val loss</th>
            ${paper ? PAPER_BENCHMARKS.map((b) => html`<th class="paper">paper ${b}</th>`) : nothing}
          </tr>
        </thead>
        <tbody>
          ${view.points.map((p) => {
            const row = TABLE_13.rows.find((r) => r.key.strategy === p.key);
            return html`<tr data-point=${p.key}>
              <td>${p.label}</td>
              <td>${p.params.toLocaleString('en-US')}</td>
              <td>${formatFlops(p.flops)}</td>
              <td>${p.tokens.toLocaleString('en-US')}</td>
              <td title=${p.memberLosses ? `members: ${p.memberLosses.map((l) => l.toFixed(3)).join(', ')}` : ''}>
                ${formatNumber(p.loss)}${p.memberLosses ? html` <span class="note">(members ${formatNumber(p.memberLosses.reduce((s, l) => s + l, 0) / p.memberLosses.length)})</span>` : nothing}
              </td>
              ${paper ? PAPER_BENCHMARKS.map((b) => html`<td class="paper">${row ? row.scores[b].toFixed(2) : '—'}</td>`) : nothing}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const p = this.params;
    const st = this.runState;
    const view = st?.outputs?.view as ScalingView | undefined;
    const running = st?.status === 'running';
    return html`<div class="controls">
        <label
          >sweep
          <select name="sweep" @change=${(e: Event) => this.setParam('sweep', (e.target as HTMLSelectElement).value)}>
            ${SWEEP_KINDS.map((k) => html`<option value=${k} ?selected=${k === p.sweep}>${SWEEP_LABELS[k]}</option>`)}
          </select></label
        >
        <label
          >multipliers
          <input
            type="text"
            name="multipliers"
            size="8"
            .value=${p.multipliers.join(', ')}
            ?disabled=${p.sweep === 'four-x'}
            @change=${(e: Event) => {
              const m = (e.target as HTMLInputElement).value
                .split(/[,\s]+/)
                .filter(Boolean)
                .map(Number);
              if (m.length > 0 && m.every((x) => Number.isInteger(x) && x >= 1)) this.setParam('multipliers', m);
            }}
        /></label>
        <label
          >base steps
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
      </div>
      ${this.paramErrors.length ? html`<p class="error" role="alert" data-param-errors>${this.paramErrors.join('; ')} — using the default instead.</p>` : nothing}
      <p class="note">
        Every point pre-trains a tiny T5 with span corruption on <code>${TINY_SWEEP_BASE.corpus}</code> (batch ${TINY_SWEEP_BASE.batchSize}
        × ${TINY_SWEEP_BASE.inputLength} input tokens); the loss is the validation loss at the end.
      </p>
      ${this.progress.render(running)} ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${
        view
          ? html`<div class=${st?.stale || running ? 'stale' : ''}>
              ${this.table(view)}
              <div class="figures">
                ${AXES.filter((a) => new Set(view.points.map((p) => p[a.axis])).size > 1).map((a) => this.figure(view, a.axis, a.label, a.caption))}
              </div>
              ${AXES.filter((a) => new Set(view.points.map((p) => p[a.axis])).size === 1).map((a) => html`<p class="note">Every point has the same ${a.axis} (${view.points[0][a.axis].toPrecision(3)}), so loss against ${a.axis} is not plotted.</p>`)}
            </div>`
          : nothing
      }`;
  }
}

defineCellKind(
  {
    kind: 'scaling',
    order: 130,
    tag: 't5-scaling-cell',
    label: 'Scaling sweep',
    description: "Loss against parameters, FLOPs and tokens with a fitted power law, and the paper's 4× compute strategies",
    defaultParams: () => ({ ...DEFAULTS, multipliers: [...DEFAULTS.multipliers] }),
    lazy: true,
  },
  ScalingCell,
);
