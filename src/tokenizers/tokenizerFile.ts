/**
 * One entry point for every tokenizer file a user can bring: a SentencePiece `spiece.model`
 * (binary protobuf), a Hugging Face `tokenizer.json`, or a t5lab tokenizer file (JSON with a
 * `kind`). Used by `t5lab tokenize`, checkpoint folders (CLI) and the browser's folder import.
 */
import { loadTokenizer } from './loadTokenizer.ts';
import { importHfTokenizerJson } from './hfTokenizer.ts';
import { SentencePieceTokenizer } from './sentencepieceTokenizer.ts';
import type { Tokenizer } from './tokenizer.ts';

export type TokenizerFileKind = 'sentencepiece' | 'hf-tokenizer-json' | 't5lab';

/** Which kind of tokenizer file `bytes` is: JSON files start with "{" (after whitespace), anything else is read as a .model. */
export function tokenizerFileKind(bytes: Uint8Array): TokenizerFileKind {
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 ||
      bytes[i] === 0x0a ||
      bytes[i] === 0x0d ||
      bytes[i] === 0x09 ||
      bytes[i] === 0xef ||
      bytes[i] === 0xbb ||
      bytes[i] === 0xbf)
  )
    i++;
  if (bytes[i] !== 0x7b) return 'sentencepiece';
  const json = parseJson(bytes);
  return json !== null && typeof json === 'object' && typeof (json as { kind?: unknown }).kind === 'string' ? 't5lab' : 'hf-tokenizer-json';
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new TypeError(`not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

/** Builds the tokenizer a file holds; errors say what is wrong with the file (callers prefix its name). */
export function tokenizerFromFile(bytes: Uint8Array): Tokenizer {
  const kind = tokenizerFileKind(bytes);
  if (kind === 'sentencepiece') return new SentencePieceTokenizer(bytes);
  if (kind === 't5lab') return loadTokenizer(parseJson(bytes) as { kind: string });
  return importHfTokenizerJson(new TextDecoder().decode(bytes));
}
