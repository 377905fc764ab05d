/**
 * Limits on what an imported file or a share link may hold, checked before anything recursive
 * touches the data: a 100,000-deep JSON document overflows the stack of structuredClone (and of
 * every recursive walk after it), and a small deflated link can unpack to gigabytes. Both are
 * refused with a sentence that says what the limit is.
 */
import { Unzlib } from 'fflate';

/** The deepest nesting of arrays/objects a notebook file may have (real ones stay under 12). */
export const MAX_NOTEBOOK_DEPTH = 64;

/** The most a share link may unpack to (bytes of JSON). */
export const MAX_SHARED_BYTES = 16 * 1024 * 1024;

/**
 * The deepest nesting of `[`/`{` in JSON text, found in one pass without recursion (brackets
 * inside strings do not count). Works on any text; invalid JSON is JSON.parse's to report.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Throws when `text` nests deeper than notebooks may (`what` names it: "big.t5lab.json"). */
export function checkNestingDepth(text: string, what: string): void {
  const depth = jsonNestingDepth(text);
  if (depth > MAX_NOTEBOOK_DEPTH) {
    throw new Error(`${what} is nested ${depth.toLocaleString('en-US')} levels deep; notebooks are at most ${MAX_NOTEBOOK_DEPTH}`);
  }
}

/**
 * Inflates zlib data, refusing to produce more than `maxBytes`. Input is fed in small slices so
 * the check runs long before a bomb is unpacked (deflate expands at most ~1032×).
 */
export function inflateCapped(data: Uint8Array, maxBytes = MAX_SHARED_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Unzlib((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new RangeError(`unpacks to more than ${Math.round(maxBytes / (1024 * 1024))} MB`);
    chunks.push(chunk);
    if (final) done = true;
  });
  const SLICE = 1024;
  for (let i = 0; i < data.length; i += SLICE) inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  if (!data.length) inflater.push(new Uint8Array(0), true);
  if (!done) throw new Error('unexpected end of data');
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
