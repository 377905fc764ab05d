/**
 * Import of a Hugging Face `tokenizer.json` (T5's is a Unigram model with a Metaspace "▁"
 * pre-tokenizer, a normalizer, and `<extra_id_k>` added tokens at the top of the vocabulary), so
 * an imported T5 checkpoint can run on text. Encoding is done by `@huggingface/tokenizers`
 * (pure JS, offline, Node and browser), which implements the normalizers, pre-tokenizers and
 * decoders exactly as the Rust library; this module adapts it to t5lab's `Tokenizer` contract.
 */
import { Tokenizer as HfTokenizerImpl } from '@huggingface/tokenizers';
import { sentinelText, type Tokenizer, type TokenizerJSON } from './tokenizer.ts';

/** The parts of a tokenizer.json that are checked here; the library reads the rest. */
interface HfTokenizerJson {
  model: { type: string; vocab: unknown; unk_id?: number | null };
  added_tokens?: { id: number; content: string }[];
}

function fail(message: string): never {
  throw new TypeError(`tokenizer.json: ${message}`);
}

/** Validates the fields t5lab relies on, naming the bad one. */
function checkHfJson(json: unknown): HfTokenizerJson {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('must be a JSON object');
  const model = (json as { model?: unknown }).model;
  if (model === null || typeof model !== 'object') fail('model is missing');
  const type = (model as { type?: unknown }).type;
  if (type !== 'Unigram') fail(`model.type must be "Unigram" (T5's SentencePiece model), got ${JSON.stringify(type)}`);
  const vocab = (model as { vocab?: unknown }).vocab;
  if (!Array.isArray(vocab) || vocab.length === 0) fail('model.vocab must be a non-empty array of [piece, score]');
  vocab.forEach((entry, i) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number')
      fail(`model.vocab[${i}] must be [piece: string, score: number]`);
  });
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (added !== undefined && !Array.isArray(added)) fail('added_tokens must be an array');
  (added ?? []).forEach((t: unknown, i: number) => {
    if (
      t === null ||
      typeof t !== 'object' ||
      !Number.isInteger((t as { id?: unknown }).id) ||
      typeof (t as { content?: unknown }).content !== 'string'
    ) {
      fail(`added_tokens[${i}] must have an integer id and a string content`);
    }
  });
  return json as HfTokenizerJson;
}

export class HfUnigramTokenizer implements Tokenizer {
  readonly kind = 'hf-tokenizer-json';
  readonly vocabSize: number;
  readonly padId: number;
  readonly eosId: number;
  readonly unkId: number;
  readonly numSentinels: number;
  private readonly impl: HfTokenizerImpl;
  private readonly source: HfTokenizerJson;

  /** `json`: the parsed tokenizer.json (or its text). */
  constructor(json: unknown) {
    const parsed = checkHfJson(typeof json === 'string' ? JSON.parse(json) : json);
    this.source = parsed;
    this.impl = new HfTokenizerImpl(parsed, {});
    const vocab = parsed.model.vocab as unknown[];
    const maxAdded = (parsed.added_tokens ?? []).reduce((m, t) => Math.max(m, t.id), -1);
    this.vocabSize = Math.max(vocab.length, maxAdded + 1);
    const idOf = (token: string, field: string) => {
      const id = this.impl.token_to_id(token);
      if (id === undefined) fail(`no "${token}" token (needed as ${field})`);
      return id;
    };
    this.padId = idOf('<pad>', 'padId');
    this.eosId = idOf('</s>', 'eosId');
    this.unkId = typeof parsed.model.unk_id === 'number' ? parsed.model.unk_id : idOf('<unk>', 'unkId');
    // Sentinels must sit at the top, counted down from vocabSize − 1 (spec §A.9, §F.5).
    let k = 0;
    for (let id = this.impl.token_to_id(sentinelText(0)); id !== undefined; id = this.impl.token_to_id(sentinelText(++k))) {
      if (id !== this.vocabSize - 1 - k) fail(`${sentinelText(k)} has id ${id}; T5 needs vocabSize − 1 − ${k} = ${this.vocabSize - 1 - k}`);
    }
    this.numSentinels = k;
  }

  static fromJSON(json: TokenizerJSON): HfUnigramTokenizer {
    if (json.kind !== 'hf-tokenizer-json')
      throw new TypeError(`HfUnigramTokenizer.fromJSON: json.kind must be "hf-tokenizer-json" (got "${json.kind}")`);
    return new HfUnigramTokenizer(json.tokenizer);
  }

  /** Embeds the whole tokenizer.json (T5's is ~2.4 MB) so a saved run is self-contained. */
  toJSON(): TokenizerJSON {
    return { kind: 'hf-tokenizer-json', tokenizer: this.source };
  }

  /** Text → ids without EOS (the pipeline appends it); a literal `<extra_id_k>` in text becomes that sentinel, as in HF. */
  encode(text: string): number[] {
    if (typeof text !== 'string') throw new TypeError('HfUnigramTokenizer.encode: text must be a string');
    return this.impl.encode(text, { add_special_tokens: false }).ids;
  }

  /** Pad and EOS are dropped; sentinels render as `<extra_id_k>`, unk as `<unk>`. */
  decode(ids: ArrayLike<number>): string {
    const kept: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = this.checkId(ids[i], 'decode');
      if (id !== this.padId && id !== this.eosId) kept.push(id);
    }
    return this.impl.decode(kept, { skip_special_tokens: false });
  }

  pieces(ids: ArrayLike<number>): string[] {
    return Array.from({ length: ids.length }, (_, i) => this.impl.id_to_token(this.checkId(ids[i], 'pieces')) ?? '<unk>');
  }

  sentinel(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
      throw new RangeError(`HfUnigramTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
    }
    return this.vocabSize - 1 - k;
  }

  private checkId(id: number, where: string): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize)
      throw new RangeError(`HfUnigramTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
    return id;
  }
}

/** Parses a tokenizer.json text (e.g. from a file the user picked) into a t5lab tokenizer. */
export function importHfTokenizerJson(text: string): HfUnigramTokenizer {
  if (typeof text !== 'string') throw new TypeError('importHfTokenizerJson: text must be a string');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`tokenizer.json: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return new HfUnigramTokenizer(json);
}
