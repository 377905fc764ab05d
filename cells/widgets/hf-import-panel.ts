import { LitElement, html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { HfFolderSummary } from '../../src/checkpoint/hfFolder.ts';
import { parseHfFilesOffThread, type HfParsed } from '../../src/checkpoint/hfParse.ts';
import { HfCheckpointStore, type HfCheckpointListing } from '../../src/storage/hfCheckpointStore.ts';

/** Files a checkpoint folder may hold; anything else the user drops (e.g. pytorch_model.bin) is ignored. */
const WANTED =
  /^(config\.json|generation_config\.json|model\.safetensors|model\.safetensors\.index\.json|model-\d+-of-\d+\.safetensors|spiece\.model|tokenizer\.json|tokenizer\.t5lab\.json)$/;

/** Base name of a picked or dropped file (folder pickers give "t5-small/config.json"). */
function baseName(file: File): string {
  const path = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
  return path.split('/').pop()!;
}

export function summaryLine(s: HfFolderSummary, bytes: number): string {
  const dtypes = Object.entries(s.dtypes)
    .map(([d, n]) => `${d} ×${n}`)
    .join(', ');
  return `${s.architecture}; T5 ${s.version}; ${s.params.toLocaleString('en-US')} parameters; ${dtypes}; ${(bytes / 2 ** 20).toFixed(1)} MiB in ${s.shards.length} weight file${s.shards.length === 1 ? '' : 's'}${s.tokenizerFile ? `; tokenizer from ${s.tokenizerFile}` : '; no tokenizer file'}`;
}

/**
 * Opening a Hugging Face checkpoint folder for the model cell: a file picker
 * (`input[type=file][data-role=hf-import]`, several files at once), a folder picker and a drop
 * zone. The files are checked (hfFolder.ts) before they are stored in IndexedDB; the panel then
 * fires `hf-checkpoint-selected` with the stored id (or null to go back to building from the
 * form). Stored checkpoints are listed, so a reload never asks for the files again.
 */
export class HfImportPanel extends LitElement {
  /** Id of the checkpoint the model cell uses, if any. */
  @property({ attribute: false }) selected: string | null = null;
  /** Database name (tests use a throwaway one). */
  @property({ attribute: false }) dbName?: string;
  @state() private stored: HfCheckpointListing[] = [];
  @state() private progress: { phase: 'reading' | 'decoding'; done: number; total: number } | null = null;
  /** Where the last import was parsed ('worker' in a browser; tests check it). */
  lastParsedIn: HfParsed['parsedIn'] | undefined;
  @state() private error = '';
  @state() private dragging = false;

  static override styles = css`
    :host {
      display: block;
      margin-bottom: 10px;
      font-size: 13px;
    }
    .drop {
      border: 1px dashed #999;
      border-radius: 6px;
      padding: 8px 10px;
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      align-items: center;
    }
    .drop.dragging {
      background: #eef6ff;
      border-color: #0072b2;
    }
    progress {
      width: 220px;
    }
    .error {
      color: #b00020;
    }
    ul {
      margin: 6px 0 0;
      padding-left: 18px;
    }
    li {
      margin: 2px 0;
    }
    li.selected {
      font-weight: 600;
    }
    button {
      font: inherit;
      font-size: 12px;
    }
    small {
      color: #666;
    }
  `;

  private get store() {
    return new HfCheckpointStore(this.dbName);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh() {
    try {
      this.stored = await this.store.list();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private select(id: string | null) {
    this.dispatchEvent(new CustomEvent('hf-checkpoint-selected', { detail: { id }, bubbles: true, composed: true }));
  }

  /** Reads, checks and stores the files; selects the new checkpoint. Returns its id (tests await it). */
  async importFiles(fileList: Iterable<File>): Promise<string | undefined> {
    const files = [...fileList].filter((f) => WANTED.test(baseName(f)));
    this.error = '';
    if (files.length === 0) {
      this.error =
        'none of these files belongs to a Hugging Face T5 checkpoint (expected config.json, model.safetensors or its shards, spiece.model / tokenizer.json)';
      return undefined;
    }
    const total = files.reduce((a, f) => a + f.size, 0);
    this.progress = { phase: 'reading', done: 0, total };
    try {
      // Read, parse, convert and check in a worker: the page stays responsive on a 240 MB folder.
      const named = files.map((f) => ({ name: baseName(f), data: f as Blob }));
      const parsed = await parseHfFilesOffThread(named, { weights: false, onProgress: (p) => (this.progress = p) });
      this.lastParsedIn = parsed.parsedIn;
      const dir = (files[0] as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/')[0];
      const name = dir || `T5 ${parsed.summary.version}, ${parsed.summary.params.toLocaleString('en-US')} parameters`;
      const id = await this.store.save(name, new Map(named.map((f) => [f.name, f.data])), parsed.summary);
      await this.refresh();
      this.select(id);
      return id;
    } catch (err) {
      this.error = (err as Error).message;
      return undefined;
    } finally {
      this.progress = null;
    }
  }

  private async deleteStored(id: string) {
    await this.store.delete(id);
    if (id === this.selected) this.select(null);
    await this.refresh();
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragging = false;
    if (e.dataTransfer?.files.length) void this.importFiles(e.dataTransfer.files);
  }

  override render() {
    return html`
      <div
        class="drop ${this.dragging ? 'dragging' : ''}"
        data-drop-zone
        @dragover=${(e: DragEvent) => (e.preventDefault(), (this.dragging = true))}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <span>Open a Hugging Face T5 checkpoint:</span>
        <label
          >files
          <input
            type="file"
            data-role="hf-import"
            multiple
            @change=${(e: Event) => void this.importFiles((e.target as HTMLInputElement).files ?? [])}
        /></label>
        <label
          >folder
          <input
            type="file"
            data-role="hf-import-folder"
            webkitdirectory
            @change=${(e: Event) => void this.importFiles((e.target as HTMLInputElement).files ?? [])}
        /></label>
        <small>or drop the files here (config.json, model.safetensors or shards, spiece.model / tokenizer.json)</small>
        ${
          this.progress
            ? html`<progress
                  data-import-progress
                  max=${this.progress.total}
                  value=${this.progress.phase === 'reading' ? this.progress.done : nothing}
                ></progress>
                <small data-import-phase=${this.progress.phase}
                  >${
                    this.progress.phase === 'reading'
                      ? `reading ${(this.progress.done / 2 ** 20).toFixed(1)} / ${(this.progress.total / 2 ** 20).toFixed(1)} MiB`
                      : `checking and converting ${(this.progress.total / 2 ** 20).toFixed(1)} MiB of weights`
                  }</small
                >`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="error" role="alert" data-import-error>${this.error}</p>` : nothing}
      ${
        this.stored.length
          ? html`<ul data-stored-checkpoints>
              ${this.stored.map(
                (c) =>
                  html`<li class=${c.id === this.selected ? 'selected' : ''} data-checkpoint-id=${c.id}>
                    ${c.name} <small>${summaryLine(c.summary, c.bytes)}</small>
                    ${c.id === this.selected ? html`<small>(in use)</small>` : html`<button @click=${() => this.select(c.id)}>use</button>`}
                    <button @click=${() => void this.deleteStored(c.id)}>delete</button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${this.selected ? html`<button data-build-from-form @click=${() => this.select(null)}>build from the form instead</button>` : nothing}
    `;
  }
}

if (!customElements.get('t5-hf-import-panel')) customElements.define('t5-hf-import-panel', HfImportPanel);
