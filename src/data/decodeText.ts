/**
 * Bytes → text for dataset files, refusing binary content and invalid UTF-8 with the line number
 * of the first bad byte (TextDecoder's fatal mode only says "invalid", not where).
 */
import { DatasetError } from './datasetError.ts';

/** Text, or the raw bytes of a file (what `fetch`, `File.arrayBuffer()` and `fs.readFile` give). */
export type DatasetSource = string | Uint8Array | ArrayBuffer;

/** 1-based line of byte `offset`: one plus the number of `\n` bytes before it. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence (same rules as
 * the WHATWG decoder: no overlongs, no surrogates, nothing above U+10FFFF), or −1.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (i + k >= n) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * UTF-16 by its byte-order mark, or (no BOM) by the NUL pattern of mostly-ASCII UTF-16 text: in
 * the first bytes, every other byte is 0 (odd ones: little-endian, even ones: big-endian).
 */
export function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.9 && evenZero === 0) return 'utf-16le';
  if (evenZero >= pairs * 0.9 && oddZero === 0) return 'utf-16be';
  return undefined;
}

/**
 * Decodes a dataset file, or explains (with a line number) why it is not text. UTF-8 (with or
 * without a BOM) and UTF-16 (by BOM or NUL pattern, e.g. Windows Notepad's "Unicode") are read.
 */
export function decodeDatasetText(source: DatasetSource, name: string): { ok: true; text: string } | { ok: false; error: DatasetError } {
  if (typeof source === 'string') {
    const nul = source.indexOf('\0');
    if (nul >= 0) return { ok: false, error: binaryError(name, source.slice(0, nul).split('\n').length) };
    return { ok: true, text: source };
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    let text: string;
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      return {
        ok: false,
        error: new DatasetError(
          name,
          0,
          `looks like ${utf16.toUpperCase()} text but is not valid ${utf16.toUpperCase()}; save the file as UTF-8`,
        ),
      };
    }
    const nulInText = text.indexOf('\0');
    if (nulInText >= 0) return { ok: false, error: binaryError(name, text.slice(0, nulInText).split('\n').length) };
    return { ok: true, text };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, error: binaryError(name, lineOfByte(bytes, nul)) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    const at = bad >= 0 ? bad : 0;
    const hex = bad >= 0 ? `0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}` : 'unknown';
    return {
      ok: false,
      error: new DatasetError(name, lineOfByte(bytes, at), `invalid UTF-8 (byte ${hex} at byte offset ${at}); save the file as UTF-8`),
    };
  }
}

function binaryError(name: string, line: number): DatasetError {
  return new DatasetError(name, line, 'binary content (NUL byte): this does not look like a text file');
}
