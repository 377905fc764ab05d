/**
 * The comparison cell's pre-training curves: training loss per objective over steps (the first
 * seed's runs). Pure: curve points in, SVG out.
 */
import * as Plot from '@observablehq/plot';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';

export interface PretrainingCurvePoint {
  arm: string;
  step: number;
  loss: number;
}

export function comparisonPretrainingLossFigure(
  curves: readonly PretrainingCurvePoint[],
  options: { document?: Document } = {},
): SVGSVGElement | HTMLElement {
  return Plot.plot({
    ...(options.document ? { document: options.document } : {}),
    ariaLabel: 'Pre-training loss per objective over steps',
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: FIGURE_SIZE.height,
    marginRight: 20,
    x: { label: 'pre-training step →', grid: true },
    y: { label: '↑ training loss (nats/token)', grid: true },
    color: { range: [...PALETTE], legend: true },
    marks: [Plot.line(curves, { x: 'step', y: 'loss', stroke: 'arm', strokeWidth: 1.8 })],
  });
}
