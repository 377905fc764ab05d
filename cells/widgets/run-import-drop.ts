import { LitElement, html, css, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FolderEntry } from '../../src/recipes/trainerFolderFiles.ts';
import type { StoredTrainerRun } from '../../src/recipes/storeTrainerRun.ts';
import { RUNS_CHANGED_EVENT } from './runs-events.ts';

/** Detail of the `run-imported` event. */
export type RunImportedDetail = StoredTrainerRun;

type Entry = FileSystemEntry;

/** Every file under a dropped entry, with its path relative to the drop (the entry's fullPath). */
async function walk(entry: Entry, out: FolderEntry[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\/+/, ''), data: file });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (Chromium: 100 at a time) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const e of batch) await walk(e, out);
  }
}

/** A picked or dropped File with its path: folder pickers give "t5-run/checkpoint-40/config.json". */
export function fileEntry(file: File): FolderEntry {
  return { path: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name, data: file };
}

/**
 * Bringing a cluster run back into the runs cell: drop an HF Trainer output folder (or a zip of
 * it) on the zone, or choose the folder with `input[type=file][webkitdirectory]` (keyboard and
 * no-drag users). The files are read by the same reader as `t5lab import-run`
 * (src/recipes/trainerFolder.ts) and stored (src/recipes/storeTrainerRun.ts); the element then
 * fires `run-imported` (bubbling, composed) and the window's runs-changed event.
 */
export class RunImportDrop extends LitElement {
  /** Database name (tests use a throwaway one). */
  @property({ attribute: false }) dbName?: string;
  @state() private busy = '';
  @state() private error = '';
  @state() private done = '';
  @state() private dragging = false;

  static override styles = css`
    :host {
      display: block;
      margin: 8px 0;
      font-size: 12.5px;
    }
    .drop {
      border: 1px dashed #999;
      border-radius: 6px;
      padding: 6px 10px;
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      align-items: center;
    }
    .drop.dragging {
      background: #eef6ff;
      border-color: #0072b2;
    }
    .error {
      color: #b00020;
      margin: 4px 0;
    }
    .done {
      color: #1b5e20;
      margin: 4px 0;
    }
    small {
      color: #666;
    }
  `;

  /** Reads, checks and stores dropped or chosen files; returns what was stored (tests await it). */
  async importEntries(entries: FolderEntry[]): Promise<StoredTrainerRun | undefined> {
    this.error = '';
    this.done = '';
    this.busy = `Reading ${entries.length} file${entries.length === 1 ? '' : 's'}…`;
    try {
      const [{ storeDroppedTrainerRun }, { entriesFromZip }] = await Promise.all([
        import('../../src/recipes/storeTrainerRun.ts'),
        import('../../src/recipes/trainerFolderFiles.ts'),
      ]);
      const zip = entries.length === 1 && /\.zip$/i.test(entries[0].path) ? entries[0] : undefined;
      const files = zip ? entriesFromZip(new Uint8Array(await zip.data.arrayBuffer()), zip.path.split('/').pop()!) : entries;
      const stored = await storeDroppedTrainerRun(files, { dbName: this.dbName });
      const r = stored.record;
      this.done = `Imported "${r.name}": ${r.status} at step ${r.step}, ${r.history.length} log entries${stored.checkpointId ? '; its checkpoint opens in a model cell' : '; curves only (no checkpoint with config.json + model.safetensors)'}.`;
      this.dispatchEvent(new CustomEvent<RunImportedDetail>('run-imported', { detail: stored, bubbles: true, composed: true }));
      dispatchEvent(new CustomEvent(RUNS_CHANGED_EVENT, { detail: { runId: r.id } }));
      return stored;
    } catch (err) {
      this.error = (err as Error).message;
      return undefined;
    } finally {
      this.busy = '';
    }
  }

  /** Picked files (the folder chooser or the zip chooser). */
  importFiles(files: Iterable<File>): Promise<StoredTrainerRun | undefined> {
    return this.importEntries([...files].map(fileEntry));
  }

  /** A drop: folders are walked (webkitGetAsEntry); browsers without it give the plain file list. */
  async importDataTransfer(dt: DataTransfer): Promise<StoredTrainerRun | undefined> {
    // Entries must be taken while the drop event is being dispatched: the list empties after.
    const roots = [...dt.items]
      .filter((i) => i.kind === 'file')
      .map((i) => i.webkitGetAsEntry?.() ?? null)
      .filter((e): e is Entry => e !== null);
    const plain = [...dt.files].map(fileEntry);
    if (roots.length === 0) return this.importEntries(plain);
    const entries: FolderEntry[] = [];
    try {
      for (const root of roots) await walk(root, entries);
    } catch (err) {
      this.error = `the dropped folder could not be read (${(err as Error).message})`;
      return undefined;
    }
    return this.importEntries(entries);
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragging = false;
    if (e.dataTransfer) void this.importDataTransfer(e.dataTransfer);
  }

  override render() {
    return html`
      <div
        class="drop ${this.dragging ? 'dragging' : ''}"
        data-run-drop-zone
        @dragover=${(e: DragEvent) => (e.preventDefault(), (this.dragging = true))}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <span>Bring back a cluster run: drop its HF Trainer output folder (or a zip of it) here, or</span>
        <label
          >choose folder
          <input
            type="file"
            data-role="run-import-folder"
            webkitdirectory
            @change=${(e: Event) => void this.importFiles((e.target as HTMLInputElement).files ?? [])}
        /></label>
        <label
          >zip
          <input
            type="file"
            accept=".zip,application/zip"
            data-role="run-import-zip"
            @change=${(e: Event) => void this.importFiles((e.target as HTMLInputElement).files ?? [])}
        /></label>
        <small>trainer_state.json and the last checkpoint-N (config.json, model.safetensors) are read; see docs/RECIPES.md</small>
      </div>
      ${this.busy ? html`<p data-run-import-busy>${this.busy}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert" data-run-import-error>${this.error}</p>` : nothing}
      ${this.done ? html`<p class="done" role="status" data-run-import-done>${this.done}</p>` : nothing}
    `;
  }
}

if (!customElements.get('t5-run-import-drop')) customElements.define('t5-run-import-drop', RunImportDrop);
