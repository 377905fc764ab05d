// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and the objective form and its worked example, token chips and length statistics
// for every objective; the objectives are src/objectives.
import { corpusRows } from '../../src/data/packedRows.ts';
import { html, css, nothing } from 'lit';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { sentinelShortage } from '../../src/objectives/sentinels.ts';
import { sentinelColor, tokenChipStyles, tokenChipsTemplate } from '../widgets/token-chips.ts';
import { OBJECTIVES, OBJECTIVE_NAMES, getObjective, type Objective, type ObjectiveName } from '../../src/objectives/objectives.ts';
import { Rng } from '../../src/objectives/rng.ts';
import { vocabOfTokenizer } from '../../src/objectives/vocab.ts';
import type { Tokenizer } from '../../src/tokenizers/tokenizer.ts';
import { chipsOf } from '../../src/tokenizers/tokenizerSummary.ts';
import type { CorpusValue } from '../../src/data/datasetValue.ts';
import {
  corpusSegments,
  describeCorruption,
  tokenizeDocuments,
  type AnnotatedToken,
  type CorruptionExample,
} from '../../src/plots/objectiveExamples.ts';
import {
  objectiveParamErrors,
  objectiveStats,
  targetLengthCurve,
  type ObjectiveStats,
  type ParamErrors,
  type TargetLengthRow,
} from '../../src/plots/objectiveStats.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import { objectiveLengthsFigure, objectiveLengthsCaption } from '../../src/figures/objectiveLengths.ts';
import { objectiveTargetLengthsFigure, objectiveTargetLengthsCaption } from '../../src/figures/objectiveTargetLengths.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import { objectivesCellParams } from '../../src/objectives/objectivesCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';

/** Segments measured per objective for the statistics. */
export const STAT_SEGMENTS = 64;
const EXAMPLES = 2;
/** Longest token row drawn; longer ones end with "… n more". */
const MAX_CHIPS = 120;

interface ObjectivesView {
  objective: ObjectiveName;
  density: number;
  meanSpan: number;
  inputsLength: number;
  segmentLength: number;
  examples: CorruptionExample[];
  /** The selected objective with the cell's parameters first, then every objective with the paper's. */
  stats: ObjectiveStats[];
  /** One segment under every objective (paper defaults), for the side-by-side table. */
  sideBySide: { objective: ObjectiveName; example: CorruptionExample }[];
  curve: TargetLengthRow[];
  corpus: string;
}

/**
 * The pre-training objectives (spec §B): pick one and its parameters and see real examples from
 * the notebook's `corpus` (tokenized with its `tokenizer`): the original segment with the noise
 * spans outlined, the inputs and the targets with each sentinel coloured like the span it
 * replaces. Statistics measured on real segments, all objectives side by side on the same text,
 * and the target length as a function of corruption rate and mean span length.
 */
