import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledDatasets } from '../../../src/data/bundled.ts';
import { loadBundled } from '../../../src/data/bundledFiles.node.ts';
import type { Dataset } from '../../../src/data/parseDataset.ts';
import { loadTokenizer } from '../../../src/tokenizers/loadTokenizer.ts';
import { FIRST_PIECE_ID, UnigramTokenizer } from '../../../src/tokenizers/unigramTokenizer.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';

const texts = (ds: Dataset) => (ds.kind === 'task' ? ds.examples.flatMap((e) => [e.inputs, e.targets]) : ds.documents);

/** Hard cases for losslessness: spaces at the ends and in runs, control chars, non-Latin text. */
const TRICKY = [
  '',
  ' ',
  '  two leading',
  'trailing  ',
  'a  b   c',
  'tab\there\nnew line',
  '\u2581literal \u2581 marks',
  'emoji 😀👍🏽',
  '中文 テキスト',
  'cafe\u0301 café',
  '<extra_id_0> is text here',
  '\r\n',
];

describe('unigram tokenizer (hand-made vocabulary)', () => {
  const pieces: [string, number][] = [
    [' the', -1],
    [' cat', -2],
    ['s', -2],
    [' ', -3],
    ['at', -3],
    ['c', -4],
    ['a', -4],
    ['t', -4],
    ['h', -4],
    ['e', -4],
  ];
  const tok = new UnigramTokenizer({ vocabSize: FIRST_PIECE_ID + pieces.length + 5, numSentinels: 5, pieces });
  const id = (p: string) => FIRST_PIECE_ID + pieces.findIndex(([q]) => q === p);

  it('picks the Viterbi segmentation: " cats" = " cat"+"s" (−4) over " "+"c"+"at"+"s" (−12)', () => {
    assert.deepEqual(tok.encode('the cats'), [id(' the'), id(' cat'), id('s')]);
    assert.deepEqual(tok.pieces(tok.encode('the cats')), ['▁the', '▁cat', 's']);
  });

  it('spells characters outside the vocabulary as UTF-8 byte pieces and decodes them back', () => {
    const ids = tok.encode('thé');
    assert.deepEqual(ids, [id(' '), id('t'), id('h'), 3 + 0xc3, 3 + 0xa9]);
    assert.deepEqual(tok.pieces(ids).slice(3), ['<0xC3>', '<0xA9>']);
    assert.equal(tok.decode(ids), 'thé');
  });

  it('puts pad 0, eos 1, unk 2 and sentinels at vocabSize − 1 − k, rendered as <extra_id_k>', () => {
    assert.deepEqual([tok.padId, tok.eosId, tok.unkId], [0, 1, 2]);
    assert.equal(tok.sentinel(0), tok.vocabSize - 1);
    assert.equal(tok.sentinel(4), tok.vocabSize - 5);
    assert.throws(() => tok.sentinel(5), /k must be an integer in \[0, 5\)/);
    const ids = [tok.sentinel(0), id(' cat'), tok.sentinel(1), id(' the'), tok.eosId, tok.padId];
    assert.equal(tok.decode(ids), '<extra_id_0> cat<extra_id_1> the');
    assert.deepEqual(tok.pieces(ids), ['<extra_id_0>', '▁cat', '<extra_id_1>', '▁the', '</s>', '<pad>']);
  });

  it('rejects ids outside the vocabulary and bad options by name', () => {
    assert.throws(() => tok.decode([tok.vocabSize]), /id \d+ is outside/);
    assert.throws(() => new UnigramTokenizer({ vocabSize: 300, pieces }), /vocabSize must be/);
    assert.throws(
      () =>
        new UnigramTokenizer({
          vocabSize: 400,
          pieces: [
            ['a', 1],
            ['a', 2],
          ],
        }),
      /pieces\[1\] "a" is a duplicate/,
    );
  });
});

