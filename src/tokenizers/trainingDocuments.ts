/**
 * The documents a tokenizer trains on, and how they travel to its worker. An array travels as it
 * is; a view over a user's packed upload (src/data/packedRows.ts), optionally followed by extra
 * documents (task text), travels as its two buffers plus the extras, one memcpy instead of one
 * structured clone per row, and is decoded in the worker.
 */
import { PackedRowsView, type PackedRows, type RowsView } from '../data/packedRows.ts';

export type CorpusDocuments = readonly string[] | RowsView<string>;

/** The documents part of a training request. */
export type TrainingDocuments = { documents: string[] } | { packed: PackedRows; indices?: Uint32Array; extra: string[] };

/** A view's rows followed by `extra` documents (task text added to a packed corpus). */
export class RowsWithExtra implements RowsView<string> {
  constructor(
    readonly base: RowsView<string>,
    readonly extra: readonly string[],
  ) {}
  get length() {
    return this.base.length + this.extra.length;
  }
  get(i: number): string {
    return i < this.base.length ? this.base.get(i) : this.extra[i - this.base.length];
  }
  slice(start = 0, end = this.length): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.get(i));
    return out;
  }
  toArray(): string[] {
    return [...this.base.toArray(), ...this.extra];
  }
  *[Symbol.iterator](): Iterator<string> {
    yield* this.base;
    yield* this.extra;
  }
}

export const documentsArray = (documents: CorpusDocuments): readonly string[] =>
  Array.isArray(documents) ? (documents as readonly string[]) : (documents as RowsView<string>).toArray();

/** The message form of documents: packed rows stay packed, anything else becomes an array. */
export function trainingDocumentsMessage(documents: CorpusDocuments): TrainingDocuments {
  if (Array.isArray(documents)) return { documents: [...(documents as readonly string[])] };
  const view = documents as RowsView<string>;
  const [base, extra] = view instanceof RowsWithExtra ? [view.base, view.extra] : [view, []];
  if (base.packed) {
    const { rows, indices } = base.packed;
    return { packed: rows, ...(indices ? { indices } : {}), extra: [...extra] };
  }
  return { documents: view.toArray() };
}

/** The documents of a training request, decoded (in the worker). */
export function documentsOfMessage(msg: TrainingDocuments): string[] {
  if ('documents' in msg) return msg.documents;
  const docs = new PackedRowsView<string>(msg.packed, msg.indices).toArray();
  for (const d of msg.extra) docs.push(d);
  return docs;
}