export class ObjectivesCell extends T5Cell {
  readonly kind = 'objectives' as const;
  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    tokenChipStyles,
    css`
      select {
        font: inherit;
        font-size: 13px;
      }
      .desc {
        font-size: 12.5px;
        color: #555;
        margin: 0 0 8px;
      }
      .field-error {
        color: #b00020;
        font-size: 12px;
        margin: 2px 0;
      }
      .example {
        border: 1px solid #eceef1;
        border-radius: 8px;
        padding: 6px 10px;
        margin: 8px 0;
      }
      .row {
        display: grid;
        grid-template-columns: 70px minmax(0, 1fr);
        gap: 6px;
        align-items: start;
        margin: 4px 0;
      }
      .row > span {
        font-size: 11.5px;
        color: #666;
        padding-top: 3px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .more {
        font-size: 11px;
        color: #888;
        align-self: center;
      }
      table {
        border-collapse: collapse;
        font-size: 12.5px;
        width: 100%;
      }
      th {
        text-align: left;
        font-weight: 600;
        color: #555;
        border-bottom: 1px solid #ddd;
        padding: 3px 6px;
        vertical-align: bottom;
      }
      td {
        border-bottom: 1px solid #f0f0f0;
        padding: 4px 6px;
        vertical-align: top;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      td.name {
        min-width: 9em;
      }
      td .chips .chip .p {
        font-size: 11.5px;
      }
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 20px;
        margin-top: 12px;
        align-items: flex-start;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
        max-width: 62ch;
      }
      h4 {
        font-size: 12px;
        font-weight: 600;
        color: #555;
        margin: 14px 0 4px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .placeholder {
        font-size: 13px;
        color: #888;
      }
      .legend {
        font-size: 12px;
        color: #555;
        display: flex;
        gap: 14px;
        flex-wrap: wrap;
        margin: 4px 0;
      }
      .swatch {
        display: inline-block;
        width: 12px;
        height: 12px;
        border-radius: 3px;
        vertical-align: -2px;
        margin-right: 4px;
      }
    `,
  ];

  /** The stored params, checked at the boundary (wrong types take the default and are named). */
  private get parsed() {
    return objectivesCellParams(this.spec?.params ?? {});
  }
  get objective(): Objective {
    return getObjective(this.parsed.value.objective);
  }
  private get params() {
    const { density, meanSpan, inputsLength } = this.parsed.value;
    return { density, meanSpan, inputsLength };
  }

  override program(): CellProgram {
    const objective = this.objective;
    const params = this.params;
    return this.memo.get({ objective: objective.name, ...params }, () => ({
      inputs: [VALUE.corpus, VALUE.tokenizer, VALUE.seed],
      outputs: [],
      run: (inputs: Outputs): Outputs => {
        const errors = objectiveParamErrors(objective, params);
        const first = Object.values(errors)[0];
        if (first) throw new RangeError(first);
        const corpus = inputs[VALUE.corpus] as CorpusValue;
        const tokenizer = inputs[VALUE.tokenizer] as Tokenizer;
        if (!corpus || !corpusRows(corpus)) throw new TypeError('corpus must be { name, documents } (a dataset cell with a corpus)');
        if (!tokenizer || typeof tokenizer.encode !== 'function')
          throw new TypeError('tokenizer must be a tokenizer (from a tokenizer cell)');
        return {
          view: computeView(
            objective,
            params as { density: number; meanSpan: number; inputsLength: number },
            corpus,
            tokenizer,
            Number(inputs[VALUE.seed]),
          ),
        };
      },
    }))!;
  }

  private get view(): ObjectivesView | undefined {
    return this.runState?.outputs?.view as ObjectivesView | undefined;
  }
  private get tokenizer(): Tokenizer | undefined {
    // Pieces are looked up with the tokenizer that produced the ids; the run keeps it alongside.
    return (this.runState?.outputs?.view as { tokenizer?: Tokenizer } | undefined)?.tokenizer;
  }

  private renderControls(errors: ParamErrors) {
    const o = this.objective;
    const p = this.params;
    const num = (name: 'density' | 'meanSpan' | 'inputsLength', label: string, value: unknown, step: string, disabled = false) =>
      html`<label
        >${label}
        <input
          type="number"
          name=${name}
          step=${step}
          .value=${String(value)}
          ?disabled=${disabled}
          aria-invalid=${errors[name] ? 'true' : 'false'}
          @change=${(e: Event) => this.setParam(name, Number((e.target as HTMLInputElement).value))}
      /></label>`;
    return html`<div class="controls">
        <label
          >objective
          <select name="objective" @change=${(e: Event) => this.chooseObjective((e.target as HTMLSelectElement).value)}>
            ${OBJECTIVE_NAMES.map((n) => html`<option value=${n} ?selected=${n === o.name}>${OBJECTIVES[n].paperLabel}</option>`)}
          </select></label
        >
        ${num('density', 'corruption rate', p.density, '0.05')}
        ${num('meanSpan', 'mean span length', p.meanSpan, '1', o.maskKind !== 'spans')}
        ${num('inputsLength', 'inputs length', p.inputsLength, '8')}
      </div>
      ${(['density', 'meanSpan', 'inputsLength'] as const).map((f) => (errors[f] ? html`<p class="field-error" role="alert" data-field=${f}>${errors[f]}</p>` : nothing))}
      <p class="desc">
        ${o.paperLabel}: ${o.maskKind === 'spans' ? 'random spans' : o.maskKind === 'prefix' ? 'a random prefix' : 'i.i.d. tokens'} mask,
        library config <code>${o.libraryConfig}</code>${o.inPaper ? '' : " (not one of the paper's objectives)"}.
      </p>`;
  }

  /** A new objective starts from its own paper defaults. */
  private chooseObjective(name: string) {
    const o = getObjective(name);
    this.spec = {
      ...this.spec,
      params: { ...this.spec.params, objective: name, density: o.defaults.density, meanSpan: o.defaults.meanSpan },
    };
    this.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }),
    );
  }

  private chips(tok: Tokenizer, tokens: AnnotatedToken[], ids = true) {
    const shown = tokens.slice(0, MAX_CHIPS);
    const chips = chipsOf(
      tok,
      shown.map((t) => t.id),
    );
    const more = tokens.length - shown.length;
    return html`<div style="display:flex;flex-wrap:wrap;gap:3px">
      ${tokenChipsTemplate(chips, {
        ids,
        outline: (i) =>
          (shown[i].role === 'noise' || shown[i].role === 'kept') && shown[i].span >= 0 ? sentinelColor(shown[i].span) : undefined,
        background: (i) =>
          (({ mask: '#4a4f57', random: '#fbd3a8', shuffled: '#e9e3f5', eos: '#e5e7eb' }) as Record<string, string>)[shown[i].role],
        notSentinel: (i) => shown[i].role === 'mask',
        className: (i) => (shown[i].role === 'mask' ? 'dark' : undefined),
      })}${more > 0 ? html`<span class="more">… ${more} more</span>` : nothing}
    </div>`;
  }

  private renderExample(tok: Tokenizer, ex: CorruptionExample, i: number) {
    return html`<div class="example" data-example=${i}>
      <div class="row">
        <span>original</span>
        <div data-row="original">${this.chips(tok, ex.original)}</div>
      </div>
      <div class="row">
        <span>inputs</span>
        <div data-row="inputs">${this.chips(tok, ex.inputs)}</div>
      </div>
      <div class="row">
        <span>targets</span>
        <div data-row="targets">${this.chips(tok, ex.targets)}</div>
      </div>
    </div>`;
  }

  private renderTable(tok: Tokenizer, v: ObjectivesView) {
    const statsOf = (name: ObjectiveName) => v.stats.find((s, i) => i > 0 && s.objective === name)!;
    const f1 = (x: number) => x.toFixed(1);
    return html`<table data-side-by-side>
      <thead>
        <tr>
          <th>objective (paper settings)</th>
          <th>inputs</th>
          <th>targets</th>
          <th>noise rate</th>
          <th>spans</th>
          <th>input length</th>
          <th>target length</th>
        </tr>
      </thead>
      <tbody>
        ${v.sideBySide.map(({ objective, example }) => {
          const s = statsOf(objective);
          return html`<tr data-objective=${objective}>
            <td class="name">${OBJECTIVES[objective].paperLabel}</td>
            <td>${this.chips(tok, example.inputs, false)}</td>
            <td>${this.chips(tok, example.targets, false)}</td>
            <td class="num">${(s.noiseRate * 100).toFixed(1)}%</td>
            <td class="num">${f1(s.spans)}</td>
            <td class="num">${f1(s.inputLength.mean)}</td>
            <td class="num" data-stat="targetLength">${f1(s.targetLength.mean)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private lengthsFigure(v: ObjectivesView) {
    const plot = objectiveLengthsFigure(v.stats.slice(1), { segments: v.stats[0].segments, corpus: v.corpus });
    return html`<figure data-figure="objective-lengths">
      ${plot}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${objectiveLengthsCaption(v)}</figcaption>
    </figure>`;
  }

  private curveFigure(v: Pick<ObjectivesView, 'curve' | 'density'>) {
    const plot = objectiveTargetLengthsFigure(v.curve, { density: v.density });
    return html`<figure data-figure="objective-target-lengths">
      ${plot}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${objectiveTargetLengthsCaption()}</figcaption>
    </figure>`;
  }

  override render() {
    const errors = objectiveParamErrors(this.objective, this.params);
    const st = this.runState;
    const v = this.view;
    const tok = this.tokenizer;
    const s = v?.stats[0];
    return html`
      ${paramErrorsView(this.parsed.messages)} ${this.renderControls(errors)}
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert" data-run-error>${st.error}</p>` : nothing}
      ${
        v && tok && s
          ? html` <div class="legend">
                <span><span class="swatch" style="background:${sentinelColor(0)}"></span>sentinel k and the span it stands for</span>
                <span><span class="swatch" style="background:#4a4f57"></span>mask id (= &lt;extra_id_0&gt;)</span>
                <span><span class="swatch" style="background:#fbd3a8"></span>random token</span>
                <span><span class="swatch" style="background:#e9e3f5"></span>shuffled</span>
              </div>
              <h4>${OBJECTIVES[v.objective].paperLabel}: ${v.segmentLength}-token segments of ${v.corpus}</h4>
              <p class="desc" data-stats>
                measured on ${s.segments} segments: noise rate <b data-stat="noiseRate">${(s.noiseRate * 100).toFixed(1)}%</b>,
                <b data-stat="spans">${s.spans.toFixed(1)}</b> spans, inputs
                <b data-stat="inputLength">${s.inputLength.mean.toFixed(1)}</b> (${s.inputLength.min}–${s.inputLength.max}), targets
                <b data-stat="targetLength">${s.targetLength.mean.toFixed(1)}</b> (${s.targetLength.min}–${s.targetLength.max}) tokens
              </p>
              ${v.examples.map((ex, i) => this.renderExample(tok, ex, i))}
              <h4>All objectives on the same text</h4>
              ${this.renderTable(tok, v)}
              <div class="figures">${this.curveFigure(v)}${this.lengthsFigure(v)}</div>`
          : html`<p class="placeholder">
              ${st ? (st.status === 'running' ? 'Corrupting…' : '') : 'Waiting for the notebook to run this cell.'}
            </p>`
      }
    `;
  }
}

/** Everything the cell shows, computed in `run` from real corpus segments. */
function computeView(
  objective: Objective,
  p: { density: number; meanSpan: number; inputsLength: number },
  corpus: CorpusValue,
  tokenizer: Tokenizer,
  seed: number,
): ObjectivesView & { tokenizer: Tokenizer } {
  // The chosen settings, and every objective at its defaults (the comparison), must fit the sentinels.
  const fields = {
    inputsLength: "'inputs length'",
    density: "'corruption rate'",
    meanSpan: "'mean span length'",
    extraIds: "'extra ids' in the tokenizer cell (unigram)",
  };
  const short =
    sentinelShortage(objective.name, p.inputsLength, p.density, p.meanSpan, tokenizer.numSentinels, fields) ??
    OBJECTIVE_NAMES.map((n) => sentinelShortage(n, p.inputsLength, undefined, undefined, tokenizer.numSentinels, fields)).find(Boolean);
  if (short) throw new RangeError(short);
  const vocab = vocabOfTokenizer(tokenizer);
  const lengthOf = (o: Objective, density?: number, meanSpan?: number) => o.segmentLength(p.inputsLength, density, meanSpan);
  const longest = Math.max(lengthOf(objective, p.density, p.meanSpan), ...OBJECTIVE_NAMES.map((n) => lengthOf(OBJECTIVES[n])));
  // Read through the rows view: a user's packed upload decodes only the documents tokenized here.
  const rows = corpusRows(corpus)!;
  const docs = tokenizeDocuments(tokenizer, rows, longest * (STAT_SEGMENTS + 1));
  // Prefix LM and deshuffle cut each document separately: make sure there are enough of them.
  const docStarts = docs.length >= STAT_SEGMENTS ? docs : tokenizeDocuments(tokenizer, rows.slice(0, STAT_SEGMENTS * 4), Infinity);
  const segmentsFor = (o: Objective, length: number) =>
    corpusSegments(o.concatenate ? docs : docStarts, length, o.concatenate, STAT_SEGMENTS);
  const segLen = lengthOf(objective, p.density, p.meanSpan);
  const mine = segmentsFor(objective, segLen);
  if (mine.length === 0) throw new RangeError(`the corpus ${corpus.name} has no tokens to corrupt`);
  const rng = new Rng(seed);
  const examples = mine.slice(0, EXAMPLES).map((seg, i) => {
    const c = objective.corrupt(seg, { density: p.density, meanSpan: p.meanSpan, vocab, rng: rng.fork(`example:${objective.name}:${i}`) });
    return describeCorruption(objective, seg, c.mask, c, vocab, tokenizer.numSentinels);
  });
  const stats = [objectiveStats(objective, mine, { density: p.density, meanSpan: p.meanSpan, vocab, seed })];
  for (const n of OBJECTIVE_NAMES)
    stats.push(objectiveStats(OBJECTIVES[n], segmentsFor(OBJECTIVES[n], lengthOf(OBJECTIVES[n])), { vocab, seed }));
  // One short text under every objective (the first document's start), so rows compare directly.
  const shared = corpusSegments(docStarts, Math.min(p.inputsLength - 1, 40), false, 1)[0];
  const sideBySide = OBJECTIVE_NAMES.map((n) => {
    const o = OBJECTIVES[n];
    const c = o.corrupt(shared, { vocab, rng: rng.fork(`side:${n}`) });
    return { objective: n, example: describeCorruption(o, shared, c.mask, c, vocab, tokenizer.numSentinels) };
  });
  return {
    objective: objective.name,
    ...p,
    segmentLength: segLen,
    examples,
    stats,
    sideBySide,
    curve: targetLengthCurve({ seed }),
    corpus: corpus.name,
    tokenizer,
  };
}

defineCellKind(
  {
    kind: 'objectives',
    order: 90,
    tag: 't5-objectives-cell',
    label: 'Pre-training objectives',
    description: 'All seven corruption objectives of the paper on real text: inputs, targets, sentinels and lengths',
    defaultParams: () => ({ objective: 'span_corruption', density: 0.15, meanSpan: 3, inputsLength: 48 }),
  },
  ObjectivesCell,
);
