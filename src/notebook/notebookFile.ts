/**
 * `.t5lab.json` files: a notebook (and optionally its runs) as one JSON document. Importing is the
 * boundary where untrusted data comes in, so it is checked strictly, and an imported notebook is
 * never trusted: its code cells stay inert until the user says otherwise.
 */
import { NOTEBOOK_FORMAT, validateNotebook, type NotebookDocument } from './notebookDocument.ts';
import { checkNestingDepth } from './importLimits.ts';

export const NOTEBOOK_FILE_EXTENSION = '.t5lab.json';

export interface NotebookFile {
  notebook: NotebookDocument;
  /** Run records exported with the notebook (shape owned by the training engine). */
  runs?: unknown[];
}

/** Serialises a notebook for download; `runs` are included only when given. */
export function exportNotebookFile(notebook: NotebookDocument, runs?: unknown[]): string {
  const { trusted: _trusted, ...doc } = notebook;
  const file: Record<string, unknown> = { ...doc, exportedAt: new Date().toISOString() };
  if (runs?.length) file.runs = runs;
  return JSON.stringify(file, null, 2) + '\n';
}

/** What a JSON value is, in words ("null", "a number", "a list of 3 items"). */
function describeJson(value: unknown): string {
  if (value === null) return 'only null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'string') return 'a single string';
  return `a single ${typeof value}`;
}

/** Cuts a JSON.parse error down to a useful position hint. */
function jsonProblem(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return err.message;
  const pos = Number(m[1]);
  const line = text.slice(0, pos).split('\n').length;
  return `${err.message.replace(/ in JSON at position \d+.*/, '')} at line ${line}`;
}

/**
 * Parses and checks a `.t5lab.json` file. Throws an Error that names the problem (not JSON, not a
 * t5lab notebook, a newer format version, a malformed cell) — the caller shows it and stores
 * nothing, so a bad file can never overwrite a saved notebook.
 */
export function importNotebookFile(text: string, fileName = 'file'): NotebookFile {
  if (text.includes('\u0000')) throw new Error(`${fileName} is a binary file, not a t5lab notebook`);
  if (!text.trim()) throw new Error(`${fileName} is empty, not a t5lab notebook`);
  // Before parsing: a pathologically deep document would overflow every recursive walk after it.
  checkNestingDepth(text, fileName);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${fileName} is not valid JSON: ${jsonProblem(text, err as Error)}`, { cause: err });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(
      `${fileName} holds ${describeJson(raw)}, not a t5lab notebook (a notebook is a JSON object with "format": "${NOTEBOOK_FORMAT}")`,
    );
  }
  if ((raw as { format?: unknown }).format !== NOTEBOOK_FORMAT) {
    throw new Error(`${fileName} is not a t5lab notebook (format is ${JSON.stringify((raw as { format?: unknown }).format ?? null)})`);
  }
  let notebook: NotebookDocument;
  try {
    const { runs: _runs, exportedAt: _at, ...doc } = raw as Record<string, unknown>;
    notebook = validateNotebook(doc);
  } catch (err) {
    throw new Error(`${fileName}: ${(err as Error).message.replace(/^notebook: /, '')}`, { cause: err });
  }
  const runs = (raw as { runs?: unknown }).runs;
  if (runs !== undefined && !Array.isArray(runs)) throw new Error(`${fileName}: runs must be an array`);
  return { notebook: { ...notebook, trusted: false }, runs: runs as unknown[] | undefined };
}
