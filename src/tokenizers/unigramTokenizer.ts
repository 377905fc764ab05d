/**
 * A SentencePiece-style unigram tokenizer with byte fallback (trained by `trainUnigram`).
 *
 * Ids: pad 0, eos 1, unk 2, bytes `<0x00>`–`<0xFF>` at 3–258 (byte fallback, as SentencePiece's
 * `byte_fallback`), learned pieces from 259 in descending score, unused placeholder ids if the
 * corpus gave fewer pieces than asked, and sentinels `<extra_id_k>` = vocabSize − 1 − k on top.
 * Encoding is the Viterbi segmentation of each word; a character no piece covers is spelled as
 * its UTF-8 bytes, so encode → decode is the identity on any well-formed string.
 */
import { buildLattice, LatticeEdges, PieceTrie, viterbi } from './pieceLattice.ts';
import { sentinelIndex, sentinelText, type Tokenizer, type TokenizerJSON } from './tokenizer.ts';
import { displayPiece, splitWords } from './unigramWords.ts';

/** Ids 0–2 are specials, 3–258 the 256 bytes; learned pieces start here. */
export const FIRST_PIECE_ID = 3 + 256;
const BYTE_OFFSET = 3;
const CACHE_LIMIT = 200_000;

export interface UnigramTokenizerOptions {
  vocabSize: number;
  numSentinels?: number;
  /** [piece, log-probability] in id order; spaces in pieces mark word starts. */
  pieces: [string, number][];
  maxPieceLength?: number;
}

const utf8 = new TextEncoder();

export class UnigramTokenizer implements Tokenizer {
  readonly kind = 'unigram';
  readonly vocabSize: number;
  readonly padId = 0;
  readonly eosId = 1;
  readonly unkId = 2;
  readonly numSentinels: number;
  readonly maxPieceLength: number;
  private readonly pieceList: [string, number][];
  private readonly pieceBytes: Uint8Array[];
  private readonly scores: Float64Array;
  private readonly charIndex = new Map<number, number>();
  private readonly trie: PieceTrie;
  private readonly unkScore: number;
  private readonly cache = new Map<string, number[]>();
  private readonly edges = new LatticeEdges();
  private best = new Float64Array(64);
  private back = new Int32Array(64);

  constructor(options: UnigramTokenizerOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('UnigramTokenizer: options must be an object');
    const numSentinels = options.numSentinels ?? 100;
    if (!Number.isInteger(numSentinels) || numSentinels < 0)
      throw new RangeError(`UnigramTokenizer: numSentinels must be an integer ≥ 0 (got ${numSentinels})`);
    const { vocabSize, pieces } = options;
    if (!Array.isArray(pieces)) throw new TypeError('UnigramTokenizer: pieces must be an array of [piece, score]');
    if (!Number.isInteger(vocabSize) || vocabSize < FIRST_PIECE_ID + numSentinels + pieces.length) {
      throw new RangeError(
        `UnigramTokenizer: vocabSize must be an integer ≥ ${FIRST_PIECE_ID} + numSentinels + pieces (${FIRST_PIECE_ID + numSentinels + pieces.length}), got ${vocabSize}`,
      );
    }
    this.vocabSize = vocabSize;
    this.numSentinels = numSentinels;
    const seen = new Set<string>();
    let longest = 1;
    pieces.forEach((entry, i) => {
      if (
        !Array.isArray(entry) ||
        typeof entry[0] !== 'string' ||
        entry[0] === '' ||
        typeof entry[1] !== 'number' ||
        !Number.isFinite(entry[1])
      ) {
        throw new TypeError(`UnigramTokenizer: pieces[${i}] must be [non-empty string, finite score]`);
      }
      if (seen.has(entry[0])) throw new TypeError(`UnigramTokenizer: pieces[${i}] "${entry[0]}" is a duplicate`);
      seen.add(entry[0]);
      longest = Math.max(longest, [...entry[0]].length);
    });
    this.maxPieceLength = options.maxPieceLength ?? longest;
    this.pieceList = pieces.map(([p, s]) => [p, s]);
    this.pieceBytes = pieces.map(([p]) => utf8.encode(p));
    this.scores = Float64Array.from(pieces, ([, s]) => s);
    for (const [p] of pieces)
      for (const ch of p) if (!this.charIndex.has(ch.codePointAt(0)!)) this.charIndex.set(ch.codePointAt(0)!, this.charIndex.size);
    this.trie = new PieceTrie(Math.max(1, this.charIndex.size));
    pieces.forEach(([p], i) =>
      this.trie.insert(
        Array.from(p, (ch) => this.charIndex.get(ch.codePointAt(0)!)!),
        i,
      ),
    );
    this.unkScore = this.scores.reduce((m, s) => Math.min(m, s), 0) - 10;
  }

