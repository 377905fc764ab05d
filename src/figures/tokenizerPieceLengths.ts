import * as Plot from '@observablehq/plot';
import { PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** How many vocabulary pieces have each length (characters), of a tokenizer learned on or loaded from `source`. */
export function tokenizerPieceLengthsFigure(
  pieceLengths: readonly { length: number; pieces: number }[],
  options: FigureOptions & { source: string; learned: boolean },
): FigureElement {
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Number of vocabulary pieces of each length, ${options.learned ? 'learned on ' : 'from '}${options.source}`,
    style: figureStyle,
    width: 300,
    height: 200,
    marginLeft: 44,
    x: { label: 'piece length (characters)', type: 'band', tickFormat: (d: number) => (d % 2 === 0 ? String(d) : '') },
    y: { label: 'pieces', grid: true },
    marks: [Plot.barY(pieceLengths, { x: 'length', y: 'pieces', fill: PALETTE[0] }), Plot.ruleY([0])],
  });
  return withFigureData(plot, pieceLengths);
}

/** The caption under the tokenizer-piece-lengths figure (the cell shows it; exports put it in the SVG's <desc>). */
export function tokenizerPieceLengthsCaption(): string {
  return `Lengths of the vocabulary's pieces (▁ marks a word start).`;
}
