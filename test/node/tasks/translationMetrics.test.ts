import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bleu, bleu13a, corpusBleu, tokenizeIntl } from '../../../src/tasks/translationMetrics.ts';

// Expected strings: sacreBLEU 2.x TokenizerV14International's three patterns, verbatim, run with
// Python's `regex` module (2026.5.9) — see the test names for what each case exercises.
describe("sacreBLEU's intl tokenizer (what T5 scored translation with)", () => {
  it('splits off ASCII punctuation and symbols, but not punctuation between digits', () => {
    assert.equal(
      tokenizeIntl('Hello, world! It costs $3.50 (approx.) &amp; 1-2 "quotes".'),
      'Hello , world ! It costs $ 3.50 ( approx . ) & amp ; 1-2 " quotes " .',
    );
  });

  it('splits off non-ASCII punctuation (German quotes, dashes, guillemets, ellipsis) and currency symbols', () => {
    assert.equal(
      tokenizeIntl('„Das ist’s“, sagte er — «très bien» … 1.000,5 km² 3–4 €5'),
      '„ Das ist ’ s “ , sagte er — « très bien » … 1.000,5 km² 3–4 € 5',
    );
    assert.equal(tokenizeIntl('Er sagte: „Ja!“'), 'Er sagte : „ Ja ! “');
    assert.equal(tokenizeIntl('東京は日本の首都です。、'), '東京は日本の首都です 。 、');
  });

  it("collapses whitespace as Python's str.split() does (NBSP and U+001C split, U+FEFF does not)", () => {
    assert.equal(tokenizeIntl('a\u00a0b\ufeffc\x1cd'), 'a b\ufeffc d');
  });

  it('gives a different corpus BLEU than 13a where the punctuation is non-ASCII', () => {
    const targets = ['Er sagte: „Ja!“ und ging.'];
    const predictions = ['Er sagte: „Ja!“ und ging nach Hause.'];
    const intl = corpusBleu(targets, predictions, { tokenize: 'intl' });
    const v13a = corpusBleu(targets, predictions, { tokenize: '13a' });
    // intl: Er sagte : „ Ja ! “ und ging . (10) vs 13a, which keeps „Ja and “ together: Er sagte : „Ja ! “ und ging . (9)
    assert.equal(intl.refLen, 10);
    assert.equal(v13a.refLen, 9);
    assert.notEqual(intl.score, v13a.score);
    assert.equal(bleu.compute(targets, predictions), intl.score);
    assert.equal(bleu13a.compute(targets, predictions), v13a.score);
  });

  it('refuses an unknown tokenizer name', () => {
    assert.throws(() => corpusBleu(['a'], ['a'], { tokenize: 'zh' as 'intl' }), /tokenize must be "intl" or "13a"/);
  });
});
