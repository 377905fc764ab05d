/**
 * Turns tokenized examples into fixed-shape batches: one example per row, right-padded with 0,
 * or packed (several examples per row with segment ids, mesh-tf `pack_dataset`). Examples longer
 * than a row are truncated keeping their final EOS (seqio trims before appending EOS). Batches
 * are plain Int32Arrays; `batchTensors` makes the model inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { bool, fail, positiveInt } from '../validation/checks.ts';
import type { ExampleSource, TokenizedExample } from './exampleSources.ts';
import type { ForwardInput } from '../model/t5Model.ts';

export interface BatchShape {
  /** Rows per batch. */
  size: number;
  inputLength: number;
  targetLength: number;
  /** Pack several examples per row (needs segment ids in the model). Default false. */
  pack?: boolean;
}

export interface HostBatch {
  rows: number;
  inputLength: number;
  targetLength: number;
  inputIds: Int32Array;
  labels: Int32Array;
  /** Present when packed: 1, 2, … per example in a row, 0 for padding. */
  inputSegmentIds?: Int32Array;
  targetSegmentIds?: Int32Array;
  /** Examples in the batch. */
  examples: number;
  /** Non-pad tokens, inputs + targets. */
  tokens: number;
}

/** A sequence cut to `length` ids: its first `length` − 1 ids, then its final id (EOS). */
export function truncate(ids: Int32Array, length: number): Int32Array {
  if (ids.length <= length) return ids;
  const out = ids.slice(0, length);
  out[length - 1] = ids[ids.length - 1];
  return out;
}

/** Checks a batch shape, naming the bad field. */
export function validateBatchShape(shape: unknown, field = 'batch'): Required<BatchShape> {
  if (shape === null || typeof shape !== 'object' || Array.isArray(shape))
    fail(field, 'an object { size, inputLength, targetLength }', shape);
  const s = shape as Record<string, unknown>;
  for (const key of ['size', 'inputLength', 'targetLength']) positiveInt(s[key], `${field}.${key}`);
  if (s.pack !== undefined) bool(s.pack, `${field}.pack`);
  return {
    size: s.size as number,
    inputLength: s.inputLength as number,
    targetLength: s.targetLength as number,
    pack: (s.pack as boolean | undefined) ?? false,
  };
}

/** One example per row (no packing). */
export function padBatch(examples: readonly TokenizedExample[], inputLength: number, targetLength: number): HostBatch {
  const rows = examples.length;
  const inputIds = new Int32Array(rows * inputLength);
  const labels = new Int32Array(rows * targetLength);
  let tokens = 0;
  examples.forEach((ex, r) => {
    const i = truncate(ex.inputs, inputLength);
    const t = truncate(ex.targets, targetLength);
    inputIds.set(i, r * inputLength);
    labels.set(t, r * targetLength);
    tokens += i.length + t.length;
  });
  return { rows, inputLength, targetLength, inputIds, labels, examples: rows, tokens };
}

/** Pending example carried to the next batch when packing (it did not fit the last row). */
export interface BatchCursor {
  source: unknown;
  pending: { inputs: number[]; targets: number[] } | null;
}

/** Batches from an example source, resumable through `cursor()`. */
export class BatchStream {
  readonly shape: Required<BatchShape>;
  private pending: TokenizedExample | null;

  constructor(
    private readonly source: ExampleSource,
    shape: BatchShape,
    pending: BatchCursor['pending'] = null,
  ) {
    this.shape = validateBatchShape(shape);
    this.pending = pending ? { inputs: Int32Array.from(pending.inputs), targets: Int32Array.from(pending.targets) } : null;
  }

  next(): HostBatch {
    const { size, inputLength, targetLength, pack } = this.shape;
    if (!pack)
      return padBatch(
        Array.from({ length: size }, () => this.source.next()),
        inputLength,
        targetLength,
      );
    return this.nextPacked();
  }

  /** Greedy packing: fill a row until the next example's inputs or targets would not fit. */
  private nextPacked(): HostBatch {
    const { size: rows, inputLength: L, targetLength: T } = this.shape;
    const inputIds = new Int32Array(rows * L);
    const labels = new Int32Array(rows * T);
    const inputSegmentIds = new Int32Array(rows * L);
    const targetSegmentIds = new Int32Array(rows * T);
    let examples = 0;
    let tokens = 0;
    for (let r = 0; r < rows; r++) {
      let usedIn = 0;
      let usedOut = 0;
      let segment = 0;
      for (;;) {
        const ex = this.pending ?? this.source.next();
        this.pending = null;
        const i = truncate(ex.inputs, L);
        const t = truncate(ex.targets, T);
        if (segment > 0 && (usedIn + i.length > L || usedOut + t.length > T)) {
          this.pending = ex;
          break;
        }
        segment++;
        inputIds.set(i, r * L + usedIn);
        labels.set(t, r * T + usedOut);
        inputSegmentIds.fill(segment, r * L + usedIn, r * L + usedIn + i.length);
        targetSegmentIds.fill(segment, r * T + usedOut, r * T + usedOut + t.length);
        usedIn += i.length;
        usedOut += t.length;
        examples++;
        tokens += i.length + t.length;
        if (usedIn === L || usedOut === T) break;
      }
    }
    return { rows, inputLength: L, targetLength: T, inputIds, labels, inputSegmentIds, targetSegmentIds, examples, tokens };
  }

  cursor(): BatchCursor {
    const p = this.pending;
    return { source: this.source.cursor(), pending: p ? { inputs: Array.from(p.inputs), targets: Array.from(p.targets) } : null };
  }
}

/** The model inputs of a batch as int32 tensors (caller disposes them, e.g. with disposeBatch). */
export function batchTensors(b: HostBatch): ForwardInput {
  const input: ForwardInput = {
    inputIds: tf.tensor2d(b.inputIds, [b.rows, b.inputLength], 'int32'),
    labels: tf.tensor2d(b.labels, [b.rows, b.targetLength], 'int32'),
  };
  if (b.inputSegmentIds && b.targetSegmentIds) {
    input.inputSegmentIds = tf.tensor2d(b.inputSegmentIds, [b.rows, b.inputLength], 'int32');
    input.targetSegmentIds = tf.tensor2d(b.targetSegmentIds, [b.rows, b.targetLength], 'int32');
  }
  return input;
}

/** Disposes the tensors made by batchTensors. */
export function disposeBatch(input: ForwardInput): void {
  tf.dispose(
    [input.inputIds, input.labels, input.inputSegmentIds, input.targetSegmentIds].filter((t): t is tf.Tensor2D => t !== undefined),
  );
}
