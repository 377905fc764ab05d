import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCorpus } from '../../../src/c4/pipeline.ts';
import { RULE_IDS } from '../../../src/c4/rules.ts';
import { ruleCountRows, ruleCountsPlotOptions } from '../../../src/c4/ruleCountsFigure.ts';

describe('C4 rule-counts figure', () => {
  it('has one row per rule in pipeline order with the words it removed and their share of the input', () => {
    const { counts } = cleanCorpus(['Menu | Home\nOne two three four.\nFive six seven eight.'], { minSentences: 1 });
    const rows = ruleCountRows(counts);
    assert.deepEqual(
      rows.map((r) => r.rule),
      [...RULE_IDS],
    );
    const nt = rows.find((r) => r.rule === 'no-terminal-punctuation')!;
    assert.equal(nt.words, 3);
    assert.equal(nt.lines, 1);
    assert.equal(nt.share, 3 / counts.tokensIn);
    assert.equal(nt.scope, 'line');
  });

  it('plots a bar and a label per rule on the rule axis, coloured by what the rule removes', () => {
    const rows = ruleCountRows(cleanCorpus(['Just a line.']).counts);
    const options = ruleCountsPlotOptions(rows, 'my pages');
    assert.equal(options.ariaLabel, 'Words removed by each C4 rule from my pages');
    assert.deepEqual((options.y as { domain: string[] }).domain, [...RULE_IDS]);
    assert.deepEqual((options.color as { domain: string[] }).domain, ['removes lines', 'removes pages', 'edits lines']);
    assert.equal(options.marks!.length, 3);
  });
});
