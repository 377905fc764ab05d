/**
 * Dataset rows packed into one UTF-8 buffer and a table of offsets, and the read-only views the
 * dataset cell publishes over them. Why: a large upload is parsed in a worker; sending its rows to
 * the page as millions of strings (and on to each consumer's worker) costs a structured clone per
 * row each time, while the packed form is two ArrayBuffers that move by transfer (to the page) or
 * one memcpy (to another worker), and a row is decoded only when something reads it.
 */
import type { CorpusDataset, Dataset, TaskExample } from './parseDataset.ts';

/** `fields` strings per row (1: a document; 2: input then target), row i's field f at `offsets[i*fields+f]`. */
export interface PackedRows {
  fields: 1 | 2;
  bytes: Uint8Array;
  /** `rows * fields + 1` byte offsets into `bytes`. */
  offsets: Uint32Array;
}

/** Packs parsed rows (in the worker); the buffers own their memory, so they can be transferred. */
export function packRows(ds: Dataset): PackedRows {
  const fields = ds.kind === 'task' ? 2 : 1;
  const n = ds.kind === 'task' ? ds.examples.length : ds.documents.length;
  const offsets = new Uint32Array(n * fields + 1);
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1024);
  let end = 0;
  const put = (s: string) => {
    // encodeInto needs up to 3 bytes per UTF-16 unit; grow before, never mid-string.
    if (bytes.length - end < s.length * 3) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, end + s.length * 3));
      grown.set(bytes.subarray(0, end));
      bytes = grown;
    }
    end += encoder.encodeInto(s, bytes.subarray(end)).written;
  };
  let k = 0;
  if (ds.kind === 'task') {
    for (const e of ds.examples) {
      put(e.inputs);
      offsets[++k] = end;
      put(e.targets);
      offsets[++k] = end;
    }
  } else {
    for (const d of ds.documents) {
      put(d);
      offsets[++k] = end;
    }
  }
  return { fields, bytes: bytes.slice(0, end), offsets };
}

/** The buffers to transfer with a {@link PackedRows}. */
export const packedTransfer = (p: PackedRows): ArrayBuffer[] => [p.bytes.buffer as ArrayBuffer, p.offsets.buffer as ArrayBuffer];

/** Read-only rows: a length, random access and slices; rows are made when read. */
export interface RowsView<T> extends Iterable<T> {
  readonly length: number;
  get(i: number): T;
  slice(start?: number, end?: number): T[];
  /** Every row as an array (costly for a large upload: each row becomes a string on this thread). */
  toArray(): T[];
  /** The packed rows under this view and which of them it shows (absent: an array, or all rows). */
  readonly packed?: { rows: PackedRows; indices?: Uint32Array };
}

abstract class BaseRows<T> implements RowsView<T> {
  abstract readonly length: number;
  abstract get(i: number): T;
  slice(start = 0, end = this.length): T[] {
    const out: T[] = [];
    const to = Math.min(end, this.length);
    for (let i = Math.max(0, start); i < to; i++) out.push(this.get(i));
    return out;
  }
  toArray(): T[] {
    return this.slice();
  }
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

const decoder = new TextDecoder();

/** Rows decoded from a {@link PackedRows}, optionally only those at `indices` (a split). */
export class PackedRowsView<T extends string | TaskExample> extends BaseRows<T> {
  readonly length: number;
  constructor(
    private readonly rows: PackedRows,
    private readonly indices?: Uint32Array,
  ) {
    super();
    this.length = indices ? indices.length : (rows.offsets.length - 1) / rows.fields;
  }
  get packed() {
    return this.indices ? { rows: this.rows, indices: this.indices } : { rows: this.rows };
  }
  private field(j: number): string {
    return decoder.decode(this.rows.bytes.subarray(this.rows.offsets[j], this.rows.offsets[j + 1]));
  }
  get(i: number): T {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`row ${i} is outside 0–${this.length - 1}`);
    const row = this.indices ? this.indices[i] : i;
    if (this.rows.fields === 1) return this.field(row) as T;
    return { inputs: this.field(row * 2), targets: this.field(row * 2 + 1) } as T;
  }
}

/** Rows held as an array (bundled datasets, which are small). */
export class ArrayRows<T> extends BaseRows<T> {
  constructor(private readonly rows: readonly T[]) {
    super();
  }
  get length() {
    return this.rows.length;
  }
  get(i: number): T {
    return this.rows[i];
  }
  override slice(start?: number, end?: number): T[] {
    return this.rows.slice(start, end);
  }
}

/** A corpus's documents as a view, whether it holds `documents` or packed `rows`. */
export function corpusRows(value: { documents?: readonly string[]; rows?: RowsView<string> }): RowsView<string> | undefined {
  if (value.rows && typeof value.rows.get === 'function') return value.rows;
  // Read `documents` only when there is no view: on a packed corpus it decodes every row.
  return Array.isArray(value.documents) ? new ArrayRows(value.documents) : undefined;
}

/** A small corpus packed on this thread (tests, and code that wants a view of an array). */
export function packDocuments(documents: readonly string[]): PackedRowsView<string> {
  const ds: CorpusDataset = { kind: 'corpus', name: '', documents: [...documents] };
  return new PackedRowsView<string>(packRows(ds));
}
