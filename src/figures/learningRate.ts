import * as Plot from '@observablehq/plot';
import type { HistoryEntry } from '../training/trainerState.ts';
import { PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import { siFormat } from '../plots/ticks.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** The learning rate by step (a step curve: the rate holds until the next logged step) of the run called `name`. */
export function learningRateFigure(
  history: readonly HistoryEntry[],
  options: FigureOptions & { name: string; width?: number },
): FigureElement {
  const rows = history.filter((h) => Number.isFinite(h.learningRate)).map((h) => ({ step: h.step, learningRate: h.learningRate }));
  return withFigureData(
    Plot.plot({
      document: options.document,
      ariaLabel: `Learning rate by step of ${options.name}`,
      style: figureStyle,
      width: options.width ?? 300,
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
