import * as Plot from '@observablehq/plot';
import { bucketCurve, saturationDistance } from '../plots/bucketCurve.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../plots/theme.ts';
import { withFigureData } from '../plots/figureRows.ts';
import type { FigureElement, FigureOptions } from './figureOptions.ts';

/** The caption under the bucket-curve figure (the cell shows it; exports put it in the SVG's <desc>). */
export function bucketCurveCaption(): string {
  return 'Exact buckets for small offsets, then logarithmically wider ones; every offset beyond the dashed line shares the last bucket.';
}

/**
 * Relative position (key − query) → bucket for the encoder (bidirectional) and the decoder
 * (causal), spec §A.8, with the offsets where each saturates marked.
 */
export function bucketCurveFigure(data: { numBuckets: number; maxDistance: number }, options: FigureOptions = {}): FigureElement {
  const { numBuckets: nb, maxDistance: md } = data;
  const satEnc = saturationDistance(true, nb, md);
  const satDec = saturationDistance(false, nb, md);
  const curve = bucketCurve(nb, md);
  return withFigureData(
    Plot.plot({
      document: options.document,
      ariaLabel: `Relative position to bucket, ${nb} buckets, max distance ${md}`,
      style: figureStyle,
      width: FIGURE_SIZE.width,
      height: FIGURE_SIZE.height,
      marginLeft: 44,
      marginBottom: 36,
      x: { label: 'relative position (key − query)', grid: true },
      y: { label: 'bucket', domain: [0, nb - 1], grid: true },
      color: { domain: ['encoder (bidirectional)', 'decoder (causal)'], range: [PALETTE[0], PALETTE[1]], legend: true },
      marks: [
        Plot.ruleX([-satEnc, satEnc], { stroke: PALETTE[0], strokeDasharray: '3,3', strokeOpacity: 0.7 }),
        Plot.ruleX([-satDec], { stroke: PALETTE[1], strokeDasharray: '3,3', strokeOpacity: 0.7 }),
        Plot.line(curve, { x: 'relative', y: 'bucket', stroke: 'direction', curve: 'step-after', strokeWidth: 1.75 }),
        Plot.text([{ x: satEnc, label: `saturates at ±${satEnc}` }], {
          x: 'x',
          y: nb - 1,
          text: 'label',
          dy: -8,
          textAnchor: 'end',
          fill: PALETTE[0],
        }),
        // Left of its own dashed line: to the right it ran across the encoder's line.
        Plot.text([{ x: -satDec, label: `causal: ${satDec}` }], {
          x: 'x',
          y: 0,
          text: 'label',
          dy: -8,
          textAnchor: 'end',
          dx: -4,
          fill: PALETTE[1],
        }),
      ],
    }),
    curve,
  );
}
