// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and picking, uploading and browsing a dataset (summary, length figure, paged
// examples) and publishing it; parsing and splitting are src/data.
import { html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { bundledDatasetInfo, bundledDatasets, type BundledDatasetInfo } from '../../src/data/bundled.ts';
import { loadBundled } from '../../src/data/bundledFiles.browser.ts';
import type { Dataset, TaskExample } from '../../src/data/parseDataset.ts';
import { corpusValue, corpusValueOfRows, taskValue, taskValueOfRows, VALIDATION_FRACTION } from '../../src/data/datasetValue.ts';
import { checkUploadSize } from '../../src/data/userUpload.ts';
import {
  addUploadOffThread,
  datasetView,
  listStoredOffThread,
  loadStoredOffThread,
  viewOfParsed,
  type DatasetViewData,
  type ParsedForCell,
} from '../../src/data/parseOffThread.ts';
import { PackedRowsView, type RowsView } from '../../src/data/packedRows.ts';
import {
  METRIC_CHOICE_LABELS,
  METRIC_CHOICES,
  metricsFor,
  taskNameFromFile,
  userTaskName,
  type MetricChoice,
} from '../../src/tasks/userTask.ts';
import { DatasetStore, type StoredDatasetSummary } from '../../src/storage/datasetStore.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import { datasetCellParams } from '../../src/data/datasetCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import { datasetLengthsCaption, datasetLengthsFigure } from '../../src/figures/datasetLengths.ts';

/** What the cell shows: a bundled dataset by name, or a user dataset stored in IndexedDB by id. */
export type DatasetSelection =
  | { source: 'bundled'; name: string }
  | {
      source: 'user';
      id: string;
      name: string;
      kind: 'corpus' | 'task';
      /** A user task's name, prefix and metric choice (defaults: from the file). */
      taskName?: string;
      prefix?: string;
      metric?: MetricChoice;
    };

/** What `run` returns next to the published value, for the view. */
interface DatasetView extends DatasetViewData {
  info?: BundledDatasetInfo;
  /** A user task as it trains: name, prefix, metrics; and a skipped header row. */
  userTask?: { name: string; prefix: string; metrics: string[]; header?: string };
}

/** Longest text shown in one table cell: laying out a megabyte-long line would freeze the page. */
const MAX_SHOWN_CHARS = 2000;
const shown = (text: string) =>
  text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}… (${text.length.toLocaleString('en-US')} characters)` : text;

const PAGE_SIZE = 8;
const defaultStore = new DatasetStore();

/**
 * A dataset: one of the bundled corpora or tasks, or the user's own `.txt` / `.tsv` file (file
 * picker or drag and drop; validated with line numbers, saved in IndexedDB, listed again after a
 * reload). Publishes `corpus` or `task`; shows counts, the split sizes, a length histogram and
 * the examples, paged. Browsing (page, split) is view state and does not re-run anything.
 */
export class DatasetCell extends T5Cell {
  readonly kind = 'dataset' as const;

  /** Where user datasets live; tests pass a store on a throwaway database. */
  @property({ attribute: false }) store: DatasetStore = defaultStore;

  @state() private userDatasets: StoredDatasetSummary[] = [];
  @state() private uploadErrors: string[] = [];
  @state() private uploadStatus = '';
  @state() private dragging = false;
  @state() private page = 0;
  @state() private split: 'train' | 'validation' = 'train';

  private readonly memo = new ProgramMemo();
  /** The upload just added, as the worker parsed it: selecting it shows it without reading it back. */
  private lastAdded?: { id: string; parsed: ParsedForCell };

  static override styles = [
    T5Cell.baseStyles,
    css`
      select {
        font: inherit;
        padding: 2px 4px;
        max-width: 22em;
      }
      .drop {
        border: 1.5px dashed #c4c9d0;
        border-radius: 8px;
        padding: 8px 12px;
        font-size: 13px;
        color: #555;
        display: var(--t5-controls-display, flex);
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
      }
      .drop.dragging {
        border-color: #0072b2;
        background: #eef6fc;
      }
      .drop input {
        font-size: 12px;
      }
      .summary {
        font-size: 13px;
        margin: 8px 0;
        display: flex;
        flex-wrap: wrap;
        gap: 4px 18px;
      }
      .summary b {
        font-variant-numeric: tabular-nums;
      }
      .meta {
        font-size: 12px;
        color: #666;
        margin: 0 0 8px;
      }
      .errors {
        margin: 6px 0;
        padding-left: 18px;
      }
      .status {
        font-size: 13px;
        color: #1a7f37;
      }
      .browse {
        display: flex;
        gap: 8px;
        align-items: center;
        font-size: 13px;
        margin: 10px 0 4px;
      }
      .browse button {
        font: inherit;
        font-size: 12px;
        padding: 1px 8px;
        border: 1px solid #ccc;
        border-radius: 4px;
        background: #fff;
        cursor: pointer;
      }
      .browse button[aria-pressed='true'] {
        background: #0072b2;
        color: #fff;
        border-color: #0072b2;
      }
      .browse button:disabled {
        opacity: 0.4;
        cursor: default;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 13px;
        table-layout: fixed;
      }
      th {
        text-align: left;
        font-weight: 600;
        color: #555;
        border-bottom: 1px solid #ddd;
        padding: 3px 6px;
      }
      td {
        border-bottom: 1px solid #f0f0f0;
        padding: 3px 6px;
        vertical-align: top;
        overflow-wrap: anywhere;
      }
      .n {
        width: 4em;
        color: #888;
        font-variant-numeric: tabular-nums;
      }
      td .clip {
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      code {
        background: #f3f4f6;
        padding: 0 4px;
        border-radius: 3px;
      }
      figcaption {
        font-size: 12px;
        color: #555;
        margin-top: 4px;
      }
      .placeholder {
        font-size: 13px;
        color: #888;
      }
    `,
  ];

  /** The selection in `spec.params`, defaulting to the factbook corpus. */
  get selection(): DatasetSelection {
    const { value: p } = datasetCellParams(this.spec?.params ?? {});
    if (p.source === 'user' && p.id !== '') {
      const named = typeof this.spec?.params.name === 'string';
      const sel: DatasetSelection = { source: 'user', id: p.id, name: named ? p.name : p.id, kind: p.kind };
      if (p.taskName.trim() !== '') sel.taskName = p.taskName.trim();
      if (p.prefix !== undefined) sel.prefix = p.prefix;
      if (p.metric !== undefined) sel.metric = p.metric;
      return sel;
    }
    return { source: 'bundled', name: p.name };
  }

  /** `corpus` or `task`: what the selection publishes. */
  get outputKind(): 'corpus' | 'task' {
    const sel = this.selection;
    if (sel.source === 'user') return sel.kind;
    try {
      // A bundled `pages` dataset (raw web pages) loads as a corpus of its pages.
      return bundledDatasetInfo(sel.name).kind === 'task' ? 'task' : 'corpus';
    } catch {
      return 'corpus';
    }
  }

  override program(): CellProgram {
    const sel = this.selection;
    const kind = this.outputKind;
    return this.memo.get(sel, () => ({
      inputs: [],
      outputs: [kind === 'task' ? VALUE.task : VALUE.corpus],
      run: async () => this.load(sel),
    }))!;
  }

  private async load(sel: DatasetSelection): Promise<Outputs> {
    if (sel.source === 'bundled') {
      const info = bundledDatasetInfo(sel.name);
      // Named after the manifest entry ("translate_en_de"), not its file.
      const ds: Dataset = { ...(await loadBundled(sel.name)), name: sel.name };
      const view: DatasetView = { ...datasetView(ds), info };
      const value = ds.kind === 'task' ? { [VALUE.task]: taskValue(ds, info.prefix ?? '') } : { [VALUE.corpus]: corpusValue(ds) };
      return { ...value, view };
    }
    // Read from IndexedDB, parsed, split, binned and packed in a worker: a large file must not freeze
    // the page, and the rows stay packed (decoded when a page of the browser or a consumer reads them).
    const loaded =
      this.lastAdded?.id === sel.id
        ? { stored: { name: sel.name }, parsed: this.lastAdded.parsed }
        : await loadStoredOffThread(this.store.dbName, sel.id);
    if (!loaded)
      throw new Error(
        `your dataset "${sel.name}" is not stored in this browser (deleted, or saved in another browser); pick another one or add the file again`,
      );
    const { parsed } = loaded;
    const record = { name: loaded.stored.name };
    const data = viewOfParsed(parsed);
    if (parsed.summary.kind === 'corpus') {
      const rows = new PackedRowsView<string>(parsed.packed);
      return { [VALUE.corpus]: corpusValueOfRows(record.name, sel.id, rows), view: { ...data } satisfies DatasetView };
    }
    const name = userTaskName(sel.taskName ?? taskNameFromFile(record.name));
    // T5 gives every task a prefix; the file's own (every input starts with "xyz: ") comes first.
    // Prefix and automatic metrics come from the worker too.
    const prefix = sel.prefix ?? (parsed.detectedPrefix || `${name}: `);
    const choice = sel.metric ?? 'auto';
    const metrics = choice === 'auto' ? (parsed.autoMetrics ?? metricsFor('auto', [])) : metricsFor(choice, []);
    const header = parsed.header;
    const view: DatasetView = { ...data, userTask: { name, prefix, metrics, ...(header !== undefined ? { header } : {}) } };
    const split = data.splits as { train: RowsView<TaskExample>; validation: RowsView<TaskExample> };
    return { [VALUE.task]: taskValueOfRows(split, prefix, { name, source: sel.id, metrics }, header), view };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refreshUserDatasets();
  }

  private async refreshUserDatasets() {
    try {
      // Listed in the worker: reading the records here would copy every stored text to the page.
      this.userDatasets = await listStoredOffThread(this.store.dbName);
    } catch (err) {
      this.uploadErrors = [`Your saved datasets could not be listed: ${(err as Error).message}`];
    }
  }

  private select(sel: DatasetSelection) {
    this.page = 0;
    this.split = 'train';
    const params =
      sel.source === 'user' ? { source: 'user', id: sel.id, name: sel.name, kind: sel.kind } : { source: 'bundled', name: sel.name };
    // The selection's fields replace each other (a user id makes no sense for a bundled dataset).
    this.spec = { ...this.spec, params };
    this.dispatchEvent(new CustomEvent('cell-params-changed', { detail: { id: this.spec.id, params }, bubbles: true, composed: true }));
  }

  private onSelect(e: Event) {
    const value = (e.target as HTMLSelectElement).value;
    const [source, key] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (source === 'user') {
      const u = this.userDatasets.find((d) => d.id === key);
      if (u) this.select({ source: 'user', id: u.id, name: u.name, kind: u.kind });
    } else {
      this.select({ source: 'bundled', name: key });
    }
  }

  /** Validates, stores and selects user files; a bad file changes nothing and lists its problems. */
  async addFiles(files: Iterable<File>): Promise<void> {
    this.uploadErrors = [];
    this.uploadStatus = '';
    const errors: string[] = [];
    let added: DatasetSelection | undefined;
    for (const file of files) {
      const tooBig = checkUploadSize(file.name, file.size);
      if (!tooBig) this.uploadStatus = `Reading ${file.name}…`;
      try {
        // Decoded, validated, saved and parsed in a worker, so the page stays responsive and never holds the text.
        const saved = tooBig
          ? { ok: false as const, errors: [tooBig] }
          : await addUploadOffThread(this.store.dbName, file.name, await file.arrayBuffer());
        if (!saved.ok) {
          errors.push(...saved.errors);
          continue;
        }
        const { stored } = saved;
        this.lastAdded = { id: stored.id, parsed: saved.parsed };
        added = { source: 'user', id: stored.id, name: stored.name, kind: stored.kind };
        const header =
          saved.header !== undefined ? ` (its first line "${saved.header.replace('\t', '⇥')}" is a header row and was skipped)` : '';
        this.uploadStatus = `Added ${file.name}: ${stored.rows.toLocaleString('en-US')} ${stored.kind === 'task' ? 'examples' : 'documents'}${header}, saved in this browser.`;
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    this.uploadErrors = errors;
    if (!added && this.uploadStatus.startsWith('Reading ')) this.uploadStatus = '';
    if (added) {
      await this.refreshUserDatasets();
      this.select(added);
    }
  }

  private async removeSelected() {
    const sel = this.selection;
    if (sel.source !== 'user') return;
    try {
      await this.store.delete(sel.id);
      if (this.lastAdded?.id === sel.id) this.lastAdded = undefined;
    } catch (err) {
      this.uploadErrors = [(err as Error).message];
      return;
    }
    await this.refreshUserDatasets();
    this.uploadStatus = `Removed ${sel.name}.`;
    this.select({ source: 'bundled', name: 'pretrain_factbook' });
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragging = false;
    const files = e.dataTransfer?.files;
    if (files?.length) void this.addFiles(files);
  }

  private get view(): DatasetView | undefined {
    return this.runState?.outputs?.view as DatasetView | undefined;
  }

  private renderPicker() {
    const sel = this.selection;
    const current = sel.source === 'user' ? `user:${sel.id}` : `bundled:${sel.name}`;
    const bundled = bundledDatasets();
    const option = (value: string, label: string) => html`<option value=${value} ?selected=${value === current}>${label}</option>`;
    return html`<div class="controls">
        <label
          >dataset
          <select name="dataset" @change=${this.onSelect}>
            <optgroup label="Pre-training corpora">
              ${bundled.filter((d) => d.kind === 'corpus').map((d) => option(`bundled:${d.name}`, d.name))}
            </optgroup>
            <optgroup label="Tasks (text to text)">
              ${bundled.filter((d) => d.kind === 'task').map((d) => option(`bundled:${d.name}`, d.name))}
            </optgroup>
            ${
              this.userDatasets.length
                ? html`<optgroup label="Your datasets">
                    ${this.userDatasets.map((d) => option(`user:${d.id}`, `${d.name} (${d.kind}, ${d.rows.toLocaleString('en-US')})`))}
                  </optgroup>`
                : nothing
            }
          </select></label
        >
        ${sel.source === 'user' ? html`<button class="remove" @click=${this.removeSelected}>Remove from this browser</button>` : nothing}
      </div>
      <div
        class="drop ${this.dragging ? 'dragging' : ''}"
        data-drop-zone
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = true;
        }}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <span
          >Add your own: drop a <code>.txt</code> corpus (one document per line) or a <code>.tsv</code> task (<code>input⇥target</code> per
          line) here, or</span
        >
        <input
          type="file"
          accept=".txt,.tsv,text/plain,text/tab-separated-values"
          multiple
          aria-label="Add a .txt or .tsv dataset"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            if (input.files?.length) void this.addFiles([...input.files]).then(() => (input.value = ''));
          }}
        />
      </div>
      ${
        this.uploadErrors.length
          ? html`<ul class="error errors" role="alert">
              ${this.uploadErrors.map((m) => html`<li>${m}</li>`)}
            </ul>`
          : nothing
      }
      ${this.uploadStatus ? html`<p class="status" role="status">${this.uploadStatus}</p>` : nothing}`;
  }

  private renderLengths(v: DatasetView) {
    return html`<figure data-figure="dataset-lengths">
      ${datasetLengthsFigure(v.lengths, { summary: v.summary })}<t5-figure-toolbar></t5-figure-toolbar>
      <figcaption>${datasetLengthsCaption(v.lengths)}</figcaption>
    </figure>`;
  }

  private renderSummary(v: DatasetView) {
    const s = v.summary;
    const n = (x: number) => x.toLocaleString('en-US');
    const unit = s.kind === 'task' ? 'examples' : 'documents';
    return html`<div class="summary" data-summary>
        <span><b>${n(s.rows)}</b> ${unit}</span>
        <span
          >train <b data-count="train">${n(s.train)}</b> · validation <b data-count="validation">${n(s.validation)}</b>
          <small>(hash of the ${s.kind === 'task' ? 'input' : 'document'}, ${VALIDATION_FRACTION * 100}%)</small></span
        >
        <span><b>${n(s.chars)}</b> characters</span>
        <span>publishes <code>${s.kind}</code></span>
      </div>
      ${
        v.info
          ? html`<p class="meta">
              ${v.info.prefix ? html`prefix <code>${v.info.prefix}</code> · ` : nothing}${v.info.metrics.length ? html`metrics ${v.info.metrics.join(', ')} · ` : nothing}source:
              ${v.info.source} · licence: ${v.info.license}
            </p>`
          : html`<p class="meta">
              your file, stored in this browser
              only${v.userTask?.header !== undefined ? html` · its header row <code>${v.userTask.header.replace('\t', '⇥')}</code> was skipped` : nothing}
            </p>`
      }
      ${v.userTask ? this.renderUserTask(v.userTask) : nothing}`;
  }

  /** Name, prefix and metric of the user's task: how the train cell, mixtures and experiments use it. */
  private renderUserTask(t: NonNullable<DatasetView['userTask']>) {
    const sel = this.selection;
    const metric = sel.source === 'user' ? (sel.metric ?? 'auto') : 'auto';
    return html`<div class="controls" data-user-task>
      <label
        >task name
        <input
          name="taskName"
          .value=${t.name}
          @change=${(e: Event) => this.setParam('taskName', (e.target as HTMLInputElement).value.trim() || undefined)}
      /></label>
      <label
        >prefix
        <input name="prefix" .value=${t.prefix} @change=${(e: Event) => this.setParam('prefix', (e.target as HTMLInputElement).value)}
      /></label>
      <label
        >metric
        <select name="metric" @change=${(e: Event) => this.setParam('metric', (e.target as HTMLSelectElement).value)}>
          ${METRIC_CHOICES.map((c) => html`<option value=${c} ?selected=${c === metric}>${METRIC_CHOICE_LABELS[c]}</option>`)}
        </select></label
      >
      <span class="meta" data-metrics>scored with ${t.metrics.join(', ')}</span>
    </div>`;
  }

  private renderBrowser(v: DatasetView) {
    const rows = v.splits[this.split];
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(this.page, pages - 1);
    const start = page * PAGE_SIZE;
    const slice = rows.slice(start, start + PAGE_SIZE);
    const isTask = v.summary.kind === 'task';
    const tab = (s: 'train' | 'validation') =>
      html`<button
        aria-pressed=${this.split === s ? 'true' : 'false'}
        @click=${() => {
          this.split = s;
          this.page = 0;
        }}
      >${s}</button>`;
    return html` <div class="browse">
        ${tab('train')}${tab('validation')}
        <button aria-label="previous page" ?disabled=${page === 0} @click=${() => (this.page = page - 1)}>‹</button>
        <span data-page
          >${rows.length ? `${(start + 1).toLocaleString('en-US')}–${(start + slice.length).toLocaleString('en-US')}` : '0'} of
          ${rows.length.toLocaleString('en-US')}</span
        >
        <button aria-label="next page" ?disabled=${page >= pages - 1} @click=${() => (this.page = page + 1)}>›</button>
      </div>
      <table data-examples>
        <thead>
          <tr>
            <th class="n">#</th>
            ${
              isTask
                ? html`<th>input</th>
                    <th>target</th>`
                : html`<th>document</th>`
            }
          </tr>
        </thead>
        <tbody>
          ${slice.map(
            (row, i) =>
              html`<tr>
                <td class="n">${start + i + 1}</td>
                ${
                  typeof row === 'string'
                    ? html`<td><div class="clip">${shown(row)}</div></td>`
                    : html`<td><div class="clip">${shown(row.inputs)}</div></td>
                        <td><div class="clip">${shown(row.targets)}</div></td>`
                }
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  override render() {
    const v = this.view;
    const st = this.runState;
    return html`
      ${paramErrorsView(datasetCellParams(this.spec?.params ?? {}).messages)} ${this.renderPicker()}
      ${st?.status === 'error' ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
      ${v ? html`${this.renderSummary(v)}${this.renderLengths(v)}${this.renderBrowser(v)}` : html`<p class="placeholder">${st ? 'Loading…' : 'Waiting for the notebook to run this cell.'}</p>`}
    `;
  }
}

defineCellKind(
  {
    kind: 'dataset',
    order: 30,
    tag: 't5-dataset-cell',
    label: 'Dataset',
    description: 'A bundled corpus or task, or your own .txt / .tsv file: counts, splits and examples',
    defaultParams: () => ({ source: 'bundled', name: 'pretrain_factbook' }),
  },
  DatasetCell,
);
