import { assert } from '@esm-bundle/chai';
import { Rng } from '../../../src/objectives/rng.ts';
import { OBJECTIVES, OBJECTIVE_NAMES, getObjective } from '../../../src/objectives/objectives.ts';
import { vocabOfSize } from '../../../src/objectives/vocab.ts';
import {
  noiseTokenToBert801010,
  noiseTokenToGatheredToken,
  noiseTokenToRandomToken,
  noiseTokenToRandomTokenOrSentinel,
  noiseSpanToSentinel,
  permuteNoiseTokens,
} from '../../../src/objectives/encoders.ts';

const V = 32100;
const vocab = vocabOfSize(V);
const segment = (n: number, seed: number) => {
  const r = new Rng(seed);
  return Int32Array.from({ length: n }, () => 3 + r.below(V - 103)); // ordinary ids, below the sentinels
};
const isSentinel = (id: number) => id >= V - 100;

describe('objective registry (spec §B.5)', () => {
  it('lists the seven objectives of the paper plus the separately labelled BERT 80/10/10', () => {
    assert.deepEqual(
      OBJECTIVE_NAMES.filter((n) => OBJECTIVES[n].inPaper),
      ['prefix_lm', 'bert', 'deshuffle', 'mass', 'iid_replace_spans', 'iid_drop', 'span_corruption'],
    );
    assert.isFalse(OBJECTIVES.bert_80_10_10.inPaper);
    assert.deepEqual(OBJECTIVES.span_corruption.defaults, { density: 0.15, meanSpan: 3 });
    assert.equal(OBJECTIVES.prefix_lm.defaults.density, 0.5);
    assert.throws(() => getObjective('electra'), /unknown objective "electra"/);
  });

  it('every objective ends inputs and targets with EOS and returns one mask entry per token', () => {
    for (const name of OBJECTIVE_NAMES) {
      const tokens = segment(300, 1);
      const r = OBJECTIVES[name].corrupt(tokens, { vocab, rng: new Rng(2) });
      assert.equal(r.inputs[r.inputs.length - 1], 1, `${name} inputs`);
      assert.equal(r.targets[r.targets.length - 1], 1, `${name} targets`);
      assert.equal(r.mask.length, 300, `${name} mask`);
    }
  });

  it('corrupt is deterministic under a seed', () => {
    for (const name of OBJECTIVE_NAMES) {
      const a = OBJECTIVES[name].corrupt(segment(200, 5), { vocab, rng: new Rng(6) });
      const b = OBJECTIVES[name].corrupt(segment(200, 5), { vocab, rng: new Rng(6) });
      assert.deepEqual(Array.from(a.inputs), Array.from(b.inputs), name);
      assert.deepEqual(Array.from(a.targets), Array.from(b.targets), name);
    }
  });

  it('span corruption of a 568-token segment gives inputs of exactly 512 and targets of exactly 114', () => {
    const rng = new Rng(1);
    for (let s = 0; s < 100; s++) {
      const r = OBJECTIVES.span_corruption.corrupt(segment(568, s), { vocab, rng });
      assert.equal(r.inputs.length, 512);
      assert.equal(r.targets.length, 114);
    }
  });

  it('sentinels align whenever the mask starts clean: splicing each target span into its input sentinel restores the original', () => {
    const rng = new Rng(3);
    for (const name of ['span_corruption', 'iid_replace_spans'] as const) {
      for (let s = 0; s < 50; s++) {
        const tokens = segment(256, 100 + s);
        const { inputs, targets, mask } = OBJECTIVES[name].corrupt(tokens, { vocab, rng });
        if (mask[0] === 1) continue; // i.i.d. only: see the next test
        const spans = new Map<number, number[]>();
        let cur: number[] | null = null;
        for (const id of targets.subarray(0, -1)) {
          if (isSentinel(id)) spans.set(id, (cur = []));
          else cur!.push(id);
        }
        const restored: number[] = [];
        for (const id of inputs.subarray(0, -1)) {
          if (isSentinel(id)) restored.push(...spans.get(id)!);
          else restored.push(id);
        }
        assert.deepEqual(restored, Array.from(tokens), name);
        // Sentinels appear in order <extra_id_0>, <extra_id_1>, … in both sequences.
        const sentinelsIn = Array.from(inputs).filter(isSentinel);
        assert.deepEqual(
          sentinelsIn,
          sentinelsIn.map((_, k) => V - 1 - k),
        );
      }
    }
  });

  it('like the t5 library, an i.i.d. mask that starts with noise shifts the target sentinels by one run', () => {
    // noise_span_to_unique_sentinel numbers runs of each sequence independently, so with a noisy
    // first token the targets begin with bare noise tokens and <X> precedes the SECOND noise run.
    const { inputs, targets } = OBJECTIVES.iid_replace_spans.encode([3, 4, 5, 6, 7], Uint8Array.from([1, 0, 1, 1, 0]), vocab, new Rng(0));
    assert.deepEqual(Array.from(inputs), [V - 1, 4, V - 2, 7, 1]);
    assert.deepEqual(Array.from(targets), [3, V - 1, 5, 6, V - 2, 1]);
  });

  it('iid drop: inputs + targets together hold exactly the original tokens, no sentinels', () => {
    const tokens = segment(511, 8);
    const { inputs, targets, mask } = OBJECTIVES.iid_drop.corrupt(tokens, { vocab, rng: new Rng(8) });
    const noise = mask.reduce((a, b) => a + b, 0);
    assert.equal(targets.length - 1, noise);
    assert.equal(inputs.length - 1, 511 - noise);
    assert.isFalse(Array.from(inputs).some(isSentinel) || Array.from(targets).some(isSentinel));
  });

  it('prefix LM: inputs are the prefix marked by the mask, targets the rest', () => {
    const tokens = segment(100, 9);
    const { inputs, targets, mask } = OBJECTIVES.prefix_lm.corrupt(tokens, { vocab, rng: new Rng(9) });
    const k = mask.reduce((a, b) => a + b, 0);
    assert.deepEqual(Array.from(inputs.subarray(0, -1)), Array.from(tokens.subarray(0, k)));
    assert.deepEqual(Array.from(targets.subarray(0, -1)), Array.from(tokens.subarray(k)));
  });

  it('rejects a density out of range for the objective, naming density', () => {
    assert.throws(() => OBJECTIVES.prefix_lm.corrupt(segment(10, 1), { density: 0.7, vocab, rng: new Rng(0) }), /density/);
    assert.throws(() => OBJECTIVES.bert.corrupt(segment(10, 1), { density: -1, vocab, rng: new Rng(0) }), /density/);
  });
});

