/**
 * The names, order, defaults and count shapes of C4's cleaning rules. Rule ids are an interface
 * (the keys of `t5lab clean --json` and of the cleaning cell's table), so they never change.
 */

/** Every rule, in the order the pipeline applies them (c4_utils' order). */
export const RULE_IDS = [
  'too-long-word',
  'citation',
  'no-terminal-punctuation',
  'too-few-words',
  'lorem-ipsum',
  'javascript',
  'curly-brace',
  'policy',
  'too-few-sentences',
  'duplicate-span',
  'not-english',
  'bad-words',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** What a rule removes: one line, the whole page, or (citations) part of a line. */
export type RuleScope = 'line' | 'page' | 'edit';

export interface RuleInfo {
  id: RuleId;
  scope: RuleScope;
  /** What the rule does, in the paper's words where it has them. */
  label: string;
}

export const RULES: Record<RuleId, RuleInfo> = {
  'too-long-word': { id: 'too-long-word', scope: 'line', label: 'line has a word longer than the maximum' },
  citation: { id: 'citation', scope: 'edit', label: 'citation markers ([1], [edit], [citation needed]) removed' },
  'no-terminal-punctuation': { id: 'no-terminal-punctuation', scope: 'line', label: 'line does not end in . ? ! or " (or ends in ...)' },
  'too-few-words': { id: 'too-few-words', scope: 'line', label: 'line has fewer than the minimum words' },
  'lorem-ipsum': { id: 'lorem-ipsum', scope: 'page', label: 'page contains "lorem ipsum"' },
  javascript: { id: 'javascript', scope: 'line', label: 'line mentions JavaScript' },
  'curly-brace': { id: 'curly-brace', scope: 'page', label: 'page contains a curly brace "{"' },
  policy: { id: 'policy', scope: 'line', label: 'line is a terms-of-use, privacy or cookie notice' },
  'too-few-sentences': { id: 'too-few-sentences', scope: 'page', label: 'page has fewer than the minimum sentences' },
  'duplicate-span': { id: 'duplicate-span', scope: 'line', label: 'three-sentence span seen earlier in the corpus' },
  'not-english': { id: 'not-english', scope: 'page', label: 'page is not English' },
  'bad-words': { id: 'bad-words', scope: 'page', label: 'page contains a bad-word-list term' },
};

/** The thresholds of the paper (§2.2); TensorFlow Datasets' code has 5 words / 3 sentences. */
export interface CleanOptions {
  /** Lines with fewer words are removed (paper: 3). */
  minWordsPerLine: number;
  /** Pages with fewer sentences are removed (paper: 5). */
  minSentences: number;
  /** Lines with a longer word (code points) are removed (c4_utils: 1000). */
  maxWordLength: number;
  /** Deduplicate three-sentence spans across the corpus. */
  dedupe: boolean;
  /** Keep English pages only. */
  englishOnly: boolean;
  /** Bad-word terms (lower case); undefined: the bundled English LDNOOBW list; []: no bad-words rule. */
  badWords?: readonly string[];
}

export const C4_DEFAULTS: CleanOptions = { minWordsPerLine: 3, minSentences: 5, maxWordLength: 1000, dedupe: true, englishOnly: true };

/** What one rule removed. `tokens` are white-space separated words; `edited` counts lines it shortened but kept. */
export interface RuleCount {
  lines: number;
  pages: number;
  tokens: number;
  edited: number;
}

/** Totals in and out, and what each rule removed; in = out + the sum over rules, for lines and tokens. */
export interface CleanCounts {
  pagesIn: number;
  pagesKept: number;
  linesIn: number;
  linesKept: number;
  tokensIn: number;
  tokensKept: number;
  rules: Record<RuleId, RuleCount>;
}

export function emptyCounts(): CleanCounts {
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, { lines: 0, pages: 0, tokens: 0, edited: 0 }])) as Record<RuleId, RuleCount>;
  return { pagesIn: 0, pagesKept: 0, linesIn: 0, linesKept: 0, tokensIn: 0, tokensKept: 0, rules };
}
