// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and the attention maps with their pointer interaction (head, layer, token
// selection) and the position-bias views; the snapshot is src/model/attentionSnapshot.ts.
import { html, css, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { tokenChipStyles, visiblePiece } from '../widgets/token-chips.ts';
import { ATTENTION_KIND_LABEL as KIND_LABEL } from '../../src/plots/attentionLabels.ts';
import { attentionGridFigure } from '../../src/figures/attentionGrid.ts';
import { attentionMapFigure } from '../../src/figures/attentionMap.ts';
import { attentionPositionBiasFigure } from '../../src/figures/attentionPositionBias.ts';
import { attentionWithoutBiasFigure } from '../../src/figures/attentionWithoutBias.ts';
import { bandOf, indexAt, mainSvg, svgPoint } from '../widgets/plot-bands.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import {
  attentionSnapshot,
  axisTokens,
  positionBias,
  type AttentionKind,
  type AttentionSnapshot,
} from '../../src/model/attentionSnapshot.ts';
import type { Tokenizer } from '../../src/tokenizers/tokenizer.ts';
import type { TokenChip } from '../../src/tokenizers/tokenizerSummary.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import { PALETTE } from '../../src/plots/theme.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import { attentionCellParams } from '../../src/model/modelCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';

const KINDS: AttentionKind[] = ['encoderSelf', 'decoderSelf', 'cross'];
const DEFAULTS = {
  inputText: 'translate English to German: The house is wonderful.',
  targetText: 'Das Haus ist wunderbar.',
  maxTokens: 32,
};

interface MapFigure {
  name: string;
  plot: Element;
  caption: string;
}

/**
 * Attention of the notebook's `model` on an input (and target) text, tokenized with its
 * `tokenizer`: encoder self-, decoder self- and cross-attention as a layer × head grid of small
 * maps (click one to enlarge it) and one large map with the tokens on its axes. Hovering a token
 * or a cell highlights its row and column. The position-bias term and the attention without it
 * can be shown next to the map. The forward pass runs in `run` and frees its tensors.
 */
export class AttentionCell extends T5Cell {
  readonly kind = 'attention' as const;

  /** Hovered query row and key column (−1: none). */
  @state() private hover = { query: -1, key: -1 };
  private readonly memo = new ProgramMemo();
  /** Figures are rebuilt only when what they draw changes, not on hover. */
  private figures?: { key: string; snapshot: AttentionSnapshot; grid: Element; maps: MapFigure[] };

  static override styles = [
    T5Cell.baseStyles,
    tokenChipStyles,
    css`
      textarea {
        font: inherit;
        font-size: 13px;
        width: 100%;
        box-sizing: border-box;
        padding: 3px 6px;
        border: 1px solid #ccc;
        border-radius: 4px;
        resize: vertical;
      }
      .texts {
        display: var(--t5-controls-display, grid);
        grid-template-columns: 1fr 1fr;
        gap: 8px 16px;
        margin-bottom: 8px;
      }
      .texts label {
        display: flex;
        flex-direction: column;
        align-items: stretch;
        gap: 2px;
      }
      select {
        font: inherit;
        font-size: 13px;
      }
      .tabs {
        display: flex;
        gap: 4px;
        margin: 6px 0;
      }
      .tabs button {
        font: inherit;
        font-size: 13px;
        padding: 2px 10px;
        border: 1px solid #ccc;
        border-radius: 999px;
        background: #fff;
        cursor: pointer;
      }
      .tabs button[aria-pressed='true'] {
        background: #0072b2;
        border-color: #0072b2;
        color: #fff;
      }
      .maps {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
        align-items: flex-start;
        margin-top: 10px;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
        max-width: 52ch;
      }
      .axis-tokens {
        font-size: 12px;
        color: #555;
        margin: 6px 0 2px;
      }
      .chip {
        cursor: default;
      }
      .chip.hot {
        box-shadow: 0 0 0 2px #d55e00;
      }
      .readout {
        font-size: 12.5px;
        min-height: 1.4em;
        color: #333;
        font-variant-numeric: tabular-nums;
      }
      .note,
      .placeholder {
        font-size: 12.5px;
        color: #666;
      }
      .grid-figure svg {
        cursor: pointer;
      }
    `,
  ];

