import { readFileSync } from 'node:fs';
import { emit, UsageError, type Command } from '../command.ts';
import { fromText, nonNegativeInt, string, ValidationError } from '../../validation/checks.ts';
import { tokenizerFileKind, tokenizerFromFile } from '../../tokenizers/tokenizerFile.ts';
import { SentencePieceTokenizer } from '../../tokenizers/sentencepieceTokenizer.ts';

export const tokenizeCommand: Command = {
  name: 'tokenize',
  summary: 'encode text (or decode ids) with a spiece.model, a tokenizer.json or a t5lab tokenizer',
  usage:
    "t5lab tokenize --tokenizer FILE (--text '…' | --decode 5,6,7) [--json]   (no EOS is added; spiece.model output equals SentencePieceProcessor.encode)",
  options: { tokenizer: { type: 'string' }, text: { type: 'string' }, decode: { type: 'string' }, json: { type: 'boolean' } },
  run(values, io) {
    const file = values.tokenizer;
    if (typeof file !== 'string' || file === '')
      throw new UsageError('--tokenizer FILE is required (a spiece.model, tokenizer.json or t5lab tokenizer)');
    if ((values.text === undefined) === (values.decode === undefined))
      throw new UsageError("give exactly one of --text '…' or --decode IDS");
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (err) {
      throw new UsageError(
        `--tokenizer ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      );
    }
    let tokenizer;
    try {
      tokenizer = tokenizerFromFile(bytes);
    } catch (err) {
      throw new UsageError(`--tokenizer ${file}: ${(err as Error).message}`);
    }
    // A bare spiece.model answers as sentencepiece itself does (no sentinel handling in text).
    const sp = tokenizerFileKind(bytes) === 'sentencepiece' ? (tokenizer as SentencePieceTokenizer).processor : undefined;
    if (values.decode !== undefined) {
      const ids = parseIds(values.decode);
      let text: string;
      try {
        text = sp ? sp.decode(ids) : tokenizer.decode(ids);
      } catch (err) {
        throw new UsageError(`--decode: ${(err as Error).message}`);
      }
      emit(io, Boolean(values.json), { text }, () => text);
      return 0;
    }
    const text = string(values.text, '--text');
    const result = sp
      ? sp.encode(text)
      : (() => {
          const ids = tokenizer.encode(text);
          return { ids, pieces: tokenizer.pieces(ids) };
        })();
    emit(
      io,
      Boolean(values.json),
      { ids: result.ids, pieces: result.pieces },
      () => `ids     ${result.ids.join(' ')}\npieces  ${result.pieces.join(' ')}`,
    );
    return 0;
  },
};

/** "5,6,7" (spaces allowed) → [5, 6, 7]; errors name --decode and the item. */
function parseIds(raw: unknown): number[] {
  const text = string(raw, '--decode');
  if (text.trim() === '') return [];
  try {
    return text.split(',').map((s, i) => fromText(s.trim(), `--decode item ${i + 1}`, nonNegativeInt));
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
}
