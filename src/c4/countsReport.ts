/**
 * The per-rule counts as one JSON object: what `t5lab clean --json` prints and the cleaning cell
 * shows, so both can be compared number for number.
 */
import { BAD_WORD_COUNT } from './badWords.ts';
import { LANGUAGE_ID } from './language.ts';
import { RULE_IDS, type CleanCounts, type CleanOptions, type RuleCount, type RuleId } from './rules.ts';

export interface CleanReport {
  pages_in: number;
  pages_kept: number;
  lines_in: number;
  lines_kept: number;
  tokens_in: number;
  tokens_kept: number;
  /** What each rule removed; `tokens` are white-space separated words. */
  rules: Record<RuleId, RuleCount>;
  options: {
    min_words_per_line: number;
    min_sentences: number;
    max_word_length: number;
    dedupe: boolean;
    english_only: boolean;
    language_id: string;
    bad_words: string;
  };
}

/** The report of one cleaning run. */
export function cleanReport(counts: CleanCounts, options: CleanOptions): CleanReport {
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, { ...counts.rules[id] }])) as Record<RuleId, RuleCount>;
  return {
    pages_in: counts.pagesIn,
    pages_kept: counts.pagesKept,
    lines_in: counts.linesIn,
    lines_kept: counts.linesKept,
    tokens_in: counts.tokensIn,
    tokens_kept: counts.tokensKept,
    rules,
    options: {
      min_words_per_line: options.minWordsPerLine,
      min_sentences: options.minSentences,
      max_word_length: options.maxWordLength,
      dedupe: options.dedupe,
      english_only: options.englishOnly,
      language_id: options.englishOnly ? LANGUAGE_ID : 'none',
      bad_words: options.badWords === undefined ? `LDNOOBW en (${BAD_WORD_COUNT} terms)` : `${options.badWords.length} given terms`,
    },
  };
}
