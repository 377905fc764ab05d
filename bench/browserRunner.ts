/**
 * Runs the browser suites inside the bench page and leaves the rows on `window.__bench`, where
 * scripts/bench.mjs collects them. `?only=a,b` limits the suites, `?backends=wasm,cpu` the backends.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_ORDER, type BackendName } from '../src/backend/backendChoice.ts';
import { browserEnvironment } from '../src/backend/browserBackends.ts';
import { probeBackend } from '../src/backend/probeAndActivate.ts';
import { browserSuites } from './browserSuites.ts';
import type { BenchContext, BenchRow } from './suite.ts';

declare global {
  interface Window {
    __bench?: { done: boolean; rows: BenchRow[]; error?: string; log: string[]; env: Record<string, unknown> };
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  const only = params.get('only')?.split(',');
  const wanted = (params.get('backends')?.split(',') as BackendName[] | undefined) ?? [...BACKEND_ORDER];
  const state: NonNullable<Window['__bench']> = { done: false, rows: [], log: [], env: {} };
  window.__bench = state;
  const log = (m: string) => {
    state.log.push(m);
    console.log(`[bench] ${m}`);
  };
  const backends: BackendName[] = [];
  for (const name of wanted) {
    const p = await probeBackend(name, browserEnvironment, true);
    if (p.usable) backends.push(name);
    else log(`skipping ${name}: ${p.reason}`);
    state.env[name] = p.detail ?? p.reason ?? '';
  }
  state.env.crossOriginIsolated = crossOriginIsolated;
  state.env.tfjs = tf.version.tfjs;
  const ctx: BenchContext = {
    env: 'browser',
    backends,
    async use(b) {
      await tf.setBackend(b);
      await tf.ready();
    },
    log,
  };
  for (const suite of browserSuites) {
    if (only && !only.includes(suite.name)) continue;
    log(`suite ${suite.name}`);
    state.rows.push(...(await suite.run(ctx)));
  }
  state.done = true;
}

main().catch((err) => {
  window.__bench = { ...(window.__bench ?? { rows: [], log: [], env: {} }), done: true, error: String(err?.stack ?? err) };
});
