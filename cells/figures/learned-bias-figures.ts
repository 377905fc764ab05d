import { html, type TemplateResult } from 'lit';
import * as Plot from '@observablehq/plot';
import { biasBucketRows, biasExtent, biasOffsetRows, type BiasTable } from '../../src/plots/learnedBias.ts';
import { FIGURE_SIZE, figureStyle } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import '../widgets/figure-toolbar.ts';

/**
 * The buckets cell's figures of a model's learned relative bias: bucket × head and offset × head
 * heatmaps, one row of panels per stack, on one symmetric diverging scale (blue negative, red
 * positive) so encoder and decoder compare directly.
 */

const ticksEvery = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to; v += step) out.push(v);
  return out;
};

function colorScale(tables: readonly BiasTable[]) {
  const m = biasExtent(tables);
  return { type: 'linear' as const, scheme: 'BuRd' as const, domain: [-m, m], label: 'bias (added to the logit)', legend: true };
}

export function biasBucketFigure(tables: readonly BiasTable[], source: string): TemplateResult {
  const rows = tables.flatMap(biasBucketRows);
  const { numBuckets, heads } = tables[0];
  const plot = Plot.plot({
    ariaLabel: `Learned relative position bias of ${source} per bucket and head, encoder and decoder`,
    style: figureStyle,
    width: 340,
    height: 2 * (heads * 13 + 24) + 60,
    marginLeft: 44,
    marginRight: 64,
    x: { label: 'bucket', ticks: ticksEvery(0, numBuckets - 1, numBuckets > 16 ? 8 : 4) },
    y: { label: 'head' },
    fy: { label: null, domain: ['encoder', 'decoder'] },
    color: colorScale(tables),
    marks: [Plot.cell(rows, { x: 'bucket', y: 'head', fy: 'stack', fill: 'bias', inset: 0, tip: true })],
  });
  return html`<figure data-figure="learned-bias-buckets">
    ${withFigureData(plot, rows)}<t5-figure-toolbar></t5-figure-toolbar>
    <figcaption>The tables themselves: one learned scalar per bucket and head, per stack.</figcaption>
  </figure>`;
}

export function biasOffsetFigure(tables: readonly BiasTable[], source: string): TemplateResult {
  const { maxDistance, heads } = tables[0];
  const span = Math.max(8, Math.min(160, Math.ceil(maxDistance * 1.1)));
  const rows = tables.flatMap((t) => biasOffsetRows(t, span));
  const plot = Plot.plot({
    ariaLabel: `Learned relative position bias of ${source} by offset (key − query) and head, encoder and decoder`,
    style: figureStyle,
    width: FIGURE_SIZE.width,
    height: 2 * (heads * 13 + 24) + 60,
    marginLeft: 44,
    marginRight: 64,
    x: { label: 'offset: key − query', domain: [-span - 0.5, span + 0.5], ticks: ticksEvery(-span, span, span > 80 ? 40 : 10) },
    y: { label: 'head' },
    fy: { label: null, domain: ['encoder', 'decoder'] },
    color: colorScale(tables),
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
  return html`<figure data-figure="learned-bias-offsets">
    ${withFigureData(plot, rows)}<t5-figure-toolbar></t5-figure-toolbar>
    <figcaption>
      What each head adds to a logit at every offset: exact buckets near 0, shared ones further out. The decoder only sees earlier keys
      (offset ≤ 0).
    </figcaption>
  </figure>`;
}
