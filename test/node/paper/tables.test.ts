import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PAPER_BENCHMARKS, TABLE_8, TABLE_9 } from '../../../src/paper/tables.ts';

const specPath = '/work/shared/reference/t5-spec.md';

describe("the paper's Tables 8 and 9 (printed inline in spec §D)", () => {
  it('every row has the seven benchmark scores and the C4 / full rows are the baseline', () => {
    for (const t of [TABLE_8, TABLE_9]) {
      assert.match(t.source, /Raffel et al\. \(2020\).*Table \d/);
      for (const r of t.rows) assert.deepEqual(Object.keys(r.scores), [...PAPER_BENCHMARKS]);
      assert.equal(t.rows.filter((r) => r.baseline).length, 1);
      assert.equal(t.rows[0].scores.GLUE, 83.28);
    }
  });

  it('matches the slash-separated scores of the spec', { skip: !existsSync(specPath) && 'spec not present' }, () => {
    const spec = readFileSync(specPath, 'utf8');
    const inline = (table: number) => {
      const start = spec.indexOf(`**Table ${table} —`);
      // Tables 8 and 9 share one paragraph: a table's text ends at the next bold "**Table" or blank line.
      const next = spec.indexOf('**Table', start + 2);
      const end = Math.min(spec.indexOf('\n\n', start), next < 0 ? Infinity : next);
      return [...spec.slice(start, end).matchAll(/(\d+\.\d+(?:\/\d+\.\d+){6})/g)].map((m) => m[1].split('/').map(Number));
    };
    // The spec lists every row but the ★ baseline one.
    assert.deepEqual(
      inline(8),
      TABLE_8.rows.slice(1).map((r) => PAPER_BENCHMARKS.map((b) => r.scores[b])),
    );
    assert.deepEqual(
      inline(9),
      TABLE_9.rows.slice(1).map((r) => PAPER_BENCHMARKS.map((b) => r.scores[b])),
    );
  });
});
