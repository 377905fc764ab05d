/**
 * Rebuilds a tokenizer from its `toJSON()` form. Each tokenizer module registers a factory for its
 * `kind`; callers (the CLI's `--tokenizer FILE`, saved runs) only ever call `loadTokenizer`.
 */
import type { Tokenizer, TokenizerJSON } from './tokenizer.ts';
import { ByteTokenizer } from './byteTokenizer.ts';
import { UnigramTokenizer } from './unigramTokenizer.ts';
import { HfUnigramTokenizer } from './hfTokenizer.ts';
import { SentencePieceTokenizer } from './sentencepieceTokenizer.ts';

export type TokenizerFactory = (json: TokenizerJSON) => Tokenizer;

const factories = new Map<string, TokenizerFactory>();

/** Registers (or replaces) the factory for `kind`. */
export function registerTokenizer(kind: string, factory: TokenizerFactory): void {
  if (typeof kind !== 'string' || kind === '') throw new TypeError('registerTokenizer: kind must be a non-empty string');
  factories.set(kind, factory);
}

/** Kinds that `loadTokenizer` currently understands. */
export function tokenizerKinds(): string[] {
  return [...factories.keys()];
}

/** Builds a tokenizer from parsed JSON (an object with a `kind` field) or a JSON string. */
export function loadTokenizer(json: TokenizerJSON | string): Tokenizer {
  const obj: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (obj === null || typeof obj !== 'object' || typeof (obj as TokenizerJSON).kind !== 'string') {
    throw new TypeError('loadTokenizer: json.kind must be a string');
  }
  const kind = (obj as TokenizerJSON).kind;
  const factory = factories.get(kind);
  if (!factory) throw new TypeError(`loadTokenizer: unknown json.kind "${kind}" (known: ${tokenizerKinds().join(', ')})`);
  return factory(obj as TokenizerJSON);
}

registerTokenizer('byte', (json) => ByteTokenizer.fromJSON(json));
registerTokenizer('unigram', (json) => UnigramTokenizer.fromJSON(json));
registerTokenizer('hf-tokenizer-json', (json) => HfUnigramTokenizer.fromJSON(json));
registerTokenizer('sentencepiece', (json) => SentencePieceTokenizer.fromJSON(json));
