/**
 * One page through C4's line rules, as TensorFlow Datasets' `clean_page` does it: each stripped
 * line is checked in order (too-long word, citations removed, end mark, word count, lorem ipsum,
 * JavaScript, curly brace, policy); "lorem ipsum" and "{" drop the page at once, so later lines
 * are not examined; then a page whose kept lines hold too few sentences is dropped.
 */
import { containsCurlyBrace, containsLoremIpsum, hasEnoughSentences } from './pageRules.ts';
import {
  countCitations,
  endsWithTerminalPunctuation,
  hasEnoughWords,
  hasTooLongWord,
  isPolicyLine,
  mentionsJavascript,
  removeCitations,
} from './lineRules.ts';
import type { CleanOptions, RuleId } from './rules.ts';
import { countWords, splitLines } from './words.ts';

/** The fate of one line of a page. */
export interface LineDecision {
  /** The line as it came (stripped). */
  original: string;
  /** Its text now (citations or duplicate sentences removed); meaningful while kept. */
  text: string;
  /** The line rule that removed it; undefined while the line is kept (its page may still be dropped). */
  removedBy?: RuleId;
  /** Rules that shortened it but kept it, with the words each one took. */
  edits: { rule: RuleId; tokens: number }[];
}

/** One page after the line rules; `removedBy` is a page rule when the whole page went. */
export interface PageDecision {
  lines: LineDecision[];
  removedBy?: RuleId;
  /** What triggered a page rule: the bad word found, the language detected, the sentence count. */
  detail?: string;
  /** Index of the line that dropped the page (lorem ipsum, curly brace); lines after it were not examined. */
  stopLine?: number;
}

/** The kept lines' current texts. */
export function keptLines(page: PageDecision): string[] {
  return page.removedBy ? [] : page.lines.filter((l) => !l.removedBy).map((l) => l.text);
}

/** Applies the line rules, lorem ipsum, curly brace and the sentence minimum to one page's text. */
export function cleanPage(text: string, options: Pick<CleanOptions, 'minWordsPerLine' | 'minSentences' | 'maxWordLength'>): PageDecision {
  const lines: LineDecision[] = splitLines(text).map((l) => ({ original: l.trim(), text: l.trim(), edits: [] }));
  for (let i = 0; i < lines.length; i++) {
    const d = lines[i];
    if (hasTooLongWord(d.text, options.maxWordLength)) {
      d.removedBy = 'too-long-word';
      continue;
    }
    if (countCitations(d.text) > 0) {
      const text = removeCitations(d.text);
      d.edits.push({ rule: 'citation', tokens: countWords(d.text) - countWords(text) });
      d.text = text;
    }
    const line = d.text;
    if (!endsWithTerminalPunctuation(line)) d.removedBy = 'no-terminal-punctuation';
    else if (!hasEnoughWords(line, options.minWordsPerLine)) d.removedBy = 'too-few-words';
    else if (containsLoremIpsum(line)) return { lines, removedBy: 'lorem-ipsum', stopLine: i };
    else if (mentionsJavascript(line)) d.removedBy = 'javascript';
    else if (containsCurlyBrace(line)) return { lines, removedBy: 'curly-brace', stopLine: i };
    else if (isPolicyLine(line)) d.removedBy = 'policy';
  }
  const page: PageDecision = { lines };
  const kept = keptLines(page);
  if (!hasEnoughSentences(kept, options.minSentences)) {
    return { lines, removedBy: 'too-few-sentences', detail: `fewer than ${options.minSentences} sentences` };
  }
  return page;
}
