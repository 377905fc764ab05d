import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countSentences, splitSentences } from '../../../src/c4/sentences.ts';
import { codePointLength, splitLines, splitWords } from '../../../src/c4/words.ts';

describe('C4 sentences and words', () => {
  it('sentences end at . ? ! followed by white space, closing quotes kept with their sentence', () => {
    assert.deepEqual(splitSentences('"Open Access. Powered by Scholars. Published by Universities."'), [
      '"Open Access.',
      'Powered by Scholars.',
      'Published by Universities."',
    ]);
    assert.deepEqual(splitSentences('Is it? Yes! It is.'), ['Is it?', 'Yes!', 'It is.']);
  });

  it('abbreviations, initials and dotted abbreviations do not end a sentence', () => {
    assert.equal(countSentences('This line has enough words and ends in punctuation, Dr. Roberts!'), 1);
    assert.equal(countSentences('J. R. R. Tolkien wrote it, e.g. in 1937 in the U.S. and elsewhere.'), 1);
    assert.equal(countSentences('Prices rose etc. and then fell.'), 1);
  });

  it('an ellipsis without a space, or before a lower-case word, does not end a sentence', () => {
    assert.equal(countSentences("This line looks like it has three sentences...but it's actually just 1."), 1);
    assert.equal(countSentences('Wait... what happened here?'), 1);
    assert.equal(countSentences('It ended... Then a new one began.'), 2);
  });

  it('lines split as Python splitlines() does, and words as str.split()', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd\u2028e\n'), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a\n\nb'), ['a', '', 'b']);
    assert.deepEqual(splitWords('  one\ttwo   three '), ['one', 'two', 'three']);
    assert.deepEqual(splitWords('   '), []);
    assert.equal(codePointLength('a😀b'), 3);
  });
});
