import * as Plot from '@observablehq/plot';
import type { HistoryEntry } from '../training/trainerState.ts';
import { PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** Training (line) and validation (dots, dashed) loss by step of the run called `name`. */
export function trainLossFigure(
  history: readonly HistoryEntry[],
  options: FigureOptions & { name: string; width?: number },
): FigureElement {
  const train = history.filter((h) => Number.isFinite(h.loss)).map((h) => ({ step: h.step, loss: h.loss, split: 'train' }));
  const val = history.filter((h) => Number.isFinite(h.valLoss)).map((h) => ({ step: h.step, loss: h.valLoss!, split: 'validation' }));
  const rows = [...train, ...val];
  return withFigureData(
    Plot.plot({
      document: options.document,
      ariaLabel: `Loss by step of ${options.name}`,
      style: figureStyle,
      width: options.width ?? 430,
      height: 220,
      marginLeft: 44,
      x: { label: 'step', grid: true },
      y: { label: 'cross-entropy loss (nats)', grid: true },
      color: { domain: ['train', 'validation'], range: [PALETTE[0], PALETTE[1]], legend: true },
      marks: [
        Plot.line(train, { x: 'step', y: 'loss', stroke: 'split', strokeWidth: 1.75 }),
        Plot.dot(val, { x: 'step', y: 'loss', fill: 'split', r: 3.5 }),
        Plot.line(val, { x: 'step', y: 'loss', stroke: 'split', strokeDasharray: '4,3' }),
      ],
    }),
    rows,
  );
}
