import { html, css, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { bucketCurve, saturationDistance } from '../../src/plots/bucketCurve.ts';
import { bucketGrid, validateBucketOptions } from '../../src/model/relativePositionBucket.ts';
import { FIGURE_SIZE, PALETTE, figureStyle } from '../../src/plots/theme.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import { readBiasTables, type BiasTable } from '../../src/plots/learnedBias.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { bucketsCellParams } from '../../src/model/modelCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
import { biasBucketFigure, biasOffsetFigure } from '../figures/learned-bias-figures.ts';
import '../widgets/figure-toolbar.ts';

/**
 * Relative position buckets (spec §A.8): the offset → bucket curve and the query × key grid,
 * drawn from the cell's own parameters; and, when `params.biasFrom` names a model value (e.g.
 * `model`), that model's learned bias per head as bucket × head and offset × head heatmaps.
 */
export class BucketsCell extends T5Cell {
  readonly kind = 'buckets' as const;

  static override styles = [
    T5Cell.baseStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
        gap: 20px;
        align-items: start;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
        max-width: 60ch;
      }
      @media (max-width: 900px) {
        .figures {
          grid-template-columns: 1fr;
        }
      }
      .learned {
        margin-top: 18px;
        border-top: 1px solid #eceef1;
        padding-top: 8px;
      }
      h4 {
        font-size: 13px;
        margin: 4px 0;
      }
      .note {
        font-size: 12px;
        color: #555;
        margin: 2px 0 8px;
      }
      code {
        background: #f3f4f6;
        padding: 0 4px;
        border-radius: 3px;
      }
      select {
        font: inherit;
        font-size: 13px;
      }
    `,
  ];

  /** The stored params, checked at the boundary (wrong types take the default and are named). */
  private get parsed() {
    return bucketsCellParams(this.spec?.params ?? {});
  }
  private get numBuckets() {
    return this.parsed.value.numBuckets;
  }
  private get maxDistance() {
    return this.parsed.value.maxDistance;
  }
  private get gridLength() {
    return this.parsed.value.gridLength;
  }

  private error = '';
  private readonly memo = new ProgramMemo();

  /** The value whose learned bias is shown ('model', 'trainedModel'), or null for none. */
  get biasFrom(): string | null {
    const v = this.parsed.value.biasFrom;
    return v !== null && v !== '' ? v : null;
  }

  override program(): CellProgram | null {
    const from = this.biasFrom;
    if (!from) return null;
    return this.memo.get({ from }, () => ({
      inputs: [from],
      outputs: [],
      run: async (inputs: Outputs): Promise<Outputs> => {
        const model = inputs[from];
        if (!(model instanceof T5Model)) throw new TypeError(`${from} must be a T5Model (from a model or train cell)`);
        return { tables: await readBiasTables(model), from };
      },
    }));
  }

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
    return withFigureData(
      Plot.plot({
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

  private gridFigure() {
    const n = this.gridLength;
    const grid = bucketGrid(n, n, { bidirectional: true, numBuckets: this.numBuckets, maxDistance: this.maxDistance });
    const cells = Array.from(grid, (bucket, idx) => ({ query: Math.floor(idx / n), key: idx % n, bucket }));
    // Band scales label every position by default: keep a tick every 10 tokens.
    const ticks = Array.from({ length: Math.ceil(n / 10) }, (_, i) => i * 10);
    return withFigureData(
      Plot.plot({
        ariaLabel: `Encoder bucket of every query and key position, ${n} tokens`,
        style: figureStyle,
        width: 280,
        height: 280,
        marginLeft: 36,
        x: { label: 'key position', axis: 'top', ticks },
        y: { label: 'query position', ticks },
        color: { scheme: 'viridis', label: 'bucket', legend: true, domain: [0, this.numBuckets - 1] },
        marks: [Plot.cell(cells, { x: 'key', y: 'query', fill: 'bucket', inset: 0 })],
      }),
      cells,
    );
  }

  private numberInput(name: string, label: string, value: number) {
    return html`<label
      >${label}
      <input
        type="number"
        name=${name}
        .value=${String(value)}
        min="1"
        step="1"
        @change=${(e: Event) => this.setParam(name, Number((e.target as HTMLInputElement).value))}
    /></label>`;
  }

  private learnedBias() {
    const from = this.biasFrom;
    if (!from) return '';
    const st = this.runState;
    const tables = st?.outputs?.tables as BiasTable[] | undefined;
    const c = tables?.[0];
    return html`<section class="learned" data-learned-bias>
      <h4>Learned bias of <code>${from}</code></h4>
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert">${st.error}</p>` : ''}
      ${
        tables && c
          ? html`<p class="note">
                ${c.numBuckets} buckets, max distance ${c.maxDistance}, ${c.heads} heads (the model's own settings). A freshly initialised
                model shows its random start; training shapes it.
              </p>
              <div class="figures">${biasOffsetFigure(tables, from)}${biasBucketFigure(tables, from)}</div>`
          : html`<p class="note">${st ? 'Reading the bias tables…' : `Waiting for ${from}.`}</p>`
      }
    </section>`;
  }

  override render() {
    return html`
      ${paramErrorsView(this.parsed.messages)}
      <div class="controls">
        ${this.numberInput('numBuckets', 'num_buckets', this.numBuckets)}
        ${this.numberInput('maxDistance', 'max_distance', this.maxDistance)}
        ${this.numberInput('gridLength', 'grid tokens', this.gridLength)}
        <label
          >learned bias of
          <select name="biasFrom" @change=${(e: Event) => this.setParam('biasFrom', (e.target as HTMLSelectElement).value || null)}>
            ${[
              ['', 'no model'],
              ['model', 'model'],
              ['trainedModel', 'trainedModel'],
            ].map(([v, l]) => html`<option value=${v} ?selected=${(this.biasFrom ?? '') === v}>${l}</option>`)}
          </select></label
        >
      </div>
      ${
        this.error
          ? html`<p class="error" role="alert">${this.error}</p>`
          : html`<div class="figures">
              <figure data-figure="bucket-curve">
                ${this.curveFigure()}<t5-figure-toolbar></t5-figure-toolbar>
                <figcaption>
                  Exact buckets for small offsets, then logarithmically wider ones; every offset beyond the dashed line shares the last
                  bucket.
                </figcaption>
              </figure>
              <figure data-figure="bucket-grid">
                ${this.gridFigure()}<t5-figure-toolbar></t5-figure-toolbar>
                <figcaption>Encoder self-attention: the bucket of each query × key pair.</figcaption>
              </figure>
            </div>`
      }
      ${this.learnedBias()}
    `;
  }
}

defineCellKind(
  {
    kind: 'buckets',
    order: 70,
    tag: 't5-buckets-cell',
    label: 'Relative position buckets',
    description: 'How T5 maps key − query offsets to 32 learned biases',
    defaultParams: () => ({ numBuckets: 32, maxDistance: 128, gridLength: 40 }),
  },
  BucketsCell,
);
