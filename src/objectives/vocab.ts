/**
 * The few vocabulary facts the objectives need. Sentinels count down from the END of the
 * vocabulary (`<extra_id_k>` = vocabSize − 1 − k, spec §A.9/§F.5), and the single "mask" id used
 * by the MASS and BERT-style objectives is vocabSize − 1, the same id as `<extra_id_0>` (§F.9).
 */
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { intAtLeast } from '../validation/checks.ts';

export interface SentinelVocab {
  vocabSize: number;
  /** Id of `<extra_id_k>`. */
  sentinel(k: number): number;
  /** The MASS/BERT mask id (T5: vocabSize − 1). */
  maskId: number;
  eosId: number;
}

/** Ids 0 (pad), 1 (eos), 2 (unk) are never produced by random-token replacement. */
export const NUM_RESERVED_TOKENS = 3;

/**
 * A vocabulary known only by its size, as the t5 library sees it: sentinel k = vocabSize − 1 − k
 * for any k (the library does not bound k either), mask = vocabSize − 1, eos = 1.
 */
export function vocabOfSize(vocabSize: number): SentinelVocab {
  intAtLeast(vocabSize, 'vocabSize', NUM_RESERVED_TOKENS + 2);
  return {
    vocabSize,
    maskId: vocabSize - 1,
    eosId: 1,
    sentinel(k: number) {
      const id = vocabSize - 1 - k;
      if (id < NUM_RESERVED_TOKENS) throw new RangeError(`sentinel ${k} would collide with reserved ids for vocabSize ${vocabSize}`);
      return id;
    },
  };
}

/** The objectives' view of a tokenizer (its sentinels bounded by its own numSentinels). */
export function vocabOfTokenizer(tokenizer: Tokenizer): SentinelVocab {
  return {
    vocabSize: tokenizer.vocabSize,
    // The library's mask id is vocab_size − 1 whether or not the vocabulary has sentinels.
    maskId: tokenizer.vocabSize - 1,
    eosId: tokenizer.eosId,
    sentinel: (k: number) => tokenizer.sentinel(k),
  };
}

/** Throws a RangeError naming `vocab` if it is not usable. */
export function checkVocab(vocab: SentinelVocab, where: string): void {
  if (
    !vocab ||
    !Number.isInteger(vocab.vocabSize) ||
    vocab.vocabSize <= NUM_RESERVED_TOKENS + 1 ||
    typeof vocab.sentinel !== 'function' ||
    !Number.isInteger(vocab.maskId) ||
    !Number.isInteger(vocab.eosId)
  ) {
    throw new TypeError(`${where}: vocab must be { vocabSize > ${NUM_RESERVED_TOKENS + 1}, sentinel(k), maskId, eosId }`);
  }
}
