/**
 * The multi-task cell's figure: each task's validation metric over training steps, one panel per
 * task/metric, one line per mixing strategy; with several seeds, one line per strategy and seed
 * (thin) so the spread is visible, not only the first seed. Pure: curves in, SVG out.
 */
import * as Plot from '@observablehq/plot';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';

export interface MultitaskCurvePoint {
  strategy: string;
  metric: string;
  step: number;
  value: number;
  /** The run's seed (lines are drawn per strategy and seed). */
  seed?: number;
}

export function multitaskMetricsFigure(curves: readonly MultitaskCurvePoint[], options: { document?: Document } = {}): SVGSVGElement | HTMLElement {
  const panels = new Set(curves.map((c) => c.metric)).size;
  const seeds = new Set(curves.map((c) => c.seed ?? 0)).size;
  return Plot.plot({
    ...(options.document ? { document: options.document } : {}),
    ariaLabel: 'Per-task validation metrics over training steps, one line per mixing strategy' + (seeds > 1 ? ' and seed' : ''),
    style: figureStyle,
    width: Math.max(FIGURE_SIZE.width, 200 * panels),
    height: 220,
    marginTop: 30,
    x: { label: 'step →', grid: true },
    // Metrics are percentages; a fixed 0–100 scale keeps an all-zero early run readable.
    y: { label: '↑ metric (%)', grid: true, domain: [0, Math.max(100, ...curves.map((c) => c.value))] },
    color: { legend: true, range: [...PALETTE] },
    fx: { label: null },
    marks: [
      Plot.line(curves, {
        x: 'step',
        y: 'value',
        stroke: 'strategy',
        fx: 'metric',
        z: (d: MultitaskCurvePoint) => `${d.strategy} ${d.seed ?? 0}`,
        marker: 'dot',
        strokeWidth: seeds > 1 ? 1 : 1.5,
        strokeOpacity: seeds > 1 ? 0.75 : 1,
      }),
    ],
  });
}
