import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readSentencePieceModel, SentencePieceModelError } from '../../../src/tokenizers/sentencepieceModel.ts';
import { SentencePieceProcessor } from '../../../src/tokenizers/sentencepieceProcessor.ts';
import { SentencePieceTokenizer } from '../../../src/tokenizers/sentencepieceTokenizer.ts';
import { loadTokenizer } from '../../../src/tokenizers/loadTokenizer.ts';

const DIR = new URL('../../fixtures/sentencepiece/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as {
  models: Record<
    string,
    {
      pieceSize: number;
      options: { byte_fallback: boolean };
      encode: { text: string; ids: number[]; pieces: string[]; decoded: string }[];
      decode: { ids: number[]; text: string }[];
      firstPieces: [string, number][];
    }
  >;
};
const modelBytes = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.model`, DIR)));

for (const [name, m] of Object.entries(expected.models)) {
  test(`${name}: encode gives the ids and pieces sentencepiece gives, on every fixture text`, () => {
    const sp = new SentencePieceProcessor(modelBytes(name));
    assert.equal(sp.size, m.pieceSize);
    for (const c of m.encode) assert.deepEqual(sp.encode(c.text), { ids: c.ids, pieces: c.pieces }, JSON.stringify(c.text));
  });

  test(`${name}: decode gives the text sentencepiece gives (encodings and hand-picked id lists)`, () => {
    const sp = new SentencePieceProcessor(modelBytes(name));
    for (const c of m.encode) assert.equal(sp.decode(c.ids), c.decoded, JSON.stringify(c.text));
    for (const d of m.decode) assert.equal(sp.decode(d.ids), d.text, JSON.stringify(d.ids));
  });

  test(`${name}: the reader returns the pieces and scores sentencepiece reports`, () => {
    const model = readSentencePieceModel(modelBytes(name));
    m.firstPieces.forEach(([piece, score], i) => {
      assert.equal(model.pieces[i].piece, piece);
      assert.equal(model.pieces[i].score, Math.fround(score));
    });
    assert.equal(model.trainerSpec.byteFallback, m.options.byte_fallback);
  });
}

test('the normaliser maps full-width forms, ligatures and ideographic spaces as nmt_nfkc does', () => {
  const sp = new SentencePieceProcessor(modelBytes('unigram-unk'));
  assert.equal(sp.normalizer.normalize('ＦＵＬＬ－ｗｉｄｔｈ　ｆｏｒｍｓ：１２３'), '▁FULL-width▁forms:123');
  assert.equal(sp.normalizer.normalize('ﬁnance ﬂow'), '▁finance▁flow');
  assert.equal(sp.normalizer.normalize('  a   b  '), '▁a▁b');
  assert.equal(sp.normalizer.normalize('   '), '');
  // Without byte fallback the surfaces of the pieces are the normalised text itself.
  for (const c of expected.models['unigram-unk'].encode)
    assert.equal(sp.normalizer.normalize(c.text), c.pieces.join(''), JSON.stringify(c.text));
});

test('the normaliser keeps spaces and adds no prefix when the spec says so (nfkc_cf, raw spaces)', () => {
  const sp = new SentencePieceProcessor(modelBytes('unigram-nfkc-cf-raw-spaces'));
  assert.equal(sp.normalizer.normalize('  A  ﬁ '), '▁▁a▁▁fi▁');
});

// --- hostile and truncated files --------------------------------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const field = (num: number, body: number[]) => [...varint(num * 8 + 2), ...varint(body.length), ...body];
const str = (s: string) => [...new TextEncoder().encode(s)];
const piece = (s: string, type: number) => field(1, [...field(1, str(s)), 0x15, 0, 0, 0, 0, 0x18, type]);

test('a truncated model file is refused with a message that says it is truncated', () => {
  const bytes = modelBytes('unigram-unk');
  for (const cut of [3, 1000, bytes.length - 7]) {
    assert.throws(
      () => readSentencePieceModel(bytes.subarray(0, cut)),
      (err: Error) => err instanceof SentencePieceModelError && /truncated/.test(err.message),
      `cut at ${cut}`,
    );
  }
});

test('files that are not SentencePiece models get clear errors, not crashes', () => {
  const bad = (bytes: number[], pattern: RegExp) =>
    assert.throws(
      () => readSentencePieceModel(Uint8Array.from(bytes)),
      (err: Error) => err instanceof SentencePieceModelError && pattern.test(err.message),
    );
  bad([], /empty/);
  bad(str('{"model": {"type": "Unigram"}}'), /wire type|field number|truncated/);
  bad([0x0b, 0x01], /wire type 3/);
  bad([...varint(8), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /varint longer/);
  bad([0x0a, ...varint(2 ** 31)], /claims 2147483648 bytes/);
  bad(field(2, [0x18, 2]), /no pieces/);
  bad([...piece('<unk>', 2), ...field(2, [0x18, 2])], /model_type is bpe/);
  bad([...piece('a', 1)], /no <unk>/);
  bad([...piece('<unk>', 2), ...piece('a', 1), ...piece('a', 1)], /pieces\[2\] "a" repeats pieces\[1\]/);
  bad([...piece('<unk>', 9)], /unknown type 9/);
  bad([...piece('<unk>', 2), ...field(1, [...field(1, [0xff, 0xfe])])], /pieces\[1\]\.piece .* not valid UTF-8/);
  const badCharsmap = Uint8Array.from([...piece('<unk>', 2), ...field(3, field(2, [9, 0, 0, 0, 1]))]);
  assert.throws(() => new SentencePieceProcessor(badCharsmap), /precompiled_charsmap: trie size 9 does not fit/);
});

test('a minimal hand-written model encodes with the unknown piece and its surface', () => {
  const bytes = Uint8Array.from([...piece('<unk>', 2), ...piece('<pad>', 3), ...piece('▁a', 1), ...piece('b', 1)]);
  const sp = new SentencePieceProcessor(bytes);
  assert.deepEqual(sp.encode('ab'), { ids: [2, 3], pieces: ['▁a', 'b'] });
  // "▁" and "c" have no piece: one merged unknown whose surface is the normalised text.
  assert.deepEqual(sp.encode('a c'), { ids: [2, 0], pieces: ['▁a', '▁c'] });
  assert.equal(sp.decode([2, 3, 1]), 'ab');
  assert.equal(sp.decode([3, 2, 0]), 'b a ⁇ ');
});

// --- the t5lab Tokenizer adapter --------------------------------------------------------------

test('the SentencePiece tokenizer puts 100 sentinels after the pieces and encodes <extra_id_k> as HF does', () => {
  const tok = new SentencePieceTokenizer(modelBytes('unigram-bytefallback'));
  assert.equal(tok.vocabSize, 900);
  assert.deepEqual([tok.padId, tok.eosId, tok.unkId], [0, 1, 2]);
  assert.equal(tok.sentinel(0), 899);
  const sp = tok.processor;
  assert.deepEqual(tok.encode('the cat <extra_id_0> sat'), [...sp.encode('the cat').ids, 899, ...sp.encode('sat').ids]);
  assert.equal(tok.decode([...sp.encode('the cat').ids, 899, 1, 0]), 'the cat<extra_id_0>');
  assert.deepEqual(tok.pieces([898]), ['<extra_id_1>']);
});

test('the SentencePiece tokenizer survives toJSON → loadTokenizer with identical encodings', () => {
  const tok = new SentencePieceTokenizer(modelBytes('unigram-unk'));
  const back = loadTokenizer(JSON.parse(JSON.stringify(tok.toJSON())));
  const text = expected.models['unigram-unk'].encode[0].text;
  assert.equal(back.kind, 'sentencepiece');
  assert.deepEqual(back.encode(text), tok.encode(text));
  assert.equal(back.vocabSize, tok.vocabSize);
});
