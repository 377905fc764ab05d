/**
 * Imported tokenizer.json files in IndexedDB (the `tokenizers` store of db.ts), so a notebook
 * whose tokenizer cell imported one still has it after a reload: the notebook keeps only the id.
 * The text is stored as imported; parsing it again rebuilds the tokenizer.
 */
import { explainStorageError, openT5labDb } from './db.ts';

export interface StoredTokenizer {
  id: string;
  name: string;
  createdAt: number;
  /** UTF-16 length of the stored JSON text. */
  bytes: number;
  text: string;
}

export class TokenizerStore {
  /** `dbName` is for tests that need a fresh database. */
  constructor(private readonly dbName?: string) {}

  /** Stores a tokenizer.json text (already validated by the caller) and returns its new id. */
  async save(name: string, text: string): Promise<string> {
    if (typeof name !== 'string' || name === '') throw new TypeError('TokenizerStore.save: name must be a non-empty string');
    if (typeof text !== 'string') throw new TypeError('TokenizerStore.save: text must be a string');
    const rand = crypto.getRandomValues(new Uint32Array(2));
    const record: StoredTokenizer = {
      id: `tok-${Date.now().toString(36)}-${rand[0].toString(36)}${rand[1].toString(36)}`,
      name,
      createdAt: Date.now(),
      bytes: text.length,
      text,
    };
    try {
      await (await openT5labDb(this.dbName)).add('tokenizers', record);
    } catch (err) {
      throw explainStorageError(err, `tokenizer "${name}"`);
    }
    return record.id;
  }

  async load(id: string): Promise<StoredTokenizer | undefined> {
    return (await openT5labDb(this.dbName)).get('tokenizers', id);
  }

  async delete(id: string): Promise<void> {
    await (await openT5labDb(this.dbName)).delete('tokenizers', id);
  }
}
