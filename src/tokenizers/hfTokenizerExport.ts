/**
 * Writes any t5lab tokenizer as a Hugging Face `tokenizer.json` (the `tokenizers` library's
 * serialisation) plus the matching `tokenizer_config.json`, so an exported folder's tokenizer
 * loads with `AutoTokenizer.from_pretrained(dir)` / `Tokenizer.from_file`:
 * - a `spiece.model` becomes what transformers' T5 converter writes: a Unigram model with the
 *   pieces and scores, Precompiled(charsmap) + Replace(" {2,}", " ") normaliser, Metaspace pre-
 *   tokenizer and decoder, `<extra_id_k>` added tokens at the top;
 * - t5lab's unigram tokenizer: the same Unigram form, spaces written as "▁", byte fallback on
 *   (its ids 3–258 are `<0x00>`–`<0xFF>`), no normaliser (it has none);
 * - the byte tokenizer: a Unigram model holding only specials and `<0xXX>` pieces with byte
 *   fallback, so every character falls back to its UTF-8 bytes, exactly its encoding;
 * - an imported tokenizer.json is written back unchanged.
 */
import type { Tokenizer } from './tokenizer.ts';
import { sentinelIndex, sentinelText } from './tokenizer.ts';
import { PieceType } from './sentencepieceModel.ts';
import { SentencePieceTokenizer, bytesToBase64 } from './sentencepieceTokenizer.ts';
import { UnigramTokenizer, FIRST_PIECE_ID } from './unigramTokenizer.ts';
import { ByteTokenizer } from './byteTokenizer.ts';
import { HfUnigramTokenizer } from './hfTokenizer.ts';

const SPACE = '\u2581';
const hex = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

interface AddedToken {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

const special = (id: number, content: string): AddedToken => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

const metaspace = { type: 'Metaspace', replacement: SPACE, add_prefix_space: true, prepend_scheme: 'always', split: true };
const postProcessor = (eosId: number) => ({
  type: 'TemplateProcessing',
  single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
  pair: [
    { Sequence: { id: 'A', type_id: 0 } },
    { SpecialToken: { id: '</s>', type_id: 0 } },
    { Sequence: { id: 'B', type_id: 0 } },
    { SpecialToken: { id: '</s>', type_id: 0 } },
  ],
  special_tokens: { '</s>': { id: '</s>', ids: [eosId], tokens: ['</s>'] } },
});
/** Decoder for byte-fallback vocabularies: "▁" → " ", bytes → UTF-8, drop the dummy-prefix space. */
const byteFallbackDecoder = {
  type: 'Sequence',
  decoders: [
    { type: 'Replace', pattern: { String: SPACE }, content: ' ' },
    { type: 'ByteFallback' },
    { type: 'Fuse' },
    { type: 'Strip', content: ' ', start: 1, stop: 0 },
  ],
};

function sentinelTokens(tok: Tokenizer): { vocab: [string, number][]; added: AddedToken[] } {
  const vocab: [string, number][] = [];
  const added: AddedToken[] = [];
  for (let id = tok.vocabSize - tok.numSentinels; id < tok.vocabSize; id++) {
    const text = sentinelText(sentinelIndex(id, tok.vocabSize, tok.numSentinels));
    vocab.push([text, 0]);
    added.push(special(id, text));
  }
  return { vocab, added };
}

function wrap(model: object, added: AddedToken[], parts: { normalizer: unknown; pre_tokenizer: unknown; decoder: unknown; eosId: number }) {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.sort((a, b) => a.id - b.id),
    normalizer: parts.normalizer,
    pre_tokenizer: parts.pre_tokenizer,
    post_processor: postProcessor(parts.eosId),
    decoder: parts.decoder,
    model,
  };
}

