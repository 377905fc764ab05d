/** Runs the Node suites and prints their rows as one JSON line (read by scripts/bench.mjs). */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/backend/backendChoice.ts';
import { nodeEnvironment, nodeEnvironmentWithWebgpu } from '../src/backend/nodeBackends.ts';
import { probeBackend } from '../src/backend/probeAndActivate.ts';
import { nodeSuites } from './nodeSuites.ts';
import type { BenchContext, BenchRow } from './suite.ts';

const only = process.env.BENCH_ONLY?.split(',');
const wanted = process.env.BENCH_BACKENDS?.split(',');
const backends: BackendName[] = [];
// webgpu (Dawn) only when named in --backends: loading it costs time and prints Vulkan warnings.
const environment = wanted?.includes('webgpu') ? nodeEnvironmentWithWebgpu : nodeEnvironment;
for (const name of environment.available) {
  if (wanted && !wanted.includes(name)) continue;
  const probe = await probeBackend(name, environment, true);
  if (probe.usable) backends.push(name);
  else process.stderr.write(`[bench node] ${name} skipped: ${probe.reason}\n`);
}
const ctx: BenchContext = {
  env: 'node',
  backends,
  async use(b) {
    await tf.setBackend(b);
    await tf.ready();
  },
  log: (m) => process.stderr.write(`[bench node] ${m}\n`),
};
const rows: BenchRow[] = [];
for (const suite of nodeSuites) {
  if (only && !only.includes(suite.name)) continue;
  rows.push(...(await suite.run(ctx)));
}
process.stdout.write(JSON.stringify(rows) + '\n');
