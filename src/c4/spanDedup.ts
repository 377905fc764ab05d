/**
 * C4's deduplication (§2.2): "we discarded all but one of any three-sentence span occurring more
 * than once in the data set". Pages are visited in corpus order; the first occurrence of a span
 * stays and every later one (in another page or the same page) loses its three sentences. A line
 * whose sentences are all removed is removed; one that loses some is shortened.
 *
 * TensorFlow Datasets' code deduplicates whole lines and keeps the occurrence whose URL hashes
 * lowest; t5lab follows the paper's spans and keeps the first, which a reader can check by eye.
 */
import type { PageDecision } from './cleanPage.ts';
import { countWords } from './words.ts';
import { splitSentences } from './sentences.ts';

function normalize(s: string): string {
  return s.toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * Removes repeated three-sentence spans from the kept lines of `pages` (in place, in order),
 * marking removed lines `duplicate-span` and shortened ones with the edit. Pages already removed
 * are skipped; `seen` carries the spans of earlier calls.
 */
export function dedupeSpans(pages: PageDecision[], seen: Set<string> = new Set()): void {
  for (const page of pages) {
    if (page.removedBy) continue;
    const live = page.lines.filter((l) => !l.removedBy);
    const sentences: { line: number; text: string; key: string }[] = [];
    live.forEach((l, i) => {
      for (const s of splitSentences(l.text)) sentences.push({ line: i, text: s, key: normalize(s) });
    });
    const dup = new Array<boolean>(sentences.length).fill(false);
    for (let k = 0; k + 3 <= sentences.length; k++) {
      const key = `${sentences[k].key}\n${sentences[k + 1].key}\n${sentences[k + 2].key}`;
      if (seen.has(key)) dup[k] = dup[k + 1] = dup[k + 2] = true;
      else seen.add(key);
    }
    const byLine: { text: string; dup: boolean }[][] = live.map(() => []);
    sentences.forEach((s, k) => byLine[s.line].push({ text: s.text, dup: dup[k] }));
    live.forEach((l, i) => {
      const own = byLine[i];
      const kept = own.filter((s) => !s.dup);
      if (kept.length === own.length) return;
      if (kept.length === 0) l.removedBy = 'duplicate-span';
      else {
        const text = kept.map((s) => s.text).join(' ');
        l.edits.push({ rule: 'duplicate-span', tokens: countWords(l.text) - countWords(text) });
        l.text = text;
      }
    });
  }
}