describe('unigram tokenizer trained on a bundled corpus', () => {
  let tok: UnigramTokenizer;
  let stats: ReturnType<typeof trainUnigram>['stats'];
  before(async () => {
    const ds = await loadBundled('pretrain_factbook');
    ({ tokenizer: tok, stats } = trainUnigram(texts(ds), { vocabSize: 2048 }));
  });

  it('fills exactly vocabSize ids: 3 specials, 256 bytes, 1,689 pieces, 100 sentinels', () => {
    assert.equal(tok.vocabSize, 2048);
    assert.equal(tok.numSentinels, 100);
    assert.equal(tok.pieceCount, 2048 - 3 - 256 - 100);
    assert.equal(stats.learnedPieces, tok.pieceCount);
    assert.equal(tok.sentinel(0), 2047);
    assert.equal(tok.sentinel(99), 1948);
    assert.equal(tok.pieces([tok.sentinel(99)])[0], '<extra_id_99>');
  });

  it('round-trips encode → decode exactly on every line of every bundled file', async () => {
    for (const info of bundledDatasets()) {
      let bad = 0;
      let first = '';
      for (const t of texts(await loadBundled(info.name))) {
        if (tok.decode(tok.encode(t)) !== t) {
          bad++;
          first ||= t;
        }
      }
      assert.equal(bad, 0, `${info.name}: ${bad} lines differ, e.g. ${JSON.stringify(first.slice(0, 80))}`);
    }
  });

  it('round-trips whitespace runs, control characters, a literal ▁ and scripts it never saw', () => {
    for (const t of TRICKY) assert.equal(tok.decode(tok.encode(t)), t, JSON.stringify(t));
  });

  it('compresses its own corpus: fewer than 1 token per 3 characters', async () => {
    const ds = await loadBundled('pretrain_factbook');
    const docs = texts(ds).slice(0, 200);
    const chars = docs.reduce((s, d) => s + d.length, 0);
    const tokens = docs.reduce((s, d) => s + tok.encode(d).length, 0);
    assert.ok(chars / tokens > 3, `chars/token = ${chars / tokens}`);
  });

  it('survives toJSON → JSON text → loadTokenizer with identical ids and pieces', () => {
    const copy = loadTokenizer(JSON.stringify(tok.toJSON()));
    assert.equal(copy.kind, 'unigram');
    assert.equal(copy.vocabSize, tok.vocabSize);
    const sample = 'The economy of Algeria remains dominated by the state. 😀';
    assert.deepEqual(copy.encode(sample), tok.encode(sample));
    assert.deepEqual(copy.pieces(copy.encode(sample)), tok.pieces(tok.encode(sample)));
  });
});

describe('trainUnigram', () => {
  it('is deterministic: two trainings on the same corpus give the same vocabulary', async () => {
    const ds = await loadBundled('qa_factbook');
    const docs = texts(ds).slice(0, 1500);
    const a = trainUnigram(docs, { vocabSize: 700 }).tokenizer.toJSON();
    const b = trainUnigram(docs, { vocabSize: 700 }).tokenizer.toJSON();
    assert.deepEqual(a, b);
  });

  it('keeps the requested vocabSize on a corpus too small to fill it (unused ids stay unused)', () => {
    const { tokenizer, stats } = trainUnigram(['a tiny corpus', 'a tiny test'], { vocabSize: 400, numSentinels: 10 });
    assert.equal(tokenizer.vocabSize, 400);
    assert.ok(stats.learnedPieces < 400 - FIRST_PIECE_ID - 10);
    assert.equal(tokenizer.sentinel(0), 399);
    assert.equal(tokenizer.decode(tokenizer.encode('a tiny zebra')), 'a tiny zebra');
    assert.match(tokenizer.pieces([FIRST_PIECE_ID + stats.learnedPieces])[0], /^<unused_0>$/);
  });

  it('names bad options', () => {
    assert.throws(() => trainUnigram(['x'], { vocabSize: 100 }), /options\.vocabSize must be an integer ≥ 360/);
    assert.throws(() => trainUnigram(['x'], { vocabSize: 1000, characterCoverage: 2 }), /options\.characterCoverage/);
    assert.throws(() => trainUnigram([''], { vocabSize: 1000 }), /no text/);
    assert.throws(() => trainUnigram([1 as unknown as string], { vocabSize: 1000 }), /documents\[0\] must be a string/);
  });
});
