import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPage, keptLines } from '../../../src/c4/cleanPage.ts';
import { dedupeSpans } from '../../../src/c4/spanDedup.ts';

const OPTS = { minWordsPerLine: 1, minSentences: 1, maxWordLength: 1000 };

describe('three-sentence-span deduplication', () => {
  it('a span of three sentences seen on an earlier page is removed from later pages only', () => {
    const footer = 'Copyright the authors. All rights are reserved. Please cite this page.';
    const pages = [`First page text here.\n${footer}`, `Second page text here.\n${footer}`].map((t) => cleanPage(t, OPTS));
    dedupeSpans(pages);
    assert.deepEqual(keptLines(pages[0]), ['First page text here.', footer]);
    assert.deepEqual(keptLines(pages[1]), ['Second page text here.']);
    assert.equal(pages[1].lines[1].removedBy, 'duplicate-span');
  });

  it('matching ignores case and white space, and two repeated sentences are not a span', () => {
    const pages = ['One fine day. Two fine days.\nThree fine days.', 'ONE fine   day. Two fine days.\nA different third.'].map((t) =>
      cleanPage(t, OPTS),
    );
    dedupeSpans(pages);
    assert.deepEqual(keptLines(pages[1]), ['ONE fine   day. Two fine days.', 'A different third.']);
    const again = ['one FINE day. two fine days.\nthree fine days.'].map((t) => cleanPage(t, OPTS));
    dedupeSpans(again, new Set(['one fine day.\ntwo fine days.\nthree fine days.']));
    assert.deepEqual(keptLines(again[0]), []);
  });

  it('a line that loses some of its sentences is shortened and keeps the rest', () => {
    const pages = ['Alpha one. Beta two. Gamma three.', 'Start here. Alpha one. Beta two. Gamma three. End here.'].map((t) =>
      cleanPage(t, OPTS),
    );
    dedupeSpans(pages);
    assert.deepEqual(keptLines(pages[1]), ['Start here. End here.']);
    assert.deepEqual(pages[1].lines[0].edits, [{ rule: 'duplicate-span', tokens: 6 }]);
  });

  it('a span repeated within one page keeps its first occurrence', () => {
    const pages = [cleanPage('Red sky. Blue sea. Green land.\nMiddle line.\nRed sky. Blue sea. Green land.', OPTS)];
    dedupeSpans(pages);
    assert.deepEqual(keptLines(pages[0]), ['Red sky. Blue sea. Green land.', 'Middle line.']);
  });

  it('pages already removed neither lose spans nor claim them', () => {
    const removed = cleanPage('Alpha one. Beta two. Gamma three.', { ...OPTS, minSentences: 10 });
    const later = cleanPage('Alpha one. Beta two. Gamma three.', OPTS);
    dedupeSpans([removed, later]);
    assert.equal(removed.removedBy, 'too-few-sentences');
    assert.deepEqual(keptLines(later), ['Alpha one. Beta two. Gamma three.']);
  });
});
