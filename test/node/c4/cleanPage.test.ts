import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPage, keptLines } from '../../../src/c4/cleanPage.ts';
import { C4_DEFAULTS } from '../../../src/c4/rules.ts';

// The thresholds of TensorFlow Datasets' c4_utils (5 words, 3 sentences), for its own examples.
const TFDS = { minWordsPerLine: 5, minSentences: 3, maxWordLength: 1000 };

const MESSY = `This line has enough words and ends in punctuation, Dr. Roberts!
Economic History | All Institutions | Open Access Articles | Digital Commons Network
"Open Access. Powered by Scholars. Published by Universities."
Digital Commons Network™/ Social and Behavioral Sciences...
Too few words.
You need to enable javascript in your browser in order to see this page.
You have JavaScript disabled and that means you can't see this page.
Adam Roberts has a cookie policy: always eat them.
Colin has a privacy policy: don't share people's secrets.
You'd better follow our terms of use!
`;

describe('cleanPage (C4 line rules on one page)', () => {
  it('on a messy page each line is kept or removed by the rule c4_utils names', () => {
    const page = cleanPage(MESSY, TFDS);
    assert.equal(page.removedBy, undefined);
    assert.deepEqual(
      page.lines.map((l) => l.removedBy ?? 'kept'),
      [
        'kept',
        'no-terminal-punctuation',
        'kept',
        'no-terminal-punctuation',
        'too-few-words',
        'javascript',
        'javascript',
        'policy',
        'policy',
        'policy',
      ],
    );
    assert.deepEqual(keptLines(page), [
      'This line has enough words and ends in punctuation, Dr. Roberts!',
      '"Open Access. Powered by Scholars. Published by Universities."',
    ]);
  });

  it("with the paper's thresholds (3 words, 5 sentences) a three-word line stays and the page just passes", () => {
    const page = cleanPage(MESSY, C4_DEFAULTS);
    // "Too few words." has 3 words, enough for the paper's minimum; with it the page has 1 + 3 + 1 = 5 sentences.
    assert.equal(page.lines[4].removedBy, undefined);
    assert.equal(page.removedBy, undefined);
    const without = cleanPage(MESSY.replace('Too few words.', 'Too few.'), C4_DEFAULTS);
    assert.equal(without.lines[4].removedBy, 'too-few-words');
    assert.equal(without.removedBy, 'too-few-sentences');
  });

  it('"lorem ipsum" drops the page at that line and later lines are not examined', () => {
    const page = cleanPage('A fine first line of text.\nLorem ipsum dolor sit amet, consectetur.\nNo end mark here', TFDS);
    assert.equal(page.removedBy, 'lorem-ipsum');
    assert.equal(page.stopLine, 1);
    assert.equal(page.lines[2].removedBy, undefined, 'not examined');
  });

  it('a curly brace on a line that passed the earlier rules drops the page; on a removed line it does not', () => {
    const code = `This page starts out with some text.
Everything looks good at first, since these are sentences.
But then, all of a sudden, there's a bunch of code like the next block.
fn foo(a) { bar = a + 10; }.`;
    assert.equal(cleanPage(code, TFDS).removedBy, 'curly-brace');
    const braceWithoutEndMark = `${code.slice(0, code.lastIndexOf('\n'))}\nfn foo(a) { bar = a + 10; }`;
    assert.equal(cleanPage(braceWithoutEndMark, TFDS).removedBy, undefined);
  });

  it('citation markers are removed from kept lines before the end-mark check', () => {
    const page = cleanPage(
      `This page has some text.
Some lines don't end with punctuation
And some of these lines end with citations.[3]
Or have requested citations[citation needed]. Or the option to edit.[edit]
`,
      { ...TFDS, minWordsPerLine: 3 },
    );
    assert.deepEqual(keptLines(page), [
      'This page has some text.',
      'And some of these lines end with citations.',
      'Or have requested citations. Or the option to edit.',
    ]);
    assert.deepEqual(
      page.lines[3].edits.map((e) => e.rule),
      ['citation'],
    );
  });

  it('a line with an over-long word is removed first, whatever else it has', () => {
    const page = cleanPage(
      `${'a'.repeat(20)} javascript {.\nOne two three four five.\nSix seven eight nine ten.\nEleven twelve thirteen fourteen.`,
      {
        ...TFDS,
        maxWordLength: 10,
        minSentences: 3,
        minWordsPerLine: 3,
      },
    );
    assert.equal(page.lines[0].removedBy, 'too-long-word');
    assert.equal(page.removedBy, undefined);
  });
});