  /** The stored params, checked at the boundary (wrong types take the default and are named). */
  private get parsed() {
    return attentionCellParams(this.spec?.params ?? {});
  }
  private param<T>(name: string, fallback: T): T {
    const v = (this.parsed.value as unknown as Record<string, unknown>)[name];
    return (v === undefined || v === null ? fallback : v) as T;
  }
  get attentionKind(): AttentionKind {
    return this.parsed.value.view;
  }

  override program(): CellProgram {
    const inputText = String(this.param('inputText', DEFAULTS.inputText));
    const targetText = String(this.param('targetText', DEFAULTS.targetText));
    const maxTokens = Number(this.param('maxTokens', DEFAULTS.maxTokens));
    return this.memo.get({ inputText, targetText, maxTokens }, () => ({
      inputs: [VALUE.model, VALUE.modelTokenizer, VALUE.tokenizer],
      outputs: [],
      run: async (inputs: Outputs, { signal }): Promise<Outputs> => {
        const model = inputs[VALUE.model];
        // The model's own tokenizer first: an imported checkpoint's ids mean nothing under the notebook's.
        const tokenizer = (inputs[VALUE.modelTokenizer] ?? inputs[VALUE.tokenizer]) as Tokenizer;
        if (!(model instanceof T5Model)) throw new TypeError('model must be a T5Model (from a model cell)');
        if (!tokenizer || typeof tokenizer.encode !== 'function')
          throw new TypeError('tokenizer must be a tokenizer (from a tokenizer cell)');
        return { snapshot: await attentionSnapshot(model, tokenizer, inputText, targetText, { maxTokens, signal }) };
      },
    }))!;
  }

  private get snapshot(): AttentionSnapshot | undefined {
    return this.runState?.outputs?.snapshot as AttentionSnapshot | undefined;
  }

  /** Selected layer and head, clamped to the snapshot. */
  private selection(s: AttentionSnapshot, kind: AttentionKind) {
    const layers = s.maps[kind].length;
    return {
      layer: Math.min(Math.max(0, Number(this.param('layer', 0)) | 0), layers - 1),
      head: Math.min(Math.max(0, Number(this.param('head', 0)) | 0), s.heads - 1),
    };
  }

  override willUpdate(changed: PropertyValues): void {
    if (!changed.has('runState') && !changed.has('spec')) return;
    const s = this.snapshot;
    if (!s) {
      this.figures = undefined;
      return;
    }
    const kind = this.attentionKind;
    const { layer, head } = this.selection(s, kind);
    const showBias = this.param<unknown>('showBias', false) === true;
    const key = JSON.stringify({ kind, layer, head, showBias });
    if (this.figures && this.figures.snapshot === s && this.figures.key === key) return;
    if (this.figures?.snapshot !== s) this.hover = { query: -1, key: -1 };
    const probs = s.maps[kind][layer][head];
    const where = `layer ${layer}, head ${head}`;
    const maps: MapFigure[] = [
      {
        name: 'attention-map',
        plot: attentionMapFigure(s, {
          kind,
          values: probs,
          label: `${KIND_LABEL[kind]} weights, ${where}, with token labels`,
          what: 'weight',
        }),
        caption: `${KIND_LABEL[kind]}, ${where}: each row (query) sums to 1 over the keys.`,
      },
    ];
    const bias = positionBias(s, kind, head);
    if (showBias && bias) {
      maps.push(
        {
          name: 'attention-position-bias',
          plot: attentionPositionBiasFigure(s, { kind, head, bias }),
          caption: `The learned position bias head ${head} adds to every logit (the same in all layers of the stack).`,
        },
        {
          name: 'attention-without-bias',
          plot: attentionWithoutBiasFigure(s, { kind, layer, head, bias }),
          caption: 'The same head with the bias taken out: softmax(log p − bias), i.e. what the content (q·k) alone would give.',
        },
      );
    }
    this.figures = { key, snapshot: s, grid: attentionGridFigure(s, { kind, selected: { layer, head } }), maps };
  }

  override updated(): void {
    // Row/column highlight drawn into the maps' own SVG, so hovering never rebuilds a figure.
    for (const m of this.figures?.maps ?? []) highlight(m.plot, this.hover.query, this.hover.key);
  }

  private onMapPointer(e: PointerEvent, plot: Element) {
    const s = this.snapshot;
    const p = svgPoint(plot, e);
    if (!s || !p) return;
    const { queries, keys } = axisTokens(s, this.attentionKind);
    const query = indexAt(plot, 'y', p.y, queries.length);
    const key = indexAt(plot, 'x', p.x, keys.length);
    if (query !== this.hover.query || key !== this.hover.key) this.hover = { query, key };
  }

