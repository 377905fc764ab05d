// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and the per-rule table and figure, the page-by-page before/after view and the
// publish switch; the rules are src/c4.
import { html, css, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as Plot from '@observablehq/plot';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { loadBundledPages } from '../../src/data/bundled.ts';
import { readBundledFile } from '../../src/data/bundledFiles.browser.ts';
import { checkUploadSize } from '../../src/data/userUpload.ts';
import type { CorpusValue } from '../../src/data/datasetValue.ts';
import { DatasetStore } from '../../src/storage/datasetStore.ts';
import type { CellProgram, Outputs, RunContext } from '../../src/notebook/notebookRuntime.ts';
import { oneOf, parseFields, string } from '../../src/validation/checks.ts';
import type { CleanedCorpus } from '../../src/c4/pipeline.ts';
import type { CleanReport } from '../../src/c4/countsReport.ts';
import { cleanOffThread } from '../../src/c4/cleanOffThread.ts';
import type { PageDecision } from '../../src/c4/cleanPage.ts';
import { parseJsonlPages } from '../../src/c4/jsonlPages.ts';
import { cleanedCorpusName, pageCorpusText, pageDocuments } from '../../src/c4/pageDocuments.ts';
import { RULE_IDS, RULES, type RuleId } from '../../src/c4/rules.ts';
import { ruleCountRows, ruleCountsPlotOptions } from '../../src/c4/ruleCountsFigure.ts';
import { withFigureData } from '../../src/plots/figureRows.ts';
import '../widgets/figure-toolbar.ts';

/** The bundled raw corpus (datasets/c4_raw_web.jsonl). */
const BUNDLED = 'c4_raw_web';
/** Lines of one page shown in the before/after view; the rest are counted, not drawn. */
const MAX_SHOWN_LINES = 150;

interface C4Params {
  /** `bundled`: datasets/c4_raw_web.jsonl; `file`: a .jsonl the user dropped in this tab. */
  source: 'bundled' | 'file';
  /** Which version is published for pre-training (Table 8's first two rows). */
  publish: 'cleaned' | 'unfiltered';
  /** The value name it is published under. */
  output: string;
}

const DEFAULTS: C4Params = { source: 'bundled', publish: 'cleaned', output: 'corpus' };
const SCHEMA = {
  source: { label: 'Pages', check: (v: unknown, n: string) => oneOf(v, n, ['bundled', 'file'] as const) },
  publish: { label: 'Publish', check: (v: unknown, n: string) => oneOf(v, n, ['cleaned', 'unfiltered'] as const) },
  output: { label: 'Published as', check: (v: unknown, n: string) => string(v, n, { nonEmpty: true }) },
};

/** What a run hands to render: the cleaning result and the published value. */
interface C4View {
  name: string;
  texts: string[];
  result: CleanedCorpus;
  /** The same object `t5lab clean --json` prints. */
  report: CleanReport;
  published: CorpusValue;
}

/**
 * C4's cleaning (paper §2.2, src/c4/): runs every rule over raw web-like pages (the bundled
 * Python-docs + Debian-FAQ pages, or a dropped .jsonl), shows what each rule removed (table and
 * bars), a before/after view of one page with removed lines struck through and the rule named,
 * and publishes the cleaned or the unfiltered pages as a corpus (stored, so training can load it).
 * Page text is untrusted: it is only ever rendered as text.
 */
export class C4Cell extends T5Cell {
  readonly kind = 'c4' as const;

  /** Where cleaned corpora are stored for training (tests pass their own database). */
  @property({ attribute: false }) store = new DatasetStore();
  @state() private dropped?: { name: string; texts: string[]; version: number };
  @state() private fileError = '';
  @state() private page = 0;
  @state() private dragging = false;
  private droppedVersion = 0;
  private readonly memo = new ProgramMemo();

  static override styles = [
    T5Cell.baseStyles,
    css`
      table {
        border-collapse: collapse;
        font-size: 13px;
        margin: 8px 0;
      }
      th,
      td {
        padding: 2px 8px;
        border-bottom: 1px solid #eceef1;
        text-align: left;
        vertical-align: top;
      }
      td.n,
      th.n {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .summary,
      .note {
        font-size: 13px;
        color: #444;
        margin: 4px 0;
      }
      .drop {
        border: 1px dashed #bbb;
        border-radius: 6px;
        padding: 6px 10px;
        font-size: 13px;
      }
      .drop.dragging {
        border-color: #0072b2;
        background: #f0f7fc;
      }
      .page {
        border: 1px solid #e3e5e8;
        border-radius: 6px;
        padding: 6px 10px;
        max-height: 420px;
        overflow: auto;
        contain: paint;
        font-size: 13px;
        line-height: 1.45;
      }
      .page ol {
        margin: 0;
        padding-left: 3.2em;
      }
      .page li.removed {
        color: #8a8f98;
      }
      .page li.removed del {
        text-decoration-color: #d55e00;
      }
      .page li.unexamined {
        color: #b0b4ba;
      }
      .rule {
        font-size: 11px;
        color: #d55e00;
        margin-left: 6px;
        white-space: nowrap;
      }
      .rule.edit {
        color: #009e73;
      }
      .banner {
        font-size: 13px;
        font-weight: 600;
        margin: 4px 0;
      }
      .banner.removed {
        color: #d55e00;
      }
      .banner.kept {
        color: #009e73;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
      }
      code {
        background: #f3f4f6;
        padding: 0 4px;
        border-radius: 3px;
      }
    `,
  ];

  /** The parameters, checked; bad ones fall back to their defaults and are shown. */
  get params(): { value: C4Params; errors: string[] } {
    const parsed = parseFields(this.spec?.params, SCHEMA, DEFAULTS);
    return { value: parsed.value, errors: parsed.errors.map((e) => e.message) };
  }

  override program(): CellProgram | null {
    const p = this.params.value;
    const file = p.source === 'file' ? this.dropped : undefined;
    return this.memo.get({ ...p, file: file ? `${file.name}#${file.version}` : null }, () => ({
      inputs: [],
      outputs: [p.output],
      run: async (_inputs: Outputs, { signal }: RunContext) => this.clean(p, file, signal),
    }));
  }

  private async clean(p: C4Params, file: { name: string; texts: string[] } | undefined, signal: AbortSignal): Promise<Outputs> {
    if (p.source === 'file' && !file)
      throw new Error('no .jsonl file dropped in this tab yet: drop one below, or choose the bundled pages');
    const name = file?.name ?? BUNDLED;
    const texts = file?.texts ?? (await loadBundledPages(BUNDLED, readBundledFile));
    // In a worker: the page stays responsive while a few hundred pages are cleaned.
    const { result, cleaned, report } = await cleanOffThread({ texts }, signal);
    const published = await this.publishValue(p.publish, name, texts, cleaned, file === undefined);
    return { [p.output]: published, view: { name, texts, result, report, published } satisfies C4View };
  }

  /**
   * The corpus value. The bundled unfiltered pages are a bundled dataset (training loads them by
   * name); the cleaned pages, and a dropped file's pages, are stored in this browser once (the same
   * text is found again rather than stored twice) so that a training run can load them by id.
   */
  private async publishValue(
    publish: C4Params['publish'],
    name: string,
    texts: string[],
    cleaned: string[],
    bundled: boolean,
  ): Promise<CorpusValue> {
    if (publish === 'unfiltered' && bundled) return { name, documents: pageDocuments(texts) };
    const pages = publish === 'cleaned' ? cleaned : texts;
    const corpusName = publish === 'cleaned' ? cleanedCorpusName(name) : name;
    const text = pageCorpusText(pages);
    const id = await this.storeOnce(corpusName, text);
    return { name: corpusName, source: id, documents: pageDocuments(pages) };
  }

  private async storeOnce(name: string, text: string): Promise<string> {
    const bytes = new TextEncoder().encode(text).length;
    for (const s of await this.store.list()) {
      if (s.name !== name || s.kind !== 'corpus' || s.bytes !== bytes) continue;
      const record = await this.store.getRecord(s.id);
      if (record?.text === text) return s.id;
    }
    const saved = await this.store.save(name, 'corpus', text);
    if (!saved.ok) throw new Error(`could not store ${name}: ${saved.errors.map(String).join('; ')}`);
    return saved.summary.id;
  }

  /** Reads a dropped or picked .jsonl file; a bad one changes nothing and its problem is shown. */
  async addFile(file: File): Promise<void> {
    this.fileError = '';
    const tooBig = checkUploadSize(file.name, file.size);
    if (tooBig) {
      this.fileError = tooBig;
      return;
    }
    try {
      const pages = parseJsonlPages(await file.text(), file.name);
      if (pages.length === 0) throw new Error(`${file.name}: no pages (one {"text": "…"} object per line)`);
      this.dropped = { name: file.name, texts: pages.map((p) => p.text), version: ++this.droppedVersion };
      this.page = 0;
      if (this.params.value.source === 'file') this.dispatchEvent(new CustomEvent('cell-params-changed', this.paramsDetail()));
      else this.setParam('source', 'file');
    } catch (err) {
      this.fileError = (err as Error).message;
    }
  }

  private paramsDetail(): CustomEventInit {
    return { detail: { id: this.spec.id, params: this.spec.params }, bubbles: true, composed: true };
  }

  private get view(): C4View | undefined {
    return this.runState?.outputs?.view as C4View | undefined;
  }

  private controls(p: C4Params): TemplateResult {
    return html`<div class="controls">
        <label
          >Pages
          <select name="source" @change=${(e: Event) => this.setParam('source', (e.target as HTMLSelectElement).value)}>
            <option value="bundled" ?selected=${p.source === 'bundled'}>bundled: ${BUNDLED} (Python docs + Debian FAQ)</option>
            <option value="file" ?selected=${p.source === 'file'}>
              ${this.dropped ? `your file: ${this.dropped.name}` : 'your .jsonl file'}
            </option>
          </select></label
        >
        <label
          >Publish as <code>${p.output}</code>
          <select name="publish" @change=${(e: Event) => this.setParam('publish', (e.target as HTMLSelectElement).value)}>
            <option value="cleaned" ?selected=${p.publish === 'cleaned'}>cleaned (C4)</option>
            <option value="unfiltered" ?selected=${p.publish === 'unfiltered'}>unfiltered (raw pages)</option>
          </select></label
        >
      </div>
      <div
        class="drop ${this.dragging ? 'dragging' : ''}"
        data-drop-zone
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = true;
        }}
        @dragleave=${() => (this.dragging = false)}
        @drop=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = false;
          const f = e.dataTransfer?.files?.[0];
          if (f) void this.addFile(f);
        }}
      >
        Your own pages: drop a <code>.jsonl</code> file (one page per line, <code>{"text": "line\\nline"}</code>, as C4's records) or
        <input
          type="file"
          accept=".jsonl,.json,application/jsonl"
          aria-label="Clean your own .jsonl pages"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            const f = input.files?.[0];
            if (f) void this.addFile(f).then(() => (input.value = ''));
          }}
        />
        <small>(kept in this tab only; the notebook saves the choice, not the file)</small>
      </div>
      ${this.fileError ? html`<p class="error" role="alert">${this.fileError}</p>` : nothing}`;
  }

  private countsTable(v: C4View): TemplateResult {
    const c = v.result.counts;
    const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '–');
    return html`<p class="summary" data-summary>
        Kept <b data-count="pages-kept">${c.pagesKept.toLocaleString('en-US')}</b> of
        <span data-count="pages-in">${c.pagesIn.toLocaleString('en-US')}</span> pages,
        <span data-count="lines-kept">${c.linesKept.toLocaleString('en-US')}</span> of
        <span data-count="lines-in">${c.linesIn.toLocaleString('en-US')}</span> lines and
        <span data-count="tokens-kept">${c.tokensKept.toLocaleString('en-US')}</span> of
        <span data-count="tokens-in">${c.tokensIn.toLocaleString('en-US')}</span> words (${pct(c.tokensKept, c.tokensIn)}) of
        <code>${v.name}</code>.
      </p>
      <table data-rule-counts>
        <thead>
          <tr>
            <th>rule</th>
            <th>what it removes</th>
            <th class="n">lines</th>
            <th class="n">pages</th>
            <th class="n">words</th>
            <th class="n">lines shortened</th>
          </tr>
        </thead>
        <tbody>
          ${ruleCountRows(c).map(
            (r) =>
              html`<tr data-rule=${r.rule}>
                <td><code>${r.rule}</code></td>
                <td>${RULES[r.rule].label}</td>
                <td class="n" data-col="lines">${r.lines.toLocaleString('en-US')}</td>
                <td class="n" data-col="pages">${r.pages.toLocaleString('en-US')}</td>
                <td class="n" data-col="tokens">${r.words.toLocaleString('en-US')}</td>
                <td class="n" data-col="edited">${c.rules[r.rule].edited.toLocaleString('en-US')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="note">
        Rules in the order they run (TensorFlow Datasets' <code>c4_utils</code>): a page rule's lines and words are those its pages still
        had. Thresholds as in the paper: lines of at least ${v.result.options.minWordsPerLine} words, pages of at least
        ${v.result.options.minSentences} sentences, words of at most ${v.result.options.maxWordLength} characters. English:
        ${v.report.options.language_id}'s best guess (C4 used langdetect ≥ 0.99). Bad words: ${v.report.options.bad_words}, CC BY 4.0.
      </p>`;
  }

  private figure(v: C4View): TemplateResult {
    const rows = ruleCountRows(v.result.counts);
    return html`<figure data-figure="c4-rule-counts">
      ${withFigureData(Plot.plot(ruleCountsPlotOptions(rows, v.name)), rows)}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>Words each rule removed (share of the input's words); the exported data has lines and pages too.</figcaption>
    </figure>`;
  }

  private lineItem(d: PageDecision, i: number): TemplateResult {
    const l = d.lines[i];
    const unexamined = d.stopLine !== undefined && i > d.stopLine;
    if (l.removedBy) {
      return html`<li class="removed" data-line=${i} data-removed-by=${l.removedBy}>
        <del>${l.original}</del><span class="rule">${l.removedBy}</span>
      </li>`;
    }
    if (unexamined) return html`<li class="unexamined" data-line=${i}>${l.original}<span class="rule">not examined</span></li>`;
    const edits = l.edits.map((e) => e.rule);
    return html`<li data-line=${i} data-kept>
      ${edits.length ? html`<del>${l.original}</del> → ${l.text}` : l.text}${edits.map((r) => html`<span class="rule edit">${r}</span>`)}
    </li>`;
  }

  /** Shows the next page (after the current one, wrapping) where `rule` removed or edited something. */
  private jumpTo(v: C4View, rule: RuleId | ''): void {
    if (!rule) return;
    const acted = (d: PageDecision) =>
      d.removedBy === rule || d.lines.some((l) => l.removedBy === rule || l.edits.some((e) => e.rule === rule));
    const n = v.result.pages.length;
    for (let k = 1; k <= n; k++) {
      const j = (this.page + k) % n;
      if (acted(v.result.pages[j])) {
        this.page = j;
        return;
      }
    }
  }

  private pageView(v: C4View): TemplateResult {
    const n = v.result.pages.length;
    const i = Math.min(this.page, n - 1);
    const d = v.result.pages[i];
    const why = d.removedBy as RuleId | undefined;
    const shown = Math.min(d.lines.length, MAX_SHOWN_LINES);
    return html`<h4>Before → after, one page at a time</h4>
      <div class="controls">
        <button ?disabled=${i === 0} @click=${() => (this.page = i - 1)}>‹ previous</button>
        <label
          >page
          <input
            type="number"
            name="page"
            min="1"
            max=${n}
            .value=${String(i + 1)}
            @change=${(e: Event) => (this.page = Math.max(0, Math.min(n - 1, Number((e.target as HTMLInputElement).value) - 1 || 0)))}
          />
          of ${n}</label
        >
        <button ?disabled=${i === n - 1} @click=${() => (this.page = i + 1)}>next ›</button>
        <label
          >next page where
          <select name="jump" @change=${(e: Event) => this.jumpTo(v, (e.target as HTMLSelectElement).value as RuleId | '')}>
            <option value="">— a rule acted —</option>
            ${RULE_IDS.filter((id) => v.result.counts.rules[id].lines + v.result.counts.rules[id].edited > 0).map(
              (id) => html`<option value=${id}>${id}</option>`,
            )}
          </select></label
        >
      </div>
      <p class="banner ${why ? 'removed' : 'kept'}" data-page-verdict=${why ?? 'kept'}>
        ${
          why
            ? `Page removed: ${RULES[why].label}${why === 'not-english' && d.detail ? ` (${d.detail})` : ''}${why === 'too-few-sentences' && d.detail ? ` (${d.detail})` : ''}.`
            : `Page kept: ${d.lines.filter((l) => !l.removedBy).length} of ${d.lines.length} lines.`
        }
      </p>
      <div class="page" data-page=${i}>
        <ol>
          ${d.lines.slice(0, shown).map((_, k) => this.lineItem(d, k))}
        </ol>
        ${d.lines.length > shown ? html`<p class="note">… ${d.lines.length - shown} more lines not drawn.</p>` : nothing}
      </div>`;
  }

  override render() {
    const { value: p, errors } = this.params;
    const st = this.runState;
    const v = this.view;
    return html`${this.controls(p)} ${errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
    ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
    ${
      v
        ? html`${this.countsTable(v)} ${this.figure(v)} ${this.pageView(v)}
            <p class="note" data-published>
              Published as <code>${p.output}</code>: ${v.published.name}, ${v.published.documents.length.toLocaleString('en-US')} documents
              (one per page)${v.published.source ? ', stored in this browser for training' : ''}. Switch “Publish” to pre-train on the other
              version.
            </p>`
        : html`<p class="note">${st?.status === 'error' ? '' : 'Cleaning…'}</p>`
    }`;
  }
}

defineCellKind(
  {
    kind: 'c4',
    order: 35,
    tag: 't5-c4-cell',
    label: 'C4 cleaning',
    description: "C4's cleaning rules on raw web pages: what each rule removes, page by page",
    defaultParams: () => ({ ...DEFAULTS }),
  },
  C4Cell,
);
