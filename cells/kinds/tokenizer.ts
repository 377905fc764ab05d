// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and training (through the trained-tokenizer cache, with where the tokenizer came
// from and Retrain), importing and inspecting a tokenizer (pieces, sample encodings,
// length figure); the tokenizers are src/tokenizers.
import { corpusRows } from '../../src/data/packedRows.ts';
import { html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { tokenChipStyles, tokenChipsTemplate } from '../widgets/token-chips.ts';
import { ByteTokenizer } from '../../src/tokenizers/byteTokenizer.ts';
import { trainUnigramCached } from '../../src/tokenizers/trainUnigramCached.ts';
import { readBundledTokenizer } from '../../src/tokenizers/bundledTokenizers.browser.ts';
import { TrainedTokenizerStore, type TrainedTokenizerCacheStore } from '../../src/storage/trainedTokenizerStore.ts';
import { FIRST_PIECE_ID } from '../../src/tokenizers/unigramTokenizer.ts';
import { importHfTokenizerJson } from '../../src/tokenizers/hfTokenizer.ts';
import type { Tokenizer } from '../../src/tokenizers/tokenizer.ts';
import { TokenizerStore } from '../../src/storage/tokenizerStore.ts';
import { charsPerToken, chipsOf, pieceLengthRows, tokenChips, type PieceLengthRow } from '../../src/tokenizers/tokenizerSummary.ts';
import type { CorpusValue } from '../../src/data/datasetValue.ts';
import { loadBundled } from '../../src/data/bundledFiles.browser.ts';
import { bundledTasks } from '../../src/tasks/bundledTasks.ts';
import { bundledTaskTextSources, withTaskText } from '../../src/tokenizers/taskTrainingText.ts';
import { T5_EXTRA_IDS } from '../../src/objectives/sentinels.ts';
import { tokenizerCellParams } from '../../src/tokenizers/tokenizerCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
import { intIn } from '../../src/validation/checks.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import { tokenizerPieceLengthsFigure, tokenizerPieceLengthsCaption } from '../../src/figures/tokenizerPieceLengths.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';

export type TokenizerType = 'unigram' | 'byte' | 'hf';

interface TokenizerView {
  type: TokenizerType;
  /** Milliseconds spent training (unigram) or importing. */
  ms: number;
  source: string;
  /** Chars per token on the first documents of the corpus (unigram only). */
  corpus?: { chars: number; tokens: number; ratio: number; documents: number };
  learnedPieces?: number;
  pieceLengths: PieceLengthRow[];
  /**
   * Unigram: trained in this run, read from this browser's trained-tokenizer cache, or shipped
   * with t5lab (trained ahead of time on the same text; trained at `trainedAt`).
   */
  origin?: 'trained' | 'cache' | 'bundled';
  trainedAt?: number;
  /** What went wrong with the cache (the tokenizer is still good). */
  cacheNote?: string;
}

/** Smallest unigram vocabulary: specials, 256 bytes, 100 sentinels and one learned piece. */
export const MIN_UNIGRAM_VOCAB = FIRST_PIECE_ID + 100 + 1;
const CORPUS_SAMPLE_DOCUMENTS = 300;
const DEFAULT_SAMPLE = 'T5 casts every task as text: translate English to German: The house is wonderful.';

/**
 * Imported tokenizer.json files parsed in this page, by id. They are large (T5's is 2.4 MB), so
 * the notebook keeps only the id and file name; the text is kept in IndexedDB under the same id.
 */
const importedTokenizers = new Map<string, { name: string; tokenizer: Tokenizer; ms: number }>();
const defaultTokenizerStore = new TokenizerStore();
const defaultTrainedTokenizerStore = new TrainedTokenizerStore();

/** Validation message for a unigram vocabulary size, or '' when it is usable. */
export function vocabSizeError(v: unknown, extraIds = T5_EXTRA_IDS): string {
  const min = FIRST_PIECE_ID + extraIds + 1;
  return typeof v === 'number' && Number.isInteger(v) && v >= min
    ? ''
    : `vocabSize must be an integer ≥ ${min} (3 specials + 256 bytes + ${extraIds} sentinels + 1 piece), got ${String(v)}`;
}

/** Validation message for the number of sentinels (`extra ids`), or '' when it is usable. */
export function extraIdsError(v: unknown): string {
  try {
    intIn(v, 'extra ids', 1, 10_000);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The tokenizer: ByT5-style bytes, a SentencePiece-style unigram model trained (in `run`) on the
 * notebook's `corpus`, or an imported Hugging Face tokenizer.json. Shows a sample text as pieces
 * with ids, the sentinels at the top of the vocabulary, characters per token and the lengths of
 * the learned pieces. Publishes `tokenizer`. Editing the sample text re-runs nothing.
 */
export class TokenizerCell extends T5Cell {
  readonly kind = 'tokenizer' as const;

  /** Where imported tokenizer.json files are kept; tests pass a store on a throwaway database. */
  @property({ attribute: false }) tokenizerStore: TokenizerStore = defaultTokenizerStore;
  /** Where trained unigram tokenizers are cached across visits; tests pass one on a throwaway database. */
  @property({ attribute: false }) trainedTokenizerStore: TrainedTokenizerCacheStore = defaultTrainedTokenizerStore;
  /** Retrain clicks: each one makes a new program whose run skips the cache once. */
  private retrains = 0;
  private retrainNext = false;
  @state() private importError = '';
  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    tokenChipStyles,
    css`
      select,
      textarea {
        font: inherit;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        font-size: 13px;
        padding: 4px 6px;
        border: 1px solid #ccc;
        border-radius: 4px;
        resize: vertical;
      }
      .stats {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 18px;
        font-size: 13px;
        margin: 10px 0;
      }
      .stats b {
        font-variant-numeric: tabular-nums;
      }
      h4 {
        font-size: 12px;
        font-weight: 600;
        color: #555;
        margin: 12px 0 4px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .field-error {
        color: #b00020;
        font-size: 12px;
        margin: -6px 0 8px;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
      }
      .cache-note {
        font-size: 12px;
        color: #7a5b00;
        margin: -4px 0 8px;
      }
      [data-action='retrain'] {
        font: inherit;
        font-size: 12px;
        padding: 0 8px;
        margin-left: 4px;
        border: 1px solid #ccc;
        border-radius: 4px;
        background: #fff;
        cursor: pointer;
      }
      .placeholder {
        font-size: 13px;
        color: #888;
      }
      .sample-input {
        display: var(--t5-controls-display, block);
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 300px;
        gap: 20px;
        align-items: start;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  /** The stored params, checked at the boundary (wrong types take the default and are named). */
  private get parsed() {
    return tokenizerCellParams(this.spec?.params ?? {}, {
      type: 'unigram',
      vocabSize: 2048,
      extraIds: T5_EXTRA_IDS,
      trainOnTasks: [],
      hfId: '',
      hfName: 'tokenizer.json',
    });
  }
  get tokenizerType(): TokenizerType {
    return this.parsed.value.type;
  }
  private get vocabSize(): number {
    return this.parsed.value.vocabSize;
  }
  /** Sentinels of a unigram tokenizer (T5: 100; more for long inputs at high corruption rates). */
  private get extraIds(): number {
    return this.parsed.value.extraIds;
  }
  /** Bundled tasks whose training examples join the corpus, so their prefixes become whole pieces. */
  private get trainOnTasks(): string[] {
    return this.parsed.value.trainOnTasks;
  }
  private get sample(): string {
    return this.parsed.value.sample ?? DEFAULT_SAMPLE;
  }

  override program(): CellProgram {
    const type = this.tokenizerType;
    const vocabSize = this.vocabSize;
    const { hfId, hfName } = this.parsed.value;
    const extraIds = this.extraIds;
    const trainOnTasks = this.trainOnTasks;
    const unigram = type === 'unigram';
    return this.memo.get(
      {
        type,
        vocabSize: unigram ? vocabSize : null,
        hfId: type === 'hf' ? hfId : null,
        extraIds: unigram ? extraIds : null,
        trainOnTasks: unigram ? trainOnTasks : null,
        retrains: unigram ? this.retrains : null,
      },
      () => this.makeProgram(type, vocabSize, hfId, hfName, extraIds, trainOnTasks),
    )!;
  }

  private makeProgram(
    type: TokenizerType,
    vocabSize: number,
    hfId: string,
    hfName: string,
    extraIds: number,
    trainOnTasks: string[],
  ): CellProgram {
    const retrain = this.retrainNext;
    this.retrainNext = false;
    const cache = this.trainedTokenizerStore;
    return {
      inputs: type === 'unigram' ? [VALUE.corpus] : [],
      outputs: [VALUE.tokenizer],
      run: async (inputs: Outputs, { signal }): Promise<Outputs> => {
        if (type === 'byte') {
          const tokenizer = new ByteTokenizer();
          return { tokenizer, view: { type, ms: 0, source: 'UTF-8 bytes (ByT5)', pieceLengths: [] } satisfies TokenizerView };
        }
        if (type === 'hf') {
          const entry = importedTokenizers.get(hfId) ?? (await this.loadStored(hfId));
          if (!entry) throw new Error(`the imported ${hfName} is not stored in this browser; import it again`);
          return {
            tokenizer: entry.tokenizer,
            view: { type, ms: entry.ms, source: entry.name, pieceLengths: pieceLengthRows(entry.tokenizer) } satisfies TokenizerView,
          };
        }
        const problem = extraIdsError(extraIds) || vocabSizeError(vocabSize, extraIds as number);
        if (problem) throw new RangeError(problem);
        const corpus = inputs[VALUE.corpus] as CorpusValue;
        // A user's upload is a view over packed rows: read through it, never decode every row here.
        const rows = corpus ? corpusRows(corpus) : undefined;
        if (!rows) throw new TypeError('corpus must be { name, documents: string[] } (a dataset cell with a corpus)');
        const tasks = await bundledTaskTextSources(trainOnTasks, loadBundled, (name) => bundledTasks[name].prefix);
        const documents = withTaskText(corpus.rows ?? corpus.documents, tasks);
        const trained = await trainUnigramCached(documents, { vocabSize, numSentinels: extraIds }, signal, {
          cache,
          retrain,
          bundled: readBundledTokenizer,
        });
        const { tokenizer, stats } = trained;
        const { ms, learnedPieces } = stats;
        const sample = rows.slice(0, CORPUS_SAMPLE_DOCUMENTS);
        const view: TokenizerView = {
          type,
          ms,
          source: tasks.length ? `${corpus.name} + ${tasks.length} tasks' examples` : corpus.name,
          corpus: { ...charsPerToken(tokenizer, sample), documents: sample.length },
          learnedPieces,
          pieceLengths: pieceLengthRows(tokenizer),
          origin: trained.origin,
          trainedAt: trained.trainedAt,
          ...(trained.note ? { cacheNote: trained.note } : {}),
        };
        return { tokenizer, view };
      },
    };
  }

  /** Trains again, ignoring (and replacing) the cached tokenizer. */
  private retrain() {
    this.retrains++;
    this.retrainNext = true;
    this.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }),
    );
  }

  /** Rebuilds a tokenizer imported in an earlier session from its stored text. */
  private async loadStored(id: string) {
    const record = id ? await this.tokenizerStore.load(id) : undefined;
    if (!record) return undefined;
    const t0 = performance.now();
    const entry = { name: record.name, tokenizer: importHfTokenizerJson(record.text) as Tokenizer, ms: performance.now() - t0 };
    importedTokenizers.set(id, entry);
    return entry;
  }

  private async importFile(file: File) {
    this.importError = '';
    const t0 = performance.now();
    const text = await file.text();
    let tokenizer: Tokenizer;
    try {
      tokenizer = importHfTokenizerJson(text);
    } catch (err) {
      this.importError = `${file.name}: ${(err as Error).message}`;
      return;
    }
    const ms = performance.now() - t0;
    let id: string;
    try {
      id = await this.tokenizerStore.save(file.name, text);
      importedTokenizers.set(id, { name: file.name, tokenizer, ms });
    } catch (err) {
      // Still usable in this page; only the reload will need the file again.
      id = registerImportedTokenizer(file.name, tokenizer, ms);
      this.importError = `${(err as Error).message} It is used until the page is reloaded.`;
    }
    this.spec = { ...this.spec, params: { ...this.spec.params, type: 'hf', hfId: id, hfName: file.name } };
    this.dispatchEvent(
      new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true }),
    );
  }

  private get view(): TokenizerView | undefined {
    return this.runState?.outputs?.view as TokenizerView | undefined;
  }
  private get tokenizer(): Tokenizer | undefined {
    return this.runState?.outputs?.[VALUE.tokenizer] as Tokenizer | undefined;
  }

  private renderControls() {
    const type = this.tokenizerType;
    const idsError = type === 'unigram' ? extraIdsError(this.extraIds) : '';
    const vocabError = type === 'unigram' && !idsError ? vocabSizeError(this.vocabSize, this.extraIds as number) : '';
    const withTasks = this.trainOnTasks.length > 0;
    return html`<div class="controls">
        <label
          >tokenizer
          <select name="type" @change=${(e: Event) => this.setParam('type', (e.target as HTMLSelectElement).value)}>
            <option value="unigram" ?selected=${type === 'unigram'}>unigram (SentencePiece-style), trained on the corpus</option>
            <option value="byte" ?selected=${type === 'byte'}>bytes (ByT5)</option>
            <option value="hf" ?selected=${type === 'hf'}>imported tokenizer.json</option>
          </select></label
        >
        ${
          type === 'unigram'
            ? html`<label
                  >vocab_size
                  <input
                    type="number"
                    name="vocabSize"
                    min=${MIN_UNIGRAM_VOCAB}
                    step="256"
                    .value=${String(this.vocabSize)}
                    aria-invalid=${vocabError ? 'true' : 'false'}
                    @change=${(e: Event) => this.setParam('vocabSize', Number((e.target as HTMLInputElement).value))}
                /></label>
                <label
                  >extra ids
                  <input
                    type="number"
                    name="extraIds"
                    min="1"
                    step="1"
                    .value=${String(this.extraIds)}
                    aria-invalid=${idsError ? 'true' : 'false'}
                    title="sentinels <extra_id_k> at the top of the vocabulary (T5: 100); long inputs at high corruption rates need more"
                    @change=${(e: Event) => this.setParam('extraIds', Number((e.target as HTMLInputElement).value))}
                /></label>
                <label
                  ><input
                    type="checkbox"
                    name="trainOnTasks"
                    .checked=${withTasks}
                    @change=${(e: Event) => this.setParam('trainOnTasks', (e.target as HTMLInputElement).checked ? Object.keys(bundledTasks) : [])}
                  />
                  also train on the tasks' examples (their prefixes stay whole pieces)</label
                >`
            : nothing
        }
        ${
          type === 'hf'
            ? html`<label
                >tokenizer.json
                <input
                  type="file"
                  accept=".json,application/json"
                  aria-label="Import a Hugging Face tokenizer.json"
                  @change=${(e: Event) => {
                    const f = (e.target as HTMLInputElement).files?.[0];
                    if (f) void this.importFile(f);
                  }}
              /></label>`
            : nothing
        }
      </div>
      ${vocabError ? html`<p class="field-error" role="alert" data-field="vocabSize">${vocabError}</p>` : nothing}
      ${idsError ? html`<p class="field-error" role="alert" data-field="extraIds">${idsError}</p>` : nothing}
      ${this.importError ? html`<p class="field-error" role="alert">${this.importError}</p>` : nothing}`;
  }

  private renderStats(tok: Tokenizer, v: TokenizerView) {
    const n = (x: number) => x.toLocaleString('en-US');
    const sample = charsPerToken(tok, [this.sample]);
    return html`<div class="stats" data-stats>
      <span>vocab_size <b data-stat="vocabSize">${n(tok.vocabSize)}</b></span>
      ${v.learnedPieces !== undefined ? html`<span>learned pieces <b>${n(v.learnedPieces)}</b></span>` : nothing}
      <span>sentinels <b>${tok.numSentinels}</b> (ids ${n(tok.vocabSize - tok.numSentinels)}–${n(tok.vocabSize - 1)})</span>
      <span>sample: <b data-stat="sampleRatio">${sample.ratio.toFixed(2)}</b> chars/token</span>
      ${v.corpus ? html`<span>${v.source}: <b data-stat="corpusRatio">${v.corpus.ratio.toFixed(2)}</b> chars/token <small>(first ${n(v.corpus.documents)} documents)</small></span>` : nothing}
      ${v.type === 'unigram' ? this.renderOrigin(v) : html`<span>${v.source}</span>`}
    </div>
    ${v.cacheNote ? html`<p class="cache-note" data-cache-note>${v.cacheNote}</p>` : nothing}`;
  }

  /** Where a unigram tokenizer came from: trained now, or the cache (and when it was trained), with a way to retrain. */
  private renderOrigin(v: TokenizerView) {
    const took = html`<b data-stat="ms">${(v.ms / 1000).toFixed(2)} s</b>`;
    const when = v.trainedAt ? new Date(v.trainedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
    const origin =
      v.origin === 'cache'
        ? html`from cache, trained ${when} (in ${took})`
        : v.origin === 'bundled'
          ? html`<span title="trained ahead of time (scripts/build-bundled-tokenizers.ts, in Node) on exactly this text with these options; Retrain trains it here and gives the same pieces and encodings"
              >shipped with t5lab, trained ${when} (in ${took})</span
            >`
          : html`trained in ${took}`;
    return html`<span data-tokenizer-origin=${v.origin ?? 'trained'}
      >${origin} on ${v.source}
      <button type="button" data-action="retrain" title="train again on this corpus, replacing the cached tokenizer" @click=${() => this.retrain()}>
        retrain
      </button></span
    >`;
  }

  private pieceFigure(v: TokenizerView) {
    if (!v.pieceLengths.length) return html`<p class="placeholder">Every byte is its own token: no pieces are learned.</p>`;
    const plot = tokenizerPieceLengthsFigure(v.pieceLengths, { source: v.source, learned: v.type === 'unigram' });
    return html`<figure data-figure="tokenizer-piece-lengths">
      ${plot}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${tokenizerPieceLengthsCaption()}</figcaption>
    </figure>`;
  }

  override render() {
    const st = this.runState;
    const tok = this.tokenizer;
    const v = this.view;
    const sentinels = tok ? Array.from({ length: Math.min(4, tok.numSentinels) }, (_, k) => tok.sentinel(k)) : [];
    return html`
      ${paramErrorsView(this.parsed.messages)} ${this.renderControls()}
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${
        tok && v
          ? html`${this.renderStats(tok, v)}
              <div class="layout">
                <div>
                  <div class="sample-input">
                    <label for="sample">sample text</label>
                    <textarea
                      id="sample"
                      name="sample"
                      rows="2"
                      .value=${this.sample}
                      @input=${(e: Event) => this.setParam('sample', (e.target as HTMLTextAreaElement).value)}
                    ></textarea>
                  </div>
                  <h4>pieces and ids</h4>
                  <div data-pieces>${tokenChipsTemplate(tokenChips(tok, this.sample))}</div>
                  <h4>sentinels (top of the vocabulary)</h4>
                  <div data-sentinels>${tokenChipsTemplate(chipsOf(tok, sentinels))}</div>
                </div>
                <div>${this.pieceFigure(v)}</div>
              </div>`
          : html`<p class="placeholder">
              ${st ? (st.status === 'running' ? (this.tokenizerType === 'unigram' ? 'Training…' : 'Loading…') : '') : 'Waiting for the notebook to run this cell.'}
            </p>`
      }
    `;
  }
}

/** Forgets the tokenizers parsed in this page, as a reload does (stored ones are read again when needed). */
export function clearImportedTokenizers(): void {
  importedTokenizers.clear();
}

/** Makes an imported tokenizer available to the tokenizer cells of this page; returns its id (`params.hfId`). */
export function registerImportedTokenizer(name: string, tokenizer: Tokenizer, ms = 0): string {
  const id = `hf-${Date.now().toString(36)}-${importedTokenizers.size}`;
  importedTokenizers.set(id, { name, tokenizer, ms });
  return id;
}

defineCellKind(
  {
    kind: 'tokenizer',
    order: 40,
    tag: 't5-tokenizer-cell',
    label: 'Tokenizer',
    description: 'Bytes, a unigram model trained on the corpus, or an imported tokenizer.json: pieces, ids, sentinels',
    defaultParams: () => ({ type: 'unigram', vocabSize: 2048, sample: DEFAULT_SAMPLE }),
  },
  TokenizerCell,
);