  static fromJSON(json: TokenizerJSON): UnigramTokenizer {
    if (json.kind !== 'unigram') throw new TypeError(`UnigramTokenizer.fromJSON: json.kind must be "unigram" (got "${json.kind}")`);
    if (typeof json.vocabSize !== 'number') throw new TypeError('UnigramTokenizer.fromJSON: json.vocabSize must be a number');
    if (!Array.isArray(json.pieces)) throw new TypeError('UnigramTokenizer.fromJSON: json.pieces must be an array');
    return new UnigramTokenizer({
      vocabSize: json.vocabSize,
      numSentinels: json.numSentinels as number | undefined,
      maxPieceLength: json.maxPieceLength as number | undefined,
      pieces: json.pieces as [string, number][],
    });
  }

  toJSON(): TokenizerJSON {
    return {
      kind: 'unigram',
      vocabSize: this.vocabSize,
      numSentinels: this.numSentinels,
      maxPieceLength: this.maxPieceLength,
      pieces: this.pieceList.map(([p, s]) => [p, s]),
    };
  }

  /** Learned pieces (excluding specials, bytes, placeholders and sentinels). */
  get pieceCount(): number {
    return this.pieceList.length;
  }

  encode(text: string): number[] {
    if (typeof text !== 'string') throw new TypeError('UnigramTokenizer.encode: text must be a string');
    const out: number[] = [];
    for (const word of splitWords(text)) {
      let ids = this.cache.get(word);
      if (!ids) {
        ids = this.encodeWord(word);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(word, ids);
      }
      for (let i = 0; i < ids.length; i++) out.push(ids[i]);
    }
    return out;
  }

  private encodeWord(word: string): number[] {
    const cps = Array.from(word, (ch) => ch.codePointAt(0)!);
    const chars = cps.map((cp) => this.charIndex.get(cp) ?? -1);
    if (this.best.length <= cps.length) {
      this.best = new Float64Array(cps.length * 2 + 1);
      this.back = new Int32Array(cps.length * 2 + 1);
    }
    buildLattice(chars, this.trie, this.maxPieceLength, this.edges);
    const { path } = viterbi(this.edges, cps.length, this.scores, this.unkScore, this.best, this.back);
    const ids: number[] = [];
    for (const e of path) {
      const p = this.edges.piece[e];
      if (p >= 0) ids.push(FIRST_PIECE_ID + p);
      else for (const b of utf8.encode(String.fromCodePoint(cps[this.edges.start[e]]))) ids.push(BYTE_OFFSET + b);
    }
    return ids;
  }

  /**
   * Pieces and fallback bytes are joined and decoded as UTF-8 (bad byte runs become U+FFFD);
   * sentinels render as `<extra_id_k>`, unk as " ⁇ " (SentencePiece), pad/eos/placeholders are
   * dropped, and the dummy-prefix space at the very start is removed.
   */
  decode(ids: ArrayLike<number>): string {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let out = '';
    let buf: number[] = [];
    const flush = () => {
      if (buf.length) out += decoder.decode(Uint8Array.from(buf));
      buf = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = this.checkId(ids[i], 'decode');
      if (id >= BYTE_OFFSET && id < FIRST_PIECE_ID) buf.push(id - BYTE_OFFSET);
      else if (id >= FIRST_PIECE_ID && id - FIRST_PIECE_ID < this.pieceList.length) {
        for (const b of this.pieceBytes[id - FIRST_PIECE_ID]) buf.push(b);
      } else {
        const k = sentinelIndex(id, this.vocabSize, this.numSentinels);
        if (k >= 0 || id === this.unkId) {
          flush();
          out += k >= 0 ? sentinelText(k) : ' \u2047 ';
        }
      }
    }
    flush();
    return out.startsWith(' ') ? out.slice(1) : out;
  }

  pieces(ids: ArrayLike<number>): string[] {
    return Array.from({ length: ids.length }, (_, i) => {
      const id = this.checkId(ids[i], 'pieces');
      if (id === this.padId) return '<pad>';
      if (id === this.eosId) return '</s>';
      if (id === this.unkId) return '<unk>';
      if (id < FIRST_PIECE_ID) return `<0x${(id - BYTE_OFFSET).toString(16).toUpperCase().padStart(2, '0')}>`;
      const k = sentinelIndex(id, this.vocabSize, this.numSentinels);
      if (k >= 0) return sentinelText(k);
      const p = id - FIRST_PIECE_ID;
      return p < this.pieceList.length ? displayPiece(this.pieceList[p][0]) : `<unused_${p - this.pieceList.length}>`;
    });
  }

  sentinel(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
      throw new RangeError(`UnigramTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
    }
    return this.vocabSize - 1 - k;
  }

  private checkId(id: number, where: string): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize)
      throw new RangeError(`UnigramTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
    return id;
  }
}
