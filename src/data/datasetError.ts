/**
 * Problems found in a dataset file, as values the UI can list ("line 12: 2 tabs …"), never thrown.
 * `line` is 1-based; 0 means the problem concerns the whole file (empty file, no rows).
 */
export class DatasetError {
  constructor(
    /** Name of the dataset (file name or what the user called it). */
    readonly dataset: string,
    /** 1-based line number, or 0 for whole-file problems. */
    readonly line: number,
    /** What is wrong, in words a user can act on. */
    readonly message: string,
  ) {}

  /** "sentiment.tsv, line 3: …" */
  toString(): string {
    return this.line > 0 ? `${this.dataset}, line ${this.line}: ${this.message}` : `${this.dataset}: ${this.message}`;
  }
}

/** Either the parsed value, or the errors found (the first one is the most important). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: DatasetError[] };
