/**
 * Endless, resumable streams of tokenized (inputs, targets) examples for training: pre-training
 * over a tokenized corpus with any objective, one task, or a mixture of tasks. Each source's
 * `cursor()` is plain JSON; a source rebuilt from the same data, seed and cursor continues with
 * exactly the example that would have come next. Epochs reshuffle with a seed derived from the
 * run seed and the epoch number, so no order has to be stored.
 */
import { Rng, type RngState } from '../objectives/rng.ts';
import { PretrainingStream, type PipelineCursor } from '../objectives/pipeline.ts';
import type { ObjectiveName } from '../objectives/objectives.ts';
import type { SentinelVocab } from '../objectives/vocab.ts';

/** One training example as token ids, each ending with EOS. */
export interface TokenizedExample {
  inputs: Int32Array;
  targets: Int32Array;
}

export interface ExampleSource {
  next(): TokenizedExample;
  /** Where the source stands (JSON); pass it back to the constructor to continue. */
  cursor(): unknown;
}

/** A permutation of 0…n−1 for `epoch`, from the run seed (the same on every platform). */
export function epochOrder(n: number, seed: number | string, epoch: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  return new Rng(`${seed}/epoch/${epoch}`).shuffle(order);
}

export interface PretrainingSourceOptions {
  objective: ObjectiveName;
  inputsLength: number;
  density?: number;
  meanSpan?: number;
  vocab: SentinelVocab;
  seed: number;
  /** Documents per concatenated stream (library default 128). */
  docsPerStream?: number;
}

export interface PretrainingCursor {
  epoch: number;
  stream: PipelineCursor;
}

/** The t5 pre-training pipeline (objectives/pipeline.ts) over shuffled documents, epoch after epoch. */
export class PretrainingSource implements ExampleSource {
  private epoch = 0;
  private stream!: PretrainingStream;

  constructor(
    private readonly docs: readonly Int32Array[],
    private readonly options: PretrainingSourceOptions,
    cursor?: PretrainingCursor,
  ) {
    if (!docs.some((d) => d.length > 0)) throw new RangeError('pre-training corpus has no tokens (every document is empty)');
    if (cursor !== undefined) {
      if (!cursor || !Number.isInteger(cursor.epoch) || cursor.epoch < 0 || !cursor.stream)
        throw new TypeError('PretrainingSource: cursor must come from source.cursor()');
      this.open(cursor.epoch, cursor.stream);
    } else this.open(0);
  }

  private open(epoch: number, streamCursor?: PipelineCursor): void {
    this.epoch = epoch;
    const order = epochOrder(this.docs.length, this.options.seed, epoch);
    const docs = Array.from(order, (i) => this.docs[i]);
    const { objective, inputsLength, density, meanSpan, vocab, docsPerStream } = this.options;
    this.stream = new PretrainingStream(docs, {
      objective,
      inputsLength,
      density,
      meanSpan,
      vocab,
      docsPerStream,
      seed: `${this.options.seed}/stream/${epoch}`,
      cursor: streamCursor,
    });
  }

  next(): TokenizedExample {
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = this.stream.next();
      if (!r.done) return { inputs: r.value.inputs, targets: r.value.targets };
      this.open(this.epoch + 1);
    }
    throw new Error('pre-training corpus produced no example in a whole epoch');
  }

  cursor(): PretrainingCursor {
    return { epoch: this.epoch, stream: this.stream.cursor() };
  }
}

export interface TaskCursor {
  epoch: number;
  index: number;
}

/** The examples of one task, reshuffled every epoch. */
export class TaskSource implements ExampleSource {
  private epoch: number;
  private index: number;
  private order: Int32Array;

  constructor(
    readonly name: string,
    private readonly examples: readonly TokenizedExample[],
    private readonly seed: number | string,
    cursor?: TaskCursor,
  ) {
    if (examples.length === 0) throw new RangeError(`task "${name}" has no training examples`);
    if (
      cursor !== undefined &&
      !(cursor && Number.isInteger(cursor.epoch) && Number.isInteger(cursor.index) && cursor.index >= 0 && cursor.index <= examples.length)
    ) {
      throw new TypeError(`TaskSource(${name}): cursor must come from source.cursor()`);
    }
    this.epoch = cursor?.epoch ?? 0;
    this.index = cursor?.index ?? 0;
    this.order = epochOrder(examples.length, `${seed}/${name}`, this.epoch);
  }

  get size(): number {
    return this.examples.length;
  }

  next(): TokenizedExample {
    if (this.index >= this.examples.length) {
      this.epoch++;
      this.index = 0;
      this.order = epochOrder(this.examples.length, `${this.seed}/${this.name}`, this.epoch);
    }
    return this.examples[this.order[this.index++]];
  }

  cursor(): TaskCursor {
    return { epoch: this.epoch, index: this.index };
  }
}

export interface MixtureCursor {
  rng: RngState;
  tasks: Record<string, TaskCursor>;
}

/** Samples a task per example with probability equal to its mixing rate (spec §C). */
export class MixtureSource implements ExampleSource {
  private readonly rng: Rng;
  private readonly cumulative: number[];

  constructor(
    private readonly sources: readonly TaskSource[],
    rates: Readonly<Record<string, number>>,
    seed: number,
    cursor?: MixtureCursor,
  ) {
    if (sources.length === 0) throw new RangeError('a mixture needs at least one task');
    let acc = 0;
    this.cumulative = sources.map((s) => {
      const r = rates[s.name];
      if (typeof r !== 'number' || !(r >= 0) || !Number.isFinite(r))
        throw new RangeError(`mixing rate of task "${s.name}" must be a number ≥ 0 (got ${String(r)})`);
      return (acc += r);
    });
    if (!(acc > 0)) throw new RangeError('mixing rates sum to 0');
    this.rng = cursor ? Rng.fromState(cursor.rng) : new Rng(`${seed}/mixture`);
  }

  next(): TokenizedExample {
    const u = this.rng.float() * this.cumulative[this.cumulative.length - 1];
    const i = this.cumulative.findIndex((c) => u < c);
    return this.sources[i < 0 ? this.sources.length - 1 : i].next();
  }

  cursor(): MixtureCursor {
    return { rng: this.rng.state(), tasks: Object.fromEntries(this.sources.map((s) => [s.name, s.cursor()])) };
  }
}
