import { assert } from '@esm-bundle/chai';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { loadTokenizer } from '../../../src/tokenizers/loadTokenizer.ts';
import { OBJECTIVES } from '../../../src/objectives/objectives.ts';
import { vocabOfTokenizer } from '../../../src/objectives/vocab.ts';
import { Rng } from '../../../src/objectives/rng.ts';

describe('ByteTokenizer (ByT5-style)', () => {
  const tok = new ByteTokenizer();

  it('maps UTF-8 byte b to id b + 3 and reserves 0/1/2 for pad/eos/unk', () => {
    assert.deepEqual(tok.encode('Hi'), [72 + 3, 105 + 3]);
    assert.deepEqual(tok.encode('é'), [0xc3 + 3, 0xa9 + 3]);
    assert.deepEqual([tok.padId, tok.eosId, tok.unkId], [0, 1, 2]);
  });

  it('round-trips text in several scripts, emoji and control characters', () => {
    for (const s of ['Thank you for inviting me to your party last week.', 'Grüße, 東京, Ελλάδα, 🙂👍🏽', 'tab\tnew\nline', '']) {
      assert.equal(tok.decode(tok.encode(s)), s);
    }
  });

  it('counts sentinels from the end: <extra_id_k> = vocabSize − 1 − k, 125 of them at the default 384', () => {
    assert.equal(tok.vocabSize, 384);
    assert.equal(tok.numSentinels, 125);
    assert.equal(tok.sentinel(0), 383);
    assert.equal(tok.sentinel(124), 259);
    assert.throws(() => tok.sentinel(125), /k must be/);
    assert.equal(new ByteTokenizer({ vocabSize: 300 }).sentinel(0), 299);
  });

  it('renders sentinels as <extra_id_k> in decode and pieces, and drops pad/eos from text', () => {
    const ids = [...tok.encode('a'), tok.sentinel(0), ...tok.encode('é'), tok.sentinel(1), 1, 0];
    assert.equal(tok.decode(ids), 'a<extra_id_0>é<extra_id_1>');
    assert.deepEqual(tok.pieces(ids), ['a', '<extra_id_0>', '<0xC3>', '<0xA9>', '<extra_id_1>', '</s>', '<pad>']);
  });

  it('rejects ids outside the vocabulary and a vocabSize with no room for sentinels', () => {
    assert.throws(() => tok.decode([384]), /outside/);
    assert.throws(() => new ByteTokenizer({ vocabSize: 259 }), /vocabSize/);
  });

  it('survives toJSON → loadTokenizer', () => {
    const back = loadTokenizer(JSON.parse(JSON.stringify(new ByteTokenizer({ vocabSize: 300 }).toJSON())));
    assert.equal(back.kind, 'byte');
    assert.equal(back.vocabSize, 300);
    assert.throws(() => loadTokenizer({ kind: 'wordpiece' }), /unknown json.kind "wordpiece"/);
  });

  it('plugs into span corruption: decoded inputs show the sentinels where spans were cut', () => {
    const text = 'Thank you for inviting me to your party last week.';
    const r = OBJECTIVES.span_corruption.corrupt(tok.encode(text), { vocab: vocabOfTokenizer(tok), rng: new Rng(1) });
    const inputs = tok.decode(r.inputs);
    const targets = tok.decode(r.targets);
    assert.match(inputs, /<extra_id_0>/);
    assert.match(targets, /^<extra_id_0>/);
    // Putting each target span back in place of its sentinel gives back the sentence.
    const spans = targets.split(/<extra_id_\d+>/).slice(1);
    assert.equal(
      inputs.replace(/<extra_id_(\d+)>/g, (_, k) => spans[Number(k)]),
      text,
    );
  });
});
