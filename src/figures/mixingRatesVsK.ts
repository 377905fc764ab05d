import * as Plot from '@observablehq/plot';
import { GROUP_LABELS } from '../tasks/mixingSetup.ts';
import { PAPER_MIXING_SETTINGS } from '../tasks/paperTasks.ts';
import { K_SWEEP, type KSweepRow } from '../plots/mixingCurves.ts';
import { MIXING_PLOT_WIDTH, groupColorScale, powerOfTwoLabel, ratePercent, type MixingFigureData } from '../plots/mixingStyle.ts';
import { figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * Mixing rate of every task as the size limit K sweeps 2^10…2^24 (log–log), with the paper's K
 * values dotted, equal mixing dashed and the chosen K solid (paper §3.5.2).
 */
export function mixingRatesVsKFigure(view: MixingFigureData, options: FigureOptions = {}): FigureElement {
  const rows = view.kSweep.rows.filter((r) => r.rate > 0);
  const K = 2 ** view.params.log2K;
  const n = Object.keys(view.sizes).length;
  const ticks = Array.from({ length: (K_SWEEP.toLog2 - K_SWEEP.fromLog2) / 2 + 1 }, (_, i) => 2 ** (K_SWEEP.fromLog2 + 2 * i));
  const user = (r: KSweepRow) => r.group === GROUP_LABELS.user;
  const atK = rows.filter((r) => r.log2K === view.params.log2K);
  const paperKs = PAPER_MIXING_SETTINGS.proportionalK;
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Mixing rate of each of ${n} tasks as the size limit K goes from 2^${K_SWEEP.fromLog2} to 2^${K_SWEEP.toLog2}${view.kSweep.T === 1 ? ' (examples-proportional)' : `, temperature ${view.kSweep.T}`}`,
    style: figureStyle,
    width: MIXING_PLOT_WIDTH,
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
    color: groupColorScale(view.groups),
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
          title: (r: KSweepRow) => `${r.task}\nK = ${powerOfTwoLabel(r.log2K)}\n${ratePercent(r.rate)}% of examples`,
        }),
      ),
    ],
  });
  return withFigureData(plot, view.kSweep.rows);
}

/** The caption under the mixing-rates-vs-k figure (the cell shows it; exports put it in the SVG's <desc>). */
export function mixingRatesVsKCaption(view: Pick<MixingFigureData, 'kSweep' | 'params'>): string {
  return `${view.kSweep.T === 1 ? 'Examples-proportional mixing' : `Temperature-scaled mixing, T = ${view.kSweep.T}`}: below K a task gets its share of the examples, above K it counts as K examples, so the biggest tasks (WMT, C4) stop crowding out the rest. Solid line: your K (${powerOfTwoLabel(view.params.log2K)}); dotted: the paper's settings; dashed: equal mixing.`;
}
