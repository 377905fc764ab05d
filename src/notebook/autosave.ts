/**
 * Debounced autosave: every change schedules a save; saves never overlap and the latest
 * document wins. A failed save reports its message (a StorageError says what happened and that
 * nothing saved was lost) and keeps the document, so the next change or `flush()` retries.
 */
import type { NotebookDocument } from './notebookDocument.ts';

export interface SaveStatus {
  state: 'saved' | 'saving' | 'error';
  /** The failed save's message (state 'error'). */
  error?: string;
  /** When the last successful save finished (ms since the epoch). */
  savedAt?: number;
}

export class Autosaver {
  private pending?: NotebookDocument;
  private timer?: ReturnType<typeof setTimeout>;
  private chain: Promise<void> = Promise.resolve();
  private current: SaveStatus = { state: 'saved' };

  /**
   * @param save writes one document (NotebookStore.save)
   * @param onStatus called on every status change
   * @param delayMs quiet time after the last change before writing
   */
  constructor(
    private readonly save: (doc: NotebookDocument) => Promise<void>,
    private readonly onStatus: (status: SaveStatus) => void,
    private readonly delayMs = 400,
  ) {
    if (!(delayMs >= 0)) throw new Error(`Autosaver: delayMs must be ≥ 0 (got ${delayMs})`);
  }

  get status(): SaveStatus {
    return this.current;
  }

  /** Records a change; it is written after `delayMs` without further changes. */
  schedule(doc: NotebookDocument): void {
    this.pending = doc;
    this.setStatus({ ...this.current, state: 'saving', error: undefined });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes the pending change now (if any) and resolves when every save so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const doc = this.pending;
    this.pending = undefined;
    if (doc) {
      this.chain = this.chain.then(async () => {
        try {
          await this.save(doc);
          // A newer change may have arrived meanwhile: it is still 'saving'.
          if (!this.pending) this.setStatus({ state: 'saved', savedAt: Date.now() });
        } catch (err) {
          if (!this.pending) this.pending = doc;
          this.setStatus({ state: 'error', error: (err as Error)?.message ?? String(err), savedAt: this.current.savedAt });
        }
      });
    }
    return this.chain;
  }

  /** Forgets a pending change (the notebook was deleted). */
  cancel(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
    if (this.current.state !== 'saved') this.setStatus({ state: 'saved', savedAt: this.current.savedAt });
  }

  private setStatus(status: SaveStatus): void {
    this.current = status;
    this.onStatus(status);
  }
}
