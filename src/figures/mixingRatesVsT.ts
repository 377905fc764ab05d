import * as Plot from '@observablehq/plot';
import { GROUP_LABELS } from '../tasks/mixingSetup.ts';
import { PAPER_MIXING_SETTINGS } from '../tasks/paperTasks.ts';
import { T_SWEEP, type TSweepRow } from '../plots/mixingCurves.ts';
import { MIXING_PLOT_WIDTH, groupColorScale, powerOfTwoLabel, ratePercent, type MixingFigureData } from '../plots/mixingStyle.ts';
import { figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * Mixing rate of every task as the temperature T sweeps 1…16 at the chosen K, with the paper's T
 * values dotted, equal mixing dashed, and the chosen T when the strategy is temperature-scaled.
 */
export function mixingRatesVsTFigure(view: MixingFigureData, options: FigureOptions = {}): FigureElement {
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
    document: options.document,
    ariaLabel: `Mixing rate of each of ${n} tasks as the temperature T goes from ${T_SWEEP.from} to ${T_SWEEP.to}, K = 2^${view.params.log2K}`,
    style: figureStyle,
    width: MIXING_PLOT_WIDTH,
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
    color: groupColorScale(view.groups),
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
          title: (r: TSweepRow) => `${r.task}\nT = ${r.T.toFixed(2)}\n${ratePercent(r.rate)}% of examples`,
        }),
      ),
    ],
  });
  return withFigureData(plot, view.tSweep.rows);
}

/** The caption under the mixing-rates-vs-t figure (the cell shows it; exports put it in the SVG's <desc>). */
export function mixingRatesVsTCaption(view: Pick<MixingFigureData, 'params'>): string {
  return `Temperature-scaled mixing at K = ${powerOfTwoLabel(view.params.log2K)}: each capped size is raised to 1/T before normalising, so T = 1 is examples-proportional and a growing T pulls every task towards the equal line.`;
}
