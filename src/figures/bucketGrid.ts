import * as Plot from '@observablehq/plot';
import { bucketGrid } from '../model/relativePositionBucket.ts';
import { figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** The encoder's bucket of every query × key pair of a `gridLength`-token sequence. */
export function bucketGridFigure(
  data: { numBuckets: number; maxDistance: number; gridLength: number },
  options: FigureOptions = {},
): FigureElement {
  const n = data.gridLength;
  const grid = bucketGrid(n, n, { bidirectional: true, numBuckets: data.numBuckets, maxDistance: data.maxDistance });
  const cells = Array.from(grid, (bucket, idx) => ({ query: Math.floor(idx / n), key: idx % n, bucket }));
  // Band scales label every position by default: keep a tick every 10 tokens.
  const ticks = Array.from({ length: Math.ceil(n / 10) }, (_, i) => i * 10);
  return withFigureData(
    Plot.plot({
      document: options.document,
      ariaLabel: `Encoder bucket of every query and key position, ${n} tokens`,
      style: figureStyle,
      width: 280,
      height: 280,
      marginLeft: 36,
      x: { label: 'key position', axis: 'top', ticks },
      y: { label: 'query position', ticks },
      color: { scheme: 'viridis', label: 'bucket', legend: true, domain: [0, data.numBuckets - 1] },
      marks: [Plot.cell(cells, { x: 'key', y: 'query', fill: 'bucket', inset: 0 })],
    }),
    cells,
  );
}

/** The caption under the bucket-grid figure (the cell shows it; exports put it in the SVG's <desc>). */
export function bucketGridCaption(): string {
  return `Encoder self-attention: the bucket of each query × key pair.`;
}
