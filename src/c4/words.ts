/**
 * Words and lines as Python sees them, so C4's rules count exactly what c4_utils counts:
 * `str.splitlines()` (every Unicode line boundary, no empty last line after a final newline),
 * `str.split()` (runs of white space) and `len()` (code points, not UTF-16 units).
 */

// eslint-disable-next-line no-control-regex -- Python's splitlines() breaks at these control characters too.
const LINE_BREAK = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/;

/** Python's `text.splitlines()`. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(LINE_BREAK);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Python's `line.split()`: the white-space separated words of a line. */
export function splitWords(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/u);
}

/** The number of words in `line` (the unit of the "tokens removed" counts). */
export function countWords(line: string): number {
  return splitWords(line).length;
}

/** Python's `len(word)`: code points. */
export function codePointLength(s: string): number {
  return Array.from(s).length;
}