  private onGridClick(e: PointerEvent) {
    const s = this.snapshot;
    const plot = this.figures?.grid;
    const p = plot && svgPoint(plot, e);
    if (!s || !plot || !p) return;
    const head = indexAt(plot, 'fx', p.x, s.heads);
    const layer = indexAt(plot, 'fy', p.y, s.maps[this.attentionKind].length);
    if (head >= 0 && layer >= 0) this.selectMap(layer, head);
  }

  /** Shows head `head` of layer `layer` in the large map (a view parameter: nothing re-runs). */
  selectMap(layer: number, head: number) {
    this.spec = { ...this.spec, params: { ...this.spec.params, layer, head } };
    this.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }),
    );
  }

  private tokens(label: string, tokens: TokenChip[], axis: 'query' | 'key') {
    const hot = axis === 'query' ? this.hover.query : this.hover.key;
    const set = (i: number) => (this.hover = axis === 'query' ? { query: i, key: -1 } : { query: -1, key: i });
    return html`<div class="axis-tokens">${label}</div>
      <div class="chips" data-axis=${axis} @pointerleave=${() => (this.hover = { query: -1, key: -1 })}>
        ${tokens.map(
          (t, i) =>
            html`<span
              class="chip ${i === hot ? 'hot' : ''} ${t.sentinel >= 0 ? 'sentinel' : ''}"
              tabindex="0"
              data-index=${i}
              style="background:${t.sentinel >= 0 ? '' : '#f1f3f5'}"
              @pointerenter=${() => set(i)}
              @focus=${() => set(i)}
              @blur=${() => (this.hover = { query: -1, key: -1 })}
            >
              <span class="p">${visiblePiece(t.piece)}</span></span
            >`,
        )}
      </div>`;
  }

  private readout(s: AttentionSnapshot, kind: AttentionKind) {
    const { query, key } = this.hover;
    const { queries, keys } = axisTokens(s, kind);
    if (query < 0 && key < 0) return html`<div class="readout" aria-live="polite">Hover a token or a cell.</div>`;
    const { layer, head } = this.selection(s, kind);
    const probs = s.maps[kind][layer][head];
    if (query >= 0 && key >= 0) {
      const w = probs[query * keys.length + key];
      return html`<div class="readout" aria-live="polite" data-readout>
        “${visiblePiece(queries[query].piece)}” (${query}) → “${visiblePiece(keys[key].piece)}” (${key}): weight ${w.toFixed(3)}
      </div>`;
    }
    if (query >= 0) {
      let best = 0;
      for (let k = 1; k < keys.length; k++) if (probs[query * keys.length + k] > probs[query * keys.length + best]) best = k;
      return html`<div class="readout" aria-live="polite" data-readout>
        query “${visiblePiece(queries[query].piece)}” (${query}) attends most to “${visiblePiece(keys[best].piece)}”
        (${probs[query * keys.length + best].toFixed(3)})
      </div>`;
    }
    return html`<div class="readout" aria-live="polite" data-readout>
      key “${visiblePiece(keys[key].piece)}” (${key}) as seen by every query
    </div>`;
  }

  private renderControls() {
    const kind = this.attentionKind;
    return html`<div class="texts">
        <label
          >input text
          <textarea
            name="inputText"
            rows="2"
            .value=${String(this.param('inputText', DEFAULTS.inputText))}
            @change=${(e: Event) => this.setParam('inputText', (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        <label
          >target text
          <textarea
            name="targetText"
            rows="2"
            .value=${String(this.param('targetText', DEFAULTS.targetText))}
            @change=${(e: Event) => this.setParam('targetText', (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
      </div>
      <div class="controls">
        <label
          >max tokens
          <input
            type="number"
            name="maxTokens"
            min="2"
            max="512"
            .value=${String(this.param('maxTokens', DEFAULTS.maxTokens))}
            @change=${(e: Event) => this.setParam('maxTokens', Number((e.target as HTMLInputElement).value))}
        /></label>
        <label
          ><input
            type="checkbox"
            name="showBias"
            .checked=${this.param<unknown>('showBias', false) === true}
            ?disabled=${kind === 'cross'}
            @change=${(e: Event) => this.setParam('showBias', (e.target as HTMLInputElement).checked)}
          />
          show the position-bias contribution separately</label
        >
      </div>
      <div class="tabs" role="group" aria-label="attention kind">
        ${KINDS.map((k) => html`<button name="view" value=${k} aria-pressed=${k === kind ? 'true' : 'false'} @click=${() => this.setParam('view', k)}>${KIND_LABEL[k]}</button>`)}
      </div>`;
  }

  override render() {
    const st = this.runState;
    const s = this.snapshot;
    const f = this.figures;
    const kind = this.attentionKind;
    return html`
      ${paramErrorsView(this.parsed.messages)} ${this.renderControls()}
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${
        s && f
          ? html` ${s.truncated.input || s.truncated.target ? html`<p class="note">Texts were cut to ${this.param('maxTokens', DEFAULTS.maxTokens)} tokens (EOS included).</p>` : nothing}
              <figure data-figure="attention-grid" class="grid-figure" @click=${this.onGridClick}>
                ${f.grid}<t5-figure-toolbar></t5-figure-toolbar>
                <figcaption>Every layer (rows) and head (columns) of the ${KIND_LABEL[kind]}; click a map to enlarge it.</figcaption>
              </figure>
              ${this.tokens(kind === 'encoderSelf' ? 'tokens (queries and keys)' : kind === 'cross' ? 'queries: decoder inputs' : 'tokens: decoder inputs (targets shifted right)', axisTokens(s, kind).queries, 'query')}
              ${kind === 'cross' ? this.tokens('keys: encoder tokens', axisTokens(s, kind).keys, 'key') : nothing} ${this.readout(s, kind)}
              ${kind === 'cross' && this.param<unknown>('showBias', false) === true ? html`<p class="note">Cross-attention has no position bias (spec §A.8).</p>` : nothing}
              <div class="maps">
                ${f.maps.map(
                  (m) =>
                    html`<figure
                      data-figure=${m.name}
                      @pointermove=${(e: PointerEvent) => this.onMapPointer(e, m.plot)}
                      @pointerleave=${() => (this.hover = { query: -1, key: -1 })}
                    >
                      ${m.plot}<t5-figure-toolbar></t5-figure-toolbar>
                      <figcaption>${m.caption}</figcaption>
                    </figure>`,
                )}
              </div>`
          : html`<p class="placeholder">
              ${st ? (st.status === 'running' ? 'Running the model…' : '') : 'Waiting for the notebook to run this cell.'}
            </p>`
      }
    `;
  }
}

