import { assert } from '@esm-bundle/chai';
import { Rng } from '../../../src/objectives/rng.ts';
import { PretrainingStream, type PipelineOptions } from '../../../src/objectives/pipeline.ts';
import { vocabOfSize } from '../../../src/objectives/vocab.ts';

const vocab = vocabOfSize(32100);
/** Documents whose tokens encode (document, position), so segments can be traced back. */
function corpus(n: number, seed: number, maxLen = 1500): Int32Array[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, (_, d) => {
    const len = r.below(maxLen);
    return Int32Array.from({ length: len }, (_, i) => 3 + ((d * 7919 + i) % 30000));
  });
}
const flat = (docs: ArrayLike<number>[]) => docs.flatMap((d) => Array.from(d));
const base = (extra: Partial<PipelineOptions> = {}): PipelineOptions => ({
  objective: 'span_corruption',
  inputsLength: 512,
  vocab,
  seed: 1,
  ...extra,
});

describe('pre-training pipeline (spec §B.1)', () => {
  it('span corruption at 512 cuts 568-token segments and emits 512-token inputs and 114-token targets', () => {
    const stream = new PretrainingStream(corpus(300, 1), base());
    assert.equal(stream.segmentLength, 568);
    let full = 0;
    for (const ex of stream) {
      if (ex.segmentLength !== 568) continue;
      full++;
      assert.equal(ex.inputs.length, 512);
      assert.equal(ex.targets.length, 114);
    }
    assert.isAbove(full, 100);
  });

  it('i.i.d. and prefix-LM objectives use inputsLength − 1 tokens per segment', () => {
    for (const objective of ['iid_replace_spans', 'iid_drop', 'prefix_lm', 'bert', 'mass', 'deshuffle'] as const) {
      assert.equal(new PretrainingStream([], base({ objective })).segmentLength, 511, objective);
    }
  });

  it('concatenates documents without separators; only the last piece of each 128-document stream is short', () => {
    const docs = corpus(300, 2);
    const nonEmpty = docs.filter((d) => d.length > 0);
    const stream = new PretrainingStream(docs, base({ objective: 'bert', inputsLength: 201 }));
    const pieces: number[] = [];
    const tokens: number[] = [];
    for (const ex of stream) {
      pieces.push(ex.segmentLength);
      tokens.push(...ex.targets.subarray(0, -1)); // BERT targets are the original segment
    }
    assert.deepEqual(tokens, flat(docs));
    const streamLengths = [0, 128, 256, nonEmpty.length]
      .slice(1)
      .map((end, i) => nonEmpty.slice(i * 128, end).reduce((a, d) => a + d.length, 0));
    const expected = streamLengths.flatMap((len) => [...new Array(Math.floor(len / 200)).fill(200), ...(len % 200 ? [len % 200] : [])]);
    assert.deepEqual(pieces, expected);
  });

  it('objectives that skip concatenation split each document on its own', () => {
    const docs = [Int32Array.from({ length: 25 }, (_, i) => i + 3), new Int32Array(0), Int32Array.from({ length: 7 }, (_, i) => i + 50)];
    const lengths = [...new PretrainingStream(docs, base({ objective: 'deshuffle', inputsLength: 11 }))].map((e) => e.segmentLength);
    assert.deepEqual(lengths, [10, 10, 5, 7]);
  });

  it('a document longer than maxChunkLength keeps one window starting at a multiple of the window length', () => {
    const doc = Int32Array.from({ length: 2500 }, (_, i) => i + 3);
    const starts = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const out = [...new PretrainingStream([doc], base({ objective: 'bert', inputsLength: 2001, maxChunkLength: 1000, seed }))];
      const tokens = out.flatMap((e) => Array.from(e.targets.subarray(0, -1)));
      const start = tokens[0] - 3;
      assert.include([0, 1000, 2000], start);
      assert.equal(tokens.length, start === 2000 ? 500 : 1000);
      starts.add(start);
    }
    assert.equal(starts.size, 3);
  });

  it('resuming from a saved cursor reproduces exactly the same stream of examples', () => {
    const docs = corpus(200, 3);
    const all = [...new PretrainingStream(docs, base())];
    for (const stopAt of [0, 1, 7, 40]) {
      const first = new PretrainingStream(docs, base());
      for (let i = 0; i < stopAt; i++) first.next();
      const saved = JSON.parse(JSON.stringify(first.cursor()));
      const resumed = [...new PretrainingStream(docs, base({ cursor: saved, seed: 999 }))];
      assert.equal(resumed.length, all.length - stopAt);
      resumed.forEach((ex, i) => {
        assert.deepEqual(Array.from(ex.inputs), Array.from(all[stopAt + i].inputs));
        assert.deepEqual(Array.from(ex.targets), Array.from(all[stopAt + i].targets));
      });
    }
  });

  it('the same seed gives the same stream and another seed a different one', () => {
    const docs = corpus(50, 4);
    const a = new PretrainingStream(docs, base()).next().value!;
    const b = new PretrainingStream(docs, base()).next().value!;
    const c = new PretrainingStream(docs, base({ seed: 2 })).next().value!;
    assert.deepEqual(Array.from(a.inputs), Array.from(b.inputs));
    assert.notDeepEqual(Array.from(a.inputs), Array.from(c.inputs));
  });

  it('accepts plain number[] documents and rejects bad options by name', () => {
    const ex = new PretrainingStream([[5, 6, 7, 8, 9, 10]], base()).next().value!;
    assert.equal(ex.segmentLength, 6);
    assert.throws(() => new PretrainingStream([], base({ objective: 'nope' as never })), /unknown objective/);
    assert.throws(() => new PretrainingStream([], base({ docsPerStream: 0 })), /docsPerStream/);
    assert.throws(() => new PretrainingStream([], base({ inputsLength: 1.5 })), /inputsLength/);
  });
});
