/**
 * A `spiece.model` as a t5lab {@link Tokenizer}, laid out as Hugging Face's T5Tokenizer does:
 * the model's pieces keep their ids (T5: pad 0, eos 1, unk 2), and the 100 sentinels
 * `<extra_id_k>` follow the pieces counted from the top (`<extra_id_0>` = vocabSize − 1), so
 * T5's 32,000 pieces give vocabSize 32,100 (the checkpoint's 32,128 rows include padding).
 * As in HF, a literal `<extra_id_k>` in the text encodes as that sentinel; everything between
 * sentinels is encoded exactly as `sentencepiece` does (sentencepieceProcessor.ts).
 */
import { PieceType } from './sentencepieceModel.ts';
import { SentencePieceProcessor } from './sentencepieceProcessor.ts';
import { sentinelIndex, sentinelText, type Tokenizer, type TokenizerJSON } from './tokenizer.ts';

const SENTINEL = /<extra_id_(\d+)>/g;

/** Base64 without Buffer (browser and Node). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export class SentencePieceTokenizer implements Tokenizer {
  readonly kind = 'sentencepiece';
  readonly vocabSize: number;
  readonly padId: number;
  readonly eosId: number;
  readonly unkId: number;
  readonly numSentinels: number;
  readonly processor: SentencePieceProcessor;
  private readonly bytes: Uint8Array;

  /** `bytes`: the .model file; `numSentinels`: extra ids appended after the pieces (T5: 100). */
  constructor(bytes: Uint8Array, options: { numSentinels?: number } = {}) {
    const numSentinels = options.numSentinels ?? 100;
    if (!Number.isInteger(numSentinels) || numSentinels < 0)
      throw new RangeError(`SentencePieceTokenizer: numSentinels must be an integer ≥ 0 (got ${numSentinels})`);
    this.bytes = bytes;
    this.processor = new SentencePieceProcessor(bytes);
    const pieces = this.processor.model.pieces;
    this.numSentinels = numSentinels;
    this.vocabSize = pieces.length + numSentinels;
    const find = (name: string, text: string) => {
      const id = pieces.findIndex((p) => p.piece === text && p.type === PieceType.CONTROL);
      if (id < 0) throw new TypeError(`spiece.model has no ${text} control piece (needed as the ${name} id)`);
      return id;
    };
    this.padId = find('pad', '<pad>');
    this.eosId = find('eos', '</s>');
    this.unkId = this.processor.unkId;
  }

  static fromJSON(json: TokenizerJSON): SentencePieceTokenizer {
    if (json.kind !== 'sentencepiece')
      throw new TypeError(`SentencePieceTokenizer.fromJSON: json.kind must be "sentencepiece" (got "${json.kind}")`);
    if (typeof json.model !== 'string')
      throw new TypeError('SentencePieceTokenizer.fromJSON: json.model must be the base64 of a .model file');
    return new SentencePieceTokenizer(base64ToBytes(json.model), { numSentinels: json.numSentinels as number | undefined });
  }

  /** Embeds the .model file (T5's is 792 kB, ~1 MB as base64) so a saved run is self-contained. */
  toJSON(): TokenizerJSON {
    return { kind: 'sentencepiece', numSentinels: this.numSentinels, model: bytesToBase64(this.bytes) };
  }

  /** The .model file bytes (for exports). */
  get modelBytes(): Uint8Array {
    return this.bytes;
  }

  encode(text: string): number[] {
    if (typeof text !== 'string') throw new TypeError('SentencePieceTokenizer.encode: text must be a string');
    const out: number[] = [];
    let last = 0;
    for (const m of text.matchAll(SENTINEL)) {
      const k = Number(m[1]);
      if (k >= this.numSentinels) continue;
      // HF strips the spaces around added tokens (lstrip/rstrip on extra ids are false, but the
      // SentencePiece normaliser drops the edge spaces of each segment anyway).
      out.push(...this.processor.encode(text.slice(last, m.index)).ids, this.sentinel(k));
      last = m.index! + m[0].length;
    }
    out.push(...this.processor.encode(text.slice(last)).ids);
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let out = '';
    let run: number[] = [];
    const n = this.processor.size;
    for (let i = 0; i < ids.length; i++) {
      const id = this.checkId(ids[i], 'decode');
      if (id < n) {
        run.push(id);
        continue;
      }
      out += this.processor.decode(run);
      run = [];
      const k = sentinelIndex(id, this.vocabSize, this.numSentinels);
      if (k >= 0) out += sentinelText(k);
    }
    return out + this.processor.decode(run);
  }

  pieces(ids: ArrayLike<number>): string[] {
    const n = this.processor.size;
    return Array.from({ length: ids.length }, (_, i) => {
      const id = this.checkId(ids[i], 'pieces');
      return id < n ? this.processor.idToPiece(id) : sentinelText(sentinelIndex(id, this.vocabSize, this.numSentinels));
    });
  }

  sentinel(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
      throw new RangeError(`SentencePieceTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
    }
    return this.vocabSize - 1 - k;
  }

  private checkId(id: number, where: string): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize)
      throw new RangeError(`SentencePieceTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
    return id;
  }
}
