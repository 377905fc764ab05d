import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { EXPERIMENT_FIGURES, FIGURES, FIGURE_NAMES, catalogEntry, figureModuleStem } from '../../../src/figures/catalog.ts';

const ALL_FIGURES: Record<string, { draw: unknown }> = { ...FIGURES, ...EXPERIMENT_FIGURES };

const root = new URL('../../../', import.meta.url);

test('every catalogued figure is drawn by <stem>Figure exported from src/figures/<stem>.ts, its name camel-cased', async () => {
  for (const name of Object.keys(ALL_FIGURES)) {
    const stem = figureModuleStem(name);
    const file = new URL(`src/figures/${stem}.ts`, root);
    assert.ok(existsSync(file), `${name}: src/figures/${stem}.ts exists`);
    const module = (await import(file.href)) as Record<string, unknown>;
    assert.equal(module[`${stem}Figure`], ALL_FIGURES[name].draw, `${name}: src/figures/${stem}.ts exports ${stem}Figure, the catalogued function`);
  }
});

test('every figure module in src/figures is in the catalogue (helpers and the catalogue itself aside)', () => {
  const helpers = new Set(['catalog.ts', 'figureOptions.ts']);
  const modules = readdirSync(new URL('src/figures/', root)).filter((f) => f.endsWith('.ts') && !helpers.has(f));
  const catalogued = new Set(Object.keys(ALL_FIGURES).map((n) => `${figureModuleStem(n)}.ts`));
  assert.deepEqual(
    modules.filter((m) => !catalogued.has(m)),
    [],
  );
});

test('figure modules load in Node without a DOM (no document at import time)', () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  assert.ok(FIGURE_NAMES.length >= 18);
});

test('a catalogue entry is found by its name or by an export name with a cell id in front, and not for other figures', () => {
  assert.equal(figureModuleStem('mixing-rates-vs-k'), 'mixingRatesVsK');
  assert.deepEqual(catalogEntry('bucket-curve'), { ...FIGURES['bucket-curve'], name: 'bucket-curve', source: 'src/figures/bucketCurve.ts' });
  assert.equal(catalogEntry('task-data-dataset-lengths')?.name, 'dataset-lengths');
  assert.equal(catalogEntry('model-diagram'), undefined);
  assert.equal(catalogEntry('lengths'), undefined);
});
