#!/usr/bin/env node
// npm run bench [-- --only matmul,training] [--browser-only|--node-only] [--backends wasm,cpu] [--write]
// Runs the benchmark suites in headless Chromium and in Node and prints one table;
// --write also records it in bench/RESULTS.md with the machine and the date.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { launchChromium, chromiumPath } from './browser.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    backends: { type: 'string' },
    write: { type: 'boolean' },
    'browser-only': { type: 'boolean' },
    'node-only': { type: 'boolean' },
  },
});

async function browserRows() {
  const server = await createServer({ server: { port: 5198, host: '127.0.0.1', hmr: false, watch: null }, logLevel: 'warn' });
  await server.listen();
  const context = await launchChromium();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) process.stderr.write(m.text() + '\n');
    });
    const q = new URLSearchParams();
    if (opts.only) q.set('only', opts.only);
    if (opts.backends) q.set('backends', opts.backends);
    await page.goto(`http://127.0.0.1:5198/bench/index.html?${q}`);
    await page.waitForFunction(() => window.__bench?.done === true, null, { timeout: 0, polling: 1000 });
    const state = await page.evaluate(() => window.__bench);
    if (state.error) throw new Error(`browser bench failed: ${state.error}`);
    return { rows: state.rows, env: state.env };
  } finally {
    await context.close();
    await server.close();
  }
}

function nodeRows() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/nodeRunner.ts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(opts.only ? { BENCH_ONLY: opts.only } : {}), ...(opts.backends ? { BENCH_BACKENDS: opts.backends } : {}) },
  });
  if (r.status !== 0) throw new Error('node bench failed');
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const fmt = (v) => (Number.isNaN(v) ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
function table(rows) {
  const head = '| suite | case | env | backend | value | unit | note |\n|---|---|---|---|---:|---|---|';
  return [
    head,
    ...rows.map((r) => `| ${r.suite} | ${r.case} | ${r.env} | ${r.backend} | ${fmt(r.value)} | ${r.unit} | ${r.note ?? ''} |`),
  ].join('\n');
}

const rows = [];
let env = {};
if (!opts['node-only']) {
  const b = await browserRows();
  rows.push(...b.rows);
  env = b.env;
}
if (!opts['browser-only']) rows.push(...nodeRows());
const t = table(rows);
console.log(t);

if (opts.write) {
  const chromiumVersion = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, no GPU; ${chromiumVersion}; Node ${process.version}; tfjs ${env.tfjs ?? ''}; cross-origin isolated: ${env.crossOriginIsolated}`;
  const adapters = Object.entries(env)
    .filter(([k]) => !['tfjs', 'crossOriginIsolated'].includes(k))
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  const section = `<!-- bench:${opts.only ?? 'all'}:start -->\n### ${opts.only ?? 'all suites'}, ${new Date().toISOString().slice(0, 10)}\n\nMachine: ${machine}.  \nBackends: ${adapters}.\n\n${t}\n<!-- bench:${opts.only ?? 'all'}:end -->`;
  const file = 'bench/RESULTS.md';
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench -- --write`; notes below each table are by hand.\n';
  const re = new RegExp(`<!-- bench:${opts.only ?? 'all'}:start -->[\\s\\S]*?<!-- bench:${opts.only ?? 'all'}:end -->`);
  text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
  console.log(`recorded in ${file}`);
}
