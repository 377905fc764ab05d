import * as Plot from '@observablehq/plot';
import type { RunRecord } from '../runs/runRecord.ts';
import { lossCurveRows } from '../runs/runCompare.ts';
import { PALETTE, figureStyle, FIGURE_SIZE } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import { axisTicks, extent, siTickFormat } from '../plots/ticks.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** Explicit ticks and short labels for a log axis over these values (none when nothing is positive). */
function logAxis(values: number[]): { ticks?: number[]; tickFormat?: (v: number) => string } {
  const e = extent(values.filter((v) => v > 0));
  if (!e) return {};
  const ticks = axisTicks(e[0], e[1], { type: 'log' });
  return { ticks, tickFormat: siTickFormat(ticks) };
}

/**
 * Training loss of several runs overlaid, smoothed with a debiased EMA of weight `smoothing`
 * (the raw curves faint behind), on linear or log axes. Undefined when no run has a loss yet.
 */
export function runsLossFigure(
  runs: readonly RunRecord[],
  options: FigureOptions & { smoothing: number; logX?: boolean; logY?: boolean },
): FigureElement | undefined {
  const weight = options.smoothing;
  const rows = lossCurveRows(runs, weight);
  if (rows.length === 0) return undefined;
  const { logX = false, logY = false } = options;
  const names = [...new Set(rows.map((r) => r.run))];
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Training loss of ${names.length} runs, smoothed ${weight}`,
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: FIGURE_SIZE.height,
    marginLeft: 48,
    marginBottom: 36,
    // Plot's log scale labels no tick inside a single decade (a loss from 2 to 7): explicit ticks.
    x: { label: 'step', grid: true, type: logX ? 'log' : 'linear', ...(logX ? logAxis(rows.map((r) => r.step)) : {}) },
    y: {
      label: 'training loss (nats)',
      grid: true,
      type: logY ? 'log' : 'linear',
      ...(logY ? logAxis(rows.flatMap((r) => [r.loss, r.smoothed])) : {}),
    },
    color: { domain: names, range: PALETTE.slice(0, Math.max(1, names.length)) as unknown as string[], legend: true },
    marks: [
      ...(weight > 0 ? [Plot.line(rows, { x: 'step', y: 'loss', stroke: 'run', strokeOpacity: 0.25, strokeWidth: 1 })] : []),
      Plot.line(rows, { x: 'step', y: 'smoothed', stroke: 'run', strokeWidth: 1.75 }),
      Plot.tip(
        rows,
        Plot.pointerX({
          x: 'step',
          y: 'smoothed',
          stroke: 'run',
          title: (d: (typeof rows)[number]) => `${d.run}\nstep ${d.step}\nloss ${d.loss.toFixed(4)}\nsmoothed ${d.smoothed.toFixed(4)}`,
        }),
      ),
    ],
  });
  return withFigureData(plot, rows);
}
