/**
 * ByT5-style byte-level tokenizer: pad 0, eos 1, unk 2, UTF-8 byte b at id b + 3 (ids 3–258),
 * and sentinels at the top of the vocabulary (`<extra_id_k>` = vocabSize − 1 − k). The default
 * vocabSize 384 is ByT5's: 259 byte/special ids + 125 sentinels.
 */
import { sentinelIndex, sentinelText, type Tokenizer, type TokenizerJSON } from './tokenizer.ts';

/** Ids below this are the 3 specials and the 256 bytes; everything above is a sentinel. */
export const BYTE_OFFSET = 3;
const FIRST_SENTINEL_FREE_ID = BYTE_OFFSET + 256;

export interface ByteTokenizerOptions {
  /** Total ids including sentinels; must be > 259 so at least one sentinel fits. Default 384. */
  vocabSize?: number;
}

const encoder = new TextEncoder();

export class ByteTokenizer implements Tokenizer {
  readonly kind = 'byte';
  readonly vocabSize: number;
  readonly padId = 0;
  readonly eosId = 1;
  readonly unkId = 2;
  readonly numSentinels: number;

  constructor(options: ByteTokenizerOptions = {}) {
    const vocabSize = options.vocabSize ?? 384;
    if (!Number.isInteger(vocabSize) || vocabSize <= FIRST_SENTINEL_FREE_ID) {
      throw new RangeError(`ByteTokenizer: vocabSize must be an integer > ${FIRST_SENTINEL_FREE_ID} (got ${vocabSize})`);
    }
    this.vocabSize = vocabSize;
    this.numSentinels = vocabSize - FIRST_SENTINEL_FREE_ID;
  }

  static fromJSON(json: TokenizerJSON): ByteTokenizer {
    if (json.kind !== 'byte') throw new TypeError(`ByteTokenizer.fromJSON: json.kind must be "byte" (got "${json.kind}")`);
    if (json.vocabSize !== undefined && typeof json.vocabSize !== 'number')
      throw new TypeError('ByteTokenizer.fromJSON: json.vocabSize must be a number');
    return new ByteTokenizer({ vocabSize: json.vocabSize as number | undefined });
  }

  toJSON(): TokenizerJSON {
    return { kind: 'byte', vocabSize: this.vocabSize };
  }

  encode(text: string): number[] {
    if (typeof text !== 'string') throw new TypeError('ByteTokenizer.encode: text must be a string');
    const bytes = encoder.encode(text);
    const ids = new Array<number>(bytes.length);
    for (let i = 0; i < bytes.length; i++) ids[i] = bytes[i] + BYTE_OFFSET;
    return ids;
  }

  /**
   * Bytes are decoded as UTF-8 run by run (invalid sequences become U+FFFD, as in ByT5);
   * sentinels render as `<extra_id_k>`, unk as U+FFFD, pad and eos are dropped.
   */
  decode(ids: ArrayLike<number>): string {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let out = '';
    let run: number[] = [];
    const flush = () => {
      if (run.length) out += decoder.decode(Uint8Array.from(run));
      run = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = this.checkId(ids[i], 'decode');
      if (id >= BYTE_OFFSET && id < FIRST_SENTINEL_FREE_ID) {
        run.push(id - BYTE_OFFSET);
        continue;
      }
      flush();
      if (id === this.unkId) out += '\uFFFD';
      else if (id >= FIRST_SENTINEL_FREE_ID) out += sentinelText(this.vocabSize - 1 - id);
    }
    flush();
    return out;
  }

  /** Printable ASCII bytes show as themselves, other bytes as `<0xHH>`, specials by name. */
  pieces(ids: ArrayLike<number>): string[] {
    const out = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = this.checkId(ids[i], 'pieces');
      if (id === this.padId) out[i] = '<pad>';
      else if (id === this.eosId) out[i] = '</s>';
      else if (id === this.unkId) out[i] = '<unk>';
      else if (id >= FIRST_SENTINEL_FREE_ID) out[i] = sentinelText(this.vocabSize - 1 - id);
      else {
        const b = id - BYTE_OFFSET;
        out[i] = b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
      }
    }
    return out;
  }

  sentinel(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
      throw new RangeError(`ByteTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
    }
    return this.vocabSize - 1 - k;
  }

  /** True if `id` is `<extra_id_k>` for some k. */
  isSentinel(id: number): boolean {
    return sentinelIndex(id, this.vocabSize, this.numSentinels) >= 0;
  }

  private checkId(id: number, where: string): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new RangeError(`ByteTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
    }
    return id;
  }
}
