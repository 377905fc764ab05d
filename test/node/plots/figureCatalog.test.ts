import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogFiles, figuresReadme, skipReason, type FigureCatalog } from '../../../src/plots/figureCatalog.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
// @ts-expect-error: a plain .mjs script without type declarations
import { exportFigureSet, startFigureServer } from '../../../scripts/figures-pipeline.mjs';

/** Files a README links to (markdown link targets). */
function linkedFiles(readme: string): Set<string> {
  return new Set([...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]));
}

/** The tour's buckets (without the model, so nothing computes tensors) and mixing cells. */
function smallNotebook(): NotebookDocument {
  const tour = defaultNotebook();
  const pick = (id: string) => {
    const cell = tour.cells.find((c) => c.id === id);
    if (!cell) throw new Error(`the default notebook has no cell "${id}"`);
    return structuredClone(cell);
  };
  const buckets = pick('buckets');
  buckets.params = { ...buckets.params, biasFrom: null };
  return { ...tour, id: 'figures-test', title: 'Figures test', cells: [pick('intro'), buckets, pick('mixing')] };
}

test('a cell that made figures, or prose, is not reported as skipped; a settled cell that drew nothing is', () => {
  assert.equal(skipReason({ kind: 'buckets', status: 'ok', message: '', figureCount: 2 }), undefined);
  assert.equal(skipReason({ kind: 'markdown', status: 'idle', message: '', figureCount: 0 }), undefined);
  assert.match(skipReason({ kind: 'runs', status: 'ok', message: '', figureCount: 0 }) ?? '', /drew no figure/);
});

test('a lazy, failed or blocked cell without figures is skipped with a reason that says which', () => {
  assert.match(skipReason({ kind: 'train', status: 'waiting', message: '', figureCount: 0 }) ?? '', /lazy/);
  assert.match(skipReason({ kind: 'model', status: 'error', message: 'vocab mismatch', figureCount: 0 }) ?? '', /failed: vocab mismatch/);
  assert.match(skipReason({ kind: 'attention', status: 'blocked', message: 'blocked by [8] Model', figureCount: 0 }) ?? '', /blocked/);
});

test('the README links every catalogued file and lists each skipped cell', () => {
  const catalog: FigureCatalog = {
    notebook: { id: 'nb', title: 'A notebook', seed: 7 },
    backend: 'cpu',
    figures: [
      {
        file: 'a',
        figure: 'a',
        title: 'Curve | of things',
        caption: '',
        cellId: 'c1',
        cellKind: 'buckets',
        params: { n: 1 },
        width: 10,
        height: 10,
      },
      {
        file: 'b',
        figure: 'bucket-grid',
        title: 'Grid',
        caption: 'A caption.',
        drawnBy: 'src/figures/bucketGrid.ts',
        cellId: 'c2',
        cellKind: 'mixing',
        params: {},
        width: 10,
        height: 10,
      },
    ],
    skipped: [{ cellId: 'train', cellKind: 'train', reason: 'lazy cell, not run' }],
  };
  const readme = figuresReadme(catalog);
  assert.deepEqual([...linkedFiles(readme)].sort(), catalogFiles(catalog));
  assert.match(readme, /`train` \(train\) \| lazy cell, not run/);
  assert.match(readme, /Curve \\\| of things/, 'a | in a title is escaped so the table keeps its columns');
  assert.match(readme, /`c2` \(mixing, drawn by `src\/figures\/bucketGrid\.ts`\)/, 'a catalogued figure names the module that draws it');
  assert.match(readme, /`c1` \(buckets\) \|/, 'a figure drawn elsewhere names only its cell');
});

test('the committed figures/README.md lists every file in figures/ and links no missing one', () => {
  const dir = new URL('../../../figures', import.meta.url).pathname;
  if (!existsSync(join(dir, 'README.md'))) assert.fail('figures/README.md is missing: run npm run figures');
  const files = readdirSync(dir)
    .filter((f) => /\.(svg|png)$/.test(f))
    .sort();
  const linked = linkedFiles(readFileSync(join(dir, 'README.md'), 'utf8'));
  assert.ok(files.length > 0, 'figures/ holds no figures');
  assert.deepEqual([...linked].filter((f) => /\.(svg|png)$/.test(f)).sort(), files);
});

test(
  'exporting the same notebook twice writes byte-identical SVG and PNG files and a README that lists them all',
  { timeout: 120_000 },
  async () => {
    const notebook = smallNotebook();
    const dirs = [mkdtempSync(join(tmpdir(), 't5lab-figures-a-')), mkdtempSync(join(tmpdir(), 't5lab-figures-b-'))];
    // One dev server; each export opens the page in a fresh browser profile.
    const server = await startFigureServer();
    try {
      const runs = [];
      for (const outDir of dirs) runs.push(await exportFigureSet({ outDir, notebook, server }));
      const [a, b] = dirs.map((d) => readdirSync(d).sort());
      assert.deepEqual(a, b);
      assert.ok(
        a.some((f) => f.startsWith('bucket-curve')) && a.some((f) => f.startsWith('mixing-rates-vs-k')),
        `unexpected files: ${a.join(', ')}`,
      );
      for (const file of a)
        assert.ok(readFileSync(join(dirs[0], file)).equals(readFileSync(join(dirs[1], file))), `${file} differs between runs`);
      const readme = readFileSync(join(dirs[0], 'README.md'), 'utf8');
      assert.deepEqual(
        [...linkedFiles(readme)].sort(),
        a.filter((f) => f !== 'README.md'),
      );
      assert.deepEqual(
        catalogFiles(runs[0].catalog),
        a.filter((f) => f !== 'README.md'),
      );
      const svg = readFileSync(join(dirs[0], 'bucket-curve.svg'), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svg, /Liberation Sans/, 'the export font is written into the SVG');
    } finally {
      await server.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  },
);
