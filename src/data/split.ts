/**
 * Deterministic train/validation split by a hash of each example's key (its input text): the same
 * example lands in the same split on every run and platform, and duplicates of an input never
 * straddle the split (no leakage of identical inputs into validation).
 */

const utf8 = new TextEncoder();

/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text`, followed by murmur3's fmix32 finaliser so the
 * top bits (which decide the split) are well mixed even for inputs differing only at the end.
 */
export function hashText(text: string): number {
  const bytes = utf8.encode(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** True if the example keyed by `key` belongs to the validation split of the given fraction. */
export function isValidationKey(key: string, validationFraction: number): boolean {
  return hashText(key) / 0x100000000 < validationFraction;
}

export interface SplitOptions<T> {
  /** Fraction in [0, 1] that goes to validation (default 0.1). */
  validationFraction?: number;
  /** What is hashed (default: `inputs` for task examples, the string itself for documents). */
  key?: (example: T) => string;
}

export interface Split<T> {
  train: T[];
  validation: T[];
}

function defaultKey(example: unknown): string {
  if (typeof example === 'string') return example;
  if (example && typeof example === 'object' && typeof (example as { inputs?: unknown }).inputs === 'string') {
    return (example as { inputs: string }).inputs;
  }
  throw new TypeError('splitExamples: examples must be strings or have a string `inputs`; otherwise pass options.key');
}

/** Splits examples (order preserved within each split) by hashing their keys. */
export function splitExamples<T>(examples: readonly T[], options: SplitOptions<T> = {}): Split<T> {
  const fraction = options.validationFraction ?? 0.1;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`splitExamples: validationFraction must be a number in [0, 1] (got ${fraction})`);
  }
  if (options.key !== undefined && typeof options.key !== 'function') throw new TypeError('splitExamples: options.key must be a function');
  const key = options.key ?? defaultKey;
  const out: Split<T> = { train: [], validation: [] };
  for (const ex of examples) (isValidationKey(key(ex), fraction) ? out.validation : out.train).push(ex);
  return out;
}

/**
 * {@link splitExamples} as row indices (each split in file order), for rows that stay packed
 * (src/data/packedRows.ts): the same rows land in the same split.
 */
export function splitIndices<T>(examples: readonly T[], validationFraction = 0.1): { train: Uint32Array; validation: Uint32Array } {
  const isValidation = new Uint8Array(examples.length);
  let v = 0;
  examples.forEach((ex, i) => {
    if (isValidationKey(defaultKey(ex), validationFraction)) {
      isValidation[i] = 1;
      v++;
    }
  });
  const train = new Uint32Array(examples.length - v);
  const validation = new Uint32Array(v);
  let t = 0;
  v = 0;
  for (let i = 0; i < examples.length; i++) {
    if (isValidation[i]) validation[v++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}
