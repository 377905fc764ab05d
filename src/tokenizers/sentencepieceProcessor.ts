/**
 * Encoding and decoding with a SentencePiece unigram model exactly as `sentencepiece` 0.1.9x
 * does (unigram_model.cc EncodeOptimized, sentencepiece_processor.cc Encode/Decode):
 * - normalise (sentencepieceNormalizer.ts), then Viterbi over the UTF-8 bytes with float32
 *   path scores, pieces of type NORMAL/USER_DEFINED (bonus score) in a byte trie, UNUSED pieces
 *   skipped, and an unknown edge (score min − 10) for a character no single piece covers;
 * - byte fallback spells an unknown piece as `<0xXX>` pieces; without it, runs of unknown
 *   pieces merge into one `<unk>` whose surface is the original text;
 * - decoding drops control pieces, writes `unk_surface` for `<unk>`, turns "▁" into spaces
 *   (dropping the first one), and decodes runs of byte pieces as UTF-8 (U+FFFD per bad byte).
 */
import { PieceType, readSentencePieceModel, SentencePieceModelError, type SentencePieceModelProto } from './sentencepieceModel.ts';
import { oneCharLen, SentencePieceNormalizer } from './sentencepieceNormalizer.ts';

const UNK_PENALTY = 10;
const encoder = new TextEncoder();
// ignoreBOM: a U+FEFF in the text is a character like any other (sentencepiece keeps it).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A byte trie over pieces: node 0 is the root, edges keyed node·256 + byte. */
class ByteTrie {
  private readonly next = new Map<number, number>();
  private readonly value: number[] = [-1];

  insert(bytes: Uint8Array, id: number): void {
    let node = 0;
    for (const b of bytes) {
      let child = this.next.get(node * 256 + b);
      if (child === undefined) {
        child = this.value.length;
        this.value.push(-1);
        this.next.set(node * 256 + b, child);
      }
      node = child;
    }
    this.value[node] = id;
  }

  child(node: number, b: number): number {
    return this.next.get(node * 256 + b) ?? -1;
  }

  valueAt(node: number): number {
    return this.value[node];
  }
}

export interface SentencePieceEncoding {
  ids: number[];
  pieces: string[];
}

export class SentencePieceProcessor {
  readonly model: SentencePieceModelProto;
  readonly normalizer: SentencePieceNormalizer;
  readonly unkId: number;
  private readonly trie = new ByteTrie();
  private readonly pieceToId = new Map<string, number>();
  private readonly scores: Float32Array;
  private readonly minScore: number;
  private readonly maxScore: number;
  private readonly byteIds: Int32Array;
  private readonly idOfByte = new Map<number, number>();

  constructor(model: SentencePieceModelProto | Uint8Array) {
    this.model = model instanceof Uint8Array ? readSentencePieceModel(model) : model;
    const { pieces, trainerSpec } = this.model;
    if (trainerSpec.treatWhitespaceAsSuffix)
      throw new SentencePieceModelError('trainer_spec.treat_whitespace_as_suffix models are not supported');
    this.scores = Float32Array.from(pieces, (p) => p.score);
    let min = Infinity;
    let max = -Infinity;
    let unk = -1;
    const userDefined: Uint8Array[] = [];
    this.byteIds = new Int32Array(256).fill(-1);
    pieces.forEach((p, id) => {
      this.pieceToId.set(p.piece, id);
      if (p.type === PieceType.NORMAL) {
        min = Math.min(min, p.score);
        max = Math.max(max, p.score);
      }
      if (p.type === PieceType.NORMAL || p.type === PieceType.USER_DEFINED || p.type === PieceType.UNUSED)
        this.trie.insert(encoder.encode(p.piece), id);
      if (p.type === PieceType.USER_DEFINED) userDefined.push(encoder.encode(p.piece));
      if (p.type === PieceType.UNKNOWN && unk < 0) unk = id;
      if (p.type === PieceType.BYTE) {
        const m = /^<0x([0-9A-F]{2})>$/.exec(p.piece);
        if (!m) throw new SentencePieceModelError(`pieces[${id}] "${p.piece}" has type BYTE but is not of the form <0xXX>`);
        this.byteIds[parseInt(m[1], 16)] = id;
        this.idOfByte.set(id, parseInt(m[1], 16));
      }
    });
    if (trainerSpec.byteFallback && this.byteIds.some((id) => id < 0))
      throw new SentencePieceModelError('trainer_spec.byte_fallback is set but not all 256 <0xXX> pieces are present');
    this.unkId = unk;
    // C++ starts from FLT_MAX / FLT_MIN (the smallest positive float), so a model without
    // normal pieces still has finite scores.
    this.minScore = Number.isFinite(min) ? min : 3.4028234663852886e38;
    this.maxScore = Number.isFinite(max) ? Math.max(max, 1.1754943508222875e-38) : 1.1754943508222875e-38;
    this.normalizer = new SentencePieceNormalizer(this.model.normalizerSpec, userDefined);
  }

  /** Number of pieces (ids 0 … size − 1). */
  get size(): number {
    return this.model.pieces.length;
  }

  idToPiece(id: number): string {
    this.checkId(id);
    return this.model.pieces[id].piece;
  }

  /** The id of a piece, or the unk id (as `PieceToId`). */
  idOf(piece: string): number {
    return this.pieceToId.get(piece) ?? this.unkId;
  }

  isControl(id: number): boolean {
    return this.model.pieces[id].type === PieceType.CONTROL;
  }

