/**
 * Pages (lines separated by "\n") as pre-training documents: t5lab's corpora hold one document per
 * line, so a page's lines are joined with spaces. The raw corpus (Table 8's "unfiltered" row) and
 * its cleaned version become documents the same way, so the two differ only by the cleaning.
 */
import { splitLines } from './words.ts';

/** One page as one document: its non-empty lines, trimmed, joined by single spaces. */
export function pageDocument(text: string): string {
  return splitLines(text)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

/** Every non-empty page as a document, in order. */
export function pageDocuments(texts: readonly string[]): string[] {
  return texts.map(pageDocument).filter((d) => d !== '');
}

/** A corpus file's text (one document per line) for pages. */
export function pageCorpusText(texts: readonly string[]): string {
  return pageDocuments(texts).join('\n') + '\n';
}

/** The name of a corpus's C4-cleaned version, as the cell publishes it. */
export function cleanedCorpusName(name: string): string {
  return `${name} (C4-cleaned)`;
}
