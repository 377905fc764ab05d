/**
 * The pure half of the trained-tokenizer cache (issue 10 item 14): the key a training is stored
 * under and the record it is stored as. The tour's tokenizer cell trains a 2,048-piece unigram
 * model on every visit (tens of seconds on a loaded machine); the trainer is deterministic, so
 * the same text and options always give the same tokenizer, and a stored one can stand in for it.
 *
 * The key is a SHA-256 over the format version, the algorithm, every training option (sorted)
 * and every training document (length-prefixed, so ["ab", "c"] and ["a", "bc"] differ): a changed
 * corpus, option or format never reads a stale entry. A record is checked in full before use
 * (format, key, algorithm, a checksum over the tokenizer's JSON, the tokenizer's own validation,
 * the vocabulary shape the options ask for); anything else is reported as unusable, never used.
 */
import { Sha256, sha256Hex } from '../storage/sha256.ts';
import { UnigramTokenizer } from './unigramTokenizer.ts';
import type { UnigramTrainOptions, UnigramTrainStats } from './unigramTrainer.ts';

/**
 * Bump when a stored record's shape changes or when `trainUnigram` gives a different tokenizer
 * for the same documents and options (a changed trainer must not be answered by the old one).
 */
export const TRAINED_TOKENIZER_FORMAT = 1;

export type TrainingAlgorithm = 'unigram';

/** What the `trainedTokenizers` store holds (src/storage/trainedTokenizerStore.ts). */
export type TrainedTokenizerRecord = {
  key: string;
  format: number;
  algorithm: TrainingAlgorithm;
  /** When the tokenizer was trained (ms since the epoch). */
  trainedAt: number;
  /** The training statistics of that training (its duration included). */
  stats: UnigramTrainStats;
  /** `tokenizer.toJSON()` as text; the tokenizer is rebuilt from it. */
  json: string;
  /** SHA-256 of `json`: a truncated or altered entry is detected, not used. */
  checksum: string;
};

/** A tokenizer read back from a record, with where it came from. */
export interface CachedTokenizer {
  tokenizer: UnigramTokenizer;
  stats: UnigramTrainStats;
  trainedAt: number;
}

/** A record that cannot be used; the caller trains afresh and overwrites it. */
export class UnusableCacheEntry extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableCacheEntry';
  }
}

function canonicalOptions(options: UnigramTrainOptions): string {
  const entries = Object.entries(options)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/** The cache key of training `algorithm` with `options` on `documents` (e.g. `unigram-f1-3fa9…`). */
export function trainedTokenizerKey(
  documents: readonly string[],
  options: UnigramTrainOptions,
  algorithm: TrainingAlgorithm = 'unigram',
): string {
  const h = new Sha256();
  h.update(`t5lab trained tokenizer\nformat ${TRAINED_TOKENIZER_FORMAT}\nalgorithm ${algorithm}\noptions ${canonicalOptions(options)}\n`);
  h.update(`documents ${documents.length}\n`);
  for (const doc of documents) h.update(`${doc.length}\n`).update(doc);
  return `${algorithm}-f${TRAINED_TOKENIZER_FORMAT}-${h.hex()}`;
}

/** The record to store for a tokenizer just trained under `key`. */
export function trainedTokenizerRecord(
  key: string,
  tokenizer: UnigramTokenizer,
  stats: UnigramTrainStats,
  trainedAt = Date.now(),
): TrainedTokenizerRecord {
  const json = JSON.stringify(tokenizer.toJSON());
  return { key, format: TRAINED_TOKENIZER_FORMAT, algorithm: 'unigram', trainedAt, stats: { ...stats }, json, checksum: sha256Hex(json) };
}

/**
 * Rebuilds the tokenizer of a stored record (any value read from storage) for `key` and
 * `options`; throws `UnusableCacheEntry` saying why when it cannot be trusted.
 */
export function tokenizerFromRecord(record: unknown, key: string, options: UnigramTrainOptions): CachedTokenizer {
  if (record === null || typeof record !== 'object') throw new UnusableCacheEntry('the entry is not an object');
  const r = record as Partial<TrainedTokenizerRecord>;
  if (r.format !== TRAINED_TOKENIZER_FORMAT)
    throw new UnusableCacheEntry(`the entry has format ${String(r.format)}, not ${TRAINED_TOKENIZER_FORMAT}`);
  if (r.key !== key) throw new UnusableCacheEntry('the entry was stored under another key');
  if (r.algorithm !== 'unigram') throw new UnusableCacheEntry(`the entry's algorithm is ${String(r.algorithm)}, not unigram`);
  if (typeof r.json !== 'string' || typeof r.checksum !== 'string') throw new UnusableCacheEntry('the entry has no tokenizer text');
  if (sha256Hex(r.json) !== r.checksum) throw new UnusableCacheEntry("the entry's tokenizer text does not match its checksum");
  if (typeof r.trainedAt !== 'number' || !Number.isFinite(r.trainedAt)) throw new UnusableCacheEntry('the entry has no training date');
  const stats = r.stats;
  if (!stats || typeof stats !== 'object' || typeof stats.ms !== 'number' || typeof stats.learnedPieces !== 'number')
    throw new UnusableCacheEntry('the entry has no training statistics');
  let tokenizer: UnigramTokenizer;
  try {
    tokenizer = UnigramTokenizer.fromJSON(JSON.parse(r.json) as ReturnType<UnigramTokenizer['toJSON']>);
  } catch (err) {
    throw new UnusableCacheEntry(`the entry's tokenizer does not load: ${(err as Error).message}`);
  }
  const sentinels = options.numSentinels ?? 100;
  if (tokenizer.vocabSize !== options.vocabSize || tokenizer.numSentinels !== sentinels)
    throw new UnusableCacheEntry(
      `the entry's vocabulary (${tokenizer.vocabSize}, ${tokenizer.numSentinels} sentinels) is not the one asked for`,
    );
  return { tokenizer, stats: { ...stats }, trainedAt: r.trainedAt };
}