  /** `encode(text)` and `encode(text, out_type=str)` of the Python binding, at once. */
  encode(text: string): SentencePieceEncoding {
    if (typeof text !== 'string') throw new TypeError('SentencePieceProcessor.encode: text must be a string');
    const norm = this.normalizer.normalizeBytes(encoder.encode(text));
    const ids: number[] = [];
    const pieces: string[] = [];
    const byteFallback = this.model.trainerSpec.byteFallback;
    let prevUnk = false;
    for (const [start, end, id] of this.viterbi(norm)) {
      const surface = norm.subarray(start, end);
      const isUnk = id === this.unkId;
      if (isUnk && byteFallback) {
        for (const b of surface) {
          ids.push(this.byteIds[b]);
          pieces.push(this.model.pieces[this.byteIds[b]].piece);
        }
      } else if (isUnk && prevUnk) {
        pieces[pieces.length - 1] += decoder.decode(surface);
      } else {
        ids.push(id);
        pieces.push(decoder.decode(surface));
      }
      prevUnk = isUnk;
    }
    return { ids, pieces };
  }

  /** Best segmentation of normalised bytes: [start, end, id] triples in order. */
  private viterbi(norm: Uint8Array): [number, number, number][] {
    const size = norm.length;
    const score = new Float32Array(size + 1);
    const from = new Int32Array(size + 1).fill(-1);
    const idAt = new Int32Array(size + 1).fill(-1);
    const unkScore = Math.fround(this.minScore - UNK_PENALTY);
    const types = this.model.pieces;
    for (let start = 0; start < size;) {
      const here = score[start];
      const mblen = Math.min(oneCharLen(norm[start]), size - start);
      let hasSingle = false;
      let node = 0;
      for (let pos = start; pos < size; pos++) {
        node = this.trie.child(node, norm[pos]);
        if (node < 0) break;
        const id = this.trie.valueAt(node);
        if (id < 0) continue;
        const type = types[id].type;
        if (type === PieceType.UNUSED) continue;
        const length = pos + 1 - start;
        const s = type === PieceType.USER_DEFINED ? Math.fround(length * this.maxScore - 0.1) : this.scores[id];
        const cand = Math.fround(s + here);
        const end = pos + 1;
        if (from[end] === -1 || cand > score[end]) {
          score[end] = cand;
          from[end] = start;
          idAt[end] = id;
        }
        if (!hasSingle && length === mblen) hasSingle = true;
      }
      if (!hasSingle) {
        const end = start + mblen;
        const cand = Math.fround(unkScore + here);
        if (from[end] === -1 || cand > score[end]) {
          score[end] = cand;
          from[end] = start;
          idAt[end] = this.unkId;
        }
      }
      start += mblen;
    }
    const out: [number, number, number][] = [];
    for (let end = size; end > 0; end = from[end]) out.push([from[end], end, idAt[end]]);
    return out.reverse();
  }

  /** `decode(ids)` of the Python binding. */
  decode(ids: ArrayLike<number>): string {
    const { normalizerSpec, trainerSpec } = this.model;
    const stripFirst = normalizerSpec.addDummyPrefix || normalizerSpec.removeExtraWhitespaces;
    let text = '';
    let bytes: number[] = [];
    const flush = () => {
      text += decodeBytePieces(bytes);
      bytes = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = this.checkId(ids[i]);
      const b = this.idOfByte.get(id);
      if (b !== undefined) {
        bytes.push(b);
        continue;
      }
      flush();
      const p = this.model.pieces[id];
      if (p.type === PieceType.CONTROL) continue;
      if (p.type === PieceType.UNKNOWN) {
        text += trainerSpec.unkSurface;
        continue;
      }
      let piece = p.piece;
      if (text === '' && stripFirst && piece.startsWith('\u2581')) piece = piece.slice(1);
      text += piece.replaceAll('\u2581', ' ');
    }
    flush();
    return text;
  }

  private checkId(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.size)
      throw new RangeError(`id ${id} is outside [0, ${this.size}) for this SentencePiece model`);
    return id;
  }
}

/** Decodes a run of byte pieces as sentencepiece does: one U+FFFD for each byte that does not start a valid character. */
export function decodeBytePieces(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const len = validCharLength(bytes, i);
    if (len === 0) {
      out += '\ufffd';
      i++;
    } else {
      out += decoder.decode(Uint8Array.from(bytes.slice(i, i + len)));
      i += len;
    }
  }
  return out;
}

/** Length of the valid UTF-8 character at bytes[i] (string_util::DecodeUTF8), or 0. */
function validCharLength(b: number[], i: number): number {
  const c = b[i];
  const left = b.length - i;
  const trail = (k: number) => (b[i + k] & 0xc0) === 0x80;
  if (c < 0x80) return 1;
  if (left >= 2 && (c & 0xe0) === 0xc0) {
    const cp = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f);
    return cp >= 0x80 && trail(1) ? 2 : 0;
  }
  if (left >= 3 && (c & 0xf0) === 0xe0) {
    const cp = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
    return cp >= 0x800 && trail(1) && trail(2) && (cp < 0xd800 || cp > 0xdfff) ? 3 : 0;
  }
  if (left >= 4 && (c & 0xf8) === 0xf0) {
    const cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
    return cp >= 0x10000 && cp <= 0x10ffff && trail(1) && trail(2) && trail(3) ? 4 : 0;
  }
  return 0;
}
