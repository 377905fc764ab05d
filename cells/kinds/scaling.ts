import { html, css, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { ExperimentCell } from '../widgets/experiment-cell.ts';
import { experimentCellStyles, experimentTableStyles } from '../widgets/experiment-table-styles.ts';
import { defineCellKind } from '../shell/registry.ts';
import { formatFlops, formatNumber, paramsHash } from '../widgets/experiment-progress.ts';
import type { RunContext } from '../../src/notebook/notebookRuntime.ts';
import { reportFigure, reportTable, seededReport } from '../widgets/experiment-report.ts';
import type { ExperimentReport } from '../../src/experiments/experimentReport.ts';
import { runsOfSeed, seededKey, sweepPlan } from '../../src/experiments/seededPlans.ts';
import { withTokenizer, type ModelSource, type SeedSource, type TokenizerSource } from '../../src/experiments/notebookValues.ts';
import { scalingLossFigure } from '../../src/figures/scalingLoss.ts';
import {
  SWEEP_KINDS,
  TINY_SWEEP_BASE,
  fitSweep,
  sweepPoints,
  sweepResults,
  type SweepAxis,
  type SweepKind,
  type SweepResult,
} from '../../src/experiments/scalingSweep.ts';
import { ensembleScoreOfRuns } from '../../src/experiments/ensembleRuns.ts';
import type { PowerLawFit } from '../../src/scaling/powerLaw.ts';
import { PAPER_BENCHMARKS, TABLE_13 } from '../../src/paper/tables.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import '../widgets/figure-toolbar.ts';
import { SCALING_SCHEMA, type ScalingParams } from '../../src/experiments/cellParams.ts';

/** A sweep point as the view shows it (ensembles: the logit-averaged loss, members beside). */
export interface ScalingPoint extends SweepResult {
  memberLosses?: number[];
  /** Each seed's loss (several seeds only). */
  seedLosses?: { seed: number; loss: number }[];
  /** The 95% interval of the mean loss over seeds (several seeds only). */
  ci95?: [number, number] | null;
}

export interface ScalingView {
  sweep: SweepKind;
  /** Per point: the first seed's runs, with `loss` the mean over seeds (`seedLosses` each seed's). */
  points: ScalingPoint[];
  /** Every seed: per-seed losses, mean, 95% interval, verdicts against the first point. */
  report?: ExperimentReport;
  fits: Partial<Record<SweepAxis, PowerLawFit & { cFixed: boolean }>>;
  seconds: number;
}

const DEFAULTS = {
  sweep: 'width' as SweepKind,
  multipliers: [1, 2, 4],
  steps: TINY_SWEEP_BASE.steps,
  seed: 'notebook' as SeedSource,
  seeds: 3,
  model: 'budget' as ModelSource,
  tokenizer: 'bytes' as TokenizerSource,
};

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
export class ScalingCell extends ExperimentCell<ScalingParams> {
  readonly kind = 'scaling' as const;

  static override styles = [
    T5Cell.baseStyles,
    experimentTableStyles,
    experimentCellStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
        gap: 16px;
      }
    `,
  ];

  protected get schema() {
    return SCALING_SCHEMA;
  }

  protected get defaults() {
    return DEFAULTS as ScalingParams;
  }

  protected async runExperiment(p: ScalingParams, inputs: Record<string, unknown>, ctx: RunContext) {
    const { model, tokenizer, seeds } = this.follow(p, inputs, TINY_SWEEP_BASE.model);
    const first = seeds[0];
    const baseOf = (seed: number) => ({ ...TINY_SWEEP_BASE, model, steps: p.steps, seed });
    const points = sweepPoints(p.sweep, baseOf(first), p.multipliers);
    // Ensembles score by averaging their members' logits (computed below, once the runs exist).
    const ensembles = new Map<string, { loss: number; members: number[] }>();
    const plan = withTokenizer(
      sweepPlan(
        p.sweep === 'four-x' ? 'compute-strategies' : 'scaling',
        SWEEP_LABELS[p.sweep],
        points,
        baseOf,
        (seed, key) => ensembles.get(seededKey(key, seed))?.loss,
      ),
      tokenizer,
    );
    const { seed: _seed, ...unseeded } = baseOf(first);
    const id = `scaling-${ctx.cellId}-${paramsHash({ sweep: p.sweep, multipliers: p.multipliers, base: unseeded, seeded: true, ...(tokenizer ? { tokenizer: tokenizer.fingerprint } : {}) })}`;
    const budget = { name: 'cell', description: SWEEP_LABELS[p.sweep], ...unseeded, multipliers: p.multipliers };
    // The report is made again below, once the ensembles' losses are known; `seconds` is the training.
    const { runs, seconds } = await this.runPlan(plan, seeds, id, budget, ctx);
    const byId = new Map([...runs.values()].map((r) => [r.id, r]));
    const perSeed = new Map(seeds.map((s) => [s, sweepResults(points, runsOfSeed(runs, s)) as ScalingPoint[]]));
    for (const [s, results] of perSeed)
      for (const r of results) {
        if (r.members === 1) continue;
        const score = await ensembleScoreOfRuns(r.runIds.map((rid) => byId.get(rid)!));
        ensembles.set(seededKey(r.key, s), { loss: score.ensembleLoss, members: score.memberLosses });
      }
    const report = seededReport(plan, seeds, runs, budget);
    const results: ScalingPoint[] = perSeed.get(first)!.map((r, i) => {
      const row = report.rows[i];
      const ens = ensembles.get(seededKey(r.key, first));
      return {
        ...r,
        loss: row.mean ?? NaN,
        ...(ens ? { memberLosses: ens.members } : {}),
        ...(seeds.length > 1
          ? { seedLosses: row.values.flatMap((v, k) => (v === null ? [] : [{ seed: seeds[k], loss: v }])), ci95: row.ci95 }
          : {}),
      };
    });
    const fits: ScalingView['fits'] = {};
    // The 4× strategies change several things at once: a power law through them means nothing.
    for (const { axis } of p.sweep === 'four-x' ? [] : AXES) {
      const f = fitSweep(results, axis);
      if (f) fits[axis] = f;
    }
    const view: ScalingView = { sweep: p.sweep, points: results, fits, seconds, report };
    return { view };
  }

  private figure(view: ScalingView, axis: SweepAxis, label: string, caption: string) {
    const pts = view.points.map((p) => ({ label: p.label, x: p[axis], loss: p.loss, ensemble: p.members > 1 }));
    const fit = view.fits[axis];
    const several = view.points.some((p) => p.seedLosses);
    const plot = scalingLossFigure({
      axis,
      xLabel: label,
      points: pts,
      ...(fit ? { fit } : {}),
      ...(several
        ? {
            seeds: view.points.flatMap((p) =>
              (p.seedLosses ?? []).map((s) => ({ label: p.label, x: p[axis], seed: s.seed, loss: s.loss })),
            ),
            intervals: view.points.flatMap((p) => (p.ci95 ? [{ label: p.label, x: p[axis], lo: p.ci95[0], hi: p.ci95[1] }] : [])),
          }
        : {}),
    });
    return html`<figure data-figure=${`scaling-loss-vs-${axis}`}>
      ${withFigureData(plot, pts)}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption data-fit=${axis}>
        ${several ? 'Large dot: the mean over seeds; small circles: each seed; bar: the 95% interval of the mean. ' : ''}${fit ? html`Fit (dashed): <b>${fitText(fit)}</b>${!fit.cFixed && pts.filter((q) => !q.ensemble).length === 3 ? ' (3 points fix the 3 parameters exactly; add multipliers for a real fit)' : ''}. ` : html`No fit: ${view.sweep === 'four-x' ? 'the strategies vary more than one thing at a time' : 'fewer than 2 distinct x'}. `}${pts.some((p) => p.ensemble) ? 'Star: 4× ensemble (logits averaged), at its total parameters/FLOPs. ' : ''}x:
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
    const view = this.runState?.outputs?.view as ScalingView | undefined;
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
        ${this.countInput('base steps', 'steps', p.steps)} ${this.seedControls(p)}
      </div>
      ${this.paramErrorsNote()}
      <p class="note">
        Every point pre-trains a tiny T5 with span corruption on <code>${TINY_SWEEP_BASE.corpus}</code> (batch ${TINY_SWEEP_BASE.batchSize}
        × ${TINY_SWEEP_BASE.inputLength} input tokens); the loss is the validation loss at the end.
      </p>
      ${this.runStatus(
        view
          ? () =>
              html`${view.report ? html`${reportTable(view.report)}${reportFigure(view.report, 'scaling-seeds')}` : nothing} ${this.table(view)}
                <div class="figures">
                  ${AXES.filter((a) => new Set(view.points.map((p) => p[a.axis])).size > 1).map((a) => this.figure(view, a.axis, a.label, a.caption))}
                </div>
                ${AXES.filter((a) => new Set(view.points.map((p) => p[a.axis])).size === 1).map((a) => html`<p class="note">Every point has the same ${a.axis} (${view.points[0][a.axis].toPrecision(3)}), so loss against ${a.axis} is not plotted.</p>`)}`
          : undefined,
      )}`;
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
