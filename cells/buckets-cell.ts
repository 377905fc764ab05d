import { html, css, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { T5Cell } from './t5-cell.ts';
import { defineCellKind } from './registry.ts';
import { bucketCurve, saturationDistance } from '../src/plots/bucketCurve.ts';
import { bucketGrid, validateBucketOptions } from '../src/model/relativePositionBucket.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../src/plots/theme.ts';
import { withFigureData } from '../src/plots/figureRows.ts';
import './figure-toolbar.ts';

/** Relative position buckets (spec §A.8): the offset → bucket curve and the query × key grid. */
export class BucketsCell extends T5Cell {
  readonly kind = 'buckets' as const;

  static override styles = [
    T5Cell.baseStyles,
    css`
      .figures { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 20px; align-items: start; }
      figcaption { font-size: 12px; color: #555; margin-top: 4px; max-width: 60ch; }
      @media (max-width: 900px) { .figures { grid-template-columns: 1fr; } }
    `,
  ];

  private get numBuckets() { return Number(this.spec.params.numBuckets ?? 32); }
  private get maxDistance() { return Number(this.spec.params.maxDistance ?? 128); }
  private get gridLength() { return Number(this.spec.params.gridLength ?? 40); }

  private error = '';

  override willUpdate(changed: PropertyValues) {
    if (changed.has('spec')) {
      try {
        validateBucketOptions({ bidirectional: true, numBuckets: this.numBuckets, maxDistance: this.maxDistance });
        this.error = '';
      } catch (err) {
        this.error = (err as Error).message;
      }
    }
  }

  private curveFigure() {
    const nb = this.numBuckets;
    const md = this.maxDistance;
    const satEnc = saturationDistance(true, nb, md);
    const satDec = saturationDistance(false, nb, md);
    const curve = bucketCurve(nb, md);
    return withFigureData(Plot.plot({
      ariaLabel: `Relative position to bucket, ${nb} buckets, max distance ${md}`,
      style: figureStyle,
      width: FIGURE_SIZE.width,
      height: FIGURE_SIZE.height,
      marginLeft: 44,
      x: { label: 'relative position (key − query)', grid: true },
      y: { label: 'bucket', domain: [0, nb - 1], grid: true },
      color: { domain: ['encoder (bidirectional)', 'decoder (causal)'], range: [PALETTE[0], PALETTE[1]], legend: true },
      marks: [
        Plot.ruleX([-satEnc, satEnc], { stroke: PALETTE[0], strokeDasharray: '3,3', strokeOpacity: 0.7 }),
        Plot.ruleX([-satDec], { stroke: PALETTE[1], strokeDasharray: '3,3', strokeOpacity: 0.7 }),
        Plot.line(curve, { x: 'relative', y: 'bucket', stroke: 'direction', curve: 'step-after', strokeWidth: 1.75 }),
        Plot.text([{ x: satEnc, label: `saturates at ±${satEnc}` }], { x: 'x', y: nb - 1, text: 'label', dy: -8, textAnchor: 'end', fill: PALETTE[0] }),
        Plot.text([{ x: -satDec, label: `causal: ${satDec}` }], { x: 'x', y: 0, text: 'label', dy: -8, textAnchor: 'start', dx: 4, fill: PALETTE[1] }),
      ],
    }), curve);
  }

  private gridFigure() {
    const n = this.gridLength;
    const grid = bucketGrid(n, n, { bidirectional: true, numBuckets: this.numBuckets, maxDistance: this.maxDistance });
    const cells = Array.from(grid, (bucket, idx) => ({ query: Math.floor(idx / n), key: idx % n, bucket }));
    // Band scales label every position by default: keep a tick every 10 tokens.
    const ticks = Array.from({ length: Math.ceil(n / 10) }, (_, i) => i * 10);
    return withFigureData(Plot.plot({
      ariaLabel: `Encoder bucket of every query and key position, ${n} tokens`,
      style: figureStyle,
      width: 280,
      height: 280,
      marginLeft: 36,
      x: { label: 'key position', axis: 'top', ticks },
      y: { label: 'query position', ticks },
      color: { scheme: 'viridis', label: 'bucket', legend: true, domain: [0, this.numBuckets - 1] },
      marks: [Plot.cell(cells, { x: 'key', y: 'query', fill: 'bucket', inset: 0 })],
    }), cells);
  }

  private numberInput(name: string, label: string, value: number) {
    return html`<label>${label}
      <input type="number" name=${name} .value=${String(value)} min="1" step="1"
        @change=${(e: Event) => this.setParam(name, Number((e.target as HTMLInputElement).value))} /></label>`;
  }

  override render() {
    return html`
      <div class="controls">
        ${this.numberInput('numBuckets', 'num_buckets', this.numBuckets)}
        ${this.numberInput('maxDistance', 'max_distance', this.maxDistance)}
        ${this.numberInput('gridLength', 'grid tokens', this.gridLength)}
      </div>
      ${this.error
        ? html`<p class="error" role="alert">${this.error}</p>`
        : html`<div class="figures">
            <figure data-figure="bucket-curve">${this.curveFigure()}<t5-figure-toolbar></t5-figure-toolbar>
              <figcaption>Exact buckets for small offsets, then logarithmically wider ones; every offset beyond the dashed line shares the last bucket.</figcaption>
            </figure>
            <figure data-figure="bucket-grid">${this.gridFigure()}<t5-figure-toolbar></t5-figure-toolbar>
              <figcaption>Encoder self-attention: the bucket of each query × key pair.</figcaption>
            </figure>
          </div>`}
    `;
  }
}

defineCellKind(
  {
    kind: 'buckets',
    tag: 't5-buckets-cell',
    label: 'Relative position buckets',
    description: 'How T5 maps key − query offsets to 32 learned biases',
    defaultParams: () => ({ numBuckets: 32, maxDistance: 128, gridLength: 40 }),
  },
  BucketsCell,
);
