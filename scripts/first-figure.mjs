#!/usr/bin/env node
// Time to the first drawn figure of the tour, cold (fresh browser profile) and warm (a reload in
// the same profile: HTTP cache and, once installed, the service worker), in headless Chromium.
//   node scripts/first-figure.mjs [--url URL] [--dist dist] [--base /t5lab/] [--runs 2]
// Without --url it serves --dist under --base with the plain static server (no COOP/COEP).
// Times are ms from navigation start (performance.now() in the page); a cell's time is when its
// first <figure data-figure> holds an <svg> or <canvas>. Prints one JSON object per load.
import { parseArgs } from 'node:util';
import { launchChromium } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
    base: { type: 'string', default: '/t5lab/' },
    runs: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '90000' },
  },
});

/** Installed before any page script: polls the DOM (through shadow roots) and records first times. */
function recorder() {
  const marks = { cells: {}, firstFigure: null, backend: null };
  globalThis.__t5labMarks = marks;
  const tick = () => {
    const walk = (root) =>
      root.querySelectorAll('*').forEach((el) => {
        if (el.tagName === 'FIGURE' && el.hasAttribute('data-figure') && el.querySelector('svg, canvas')) {
          let host = el;
          while (host && !(host.tagName === 'T5-CELL-FRAME')) host = host.parentNode?.host ?? host.parentNode;
          const id = host?.getAttribute?.('data-cell-id') ?? '?';
          const t = Math.round(performance.now());
          if (marks.firstFigure === null) marks.firstFigure = t;
          marks.cells[id] ??= t;
        }
        if (el.hasAttribute('data-tokenizer-origin') && marks.tokenizerOrigin === undefined) {
          marks.tokenizerOrigin = el.getAttribute('data-tokenizer-origin');
        }
        if (el.hasAttribute('data-backend') && el.getAttribute('data-backend') !== 'pending' && marks.backend === null) {
          marks.backend = { at: Math.round(performance.now()), name: el.getAttribute('data-backend') };
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      });
    if (document.documentElement) walk(document);
  };
  setInterval(tick, 25);
}

async function measure(page, url, timeoutMs) {
  await page.goto(url);
  const want = ['task-data', 'tokenizer', 'buckets', 'attention', 'objectives'];
  const deadline = Date.now() + timeoutMs;
  let marks;
  for (;;) {
    marks = await page.evaluate(() => globalThis.__t5labMarks).catch(() => null);
    if (marks && marks.backend && want.every((id) => marks.cells[id] != null)) break;
    if (Date.now() > deadline) break;
    await page.waitForTimeout(200);
  }
  const isolated = await page.evaluate(() => crossOriginIsolated).catch(() => null);
  return { ...marks, isolated };
}

const server = opts.url ? null : await serveStatic({ dir: opts.dist, base: opts.base });
const url = opts.url ?? server.url;
try {
  for (let run = 0; run < Number(opts.runs); run++) {
    const context = await launchChromium();
    await context.addInitScript(recorder);
    const page = context.pages()[0] ?? (await context.newPage());
    const cold = await measure(page, url, Number(opts.timeout));
    console.log(JSON.stringify({ url, load: 'cold', ...cold }));
    await page.waitForTimeout(3000); // let the service worker (if any) install and take over
    const warm = await measure(page, url, Number(opts.timeout));
    console.log(JSON.stringify({ url, load: 'warm', ...warm }));
    await context.close();
  }
} finally {
  await server?.close();
}
