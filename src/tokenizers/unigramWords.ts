/**
 * Pre-tokenisation of the unigram tokenizer. SentencePiece marks word starts with "▁" and adds a
 * dummy prefix so a sentence-initial word looks like any other; we do the same with the space
 * character itself (shown as "▁" by `pieces()`), which keeps decoding exactly lossless: a literal
 * "▁" in the text stays a literal "▁". Pieces never cross a word boundary.
 */

const WORD = / [^ ]*/g;

/** " " + text, cut before every space: "a  b" → [" a", " ", " b"]. */
export function splitWords(text: string): string[] {
  return (' ' + text).match(WORD) ?? [];
}

/** The display form of a piece: spaces as "▁" (U+2581), as SentencePiece prints them. */
export function displayPiece(piece: string): string {
  return piece.replaceAll(' ', '\u2581');
}
