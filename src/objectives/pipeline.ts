/**
 * The pre-training data pipeline of the t5 library (spec §B.1), as a resumable iterator:
 *
 * 1. documents are token-id arrays (already tokenized, no EOS); empty ones are dropped;
 * 2. `select_random_chunk`: a document longer than `maxChunkLength` (65,536) keeps one window,
 *    whose start is a random multiple of the window length;
 * 3. `reduce_concat_tokens`: `docsPerStream` (128) consecutive documents are concatenated with no
 *    separator (objectives that skip this step, prefix LM and deshuffle, use 1);
 * 4. `split_tokens`: each stream is cut into segments of exactly the objective's segment length
 *    (568 for span corruption at 512/0.15/3, inputsLength − 1 otherwise); only the last piece of
 *    each stream can be shorter;
 * 5–6. `denoise` + EOS: the objective corrupts each segment.
 *
 * All randomness comes from one seeded stream whose state is part of the cursor, so
 * `new PretrainingStream(docs, { ...options, cursor: saved })` continues exactly where a run stopped.
 */
import { Rng, type RngState } from './rng.ts';
import { getObjective, type Corrupted, type Objective, type ObjectiveName } from './objectives.ts';
import { checkVocab, type SentinelVocab } from './vocab.ts';
import { numberIn, positiveInt, positiveNumber } from '../validation/checks.ts';

/** Where a pipeline stands between two examples (plain JSON). */
export interface PipelineCursor {
  /** Index of the document the next segment starts in. */
  doc: number;
  /** Tokens of that document's chunk already consumed. */
  offset: number;
  /** The chunk [chunkStart, chunkEnd) chosen for `doc`, or −1/−1 if not chosen yet. */
  chunkStart: number;
  chunkEnd: number;
  /** Documents already concatenated into the current stream (step 3). */
  streamDocs: number;
  /** Examples emitted so far. */
  examples: number;
  rng: RngState;
}

export interface PipelineOptions {
  objective: ObjectiveName | Objective;
  /** Encoder input length the segments are sized for (paper: 512). */
  inputsLength: number;
  density?: number;
  meanSpan?: number;
  vocab: SentinelVocab;
  /** Seed of a fresh stream; ignored when `cursor` is given. Default 0. */
  seed?: number | string;
  /** Resume point from `stream.cursor()`. */
  cursor?: PipelineCursor;
  /** Documents per concatenated stream; default 128 (or 1 for objectives that do not concatenate). */
  docsPerStream?: number;
  /** `select_random_chunk` window; default 65,536. */
  maxChunkLength?: number;
}

export interface PretrainingExample extends Corrupted {
  /** Raw tokens in this segment (the objective's segment length, or fewer for a stream's last piece). */
  segmentLength: number;
}

type Documents = ArrayLike<ArrayLike<number>>;

/** A positive integer, or Infinity (no limit). */
function positiveIntOrInfinity(value: number, name: string): number {
  return value === Infinity ? value : positiveInt(value, `PretrainingStream: ${name}`);
}

export class PretrainingStream implements IterableIterator<PretrainingExample> {
  readonly objective: Objective;
  /** Raw tokens per full segment. */
  readonly segmentLength: number;
  private readonly docs: Documents;
  private readonly density: number;
  private readonly meanSpan: number;
  private readonly vocab: SentinelVocab;
  private readonly docsPerStream: number;
  private readonly maxChunkLength: number;
  private readonly rng: Rng;
  private readonly buffer: Int32Array;
  private doc: number;
  private offset: number;
  private chunkStart: number;
  private chunkEnd: number;
  private streamDocs: number;
  private examples: number;

