// The tokenizer.json used here is hand-made in the HF Unigram format (T5's layout: specials 0–2,
// Metaspace "▁", <extra_id_k> added tokens at the top); a real T5 file cannot be downloaded here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HfUnigramTokenizer, importHfTokenizerJson } from '../../../src/tokenizers/hfTokenizer.ts';
import { loadTokenizer } from '../../../src/tokenizers/loadTokenizer.ts';

const text = readFileSync(new URL('../../fixtures/tiny-t5-unigram.tokenizer.json', import.meta.url), 'utf8');
const json = JSON.parse(text) as { model: { vocab: [string, number][] } };
const idOf = (piece: string) => json.model.vocab.findIndex(([p]) => p === piece);

describe('Hugging Face tokenizer.json import (hand-made Unigram file)', () => {
  const tok = importHfTokenizerJson(text);

  it('reads the T5 id layout: pad 0, eos 1, unk 2, 3 sentinels counted from the top', () => {
    assert.equal(tok.vocabSize, 24);
    assert.deepEqual([tok.padId, tok.eosId, tok.unkId], [0, 1, 2]);
    assert.equal(tok.numSentinels, 3);
    assert.deepEqual(
      [0, 1, 2].map((k) => tok.sentinel(k)),
      [23, 22, 21],
    );
    assert.deepEqual(tok.pieces([23, 21]), ['<extra_id_0>', '<extra_id_2>']);
  });

  it('encodes by the unigram scores: "cats" → ▁cat (−4) + s (−3.5), "caat" → ▁ca (−5.5) + at (−5)', () => {
    assert.deepEqual(tok.encode('cats'), [idOf('▁cat'), idOf('s')]);
    assert.deepEqual(tok.encode('caat'), [idOf('▁ca'), idOf('at')]);
    assert.deepEqual(tok.pieces(tok.encode('the cat sat on the mat.')), ['▁the', '▁cat', '▁sat', '▁on', '▁the', '▁mat', '.']);
  });

  it('adds no EOS when encoding, and drops pad/eos when decoding while keeping sentinels', () => {
    const ids = tok.encode('the cat');
    assert.notEqual(ids.at(-1), tok.eosId);
    assert.equal(
      tok.decode([tok.sentinel(0), ...tok.encode('the'), tok.sentinel(1), ...ids, tok.eosId, tok.padId]),
      '<extra_id_0> the<extra_id_1> the cat',
    );
  });

  it('applies the normalizer and Metaspace decoding (runs of spaces collapse, as in T5)', () => {
    assert.equal(tok.decode(tok.encode('  the   cat ')), 'the cat');
  });

  it('maps characters outside the vocabulary to unk (T5 has no byte fallback)', () => {
    assert.ok(tok.encode('the dog').includes(tok.unkId));
  });

  it('round-trips through toJSON and loadTokenizer', () => {
    const copy = loadTokenizer(JSON.parse(JSON.stringify(tok.toJSON())));
    assert.ok(copy instanceof HfUnigramTokenizer);
    assert.deepEqual(copy.encode('the cats sat.'), tok.encode('the cats sat.'));
  });

  it('names what is wrong with a malformed file', () => {
    const bad = (mutate: (j: any) => void) => {
      const j = JSON.parse(text);
      mutate(j);
      return () => new HfUnigramTokenizer(j);
    };
    assert.throws(() => importHfTokenizerJson('{not json'), /tokenizer\.json: not valid JSON/);
    assert.throws(
      bad((j) => (j.model.type = 'BPE')),
      /model\.type must be "Unigram"/,
    );
    assert.throws(
      bad((j) => (j.model.vocab[4] = ['x'])),
      /model\.vocab\[4\] must be \[piece: string, score: number\]/,
    );
    assert.throws(
      bad((j) => {
        // Swap two sentinels: <extra_id_0> is no longer at vocabSize − 1.
        const a = j.added_tokens.find((t: any) => t.content === '<extra_id_0>');
        const b = j.added_tokens.find((t: any) => t.content === '<extra_id_1>');
        [a.content, b.content] = [b.content, a.content];
        const v = j.model.vocab;
        [v[22][0], v[23][0]] = [v[23][0], v[22][0]];
      }),
      /<extra_id_0> has id 22; T5 needs vocabSize − 1 − 0 = 23/,
    );
  });
});
