import * as Plot from '@observablehq/plot';
import type { HistoryEntry } from '../../src/training/trainerState.ts';
import { PALETTE, figureStyle } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import { siFormat } from '../../src/plots/ticks.ts';

/**
 * The train cell's live figures: training (and validation) loss by step, and the learning rate
 * by step. Each carries its data rows for the figure toolbar's CSV/JSON export.
 */
export function lossFigure(history: readonly HistoryEntry[], name: string, width = 430): Element {
  const train = history.filter((h) => Number.isFinite(h.loss)).map((h) => ({ step: h.step, loss: h.loss, split: 'train' }));
  const val = history.filter((h) => Number.isFinite(h.valLoss)).map((h) => ({ step: h.step, loss: h.valLoss!, split: 'validation' }));
  const rows = [...train, ...val];
  return withFigureData(
    Plot.plot({
      ariaLabel: `Loss by step of ${name}`,
      style: figureStyle,
      width,
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

export function learningRateFigure(history: readonly HistoryEntry[], name: string, width = 300): Element {
  const rows = history.filter((h) => Number.isFinite(h.learningRate)).map((h) => ({ step: h.step, learningRate: h.learningRate }));
  return withFigureData(
    Plot.plot({
      ariaLabel: `Learning rate by step of ${name}`,
      style: figureStyle,
      width,
      height: 220,
      marginLeft: 48,
      // Room above the top tick, so "↑ learning rate" does not sit on its label, and below the
      // ticks, so "step →" does not sit on the last one.
      marginTop: 30,
      marginBottom: 36,
      x: { label: 'step', grid: true },
      y: { label: 'learning rate', grid: true, tickFormat: (v: number) => siFormat(v), ticks: 4, zero: true },
      marks: [Plot.line(rows, { x: 'step', y: 'learningRate', stroke: PALETTE[2], strokeWidth: 1.75, curve: 'step-after' })],
    }),
    rows,
  );
}
