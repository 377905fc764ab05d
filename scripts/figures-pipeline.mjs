// The figure pipeline behind `npm run figures` (scripts/figures.mjs) and its test: serves the app
// with Vite, opens a notebook (the default tour, or one passed in as a share link) in headless
// Chromium at a fixed viewport and device scale on the cpu backend (plain JS numerics: the same
// attention maps on every machine), waits until every cell has settled, exports each figure as a
// stand-alone SVG and a 2x PNG (cells/shell/figure-collector.ts) and writes them with figures/README.md.
// The experiment figures are drawn from the cached results in bench/experiments/*.json
// (src/experiments/cachedExperiments.ts), so regeneration trains nothing and stays fast.
// Needs the tsx loader (node --import tsx), as it uses the TypeScript core for the README.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createNetServer } from 'node:net';
import { createServer } from 'vite';
import { launchChromium } from './browser.mjs';
import { figuresReadme, FIGURE_PNG_SCALE } from '../src/plots/figureCatalog.ts';
import { shareFragment } from '../src/notebook/shareLink.ts';
import { cachedExperiments } from './cachedExperiments.ts';

/** A TCP port that is free right now (helpers and tests run side by side on this machine). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Snapshot of the cell frames: status and figure count per cell, for the settle check. */
function frameSnapshot() {
  const frames = [];
  let figures = 0;
  let badge = 'pending';
  const walk = (root) =>
    root.querySelectorAll('*').forEach((el) => {
      if (el.tagName === 'T5-CELL-FRAME')
        frames.push(`${el.getAttribute('data-cell-id')}:${el.getAttribute('status')}${el.hasAttribute('prose') ? ':prose' : ''}`);
      if (el.tagName === 'FIGURE' && el.hasAttribute('data-figure')) figures++;
      if (el.hasAttribute('data-backend')) badge = el.getAttribute('data-backend');
      if (el.shadowRoot) walk(el.shadowRoot);
    });
  walk(document);
  return { frames, figures, badge };
}

/**
 * Waits until the backend is chosen, cells exist, none is running, and nothing changed for
 * `quietMs` (a cell that finishes can start the next one a tick later).
 */
async function waitForSettledCells(page, { timeoutMs = 900000, quietMs = 1500, log = () => {} } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  for (;;) {
    // Vite may reload the page once when it discovers dependencies to pre-bundle.
    const snap = await page.evaluate(frameSnapshot).catch((err) => {
      if (/context was destroyed|navigation/i.test(err.message)) return { frames: [], figures: 0, badge: 'pending' };
      throw err;
    });
    const key = JSON.stringify(snap);
    const busy = snap.badge === 'pending' || !snap.frames.length || snap.frames.some((f) => /:(running|null)$/.test(f));
    // Prose cells stay idle; another idle cell may not have started yet, or be display-only: give it longer.
    const quiet = snap.frames.some((f) => /:idle$/.test(f)) ? Math.max(quietMs, 4000) : quietMs;
    if (key !== last) {
      last = key;
      since = Date.now();
      log(`cells: ${snap.frames.join(', ')} (${snap.figures} figures, backend ${snap.badge})`);
    } else if (!busy && Date.now() - since >= quiet) return snap;
    if (Date.now() > deadline) throw new Error(`cells did not settle within ${timeoutMs / 1000} s: ${snap.frames.join(', ')}`);
    await page.waitForTimeout(250);
  }
}

/**
 * Exports the figures of `notebook` (default: the app's tour) into `outDir`. Pass `server`
 * (startFigureServer) to reuse one dev server for several exports. Removes the SVG
 * and PNG files already at the top of `outDir` first (not subfolders such as `cache/`), so a
 * figure that is gone does not linger. Returns the catalogue and the files written.
 */
export async function exportFigureSet({ outDir, notebook, png = true, server, log = () => {}, experiments = cachedExperiments() } = {}) {
  if (!outDir) throw new Error('exportFigureSet: outDir is required');
  const own = server ? undefined : await startFigureServer();
  const { port } = server ?? own;
  const context = await launchChromium();
  const errors = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') log(`[page] ${m.text()}`);
    });
    const hash = notebook ? `#${shareFragment(notebook)}` : '';
    await page.goto(`http://127.0.0.1:${port}/?backend=cpu${hash}`);
    const settled = await waitForSettledCells(page, { log });
    log(`cells settled: ${settled.frames.join(', ')}`);
    const { catalog, figures } = await page.evaluate(
      async ({ withPng, cached }) => {
        const { collectNotebookFigures, collectCachedExperimentFigures } = await import('/cells/shell/figure-collector.ts');
        const set = await collectNotebookFigures(document.querySelector('t5lab-app'), { png: withPng });
        // The lazy experiment cells train nothing here; their figures come from the cached results.
        const more = await collectCachedExperimentFigures(cached, { png: withPng });
        set.figures.push(...more);
        set.catalog.figures.push(...more.map(({ svg: _svg, pngBase64: _png, ...entry }) => entry)); // eslint-disable-line @typescript-eslint/no-unused-vars -- svg and PNG are left out of the catalogue
        return set;
      },
      { withPng: png, cached: experiments },
    );
    if (errors.length) throw new Error(`the page threw while rendering figures: ${errors.join('; ')}`);
    // A shared notebook is stored under a fresh id; the catalogue names the notebook that was asked for.
    if (notebook) catalog.notebook = { id: notebook.id, title: notebook.title, seed: notebook.seed };

    mkdirSync(outDir, { recursive: true });
    for (const name of readdirSync(outDir)) if (/\.(svg|png)$/.test(name)) rmSync(join(outDir, name));
    const written = [];
    for (const f of figures) {
      writeFileSync(join(outDir, `${f.file}.svg`), f.svg);
      written.push(`${f.file}.svg`);
      if (f.pngBase64) {
        writeFileSync(join(outDir, `${f.file}@${FIGURE_PNG_SCALE}x.png`), Buffer.from(f.pngBase64, 'base64'));
        written.push(`${f.file}@${FIGURE_PNG_SCALE}x.png`);
      }
    }
    writeFileSync(join(outDir, 'README.md'), figuresReadme(catalog));
    written.push('README.md');
    return { catalog, written };
  } finally {
    await context.close();
    await own?.close();
  }
}

/**
 * The app's Vite dev server on a free port, for several exports in a row (each still opens a
 * fresh browser profile): `{port, close}`.
 */
export async function startFigureServer() {
  const port = await freePort();
  const vite = await createServer({ server: { port, host: '127.0.0.1', strictPort: true }, logLevel: 'warn' });
  await vite.listen();
  return { port, close: () => vite.close() };
}
