/**
 * `trainUnigramOnce` behind the trained-tokenizer cache: a stored tokenizer for the same documents
 * and options is used instead of training; otherwise it trains and stores the result. The cache
 * never stands in the way: an unreadable or unusable entry is trained over (and replaced), and a
 * failed write (a full quota) only adds a note, the freshly trained tokenizer is still returned.
 * After the browser's own cache, the tokenizers trained ahead of time and shipped with t5lab
 * (src/tokenizers/bundledTrainings.ts) are looked up by the same key and checked the same way.
 */
import type { TrainedTokenizerCacheStore } from '../storage/trainedTokenizerStore.ts';
import { tokenizerFromRecord, trainedTokenizerKey, trainedTokenizerRecord, UnusableCacheEntry } from './trainedTokenizerCache.ts';
import { trainUnigramOnce } from './trainUnigramAsync.ts';
import type { CorpusDocuments } from './trainingDocuments.ts';
import type { UnigramTokenizer } from './unigramTokenizer.ts';
import type { UnigramTrainOptions, UnigramTrainStats } from './unigramTrainer.ts';

/**
 * A tokenizer, and whether it was trained now, read from this browser's cache, or shipped with
 * t5lab (`bundled`: trained by scripts/build-bundled-tokenizers.ts), trained at `trainedAt`.
 */
export interface TrainedOrCached {
  tokenizer: UnigramTokenizer;
  stats: UnigramTrainStats;
  origin: 'trained' | 'cache' | 'bundled';
  trainedAt: number;
  /** The cache key (tests and the cell's data attribute). */
  key: string;
  /** What went wrong with the cache, for people, when something did (the tokenizer is still good). */
  note?: string;
}

export interface CachedTrainingOptions {
  /** Where trained tokenizers are kept; none: always train. */
  cache?: TrainedTokenizerCacheStore;
  /** Train even when the cache has this tokenizer (the entry is replaced); bundled ones are skipped too. */
  retrain?: boolean;
  /** The record shipped for a key, or undefined (src/tokenizers/bundledTokenizers.browser.ts). */
  bundled?: (key: string) => Promise<unknown>;
}

/** Trains `documents` with `options` unless the cache holds that exact training already. */
export async function trainUnigramCached(
  documents: CorpusDocuments,
  options: UnigramTrainOptions,
  signal: AbortSignal,
  { cache, retrain = false, bundled }: CachedTrainingOptions = {},
): Promise<TrainedOrCached> {
  if (!Array.isArray(documents)) {
    // A user's packed upload (tens of MB) is not cached: hashing it would block the page that the
    // upload worker keeps free, and the upload itself is stored, so retraining reads it from there.
    const { tokenizer, stats } = await trainUnigramOnce(documents, options, signal);
    return { tokenizer, stats, origin: 'trained', trainedAt: Date.now(), key: '' };
  }
  const key = trainedTokenizerKey(documents, options);
  const notes: string[] = [];
  if (cache && !retrain) {
    let stored: unknown;
    try {
      stored = await cache.get(key);
    } catch (err) {
      notes.push(`The tokenizer cache could not be read (${(err as Error)?.message ?? String(err)}), so it was trained again.`);
    }
    signal.throwIfAborted();
    if (stored !== undefined) {
      try {
        const hit = tokenizerFromRecord(stored, key, options);
        return { ...hit, origin: 'cache', key };
      } catch (err) {
        if (!(err instanceof UnusableCacheEntry)) throw err;
        notes.push(`The cached tokenizer was unusable (${err.message}); it was trained again and replaced.`);
      }
    }
  }
  if (bundled && !retrain) {
    let shipped: unknown;
    try {
      shipped = await bundled(key);
    } catch (err) {
      notes.push(`The tokenizer shipped with t5lab could not be read (${(err as Error)?.message ?? String(err)}), so it was trained.`);
    }
    signal.throwIfAborted();
    if (shipped !== undefined) {
      try {
        const hit = tokenizerFromRecord(shipped, key, options);
        return { ...hit, origin: 'bundled', key, ...(notes.length ? { note: notes.join(' ') } : {}) };
      } catch (err) {
        if (!(err instanceof UnusableCacheEntry)) throw err;
        notes.push(`The tokenizer shipped with t5lab was unusable (${err.message}), so it was trained.`);
      }
    }
  }
  const { tokenizer, stats } = await trainUnigramOnce(documents, options, signal);
  const trainedAt = Date.now();
  if (cache) {
    try {
      await cache.put(trainedTokenizerRecord(key, tokenizer, stats, trainedAt));
    } catch (err) {
      notes.push(
        `Not kept for the next visit: ${(err as Error)?.message ?? String(err)} This tokenizer is used; it is trained again next time.`,
      );
    }
  }
  return { tokenizer, stats, origin: 'trained', trainedAt, key, ...(notes.length ? { note: notes.join(' ') } : {}) };
}
