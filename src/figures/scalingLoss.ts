/**
 * The scaling cell's figure: final validation loss against parameters, FLOPs or tokens on
 * log-log axes, the fitted power law dashed, ensembles as stars; with several seeds each seed's
 * loss is a small dot and the 95% interval of the mean a vertical bar. Pure: data in, SVG out.
 */
import * as Plot from '@observablehq/plot';
import { powerLaw, type PowerLawFit } from '../scaling/powerLaw.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { axisTicks, extent, siFormat, siTickFormat } from '../plots/ticks.ts';

export interface ScalingFigurePoint {
  label: string;
  x: number;
  /** The point's loss (the mean over seeds with several). */
  loss: number;
  ensemble: boolean;
}

export interface ScalingFigureData {
  axis: 'params' | 'flops' | 'tokens';
  /** The x axis label, e.g. "parameters N →". */
  xLabel: string;
  points: readonly ScalingFigurePoint[];
  fit?: PowerLawFit;
  /** Each seed's loss per point (several seeds only). */
  seeds?: readonly { label: string; x: number; seed: number; loss: number }[];
  /** The 95% interval of each point's mean loss (several seeds only). */
  intervals?: readonly { label: string; x: number; lo: number; hi: number }[];
}

export function scalingLossFigure(d: ScalingFigureData, options: { document?: Document } = {}): SVGSVGElement | HTMLElement {
  const { axis, points: pts, fit } = d;
  const xs = pts.map((p) => p.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const curve = fit && hi > lo ? Array.from({ length: 50 }, (_, i) => lo * (hi / lo) ** (i / 49)).map((x) => ({ x, loss: powerLaw(fit, x) })) : [];
  const xExtent = extent(xs);
  const xTicks = xExtent ? axisTicks(xExtent[0], xExtent[1], { type: 'log' }) : undefined;
  // Points are told apart by colour and a legend, not by text beside them: Table 13's strategies
  // share an x (4× compute), and their long labels piled up and ran off the plot.
  const labels = pts.map((p) => p.label);
  const seedMarks = d.seeds?.length
    ? [
        Plot.ruleX(d.intervals ?? [], { x: 'x', y1: 'lo', y2: 'hi', stroke: 'label', strokeWidth: 1.5 }),
        Plot.dot(d.seeds, { x: 'x', y: 'loss', stroke: 'label', r: 2.5, strokeWidth: 1 }),
      ]
    : [];
  return Plot.plot({
    ...(options.document ? { document: options.document } : {}),
    ariaLabel: `Final validation loss against ${axis}, log-log`,
    style: figureStyle,
    width: FIGURE_SIZE.width * 0.72,
    height: FIGURE_SIZE.height,
    marginLeft: 52,
    marginRight: 24,
    marginTop: 30,
    marginBottom: 36,
    x: { type: 'log', label: d.xLabel, grid: true, ...(xTicks ? { ticks: xTicks, tickFormat: siTickFormat(xTicks) } : {}), inset: 10 },
    y: { type: 'log', label: '↑ final validation loss', grid: true, tickFormat: '.3~f', inset: 8 },
    color: { domain: labels, range: labels.map((_, i) => PALETTE[i % PALETTE.length]) as string[], legend: true },
    marks: [
      Plot.line(curve, { x: 'x', y: 'loss', stroke: '#888', strokeDasharray: '4,3' }),
      ...seedMarks,
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
          title: (p: ScalingFigurePoint) => `${p.label}\n${axis} ${siFormat(p.x)}\nloss ${p.loss.toFixed(3)}`,
        }),
      ),
    ],
  });
}
