/**
 * Parsers for the two dataset shapes t5lab knows: task files (`input<TAB>target` per line) and
 * pre-training corpora (one document per line). Both validate and return errors as values with
 * line numbers, so a user's upload can be shown with what to fix instead of crashing.
 */
import { DatasetError, type ParseResult } from './datasetError.ts';
import { decodeDatasetText, type DatasetSource } from './decodeText.ts';

export interface TaskExample {
  inputs: string;
  targets: string;
}

export interface TaskDataset {
  kind: 'task';
  name: string;
  examples: TaskExample[];
}

export interface CorpusDataset {
  kind: 'corpus';
  name: string;
  documents: string[];
}

export type Dataset = TaskDataset | CorpusDataset;

/** At most this many errors are collected: enough to see a pattern, not a wall of text. */
export const MAX_REPORTED_ERRORS = 20;

/** Splits into lines (LF or CRLF), numbering them from 1, skipping blank ones. */
function* nonBlankLines(text: string): Generator<[number, string]> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() !== '') yield [i + 1, line];
  }
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

function checkName(name: unknown, where: string): string {
  if (typeof name !== 'string' || name === '') throw new TypeError(`${where}: name must be a non-empty string`);
  return name;
}

function decodeOrFail(source: DatasetSource, name: string, where: string): { text: string } | { errors: DatasetError[] } {
  if (typeof source !== 'string' && !(source instanceof Uint8Array) && !(source instanceof ArrayBuffer)) {
    throw new TypeError(`${where}: source must be a string, Uint8Array or ArrayBuffer`);
  }
  const decoded = decodeDatasetText(source, name);
  if (!decoded.ok) return { errors: [decoded.error] };
  if (decoded.text.trim() === '') return { errors: [new DatasetError(name, 0, 'the file is empty')] };
  return { text: decoded.text };
}

/**
 * Parses a task file: every non-blank line is `input<TAB>target`, both non-empty.
 * Blank lines are skipped; CRLF line ends are accepted.
 */
export function parseTsvTask(source: DatasetSource, name: string): ParseResult<TaskDataset> {
  checkName(name, 'parseTsvTask');
  const decoded = decodeOrFail(source, name, 'parseTsvTask');
  if ('errors' in decoded) return { ok: false, errors: decoded.errors };
  const examples: TaskExample[] = [];
  const errors: DatasetError[] = [];
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(new DatasetError(name, line, message));
  };
  for (const [n, line] of nonBlankLines(decoded.text)) {
    const first = line.indexOf('\t');
    if (first < 0) {
      fail(n, 'missing tab: expected "input<TAB>target"');
      continue;
    }
    const second = line.indexOf('\t', first + 1);
    if (second >= 0) {
      const count = line.split('\t').length - 1;
      fail(n, `${count} tabs, expected exactly 1: the ${ordinal(2)} tab is at column ${second + 1}`);
      continue;
    }
    const inputs = line.slice(0, first);
    const targets = line.slice(first + 1);
    if (inputs.trim() === '') fail(n, 'empty input (nothing before the tab)');
    else if (targets.trim() === '') fail(n, 'empty target (nothing after the tab)');
    else examples.push({ inputs, targets });
  }
  if (errors.length) return { ok: false, errors };
  if (examples.length === 0) return { ok: false, errors: [new DatasetError(name, 0, 'no rows: expected lines of "input<TAB>target"')] };
  return { ok: true, value: { kind: 'task', name, examples } };
}

/** Parses a corpus: every non-blank line is one document (blank lines are skipped). */
export function parseCorpus(source: DatasetSource, name: string): ParseResult<CorpusDataset> {
  checkName(name, 'parseCorpus');
  const decoded = decodeOrFail(source, name, 'parseCorpus');
  if ('errors' in decoded) return { ok: false, errors: decoded.errors };
  const documents: string[] = [];
  for (const [, line] of nonBlankLines(decoded.text)) documents.push(line);
  if (documents.length === 0) return { ok: false, errors: [new DatasetError(name, 0, 'no rows: expected one document per line')] };
  return { ok: true, value: { kind: 'corpus', name, documents } };
}