  constructor(docs: Documents, options: PipelineOptions) {
    if (!docs || typeof docs.length !== 'number') throw new TypeError('PretrainingStream: docs must be an array of token-id arrays');
    if (!options || typeof options !== 'object') throw new TypeError('PretrainingStream: options are required');
    this.objective = typeof options.objective === 'string' ? getObjective(options.objective) : options.objective;
    if (!this.objective || typeof this.objective.corrupt !== 'function')
      throw new TypeError('PretrainingStream: options.objective must be an objective name or Objective');
    checkVocab(options.vocab, 'PretrainingStream');
    this.docs = docs;
    this.vocab = options.vocab;
    this.density = options.density ?? this.objective.defaults.density;
    this.meanSpan = options.meanSpan ?? this.objective.defaults.meanSpan;
    numberIn(this.density, 'PretrainingStream: density', 0, this.objective.maxDensity);
    positiveNumber(this.meanSpan, 'PretrainingStream: meanSpan');
    this.segmentLength = this.objective.segmentLength(options.inputsLength, this.density, this.meanSpan);
    this.docsPerStream = positiveIntOrInfinity(options.docsPerStream ?? (this.objective.concatenate ? 128 : 1), 'docsPerStream');
    this.maxChunkLength = positiveIntOrInfinity(options.maxChunkLength ?? 65536, 'maxChunkLength');
    this.buffer = new Int32Array(this.segmentLength);
    const c = options.cursor;
    if (c) {
      const ints = [c.doc, c.offset, c.chunkStart, c.chunkEnd, c.streamDocs, c.examples];
      if (!ints.every((x) => Number.isInteger(x))) throw new TypeError('PretrainingStream: options.cursor must come from stream.cursor()');
      this.rng = Rng.fromState(c.rng);
      [this.doc, this.offset, this.chunkStart, this.chunkEnd, this.streamDocs, this.examples] = ints;
    } else {
      this.rng = new Rng(options.seed ?? 0);
      this.doc = 0;
      this.offset = 0;
      this.chunkStart = -1;
      this.chunkEnd = -1;
      this.streamDocs = 0;
      this.examples = 0;
    }
  }

  /** The resume point after the last example returned by `next()`. */
  cursor(): PipelineCursor {
    return {
      doc: this.doc,
      offset: this.offset,
      chunkStart: this.chunkStart,
      chunkEnd: this.chunkEnd,
      streamDocs: this.streamDocs,
      examples: this.examples,
      rng: this.rng.state(),
    };
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<PretrainingExample> {
    const n = this.fillSegment();
    if (n === 0) return { done: true, value: undefined };
    const segment = this.buffer.subarray(0, n);
    const out = this.objective.corrupt(segment, { density: this.density, meanSpan: this.meanSpan, vocab: this.vocab, rng: this.rng });
    this.examples++;
    return { done: false, value: { ...out, segmentLength: n } };
  }

  /** Chooses the window of document `doc` (select_random_chunk); false if it is empty. */
  private enterDocument(): boolean {
    const len = this.docs[this.doc].length;
    if (len === 0) return false;
    if (len <= this.maxChunkLength) {
      this.chunkStart = 0;
      this.chunkEnd = len;
    } else {
      const windows = Math.ceil(len / this.maxChunkLength);
      this.chunkStart = this.maxChunkLength * this.rng.below(windows);
      this.chunkEnd = Math.min(this.chunkStart + this.maxChunkLength, len);
    }
    this.offset = 0;
    return true;
  }

  private leaveDocument(): void {
    this.doc++;
    this.chunkStart = -1;
    this.chunkEnd = -1;
    this.offset = 0;
    this.streamDocs++;
  }

  /** Copies the next segment into the buffer; returns its length (0 = end of data). */
  private fillSegment(): number {
    const want = this.segmentLength;
    const buf = this.buffer;
    let filled = 0;
    while (filled < want) {
      if (this.doc >= this.docs.length) break;
      if (this.chunkStart < 0 && !this.enterDocument()) {
        // Empty documents are dropped before concatenation: they do not count towards a stream.
        this.doc++;
        continue;
      }
      const doc = this.docs[this.doc];
      const from = this.chunkStart + this.offset;
      const take = Math.min(want - filled, this.chunkEnd - from);
      if (ArrayBuffer.isView(doc)) buf.set((doc as unknown as Int32Array).subarray(from, from + take), filled);
      else for (let i = 0; i < take; i++) buf[filled + i] = doc[from + i];
      filled += take;
      this.offset += take;
      if (this.chunkStart + this.offset >= this.chunkEnd) {
        this.leaveDocument();
        if (this.streamDocs >= this.docsPerStream) {
          // End of a concatenated stream: its last piece may be short; the next stream starts fresh.
          this.streamDocs = 0;
          break;
        }
      }
    }
    return filled;
  }
}
