/**
 * What the tokenizer cell shows about a tokenizer: each token of a text with its id (sentinels
 * named `<extra_id_k>`), characters per token on some texts, and how long the vocabulary's
 * pieces are. Pure and tokenizer-agnostic (works on any `Tokenizer`).
 */
import { sentinelIndex, type Tokenizer } from './tokenizer.ts';

export interface TokenChip {
  id: number;
  /** Display text (`pieces()`; sentinels as `<extra_id_k>`). */
  piece: string;
  /** k for `<extra_id_k>`, else −1. */
  sentinel: number;
}

/** `text` as tokens, optionally followed by sentinels 0 … `sentinels` − 1 (to show where they sit). */
export function tokenChips(tokenizer: Tokenizer, text: string): TokenChip[] {
  const ids = tokenizer.encode(text);
  return chipsOf(tokenizer, ids);
}

export function chipsOf(tokenizer: Tokenizer, ids: ArrayLike<number>): TokenChip[] {
  const pieces = tokenizer.pieces(ids);
  return Array.from(ids, (id, i) => ({ id, piece: pieces[i], sentinel: sentinelIndex(id, tokenizer.vocabSize, tokenizer.numSentinels) }));
}

/** Characters (UTF-16 code units, as String.length) per token over `texts`; NaN for no tokens. */
export function charsPerToken(tokenizer: Tokenizer, texts: readonly string[]): { chars: number; tokens: number; ratio: number } {
  let chars = 0;
  let tokens = 0;
  for (const t of texts) {
    chars += t.length;
    tokens += tokenizer.encode(t).length;
  }
  return { chars, tokens, ratio: tokens ? chars / tokens : NaN };
}

export interface PieceLengthRow {
  /** Characters in the piece (the word-start marker ▁ counts as one). */
  length: number;
  pieces: number;
}

/**
 * How many vocabulary pieces have each length, from the tokenizer's JSON form: learned pieces of
 * a unigram tokenizer, the vocabulary of an imported tokenizer.json. Byte tokenizers have none.
 */
export function pieceLengthRows(tokenizer: Tokenizer): PieceLengthRow[] {
  const json = tokenizer.toJSON();
  let pieces: unknown[] = [];
  if (Array.isArray(json.pieces)) pieces = json.pieces;
  else if (json.tokenizer && typeof json.tokenizer === 'object') {
    const vocab = (json.tokenizer as { model?: { vocab?: unknown } }).model?.vocab;
    if (Array.isArray(vocab)) pieces = vocab;
  }
  const counts = new Map<number, number>();
  for (const entry of pieces) {
    const piece = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof piece !== 'string' || /^<.*>$/.test(piece)) continue; // specials, bytes, sentinels
    const length = [...piece].length;
    counts.set(length, (counts.get(length) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([length, n]) => ({ length, pieces: n }));
}