describe('encoders (spec §B.3)', () => {
  const all = (n: number) => new Uint8Array(n).fill(1);

  it('T5 BERT-style replaces about 10% of corrupted tokens by random ids and 90% by the mask id, never keeping them', () => {
    const tokens = new Int32Array(20000).fill(5);
    const out = noiseTokenToRandomTokenOrSentinel(tokens, all(20000), vocab, new Rng(1));
    let mask = 0,
      random = 0;
    for (const id of out) {
      if (id === V - 1) mask++;
      else random++;
      assert.isTrue(id >= 3 && id < V);
    }
    assert.closeTo(random / 20000, 0.1, 0.01);
    assert.equal(mask + random, 20000);
  });

  it('BERT 80/10/10 gives about 80% mask, 10% random, 10% unchanged', () => {
    const tokens = new Int32Array(20000).fill(5);
    const out = noiseTokenToBert801010(tokens, all(20000), vocab, new Rng(2));
    const maskShare = out.filter((id) => id === V - 1).length / 20000;
    const unchanged = out.filter((id) => id === 5).length / 20000;
    assert.closeTo(maskShare, 0.8, 0.01);
    assert.closeTo(unchanged, 0.1 + (1 / (V - 3)) * 0.1, 0.01);
  });

  it('random-token replacement draws from [3, vocabSize) and leaves clean tokens alone', () => {
    const tokens = Int32Array.from({ length: 1000 }, (_, i) => i + 3);
    const mask = Uint8Array.from({ length: 1000 }, (_, i) => i % 2);
    const out = noiseTokenToRandomToken(tokens, mask, vocabOfSize(10), new Rng(3));
    for (let i = 0; i < 1000; i++) {
      if (i % 2 === 0) assert.equal(out[i], tokens[i]);
      else assert.isTrue(out[i] >= 3 && out[i] < 10);
    }
  });

  it('permuting noise tokens keeps clean tokens in place and the noise multiset unchanged', () => {
    const tokens = Int32Array.from({ length: 200 }, (_, i) => i + 3);
    const mask = Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const out = permuteNoiseTokens(tokens, mask, new Rng(4));
    const noiseIn = tokens.filter((_, i) => mask[i] === 1);
    const noiseOut = out.filter((_, i) => mask[i] === 1);
    assert.notDeepEqual(Array.from(noiseOut), Array.from(noiseIn));
    assert.deepEqual(
      Array.from(noiseOut).sort((a, b) => a - b),
      Array.from(noiseIn),
    );
    for (let i = 0; i < 200; i++) if (!mask[i]) assert.equal(out[i], tokens[i]);
  });

  it('gathered tokens are copies of tokens from the same sequence', () => {
    const tokens = Int32Array.from({ length: 50 }, (_, i) => 100 + i);
    const out = noiseTokenToGatheredToken(tokens, all(50), new Rng(5));
    for (const id of out) assert.isTrue(id >= 100 && id < 150);
  });

  it('noise span to sentinel collapses each noise run into one shared mask id', () => {
    const out = noiseSpanToSentinel([3, 4, 5, 6, 7, 8], Uint8Array.from([0, 1, 1, 0, 1, 1]), vocab);
    assert.deepEqual(Array.from(out), [3, V - 1, 6, V - 1]);
  });

  it('rejects a mask whose length differs from the tokens', () => {
    assert.throws(() => noiseSpanToSentinel([3, 4], Uint8Array.from([1]), vocab), /mask length/);
  });
});
