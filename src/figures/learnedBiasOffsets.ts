import * as Plot from '@observablehq/plot';
import { biasColorScale, biasOffsetRows, type BiasTable } from '../plots/learnedBias.ts';
import { FIGURE_SIZE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import { ticksEvery } from '../plots/ticks.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * What each head of a model adds to a logit at every offset (key − query), encoder and decoder,
 * on one diverging scale: exact buckets near 0, shared ones further out. `source` names the model.
 */
export function learnedBiasOffsetsFigure(tables: readonly BiasTable[], options: FigureOptions & { source: string }): FigureElement {
  const { maxDistance, heads } = tables[0];
  const span = Math.max(8, Math.min(160, Math.ceil(maxDistance * 1.1)));
  const rows = tables.flatMap((t) => biasOffsetRows(t, span));
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Learned relative position bias of ${options.source} by offset (key − query) and head, encoder and decoder`,
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: 2 * (heads * 13 + 24) + 60,
    marginLeft: 44,
    marginRight: 64,
    x: { label: 'offset: key − query', domain: [-span - 0.5, span + 0.5], ticks: ticksEvery(-span, span, span > 80 ? 40 : 10) },
    y: { label: 'head' },
    fy: { label: null, domain: ['encoder', 'decoder'] },
    color: biasColorScale(tables),
    // Unit-wide bars on a linear x: no hairline gaps between 300 neighbouring cells.
    marks: [
      Plot.barX(rows, {
        x1: (d: { offset: number }) => d.offset - 0.5,
        x2: (d: { offset: number }) => d.offset + 0.5,
        y: 'head',
        fy: 'stack',
        fill: 'bias',
        inset: 0,
      }),
    ],
  });
  return withFigureData(plot, rows);
}

/** The caption under the learned-bias-offsets figure (the cell shows it; exports put it in the SVG's <desc>). */
export function learnedBiasOffsetsCaption(): string {
  return `What each head adds to a logit at every offset: exact buckets near 0, shared ones further out. The decoder only sees earlier keys (offset ≤ 0).`;
}
