/**
 * The one validation vocabulary of t5lab: small checks that take a value and the name the user
 * knows it by (a config field, a CLI flag such as `--num-buckets`, a form label such as
 * "Batch size") and either return the value, typed, or throw a {@link ValidationError} whose
 * message names that field: `Batch size must be a positive integer (got 0)`.
 *
 * Configs, run configs, experiments, the CLI and cell parameters all use these, so a rule and
 * its wording live in one place. Messages keep the shape `NAME must be … (got VALUE)`.
 */

/** A bad value for a named field. `field` is the name the user typed or saw. */
export class ValidationError extends RangeError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** Renders a bad value for a message: strings quoted, objects as JSON, long values cut. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return v.length > 8 ? `an array of ${v.length} items` : safeJson(v);
  return safeJson(v);
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return typeof v;
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof v;
  }
}

/** Throws a {@link ValidationError} `NAME must be WHAT (got VALUE)`. */
export function fail(name: string, what: string, got: unknown): never {
  throw new ValidationError(name, `${name} must be ${what} (got ${show(got)})`);
}

/** A finite number (not NaN, not ±Infinity, not a numeric string). */
export function finiteNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(name, 'a finite number', v);
  return v;
}

/** Any integer (negative ones too, e.g. a relative position). */
export function integer(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(name, 'an integer', v);
  return v;
}

/** An integer ≥ `min`, worded `NAME must be an integer ≥ MIN` (run-config fields say it so). */
export function intAtLeast(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(name, `an integer ≥ ${min}`, v);
  return v;
}

/** An integer that a double holds exactly (|v| ≤ 2^53 − 1): seeds. */
export function safeInteger(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(name, 'a safe integer', v);
  return v;
}

/** An integer ≥ 1. */
export function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(name, 'a positive integer', v);
  return v;
}

/** An integer ≥ 0. */
export function nonNegativeInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(name, 'a non-negative integer', v);
  return v;
}

/** A number > 0. */
export function positiveNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(name, 'a positive number', v);
  return v;
}

export interface RangeOptions {
  /** Excludes `min` itself (`(min, max]`). */
  minExclusive?: boolean;
  /** Excludes `max` itself (`[min, max)`). */
  maxExclusive?: boolean;
}

function rangeText(min: number, max: number, o: RangeOptions): string {
  if (max === Infinity) return o.minExclusive ? `greater than ${min}` : `at least ${min}`;
  if (min === -Infinity) return o.maxExclusive ? `less than ${max}` : `at most ${max}`;
  return `in ${o.minExclusive ? '(' : '['}${min}, ${max}${o.maxExclusive ? ')' : ']'}`;
}

function inRange(v: number, min: number, max: number, o: RangeOptions): boolean {
  const lo = o.minExclusive ? v > min : v >= min;
  const hi = o.maxExclusive ? v < max : v <= max;
  return lo && hi;
}

/** A finite number in `[min, max]` (bounds made exclusive by `options`). */
export function numberIn(v: unknown, name: string, min: number, max: number, options: RangeOptions = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, min, max, options)) {
    fail(name, `a number ${rangeText(min, max, options)}`, v);
  }
  return v;
}

/** An integer in `[min, max]` (bounds made exclusive by `options`). */
export function intIn(v: unknown, name: string, min: number, max: number, options: RangeOptions = {}): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || !inRange(v, min, max, options)) {
    fail(name, `an integer ${rangeText(min, max, options)}`, v);
  }
  return v;
}

/** One of a fixed list of values, e.g. `oneOf(v, '--backend', ['wasm', 'cpu'])`. */
export function oneOf<const T extends string | number | boolean>(v: unknown, name: string, options: readonly T[]): T {
  if (!options.includes(v as T)) {
    const list = options.map((o) => (typeof o === 'string' ? `"${o}"` : String(o)));
    const what = list.length === 2 ? `${list[0]} or ${list[1]}` : `one of ${list.join(', ')}`;
    fail(name, what, v);
  }
  return v as T;
}

/** A boolean (not a truthy string). */
export function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') fail(name, 'true or false', v);
  return v;
}

/** A string; `nonEmpty` also refuses one that is only white space. */
export function string(v: unknown, name: string, { nonEmpty = false }: { nonEmpty?: boolean } = {}): string {
  if (typeof v !== 'string') fail(name, 'a string', v);
  if (nonEmpty && v.trim() === '') fail(name, 'a non-empty string', v);
  return v;
}

/** A plain object (not null, not an array). */
export function plainObject(v: unknown, name: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(name, 'an object', v);
  return v as Record<string, unknown>;
}

/** An array whose items each pass `item` (named `NAME[i]`), with optional length limits. */
export function arrayOf<T>(
  v: unknown,
  name: string,
  item: (x: unknown, itemName: string) => T,
  { minLength = 0, maxLength = Infinity }: { minLength?: number; maxLength?: number } = {},
): T[] {
  if (!Array.isArray(v)) fail(name, 'a list', v);
  if (v.length < minLength) fail(name, minLength === 1 ? 'a non-empty list' : `a list of at least ${minLength} items`, v);
  if (v.length > maxLength) fail(name, `a list of at most ${maxLength} items`, v);
  return v.map((x, i) => item(x, `${name}[${i}]`));
}

/** Runs `check` unless the value is `undefined`. */
export function optional<T>(v: unknown, name: string, check: (x: unknown, n: string) => T): T | undefined {
  return v === undefined ? undefined : check(v, name);
}

/**
 * Parses a numeric CLI flag or form text into a number first (`"12"` → 12), then applies
 * `check`; a non-numeric string fails with `NAME must be a number (got "abc")`.
 */
export function fromText<T>(v: unknown, name: string, check: (x: unknown, n: string) => T): T {
  if (typeof v === 'string') {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n)) fail(name, 'a number', v);
    return check(n, name);
  }
  return check(v, name);
}

/** One field of a {@link parseFields} schema: the label the user sees and its check. */
export interface FieldSpec<T> {
  label: string;
  check: (v: unknown, label: string) => T;
}

export type Schema<P> = { [K in keyof P]: FieldSpec<P[K]> };

export interface ParsedFields<P> {
  /** Every field: the checked value where it passed, the default where it was missing or bad. */
  value: P;
  /** One error per bad field, each naming its label. Empty when all passed. */
  errors: ValidationError[];
}

/**
 * Checks an untrusted parameter object (a cell's stored params, an imported notebook) field by
 * field against `schema`, filling missing fields from `defaults`. Bad fields fall back to their
 * default and are reported, so a cell can render with what is valid and show what is not.
 * Unknown keys are ignored (older notebooks may carry fields that no longer exist).
 */
export function parseFields<P extends object>(raw: unknown, schema: Schema<P>, defaults: P): ParsedFields<P> {
  const errors: ValidationError[] = [];
  const value = { ...defaults };
  const source = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && source !== raw) {
    errors.push(new ValidationError('parameters', `parameters must be an object (got ${show(raw)})`));
  }
  for (const key of Object.keys(schema) as (keyof P & string)[]) {
    if (!(key in source) || source[key] === undefined) continue;
    const spec = schema[key];
    try {
      value[key] = spec.check(source[key], spec.label);
    } catch (err) {
      errors.push(err instanceof ValidationError ? err : new ValidationError(spec.label, `${spec.label}: ${(err as Error).message}`));
    }
  }
  return { value, errors };
}
