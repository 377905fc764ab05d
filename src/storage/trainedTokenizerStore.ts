/**
 * Trained tokenizers kept across visits (the `trainedTokenizers` store of db.ts, migration 5),
 * by the content key of src/tokenizers/trainedTokenizerCache.ts. Values are returned unchecked:
 * what a browser kept may be from another version or damaged, and the reader validates it.
 */
import { explainStorageError, openT5labDb } from './db.ts';
import type { TrainedTokenizerRecord } from '../tokenizers/trainedTokenizerCache.ts';

/** Where trained tokenizers are cached; `trainUnigramCached` takes any object of this shape. */
export interface TrainedTokenizerCacheStore {
  /** The stored value under `key`, unvalidated, or undefined. */
  get(key: string): Promise<unknown>;
  /** Stores (or replaces) a record; throws a `StorageError` explaining a failure. */
  put(record: TrainedTokenizerRecord): Promise<void>;
}

export class TrainedTokenizerStore implements TrainedTokenizerCacheStore {
  /** `dbName` is for tests that need a fresh database. */
  constructor(private readonly dbName?: string) {}

  async get(key: string): Promise<unknown> {
    return (await openT5labDb(this.dbName)).get('trainedTokenizers', key);
  }

  async put(record: TrainedTokenizerRecord): Promise<void> {
    try {
      await (await openT5labDb(this.dbName)).put('trainedTokenizers', record);
    } catch (err) {
      throw explainStorageError(err, 'the trained tokenizer for the next visit');
    }
  }

  async delete(key: string): Promise<void> {
    await (await openT5labDb(this.dbName)).delete('trainedTokenizers', key);
  }
}
