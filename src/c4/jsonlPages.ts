/**
 * C4-style JSON Lines: one page per line, `{"text": "…", …}` with the page's lines separated by
 * "\n" and any other keys (url, timestamp) carried through. Parsing names the line that is wrong;
 * writing keeps each record's keys and their order, replacing only `text`.
 */
import { ValidationError } from '../validation/checks.ts';

export interface JsonlPage {
  /** 1-based line number in the file. */
  line: number;
  text: string;
  /** The whole record as read (text included). */
  record: Record<string, unknown>;
}

/**
 * Parses JSON Lines pages. Blank lines are skipped. Throws a ValidationError naming `label` (the
 * flag or file the user knows, e.g. `--in pages.jsonl`) and the line number of the first bad line.
 */
export function parseJsonlPages(content: string, label: string): JsonlPage[] {
  const pages: JsonlPage[] = [];
  const rows = content.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (err) {
      throw new ValidationError(label, `${label}: line ${line} is not valid JSON (${(err as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError(label, `${label}: line ${line} must be a JSON object like {"text": "..."}`);
    }
    const record = value as Record<string, unknown>;
    if (!Object.hasOwn(record, 'text')) throw new ValidationError(label, `${label}: line ${line} has no "text" key`);
    if (typeof record.text !== 'string') throw new ValidationError(label, `${label}: line ${line}: "text" must be a string`);
    pages.push({ line, text: record.text, record });
  }
  return pages;
}

/** One JSON line for a kept page: its record with `text` replaced (same keys, same order). */
export function formatJsonlPage(record: Record<string, unknown>, text: string): string {
  return JSON.stringify({ ...record, text });
}
