import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy } from '../../../src/tasks/metric.ts';
import { exactMatch, normalizeSquad, tokenF1, tokenF1Score } from '../../../src/tasks/squadMetrics.ts';
import { corpusBleu, corpusChrf, tokenize13a } from '../../../src/tasks/translationMetrics.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

describe('accuracy, exact match, token F1', () => {
  it('accuracy is the percentage of exact string matches', () => {
    assert.equal(accuracy.compute(['positive', 'negative', 'positive', 'negative'], ['positive', 'negative', 'negative', 'Negative']), 50);
  });

  it('normalises answers the SQuAD way: case, punctuation, articles, whitespace', () => {
    assert.equal(normalizeSquad('  The  Republic of   Algeria!'), 'republic of algeria');
    assert.equal(normalizeSquad('An apple, a pear; the end.'), 'apple pear end');
    assert.equal(normalizeSquad('theater'), 'theater');
  });

  it('exact match counts normalised equality (2 of 3 → 66.67)', () => {
    close(exactMatch.compute(['Algiers', 'the republic', 'Northern Africa'], ['algiers.', 'Republic', 'Africa']), 200 / 3);
  });

  it('token F1 = 2PR/(P+R) on normalised tokens, by hand', () => {
    // target {northern, africa, bordering, sea} vs prediction {africa, sea, coast}: 2 common,
    // P = 2/3, R = 2/4 → F1 = 2·(2/3)(1/2)/(2/3 + 1/2) = 4/7.
    close(tokenF1Score('Northern Africa, bordering the Sea', 'Africa sea coast'), 4 / 7);
    // Repeated tokens count at most as often as in the target: "a b b" vs "b b b" → 2 common, P = 2/3, R = 2/3.
    close(tokenF1Score('x y y', 'y y y'), 2 / 3);
    assert.equal(tokenF1Score('yes', 'no'), 0);
    close(tokenF1.compute(['x y y', 'yes'], ['y y y', 'yes']), (100 * (2 / 3 + 1)) / 2);
  });

  it('names mismatched inputs', () => {
    assert.throws(() => accuracy.compute(['a'], []), /targets \(1\) and predictions \(0\)/);
    assert.throws(() => tokenF1.compute(['a'], [3 as unknown as string]), /predictions\[0\] must be a string/);
  });
});

describe('sacreBLEU-compatible BLEU and chrF', () => {
  it('tokenises like 13a: punctuation split off, except . and , between digits', () => {
    assert.equal(
      tokenize13a('Hello, world! It costs $3.50 (approx.) &amp; 1-2 "quotes".'),
      'Hello , world ! It costs $ 3.50 ( approx . ) & 1 - 2 " quotes " .',
    );
  });

  it('computes corpus BLEU from clipped n-gram precisions, by hand', () => {
    // hyp "The cat the cat on the mat ." (8 tokens) vs ref "The cat is on the mat ." (7):
    // p1 = 6/8, p2 = 4/7, p3 = 2/6, p4 = 1/5, BP = 1 (hyp longer).
    const r = corpusBleu(['The cat is on the mat.'], ['The cat the cat on the mat.']);
    close(r.precisions[0], 75);
    close(r.precisions[1], 400 / 7);
    close(r.precisions[2], 100 / 3);
    close(r.precisions[3], 20);
    assert.equal(r.brevityPenalty, 1);
    close(r.score, 100 * Math.pow((6 / 8) * (4 / 7) * (2 / 6) * (1 / 5), 1 / 4));
  });

  it('applies the brevity penalty and exp smoothing of zero-match orders, by hand', () => {
    // hyp "the cat sat" vs ref "the cat sat on the mat": p1 = 3/3, p2 = 2/2, p3 = 1/1, p4: 0 of 0
    // n-grams → loop stops, precision 0 → score 0 (sacreBLEU's my_log(0)).
    assert.equal(corpusBleu(['the cat sat on the mat'], ['the cat sat']).score, 0);
    // hyp "a b c d e x" vs ref "a b c d e f g": p1 = 5/6, p2 = 4/5, p3 = 3/4, p4 = 2/3, BP = e^(1 − 7/6).
    const r = corpusBleu(['a b c d e f g'], ['a b c d e x']);
    close(r.brevityPenalty, Math.exp(1 - 7 / 6));
    close(r.score, 100 * Math.exp(1 - 7 / 6) * Math.pow((5 / 6) * (4 / 5) * (3 / 4) * (2 / 3), 1 / 4));
    // hyp "a x b y" vs ref "a z b w": p1 = 2/4, no bigram matches → 100/(2·3); same for p3 (100/(4·2)), p4 (100/(8·1)).
    const s = corpusBleu(['a z b w'], ['a x b y']);
    close(s.precisions[1], 100 / 6);
    close(s.precisions[2], 100 / 8);
    close(s.precisions[3], 100 / 8);
  });

  it('sums statistics over the corpus before taking the ratio (not an average of sentence scores)', () => {
    const r = corpusBleu(['a b c d', 'e f g h'], ['a b c d', 'e f x y']);
    close(r.precisions[0], 600 / 8); // 4 + 2 of 8 unigrams
    close(r.precisions[1], 400 / 6); // 3 + 1 of 6 bigrams
  });

  it('chrF matches the published sacreBLEU values (HF metric card examples)', () => {
    close(
      corpusChrf(
        ['The ties between Obama and Netanyahu are not particularly friendly.'],
        ['The relationship between Obama and Netanyahu is not exactly friendly.'],
      ),
      61.576379378113785,
      1e-9,
    );
    close(
      corpusChrf(
        [
          'The relationship between dogs and cats is not exactly friendly.',
          'A good bookshop is just a genteel Black Hole that knows how to read.',
        ],
        [
          'The relationship between cats and dogs is not exactly friendly.',
          'a good bookshop is just a genteel black hole that knows how to read.',
        ],
      ),
      84.64214891738334,
      1e-9,
    );
  });

  it('chrF by hand on a short pair: "ab" vs "abc" (whitespace ignored)', () => {
    // n=1: hyp 2, ref 3, match 2; n=2: 1, 2, 1; n≥3: hyp has none → orders 1–2 count.
    // P = (1 + 1)/2 = 1, R = (2/3 + 1/2)/2 = 7/12; F2 = 5·P·R/(4P + R).
    const P = 1;
    const R = 7 / 12;
    close(corpusChrf(['a b c'], ['ab']), (100 * 5 * P * R) / (4 * P + R));
    assert.equal(corpusChrf(['same'], ['same']), 100);
  });
});
