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
  /** The first line when it was a header row such as `input<TAB>target`, skipped (not an example). */
  header?: string;
}

export interface CorpusDataset {
  kind: 'corpus';
  name: string;
  documents: string[];
}

export type Dataset = TaskDataset | CorpusDataset;

/** At most this many errors are collected: enough to see a pattern, not a wall of text. */
export const MAX_REPORTED_ERRORS = 20;

/**
 * Longest line accepted, in characters. A longer "line" is nearly always a file whose line ends
 * were lost; one document that long would also be cut to a few segments by any objective.
 */
export const MAX_LINE_CHARS = 1_000_000;

/**
 * Splits into lines (LF, CRLF, or old-Mac CR-only line ends), numbering them from 1, skipping
 * blank ones.
 */
function* nonBlankLines(text: string): Generator<[number, string]> {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '') yield [i + 1, lines[i]];
  }
}

function tooLong(line: string): string | undefined {
  if (line.length <= MAX_LINE_CHARS) return undefined;
  return `${line.length.toLocaleString('en-US')} characters on one line (at most ${MAX_LINE_CHARS.toLocaleString('en-US')}): put one document or example per line, with LF or CRLF line ends`;
}

const INPUT_HEADERS = new Set(['input', 'inputs', 'source', 'src', 'text', 'sentence', 'question', 'prompt', 'x']);
const TARGET_HEADERS = new Set([
  'target',
  'targets',
  'label',
  'labels',
  'output',
  'outputs',
  'answer',
  'tgt',
  'y',
  'summary',
  'translation',
]);

/** True for a first row that names the columns (`input<TAB>target`, `text\tlabel`, …) instead of holding an example. */
export function isHeaderRow(inputs: string, targets: string): boolean {
  return INPUT_HEADERS.has(inputs.trim().toLowerCase()) && TARGET_HEADERS.has(targets.trim().toLowerCase());
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
 * Blank lines are skipped; LF, CRLF and CR line ends are accepted; a first row that names the
 * columns (see {@link isHeaderRow}) is skipped and returned as `header`.
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
  let header: string | undefined;
  let firstRow = true;
  for (const [n, line] of nonBlankLines(decoded.text)) {
    const wasFirst = firstRow;
    firstRow = false;
    const long = tooLong(line);
    if (long) {
      fail(n, long);
      continue;
    }
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
    if (wasFirst && isHeaderRow(inputs, targets)) {
      header = line;
      continue;
    }
    if (inputs.trim() === '') fail(n, 'empty input (nothing before the tab)');
    else if (targets.trim() === '') fail(n, 'empty target (nothing after the tab)');
    else examples.push({ inputs, targets });
  }
  if (errors.length) return { ok: false, errors };
  if (examples.length === 0) {
    const what = header === undefined ? 'no rows' : `only a header row ("${header.replace('\t', '<TAB>')}", skipped) and no examples`;
    return { ok: false, errors: [new DatasetError(name, 0, `${what}: expected lines of "input<TAB>target"`)] };
  }
  return { ok: true, value: header === undefined ? { kind: 'task', name, examples } : { kind: 'task', name, examples, header } };
}

/** Parses a corpus: every non-blank line is one document (blank lines are skipped). */
export function parseCorpus(source: DatasetSource, name: string): ParseResult<CorpusDataset> {
  checkName(name, 'parseCorpus');
  const decoded = decodeOrFail(source, name, 'parseCorpus');
  if ('errors' in decoded) return { ok: false, errors: decoded.errors };
  const documents: string[] = [];
  const errors: DatasetError[] = [];
  for (const [n, line] of nonBlankLines(decoded.text)) {
    const long = tooLong(line);
    if (long) {
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(new DatasetError(name, n, long));
    } else documents.push(line);
  }
  if (errors.length) return { ok: false, errors };
  if (documents.length === 0) return { ok: false, errors: [new DatasetError(name, 0, 'no rows: expected one document per line')] };
  return { ok: true, value: { kind: 'corpus', name, documents } };
}
