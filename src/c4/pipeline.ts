/**
 * The whole C4 cleaning pipeline over a corpus of pages, in TensorFlow Datasets' order: the line
 * rules and page rules of `clean_page`, three-sentence-span deduplication (then the sentence
 * minimum again, as c4_utils re-checks after deduplicating), English only, and the bad-words list.
 * It returns each page's line decisions and, per rule, the lines, pages and words it removed.
 */
import { badWordMatcher } from './badWords.ts';
import { cleanPage, keptLines, type PageDecision } from './cleanPage.ts';
import { detectLanguage } from './language.ts';
import { hasEnoughSentences } from './pageRules.ts';
import { C4_DEFAULTS, emptyCounts, type CleanCounts, type CleanOptions } from './rules.ts';
import { dedupeSpans } from './spanDedup.ts';
import { countWords } from './words.ts';

export interface CleanedCorpus {
  /** One decision per input page, in input order. */
  pages: PageDecision[];
  counts: CleanCounts;
  options: CleanOptions;
}

/** The cleaned text of a kept page (kept lines joined by "\n", stripped), or undefined if removed. */
export function cleanedText(page: PageDecision): string | undefined {
  return page.removedBy ? undefined : keptLines(page).join('\n').trim();
}

/** Runs every rule over `texts` (one page each, lines separated by "\n"). */
export function cleanCorpus(texts: readonly string[], options: Partial<CleanOptions> = {}): CleanedCorpus {
  const o: CleanOptions = { ...C4_DEFAULTS, ...options };
  const pages = texts.map((t) => cleanPage(t, o));
  if (o.dedupe) {
    dedupeSpans(pages);
    for (const p of pages) {
      if (p.removedBy) continue;
      const kept = keptLines(p);
      if (kept.length === 0) p.removedBy = 'duplicate-span';
      else if (!hasEnoughSentences(kept, o.minSentences)) {
        p.removedBy = 'too-few-sentences';
        p.detail = `fewer than ${o.minSentences} sentences after deduplication`;
      }
    }
  }
  if (o.englishOnly) {
    for (const p of pages) {
      if (p.removedBy) continue;
      const lang = detectLanguage(keptLines(p).join('\n'));
      if (lang !== 'eng') {
        p.removedBy = 'not-english';
        p.detail = lang;
      }
    }
  }
  const findBadWord = badWordMatcher(o.badWords);
  for (const p of pages) {
    if (p.removedBy) continue;
    const term = findBadWord(keptLines(p).join('\n'));
    if (term !== undefined) {
      p.removedBy = 'bad-words';
      p.detail = term;
    }
  }
  return { pages, counts: countDecisions(pages), options: o };
}

/** Per-rule counts of a set of page decisions (lines and words removed by each rule). */
export function countDecisions(pages: readonly PageDecision[]): CleanCounts {
  const c = emptyCounts();
  for (const p of pages) {
    c.pagesIn++;
    for (const l of p.lines) {
      c.linesIn++;
      c.tokensIn += countWords(l.original);
      for (const e of l.edits) {
        c.rules[e.rule].edited++;
        c.rules[e.rule].tokens += e.tokens;
      }
      const words = countWords(l.text);
      if (l.removedBy) {
        c.rules[l.removedBy].lines++;
        c.rules[l.removedBy].tokens += words;
      } else if (p.removedBy) {
        c.rules[p.removedBy].lines++;
        c.rules[p.removedBy].tokens += words;
      } else {
        c.linesKept++;
        c.tokensKept += words;
      }
    }
    if (p.removedBy) c.rules[p.removedBy].pages++;
    else c.pagesKept++;
  }
  return c;
}
