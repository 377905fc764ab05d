/**
 * C4's page rules: a page is dropped whole when a line that survived the line rules contains
 * "lorem ipsum" or a curly brace (probably code), when it has a bad-word-list term, or when its
 * kept lines hold fewer than the minimum number of sentences.
 */
import { countSentences } from './sentences.ts';

/** True when the line contains placeholder text ("lorem ipsum", any case). */
export function containsLoremIpsum(line: string): boolean {
  return line.toLowerCase().includes('lorem ipsum');
}

/** True when the line contains "{", which "appears in many programming languages … but not in natural text". */
export function containsCurlyBrace(line: string): boolean {
  return line.includes('{');
}

/** True when `lines` hold at least `minSentences` sentences (counted per line, as c4_utils does). */
export function hasEnoughSentences(lines: readonly string[], minSentences: number): boolean {
  let n = 0;
  for (const l of lines) {
    n += countSentences(l);
    if (n >= minSentences) return true;
  }
  return false;
}
