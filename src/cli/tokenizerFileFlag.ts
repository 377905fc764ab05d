/**
 * `--tokenizer FILE` for every command that takes one (`tokenize`, `train`, `corrupt`): a
 * SentencePiece `spiece.model`, a Hugging Face `tokenizer.json` or a t5lab tokenizer file, read by
 * the same tokenizerFile.ts the checkpoint folders use. Errors name the flag and the file.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './command.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';

/** The tokenizer in `file`; a missing or unreadable file is a {@link UsageError} naming `flag`. */
export async function tokenizerFromFileFlag(file: string, flag = '--tokenizer'): Promise<Tokenizer> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message}`,
    );
  }
  // Loaded on demand: the HF tokenizers library is large and most commands never need it.
  const { tokenizerFromFile } = await import('../tokenizers/tokenizerFile.ts');
  try {
    return tokenizerFromFile(bytes);
  } catch (err) {
    throw new UsageError(
      `${flag} ${file}: ${(err as Error).message} (expected a spiece.model, a tokenizer.json or a t5lab tokenizer file)`,
    );
  }
}
