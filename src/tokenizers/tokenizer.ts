/**
 * The contract every t5lab tokenizer fulfils (byte-level, SentencePiece-style subword, …).
 *
 * Id conventions follow T5 (spec §A.9): pad 0, eos 1, unk 2, and sentinels counted from the END
 * of the vocabulary: `<extra_id_k>` = vocabSize − 1 − k (spec §F.5: never from the start). The
 * objectives only need `vocabSize`, `sentinel(k)` and `eosId`, so any tokenizer plugs into them.
 */
export interface Tokenizer {
  /** Registry key used by `loadTokenizer` to rebuild this tokenizer from `toJSON()`. */
  readonly kind: string;
  /** Number of usable ids, sentinels included (sentinel k = vocabSize − 1 − k). */
  readonly vocabSize: number;
  readonly padId: number;
  readonly eosId: number;
  readonly unkId: number;
  /** How many sentinels sit at the top of the vocabulary (T5: 100). */
  readonly numSentinels: number;
  /** Text → ids, without EOS (the pipeline appends EOS after corruption, spec §B.1 step 6). */
  encode(text: string): number[];
  /** Ids → text; sentinels render as `<extra_id_k>`, pad/eos are omitted. */
  decode(ids: ArrayLike<number>): string;
  /** One display string per id (for token-by-token views). */
  pieces(ids: ArrayLike<number>): string[];
  /** Id of `<extra_id_k>`; throws RangeError when k is outside [0, numSentinels). */
  sentinel(k: number): number;
  /** A plain-JSON description with a `kind` field; `loadTokenizer(json)` rebuilds it. */
  toJSON(): TokenizerJSON;
}

/** The serialised form of a tokenizer: `kind` picks the factory, the rest is kind-specific. */
export interface TokenizerJSON {
  kind: string;
  [field: string]: unknown;
}

/** If `id` is a sentinel of a vocabulary of `vocabSize` with `numSentinels` sentinels, its k; else −1. */
export function sentinelIndex(id: number, vocabSize: number, numSentinels: number): number {
  const k = vocabSize - 1 - id;
  return k >= 0 && k < numSentinels ? k : -1;
}

/** The display text of sentinel k, as in the T5 vocabulary. */
export function sentinelText(k: number): string {
  return `<extra_id_${k}>`;
}