/** The tokenizer.json object for `tok`. */
export function hfTokenizerJson(tok: Tokenizer): Record<string, unknown> {
  if (tok instanceof HfUnigramTokenizer) return structuredClone(tok.toJSON().tokenizer as Record<string, unknown>);
  const sentinels = sentinelTokens(tok);
  if (tok instanceof SentencePieceTokenizer) {
    const model = tok.processor.model;
    const vocab: [string, number][] = model.pieces.map((p) => [p.piece, p.score]);
    const added = model.pieces.flatMap((p, id) =>
      p.type === PieceType.CONTROL || p.type === PieceType.UNKNOWN ? [special(id, p.piece)] : [],
    );
    const charsmap = model.normalizerSpec.precompiledCharsmap;
    const normalizers: unknown[] = [];
    if (charsmap.length > 0) normalizers.push({ type: 'Precompiled', precompiled_charsmap: bytesToBase64(charsmap) });
    // sentencepiece drops leading and trailing spaces and squeezes runs (remove_extra_whitespaces).
    if (model.normalizerSpec.removeExtraWhitespaces)
      normalizers.push(
        { type: 'Strip', strip_left: true, strip_right: true },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      );
    const byteFallback = model.trainerSpec.byteFallback;
    return wrap(
      { type: 'Unigram', unk_id: tok.unkId, vocab: [...vocab, ...sentinels.vocab], byte_fallback: byteFallback },
      [...added, ...sentinels.added],
      {
        normalizer: normalizers.length ? { type: 'Sequence', normalizers } : null,
        pre_tokenizer: {
          ...metaspace,
          add_prefix_space: model.normalizerSpec.addDummyPrefix,
          prepend_scheme: model.normalizerSpec.addDummyPrefix ? 'always' : 'never',
        },
        decoder: byteFallback ? byteFallbackDecoder : { ...metaspace },
        eosId: tok.eosId,
      },
    );
  }
  const specials: [string, number][] = [
    ['<pad>', 0],
    ['</s>', 0],
    ['<unk>', 0],
  ];
  const bytes: [string, number][] = Array.from({ length: 256 }, (_, b) => [hex(b), 0]);
  const baseAdded = [special(0, '<pad>'), special(1, '</s>'), special(2, '<unk>')];
  if (tok instanceof UnigramTokenizer) {
    const json = tok.toJSON() as unknown as { pieces: [string, number][] };
    const learned = json.pieces.map(([p, s]): [string, number] => [p.replaceAll(' ', SPACE), s]);
    const placeholders = tok.vocabSize - tok.numSentinels - FIRST_PIECE_ID - learned.length;
    const unused = Array.from({ length: placeholders }, (_, i): [string, number] => [`<unused_${i}>`, 0]);
    const unusedAdded = unused.map(([p], i) => special(FIRST_PIECE_ID + learned.length + i, p));
    // t5lab prefixes every text with a space, even one that starts with a space; Metaspace's own
    // prefix skips those, so the prefix is a Prepend normaliser instead (as Llama's tokenizer.json).
    return wrap(
      { type: 'Unigram', unk_id: 2, vocab: [...specials, ...bytes, ...learned, ...unused, ...sentinels.vocab], byte_fallback: true },
      [...baseAdded, ...unusedAdded, ...sentinels.added],
      {
        normalizer: {
          type: 'Sequence',
          normalizers: [
            { type: 'Prepend', prepend: SPACE },
            { type: 'Replace', pattern: { String: ' ' }, content: SPACE },
          ],
        },
        pre_tokenizer: { ...metaspace, add_prefix_space: false, prepend_scheme: 'never' },
        decoder: byteFallbackDecoder,
        eosId: 1,
      },
    );
  }
  if (tok instanceof ByteTokenizer) {
    return wrap(
      { type: 'Unigram', unk_id: 2, vocab: [...specials, ...bytes, ...sentinels.vocab], byte_fallback: true },
      [...baseAdded, ...sentinels.added],
      {
        normalizer: null,
        pre_tokenizer: null,
        decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Fuse' }] },
        eosId: 1,
      },
    );
  }
  throw new TypeError(`tokenizer kind "${tok.kind}" cannot be exported as a tokenizer.json`);
}

/** tokenizer_config.json: the generic fast tokenizer over tokenizer.json, with T5's special tokens. */
export function hfTokenizerConfig(tok: Tokenizer, modelMaxLength = 512): Record<string, unknown> {
  const extra = Array.from({ length: tok.numSentinels }, (_, k) => sentinelText(k));
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: modelMaxLength,
    pad_token: '<pad>',
    eos_token: '</s>',
    unk_token: '<unk>',
    additional_special_tokens: extra,
    clean_up_tokenization_spaces: false,
  };
}
