import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanOffThread } from '../../../src/c4/cleanOffThread.ts';
import { cleanCorpus, cleanedText } from '../../../src/c4/pipeline.ts';
import { cleanReport } from '../../../src/c4/countsReport.ts';

describe('cleanOffThread', () => {
  it('without a Worker (Node) runs inline and returns the pipeline result, the kept texts and the report', async () => {
    const texts = ['Menu\nOne fine line is here.\nTwo fine lines are here.', 'Red sky. Blue sea. Green land. Grey rock. White snow.'];
    const out = await cleanOffThread({ texts, options: { minSentences: 2 } });
    const expected = cleanCorpus(texts, { minSentences: 2 });
    assert.deepEqual(out.result, expected);
    assert.deepEqual(
      out.cleaned,
      expected.pages.map(cleanedText).filter((t) => t !== undefined),
    );
    assert.deepEqual(out.report, cleanReport(expected.counts, expected.options));
  });
});
