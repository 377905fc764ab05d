/**
 * The boundary every cell kind's stored parameters cross: a notebook is data (an import, a share
 * link, a hand-edited file), so a cell parses its `params` against a {@link Schema} before using
 * them. A wrong-typed field falls back to its default and comes back as a message naming the form
 * label, which the cell shows inside itself instead of crashing or rendering blank.
 */
import { fail, parseFields, type ParsedFields, type Schema } from './checks.ts';

/** {@link parseFields} plus one sentence per bad field (each names the field's label). */
export function parseCellParams<P extends object>(raw: unknown, schema: Schema<P>, defaults: P): ParsedFields<P> & { messages: string[] } {
  const parsed = parseFields(raw, schema, structuredClone(defaults));
  return { ...parsed, messages: parsed.errors.map((e) => e.message) };
}

/** Runs `check` unless the value is `null` (a field whose null means "none" or "the notebook's"). */
export function nullable<T>(check: (v: unknown, name: string) => T): (v: unknown, name: string) => T | null {
  return (v, name) => (v === null ? null : check(v, name));
}

/** A record of `name → value` whose values each pass `item` (named `NAME["key"]`). */
export function recordOf<T>(v: unknown, name: string, item: (x: unknown, itemName: string) => T): Record<string, T> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(name, 'an object', v);
  const out: Record<string, T> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = item(x, `${name}[${JSON.stringify(k)}]`);
  return out;
}
