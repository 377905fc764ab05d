import * as Plot from '@observablehq/plot';
import { biasBucketRows, biasColorScale, type BiasTable } from '../plots/learnedBias.ts';
import { figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import { ticksEvery } from '../plots/ticks.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/**
 * A model's learned relative position bias tables themselves: one scalar per bucket and head, a
 * row of panels per stack (encoder, decoder) on one diverging scale. `source` names the model.
 */
export function learnedBiasBucketsFigure(tables: readonly BiasTable[], options: FigureOptions & { source: string }): FigureElement {
  const rows = tables.flatMap(biasBucketRows);
  const { numBuckets, heads } = tables[0];
  const plot = Plot.plot({
    document: options.document,
    ariaLabel: `Learned relative position bias of ${options.source} per bucket and head, encoder and decoder`,
    style: figureStyle,
    width: 340,
    height: 2 * (heads * 13 + 24) + 60,
    marginLeft: 44,
    marginRight: 64,
    x: { label: 'bucket', ticks: ticksEvery(0, numBuckets - 1, numBuckets > 16 ? 8 : 4) },
    y: { label: 'head' },
    fy: { label: null, domain: ['encoder', 'decoder'] },
    color: biasColorScale(tables),
    marks: [Plot.cell(rows, { x: 'bucket', y: 'head', fy: 'stack', fill: 'bias', inset: 0, tip: true })],
  });
  return withFigureData(plot, rows);
}

/** The caption under the learned-bias-buckets figure (the cell shows it; exports put it in the SVG's <desc>). */
export function learnedBiasBucketsCaption(): string {
  return `The tables themselves: one learned scalar per bucket and head, per stack.`;
}
