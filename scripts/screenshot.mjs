#!/usr/bin/env node
// node scripts/screenshot.mjs [url-path] [out.png]: serves the app with Vite and screenshots it.
import { createServer } from 'vite';
import { launchChromium } from './browser.mjs';

const path = process.argv[2] ?? '/';
const out = process.argv[3] ?? 'docs/screenshot.png';
const server = await createServer({ server: { port: 5199, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
const context = await launchChromium();
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') console.error('[page]', m.text());
  });
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  await page.goto(`http://127.0.0.1:5199${path}`);
  await page.waitForSelector('t5lab-app >> [data-backend]:not([data-backend="pending"])', { timeout: 120000 });
  // Wait until no cell is still computing (frames live in nested shadow roots).
  await page
    .waitForFunction(
      () => {
        const frames = [];
        const walk = (root) =>
          root.querySelectorAll('*').forEach((el) => {
            if (el.tagName === 'T5-CELL-FRAME') frames.push(el);
            if (el.shadowRoot) walk(el.shadowRoot);
          });
        walk(document);
        return frames.length > 0 && frames.every((f) => f.getAttribute('status') !== 'running');
      },
      null,
      { timeout: 180000, polling: 500 },
    )
    .catch(() => console.error('some cells were still running'));
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
  await server.close();
}
