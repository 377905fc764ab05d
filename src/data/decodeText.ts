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

/** Decodes a dataset file, or explains (with a line number) why it is not UTF-8 text. */
export function decodeDatasetText(source: DatasetSource, name: string): { ok: true; text: string } | { ok: false; error: DatasetError } {
  if (typeof source === 'string') {
    const nul = source.indexOf('\0');
    if (nul >= 0) return { ok: false, error: binaryError(name, source.slice(0, nul).split('\n').length) };
    return { ok: true, text: source };
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
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
