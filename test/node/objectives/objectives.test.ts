import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OBJECTIVES, OBJECTIVE_NAMES } from '../../../src/objectives/objectives.ts';
import { Rng } from '../../../src/objectives/rng.ts';
import { vocabOfSize } from '../../../src/objectives/vocab.ts';
import { randomSpansCounts } from '../../../src/objectives/noiseMasks.ts';
import { corpusSegments, describeCorruption, noiseSpans } from '../../../src/plots/objectiveExamples.ts';
import { objectiveParamErrors, objectiveStats, targetLengthCurve } from '../../../src/plots/objectiveStats.ts';

const vocab = vocabOfSize(1000);
const segment = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Int32Array.from({ length: n }, () => 3 + rng.below(800));
};

describe('objective examples for the objectives cell', () => {
  it('annotates the real inputs and targets of every objective exactly, over many seeds and lengths', () => {
    for (const name of OBJECTIVE_NAMES) {
      const o = OBJECTIVES[name];
      for (let seed = 0; seed < 60; seed++) {
        const tokens = segment(5 + (seed % 40), seed);
        const c = o.corrupt(tokens, { vocab, rng: new Rng(seed) });
        const ex = describeCorruption(o, tokens, c.mask, c, vocab, 100);
        assert.ok(ex.aligned, `${name} seed ${seed}`);
        assert.deepEqual(
          ex.inputs.map((t) => t.id),
          Array.from(c.inputs),
        );
        assert.deepEqual(
          ex.targets.map((t) => t.id),
          Array.from(c.targets),
        );
        for (const t of [...ex.inputs, ...ex.targets])
          if (t.source >= 0) assert.equal(t.id, tokens[t.source], `${name}: a token shown as original is the original`);
      }
    }
  });

  it('gives input sentinel k the noise span it replaces, and in span corruption the target span after sentinel k is span k', () => {
    const o = OBJECTIVES.span_corruption;
    for (let seed = 0; seed < 40; seed++) {
      const tokens = segment(60, seed);
      const c = o.corrupt(tokens, { vocab, rng: new Rng(seed) });
      const ex = describeCorruption(o, tokens, c.mask, c, vocab, 100);
      const spans = noiseSpans(c.mask);
      for (const t of ex.inputs.filter((x) => x.role === 'sentinel')) {
        assert.equal(t.span, t.sentinel);
        assert.ok(spans.includes(t.span));
      }
      ex.targets.forEach((t, i) => {
        if (t.role === 'sentinel' && t.span >= 0) assert.equal(ex.targets[i + 1].span, t.span);
      });
    }
  });

  it('cuts segments from concatenated documents, or from each document start for objectives that do not concatenate', () => {
    const docs = [
      [1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ];
    assert.deepEqual(
      corpusSegments(docs, 4, true, 10).map((s) => Array.from(s)),
      [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ],
    );
    assert.deepEqual(
      corpusSegments(docs, 2, false, 2).map((s) => Array.from(s)),
      [
        [1, 2],
        [4, 5],
      ],
    );
  });

  it('measures the exact counts of span corruption and the expected noise of i.i.d. objectives', () => {
    const segs = Array.from({ length: 50 }, (_, i) => segment(141, i));
    const s = objectiveStats(OBJECTIVES.span_corruption, segs, { vocab, seed: 1 });
    const c = randomSpansCounts(141, 0.15, 3);
    assert.equal(s.spans, c.noiseSpans);
    assert.equal(s.targetLength.min, c.noiseTokens + c.noiseSpans + 1);
    assert.equal(s.inputLength.max, 141 - c.noiseTokens + c.noiseSpans + 1);
    const iid = objectiveStats(OBJECTIVES.iid_drop, segs, { vocab, seed: 1 });
    assert.ok(Math.abs(iid.noiseRate - 0.15) < 0.02, `realised i.i.d. rate ${iid.noiseRate}`);
    assert.equal(iid.targetLength.mean + iid.inputLength.mean, 141 + 2, 'drop splits the segment between inputs and targets');
  });

  it("draws shorter targets for longer spans, and i.i.d. replace-spans targets near the library's simulated mean", () => {
    const rows = targetLengthCurve({ draws: 64 });
    const at = (rate: number, series: string) => rows.find((r) => r.rate === rate && r.series === series)!.targetLength;
    // Spec §B.4: replace-spans targets average 142.8 tokens for 511 tokens at 15%.
    assert.ok(Math.abs(at(0.15, 'I.i.d. noise, replace spans') - 143) < 3);
    for (const rate of [0.1, 0.25, 0.5]) {
      assert.ok(at(rate, 'Random spans, mean length 2') > at(rate, 'Random spans, mean length 5'));
      assert.ok(at(rate, 'Random spans, mean length 5') > at(rate, 'Random spans, mean length 10'));
    }
  });

  it('names the parameter that is out of range', () => {
    assert.deepEqual(objectiveParamErrors(OBJECTIVES.span_corruption, { density: 0.15, meanSpan: 3, inputsLength: 64 }), {});
    assert.match(
      objectiveParamErrors(OBJECTIVES.prefix_lm, { density: 0.6, meanSpan: 3, inputsLength: 64 }).density!,
      /^density must be a number in \[0, 0.5\]/,
    );
    assert.match(objectiveParamErrors(OBJECTIVES.mass, { density: 0.15, meanSpan: -1, inputsLength: 64 }).meanSpan!, /^meanSpan/);
    assert.match(objectiveParamErrors(OBJECTIVES.mass, { density: 0.15, meanSpan: 3, inputsLength: 3.5 }).inputsLength!, /^inputsLength/);
  });
});
