import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cachedFigureFile, parseCachedExperiment } from '../../../src/experiments/cachedExperiments.ts';
import { cachedExperiments } from '../../../scripts/cachedExperiments.ts';

const SOURCE = 'bench/experiments/objectives-study-3seeds.json';

test('the cached objectives study in the repo reads as a figure named after its file', () => {
  const c = parseCachedExperiment(readFileSync(SOURCE, 'utf8'), SOURCE);
  assert.equal(c.file, 'experiment-seeds-objectives-study-3seeds');
  assert.equal(c.report.preset, 'objectives');
  assert.deepEqual(c.report.seeds, [1, 2, 3]);
  assert.ok(c.report.rows.every((r) => r.values.length === 3));
});

test('npm run figures finds every bench/experiments/*.json document (not the resumable run folders)', () => {
  const found = cachedExperiments();
  assert.ok(found.some((c) => c.source === SOURCE));
  assert.ok(found.every((c) => c.source.endsWith('.json') && c.file === cachedFigureFile(c.source)));
});

test('a cached document that is not the experiment JSON shape is refused, naming the file and field', () => {
  assert.throws(() => parseCachedExperiment('{"preset": "x"', 'bench/experiments/a.json'), /bench\/experiments\/a\.json is not JSON/);
  const doc = JSON.parse(readFileSync(SOURCE, 'utf8')) as { rows: { values: unknown[] }[] };
  doc.rows[1].values = [0.5];
  assert.throws(
    () => parseCachedExperiment(JSON.stringify(doc), 'b.json'),
    /b\.json: rows\[1\]\.values must be one value \(or null\) per seed \(3\)/,
  );
  assert.throws(() => parseCachedExperiment(JSON.stringify({ ...doc, metric: 3 }), 'c.json'), /c\.json: metric must be a string/);
});
