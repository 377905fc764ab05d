import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { corpusArms, notebookCorpusArm } from '../../../src/experiments/pretrainingData.ts';
import { cleanedCorpusName } from '../../../src/c4/pageDocuments.ts';

describe('notebook corpus arms (Table 8)', () => {
  it("a C4-cleaned corpus stands for the paper's C4 row and trains on its stored id", () => {
    const arm = notebookCorpusArm({ name: cleanedCorpusName('c4_raw_web'), source: 'ds-123' });
    assert.match(arm.key, /^c4-[a-z0-9]{1,6}$/);
    assert.equal(arm.corpus, 'ds-123');
    assert.equal(arm.paperLabel, 'C4');
  });

  it('the bundled raw web pages stand for "C4, unfiltered" and train by their bundled name', () => {
    const arm = notebookCorpusArm({ name: 'c4_raw_web' });
    assert.match(arm.key, /^c4-unfiltered-[a-z0-9]{1,6}$/);
    assert.equal(arm.corpus, 'c4_raw_web');
    assert.equal(arm.paperLabel, 'C4, unfiltered');
  });

  it('any other corpus has no paper row, and a different corpus is a different arm', () => {
    const a = notebookCorpusArm({ name: 'my.txt', source: 'ds-1' });
    const b = notebookCorpusArm({ name: 'my.txt', source: 'ds-2' });
    assert.equal(a.paperLabel, undefined);
    assert.notEqual(a.key, b.key);
    assert.equal(corpusArms([a]).length, 3, 'accepted beside the bundled corpora');
  });

  it('a value that is not a corpus is refused with a message saying what it should be', () => {
    assert.throws(() => notebookCorpusArm({ name: '' }), /is it a corpus/);
  });
});
