import { html, css, type PropertyValues } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { validateBucketOptions } from '../../src/model/relativePositionBucket.ts';
import { readBiasTables, type BiasTable } from '../../src/plots/learnedBias.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { bucketCurveCaption, bucketCurveFigure } from '../../src/figures/bucketCurve.ts';
import { bucketGridFigure, bucketGridCaption } from '../../src/figures/bucketGrid.ts';
import { learnedBiasBucketsFigure, learnedBiasBucketsCaption } from '../../src/figures/learnedBiasBuckets.ts';
import { learnedBiasOffsetsFigure, learnedBiasOffsetsCaption } from '../../src/figures/learnedBiasOffsets.ts';
import { bucketsCellParams } from '../../src/model/modelCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
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

  private figureData() {
    return { numBuckets: this.numBuckets, maxDistance: this.maxDistance, gridLength: this.gridLength };
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
              <div class="figures">
                <figure data-figure="learned-bias-offsets">
                  ${learnedBiasOffsetsFigure(tables, { source: from })}<t5-figure-toolbar></t5-figure-toolbar>
                  <figcaption>${learnedBiasOffsetsCaption()}</figcaption>
                </figure>
                <figure data-figure="learned-bias-buckets">
                  ${learnedBiasBucketsFigure(tables, { source: from })}<t5-figure-toolbar></t5-figure-toolbar>
                  <figcaption>${learnedBiasBucketsCaption()}</figcaption>
                </figure>
              </div>`
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
                ${bucketCurveFigure(this.figureData())}<t5-figure-toolbar></t5-figure-toolbar>
                <figcaption>${bucketCurveCaption()}</figcaption>
              </figure>
              <figure data-figure="bucket-grid">
                ${bucketGridFigure(this.figureData())}<t5-figure-toolbar></t5-figure-toolbar>
                <figcaption>${bucketGridCaption()}</figcaption>
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