/** Draws (or clears) a translucent row and column band over a map's cells. */
function highlight(plot: Element, query: number, key: number) {
  const svgEl = mainSvg(plot);
  if (!svgEl) return;
  let g = svgEl.querySelector<SVGGElement>('g.t5-hover');
  if (!g) {
    g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('class', 't5-hover');
    g.setAttribute('pointer-events', 'none');
    svgEl.append(g);
  }
  g.replaceChildren();
  const domainSize = (axis: 'x' | 'y') => (plot as unknown as { scale(n: string): { domain: unknown[] } }).scale(axis).domain.length;
  const band = (axis: 'x' | 'y', i: number) => bandOf(plot, axis, i);
  // The cells' extent: from the first band's start to the last band's end.
  const extent = (axis: 'x' | 'y') => {
    const first = band(axis, 0);
    const last = band(axis, domainSize(axis) - 1);
    return first && last ? [first.start, last.start + last.size] : [0, 0];
  };
  const x = extent('x');
  const y = extent('y');
  const add = (rx: number, ry: number, w: number, h: number) => {
    const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [k, v] of Object.entries({ x: rx, y: ry, width: w, height: h, fill: 'none', stroke: PALETTE[5], 'stroke-width': 1.5 }))
      r.setAttribute(k, String(v));
    g!.append(r);
  };
  const qb = query >= 0 ? band('y', query) : undefined;
  const kb = key >= 0 ? band('x', key) : undefined;
  if (qb) add(x[0], qb.start, x[1] - x[0], qb.size);
  if (kb) add(kb.start, y[0], kb.size, y[1] - y[0]);
}

defineCellKind(
  {
    kind: 'attention',
    order: 80,
    tag: 't5-attention-cell',
    label: 'Attention',
    description: 'Encoder self-, decoder self- and cross-attention of the model on your text, per layer and head',
    defaultParams: () => ({ ...DEFAULTS, view: 'encoderSelf', layer: 0, head: 0, showBias: false }),
  },
  AttentionCell,
);
