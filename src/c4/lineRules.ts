/**
 * C4's line rules (T5 paper §2.2; TensorFlow Datasets `c4_utils.clean_page`), each a pure
 * predicate over one stripped line. `cleanPage.ts` applies them in c4_utils' order.
 */
import { codePointLength, splitWords } from './words.ts';

/** c4_utils' end marks: a kept line ends in one of these ('"' so that a quoted sentence counts). */
export const END_MARKS = ['.', '?', '!', '"'] as const;
/** c4_utils' policy substrings (lower case). */
export const POLICY_SUBSTRINGS = [
  'terms of use',
  'privacy policy',
  'cookie policy',
  'uses cookies',
  'use of cookies',
  'use cookies',
] as const;

/** Wikipedia-style citation markers c4_utils deletes from every line: [1], [], [edit], [citation needed]. */
const CITATION = /\[\d*\]|\[edit\]|\[citation needed\]/g;

/** True when some white-space separated word is longer than `maxWordLength` code points. */
export function hasTooLongWord(line: string, maxWordLength: number): boolean {
  for (const w of splitWords(line)) if (w.length > maxWordLength && codePointLength(w) > maxWordLength) return true;
  return false;
}

/** The line with its citation markers removed (nothing else changes: c4_utils does not re-strip). */
export function removeCitations(line: string): string {
  return line.replace(CITATION, '');
}

/** The number of citation markers in `line`. */
export function countCitations(line: string): number {
  return line.match(CITATION)?.length ?? 0;
}

/** True when the line ends in terminal punctuation or a closing quote, and not in an ellipsis "...". */
export function endsWithTerminalPunctuation(line: string): boolean {
  return END_MARKS.some((m) => line.endsWith(m)) && !line.endsWith('...');
}

/** True when the line has at least `minWords` words. */
export function hasEnoughWords(line: string, minWords: number): boolean {
  return splitWords(line).length >= minWords;
}

/** True when the line mentions JavaScript (c4_utils drops "javascript must be enabled" notices). */
export function mentionsJavascript(line: string): boolean {
  return line.toLowerCase().includes('javascript');
}

/** True when the line contains a policy or cookie notice substring. */
export function isPolicyLine(line: string): boolean {
  const lower = line.toLowerCase();
  return POLICY_SUBSTRINGS.some((p) => lower.includes(p));
}
