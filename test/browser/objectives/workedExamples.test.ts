import { assert } from '@esm-bundle/chai';
import { Rng } from '../../../src/objectives/rng.ts';
import { OBJECTIVES, type ObjectiveName } from '../../../src/objectives/objectives.ts';
import { vocabOfSize } from '../../../src/objectives/vocab.ts';

// Spec §B.6: one word = one token; ids 3… for the words, T5's 32,100-id vocabulary for sentinels.
const WORDS = 'Thank you for inviting me to your party last week .'.split(' ');
const V = 32100;
const vocab = vocabOfSize(V);
const ids = WORDS.map((_, i) => 3 + i);
const names: Record<number, string> = { 1: '</s>', 32099: '<X>', 32098: '<Y>', 32097: '<Z>' };
const text = (xs: ArrayLike<number>) => Array.from(xs, (id) => names[id] ?? WORDS[id - 3] ?? `#${id}`).join(' ');
const maskOf = (bits: string) => Uint8Array.from(bits.replace(/ /g, ''), (c) => Number(c));
const encode = (name: ObjectiveName, bits: string, seed = 0) => {
  const { inputs, targets } = OBJECTIVES[name].encode(ids, maskOf(bits), vocab, new Rng(seed));
  return { inputs: text(inputs), targets: text(targets), rawInputs: Array.from(inputs), rawTargets: Array.from(targets) };
};
const IID = '00110000100'; // {for, inviting, last}, the paper's Figure 2
const ORIGINAL = 'Thank you for inviting me to your party last week . </s>';

describe('worked examples of the paper Table 3 (spec §B.6, fixed masks)', () => {
  it('prefix LM split after 4 tokens: the prefix is the input, the continuation the target', () => {
    const r = encode('prefix_lm', '11110000000');
    assert.equal(r.inputs, 'Thank you for inviting </s>');
    assert.equal(r.targets, 'me to your party last week . </s>');
  });

  it('MASS-style: each corrupted token becomes the mask id 32099, target is the original', () => {
    const r = encode('mass', IID);
    assert.equal(r.inputs, 'Thank you <X> <X> me to your party <X> week . </s>');
    assert.equal(r.targets, ORIGINAL);
  });

  it('BERT-style: corrupted tokens become the mask id or a random id ≥ 3, others unchanged, target is the original', () => {
    for (let seed = 0; seed < 20; seed++) {
      const r = encode('bert', IID, seed);
      assert.equal(r.rawInputs.length, 12);
      r.rawInputs.slice(0, 11).forEach((id, i) => {
        if (IID[i] === '0') assert.equal(id, ids[i]);
        else assert.isTrue(id === 32099 || (id >= 3 && id < V), `position ${i}: ${id}`);
      });
      assert.equal(r.targets, ORIGINAL);
    }
  });

  it('deshuffling: the input is a permutation of the sentence, the target the original', () => {
    const r = encode('deshuffle', '11111111111', 3);
    assert.notEqual(r.inputs, ORIGINAL);
    assert.deepEqual(
      [...r.rawInputs].sort((a, b) => a - b),
      [...ids, 1].sort((a, b) => a - b),
    );
    assert.equal(r.rawInputs[11], 1);
    assert.equal(r.targets, ORIGINAL);
  });

  it('i.i.d. noise, replace spans: one unique sentinel per corrupted run, targets list the runs', () => {
    const r = encode('iid_replace_spans', IID);
    assert.equal(r.inputs, 'Thank you <X> me to your party <Y> week . </s>');
    assert.equal(r.targets, '<X> for inviting <Y> last <Z> </s>');
    assert.deepEqual(r.rawInputs, [3, 4, 32099, 7, 8, 9, 10, 32098, 12, 13, 1]);
    assert.deepEqual(r.rawTargets, [32099, 5, 6, 32098, 11, 32097, 1]);
  });

  it('i.i.d. noise, drop tokens: inputs lose the corrupted tokens, targets are exactly those tokens', () => {
    const r = encode('iid_drop', IID);
    assert.equal(r.inputs, 'Thank you me to your party week . </s>');
    assert.equal(r.targets, 'for inviting last </s>');
  });

  it('random spans with the table mask {for inviting me}, {your party last}', () => {
    const r = encode('span_corruption', '00111011100');
    assert.equal(r.inputs, 'Thank you <X> to <Y> week . </s>');
    assert.equal(r.targets, '<X> for inviting me <Y> your party last <Z> </s>');
  });

  it('random spans at density 0.5 with the mask 0 1 1 0 0 0 0 1 1 1 1 (no trailing sentinel)', () => {
    const r = encode('span_corruption', '01100001111');
    assert.equal(r.inputs, 'Thank <X> inviting me to your <Y> </s>');
    assert.equal(r.targets, '<X> you for <Y> party last week . </s>');
  });

  it('the real span mask on this 11-token sentence always masks the tail "week ." (t5 issue #905)', () => {
    const rng = new Rng(905);
    for (let s = 0; s < 30; s++) {
      const r = OBJECTIVES.span_corruption.corrupt(ids, { vocab, rng });
      assert.equal(text(r.inputs), 'Thank you for inviting me to your party last <X> </s>');
      assert.equal(text(r.targets), '<X> week . </s>');
    }
  });
});
