/**
 * SentencePiece's normaliser (normalizer.cc), byte for byte: the precompiled charsmap is a
 * darts-clone double-array trie over UTF-8 bytes whose values index NUL-terminated replacement
 * strings; at each position the longest matching rule wins (of the first 32 matches, as the C++
 * keeps), else one UTF-8 character passes through. Then whitespace is handled as the spec says:
 * leading/repeated/trailing spaces removed (`remove_extra_whitespaces`), a dummy "▁" prefix
 * (`add_dummy_prefix`), and spaces escaped to "▁" (`escape_whitespaces`).
 */
import { SentencePieceModelError, type NormalizerSpec } from './sentencepieceModel.ts';

const SPACE_SYMBOL = [0xe2, 0x96, 0x81]; // "▁" U+2581
/** sentencepiece keeps at most this many prefix matches per position (kMaxTrieResultsSize). */
const MAX_TRIE_RESULTS = 32;

/** Bytes of the UTF-8 character starting with `lead` (string_util::OneCharLen). */
export function oneCharLen(lead: number): number {
  return [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4][lead >> 4];
}

/** A darts-clone double array (the format of the charsmap trie). */
class DoubleArray {
  constructor(private readonly units: Uint32Array) {}

  /** All (value, length) of keys that are prefixes of bytes[pos, end), shortest first. */
  commonPrefixSearch(bytes: Uint8Array, pos: number, end: number, out: { value: number; length: number }[]): number {
    const u = this.units;
    let count = 0;
    let node = offset(u[0]);
    for (let i = pos; i < end; i++) {
      const c = bytes[i];
      node ^= c;
      if (node >= u.length) return count;
      const unit = u[node];
      if ((unit & 0x800000ff) !== c) return count; // label mismatch
      node ^= offset(unit);
      if ((unit >>> 8) & 1) {
        if (node >= u.length) return count;
        if (count < MAX_TRIE_RESULTS) out[count] = { value: u[node] & 0x7fffffff, length: i - pos + 1 };
        count++;
      }
    }
    return count;
  }
}

function offset(unit: number): number {
  return ((unit >>> 10) << ((unit & (1 << 9)) >>> 6)) >>> 0;
}

export class SentencePieceNormalizer {
  private readonly trie?: DoubleArray;
  private readonly normalized?: Uint8Array;
  private readonly results: { value: number; length: number }[] = [];

  /** `userDefined`: pieces of type USER_DEFINED, which pass through unnormalised. */
  constructor(
    readonly spec: NormalizerSpec,
    private readonly userDefined: Uint8Array[] = [],
  ) {
    const blob = spec.precompiledCharsmap;
    if (blob.length > 0) {
      if (blob.length < 4) throw new SentencePieceModelError('normalizer_spec.precompiled_charsmap is shorter than its 4-byte header');
      const trieSize = new DataView(blob.buffer, blob.byteOffset, 4).getUint32(0, true);
      if (trieSize % 4 !== 0 || trieSize === 0 || 4 + trieSize > blob.length) {
        throw new SentencePieceModelError(
          `normalizer_spec.precompiled_charsmap: trie size ${trieSize} does not fit the ${blob.length}-byte charsmap`,
        );
      }
      const units = new Uint32Array(trieSize / 4);
      const view = new DataView(blob.buffer, blob.byteOffset + 4, trieSize);
      for (let i = 0; i < units.length; i++) units[i] = view.getUint32(4 * i, true);
      this.trie = new DoubleArray(units);
      this.normalized = blob.subarray(4 + trieSize);
    }
  }

  /** The replacement bytes for the longest rule at `pos` and how many input bytes it consumes. */
  private prefix(input: Uint8Array, pos: number): { start: number; end: number; from: Uint8Array | null; consumed: number } {
    let user = 0;
    for (const u of this.userDefined) {
      if (u.length > user && u.length <= input.length - pos && u.every((b, i) => input[pos + i] === b)) user = u.length;
    }
    if (user > 0) return { start: pos, end: pos + user, from: null, consumed: user };
    if (this.trie) {
      const n = Math.min(this.trie.commonPrefixSearch(input, pos, input.length, this.results), MAX_TRIE_RESULTS);
      let length = 0;
      let value = 0;
      for (let k = 0; k < n; k++) {
        if (length === 0 || this.results[k].length > length) ({ length, value } = this.results[k]);
      }
      if (length > 0) {
        const norm = this.normalized!;
        if (value >= norm.length)
          throw new SentencePieceModelError(
            `normalizer_spec.precompiled_charsmap: rule points past the replacement strings (offset ${value})`,
          );
        let end = value;
        while (end < norm.length && norm[end] !== 0) end++;
        return { start: value, end, from: norm, consumed: length };
      }
    }
    const len = Math.min(oneCharLen(input[pos]), input.length - pos);
    return { start: pos, end: pos + len, from: null, consumed: len };
  }

  /** Normalises the UTF-8 bytes of a text; returns the UTF-8 bytes of the normalised text. */
  normalizeBytes(input: Uint8Array): Uint8Array {
    const { addDummyPrefix, removeExtraWhitespaces, escapeWhitespaces } = this.spec;
    const out: number[] = [];
    let pos = 0;
    const pieceOf = (p: ReturnType<SentencePieceNormalizer['prefix']>): Uint8Array => (p.from ?? input).subarray(p.start, p.end);
    if (removeExtraWhitespaces) {
      while (pos < input.length) {
        const p = this.prefix(input, pos);
        const sp = pieceOf(p);
        if (!(sp.length === 1 && sp[0] === 0x20)) break;
        pos += p.consumed;
      }
    }
    if (pos >= input.length) return new Uint8Array(0);
    const space = escapeWhitespaces ? SPACE_SYMBOL : [0x20];
    if (addDummyPrefix) out.push(...space);
    let isPrevSpace = removeExtraWhitespaces;
    while (pos < input.length) {
      const p = this.prefix(input, pos);
      let sp = pieceOf(p);
      if (isPrevSpace) {
        let k = 0;
        while (k < sp.length && sp[k] === 0x20) k++;
        sp = sp.subarray(k);
      }
      if (sp.length > 0) {
        for (const b of sp) {
          if (escapeWhitespaces && b === 0x20) out.push(...SPACE_SYMBOL);
          else out.push(b);
        }
        isPrevSpace = sp[sp.length - 1] === 0x20;
      }
      pos += p.consumed;
      if (!removeExtraWhitespaces) isPrevSpace = false;
    }
    if (removeExtraWhitespaces) {
      const n = space.length;
      while (out.length >= n && space.every((b, i) => out[out.length - n + i] === b)) out.length -= n;
    }
    return Uint8Array.from(out);
  }

  /** Normalises a text (see {@link normalizeBytes}). */
  normalize(text: string): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.normalizeBytes(new TextEncoder().encode(text)));
  }
}
