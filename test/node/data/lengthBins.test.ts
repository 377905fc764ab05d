import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { binLengths, niceThresholds } from '../../../src/data/lengthBins.ts';
import { datasetLengthsCutoff } from '../../../src/figures/datasetLengths.ts';
import { lengthRows } from '../../../src/data/datasetValue.ts';
import type { Dataset } from '../../../src/data/parseDataset.ts';

const corpus: Dataset = {
  kind: 'corpus',
  name: 'c',
  documents: Array.from({ length: 1000 }, (_, i) => 'a'.repeat((i * 37) % 300) + (i === 7 ? 'z'.repeat(100000) : '')),
};
const task: Dataset = {
  kind: 'task',
  name: 't',
  examples: Array.from({ length: 400 }, (_, i) => ({ inputs: 'q'.repeat(10 + (i % 90)), targets: 't'.repeat(1 + (i % 7)) })),
};

describe('length histogram bins', () => {
  it('thresholds are round numbers covering the range in about 40 bins', () => {
    const t = niceThresholds(3, 287);
    assert.ok(t[0] <= 3 && t[t.length - 1] > 287 - 1e-9);
    assert.ok(t.length - 1 >= 20 && t.length - 1 <= 60, `${t.length - 1} bins`);
    const step = t[1] - t[0];
    assert.ok([1, 2, 5, 10, 20, 50].includes(step), `step ${step}`);
    assert.deepEqual(niceThresholds(5, 5), [5, 6]);
  });

  it('cuts at the same 99th percentile as the unbinned figure and counts every row below it exactly once', () => {
    for (const ds of [corpus, task]) {
      const rows = lengthRows(ds);
      const b = binLengths(ds);
      assert.equal(b.cutoff, datasetLengthsCutoff(rows));
      assert.equal(b.total, rows.length);
      const shown = rows.filter((r) => r.chars <= b.cutoff);
      assert.equal(
        b.bins.reduce((n, x) => n + x.count, 0),
        shown.length,
      );
      for (const field of b.fields) {
        for (const bin of b.bins.filter((x) => x.field === field)) {
          const inBin = shown.filter(
            (r) => r.field === field && r.chars >= bin.x0 && (r.chars < bin.x1 || bin === b.bins.filter((x) => x.field === field).at(-1)),
          );
          assert.equal(bin.count, inBin.length, `${field} [${bin.x0}, ${bin.x1})`);
        }
      }
    }
    assert.deepEqual(binLengths(task).fields, ['input', 'target']);
  });

  it('an empty dataset has no bins and a zero cutoff', () => {
    assert.deepEqual(binLengths({ kind: 'corpus', name: 'e', documents: [] }), { fields: ['document'], bins: [], cutoff: 0, total: 0 });
  });
});
