/**
 * Task sizes written as text, `name=examples, name=examples`: how the `t5lab rates --sizes` flag
 * and the mixing cell's size list spell them. Sizes may be plain numbers ("8551", "1e6") or
 * powers of two ("2^16").
 */

/** Reads a number written plainly ("65536", "1e6") or as a power of two ("2^16", "2**16"); NaN otherwise. */
export function parseAmount(text: string): number {
  const pow = /^\s*2\s*(?:\^|\*\*)\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (pow) return 2 ** Number(pow[1]);
  return text.trim() === '' ? Number.NaN : Number(text.replaceAll('_', ''));
}

/**
 * Parses `name=n, name=n` (commas or new lines between entries) into sizes, in order. Errors
 * quote the bad entry; names must be unique and sizes finite and ≥ 0.
 */
export function parseTaskSizes(text: string): Record<string, number> {
  if (typeof text !== 'string') throw new TypeError('task sizes must be text like "name=examples, name=examples"');
  const sizes: Record<string, number> = {};
  const entries = text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new RangeError('task sizes must list at least one name=examples entry');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (eq < 0 || name === '') throw new RangeError(`task size entries must look like name=examples (got "${entry}")`);
    const raw = entry.slice(eq + 1).trim();
    const n = parseAmount(raw);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`examples of "${name}" must be a finite number ≥ 0 (got "${raw}")`);
    if (Object.hasOwn(sizes, name)) throw new RangeError(`task "${name}" is listed twice`);
    sizes[name] = n;
  }
  return sizes;
}

/** The inverse of parseTaskSizes: `a=10, b=20`. */
export function formatTaskSizes(sizes: Readonly<Record<string, number>>): string {
  return Object.entries(sizes)
    .map(([n, v]) => `${n}=${v}`)
    .join(', ');
}
