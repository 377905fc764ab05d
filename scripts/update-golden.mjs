#!/usr/bin/env node
// node scripts/update-golden.mjs: re-renders the golden figures (test/browser/figures/goldenFigures.ts)
// in headless Chromium and writes test/browser/figures/golden/<name>.svg. Run it after a change
// that is meant to alter exported SVG, then review the diff (and the files in a browser) before committing.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'vite';
import { launchChromium } from './browser.mjs';

// T5LAB_GOLDEN_PORT: another port when several worktrees regenerate goldens at once.
const port = Number(process.env.T5LAB_GOLDEN_PORT ?? 5197);
const origin = `http://127.0.0.1:${port}`;
const outDir = new URL('../test/browser/figures/golden/', import.meta.url);
const server = await createServer({ server: { port, host: '127.0.0.1' }, appType: 'custom', logLevel: 'warn' });
await server.listen();
const context = await launchChromium();
let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => {
    failed = true;
    console.error('[pageerror]', e.message);
  });
  // An empty page on the Vite origin, so the golden module can be imported as the tests import it.
  await page.route(`${origin}/__golden`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><body></body>' }),
  );
  await page.goto(`${origin}/__golden`);
  const svgs = await page.evaluate(async () => ({
    ...(await (await import('/test/browser/figures/goldenFigures.ts')).renderGoldenSvgs()),
    // The experiment cells' figures (src/figures/experimentSeeds.ts and siblings).
    ...(await (await import('/test/browser/figures/experimentGoldenFigures.ts')).renderExperimentGoldenSvgs()),
  }));
  mkdirSync(outDir, { recursive: true });
  for (const [name, svg] of Object.entries(svgs)) {
    const file = new URL(`${name}.svg`, outDir);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    writeFileSync(file, svg);
    console.log(`${before === svg ? 'unchanged' : before === null ? 'created  ' : 'updated  '} ${file.pathname}`);
  }
} finally {
  await context.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
