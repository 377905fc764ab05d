/**
 * The GPU benchmark rows (issue 15), run in Node on Dawn (the `webgpu` package): matmul GFLOP/s
 * at 1024³ and 4096³, training steps of bench-nano, bench-tiny and a t5-small-shaped batch, and one
 * Adafactor update of each model's weights,
 * each with tfjs-backend-webgpu's stock kernels and with t5lab's (src/backend/webgpuKernels).
 * Prints a Markdown table and, with `--results FILE`, appends it to FILE as a dated section
 * (written atomically). Bundled into one file by bench/gpu/prepare-kit.sh; see README.md.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadNodeWebgpu } from '../../src/backend/nodeWebgpu.ts';
import { registerWebgpuKernels, unregisterWebgpuKernels } from '../../src/backend/webgpuKernels/registerWebgpuKernels.ts';
import { BENCH_BATCH_SHAPES, preset, type BatchShape } from '../../src/model/presets.ts';
import { flopsPerToken } from '../../src/model/parameterCount.ts';
import type { T5Config } from '../../src/model/config.ts';
import { median } from '../suite.ts';
import { adafactorUpdateMs, matmulGflops } from '../suites/kernels.ts';
import { trainStepTimer } from '../suites/training.ts';

const { values: opts } = parseArgs({
  options: { results: { type: 'string' }, quick: { type: 'boolean' }, machine: { type: 'string' } },
});

interface Row {
  case: string;
  kernels: 'stock' | 't5lab';
  value: number;
  unit: string;
  note: string;
}

const log = (m: string) => process.stderr.write(`[gpu bench] ${m}\n`);

const probe = await loadNodeWebgpu();
if (probe.usable === false) {
  log(probe.reason ?? 'no WebGPU adapter');
  process.exit(2);
}
tf.env().set('PROD', true);
if (!(await tf.setBackend('webgpu'))) {
  log('tfjs could not create its webgpu backend on this adapter');
  process.exit(2);
}
await tf.ready();
log(`adapter: ${probe.detail}${probe.software ? ' (software!)' : ''}`);

const TRAIN_CASES: Array<{ name: string; config: T5Config; shape: BatchShape }> = [
  { name: 'bench-nano', config: preset('bench-nano'), shape: BENCH_BATCH_SHAPES['bench-nano'] },
  { name: 'bench-tiny', config: preset('bench-tiny'), shape: BENCH_BATCH_SHAPES['bench-tiny'] },
  // The paper's pre-training shape (512 input, 114 target tokens) at batch 16 on t5-small.
  { name: 't5-small (16×(512+114))', config: preset('t5-small'), shape: { batch: 16, inputLength: 512, targetLength: 114 } },
];

async function measure(kernels: 'stock' | 't5lab'): Promise<Row[]> {
  if (kernels === 'stock') unregisterWebgpuKernels();
  else registerWebgpuKernels();
  const rows: Row[] = [];
  for (const n of [1024, 4096]) {
    for (const [ta, tb, label] of [
      [false, false, 'A·B'],
      [true, false, 'Aᵀ·B'],
      [false, true, 'A·Bᵀ'],
    ] as const) {
      if (opts.quick && (n > 1024 || ta || tb)) continue;
      const reps = n >= 4096 ? 5 : 10;
      const { gflops, ms } = await matmulGflops(n, ta, tb, reps);
      log(`${kernels} matmul ${label} ${n}³: ${ms.toFixed(2)} ms`);
      rows.push({
        case: `matmul ${label} ${n}³`,
        kernels,
        value: gflops,
        unit: 'GFLOP/s',
        note: `median of ${reps}, ${ms.toFixed(2)} ms (includes the read-back)`,
      });
    }
  }
  for (const c of TRAIN_CASES) {
    if (opts.quick && c.name !== 'bench-nano') continue;
    const timer = trainStepTimer(c.config, c.shape);
    try {
      for (let i = 0; i < 3; i++) await timer.step();
      const times: number[] = [];
      for (let i = 0; i < 10; i++) times.push(await timer.step());
      const ms = median(times);
      const flops = 3 * flopsPerToken(c.config, c.shape).forwardPerSequence * c.shape.batch;
      log(`${kernels} ${c.name}: ${ms.toFixed(1)} ms/step`);
      rows.push({
        case: `${c.name} train step`,
        kernels,
        value: timer.tokens / (ms / 1000),
        unit: 'tokens/s',
        note: `SGD, dropout ${c.config.dropoutRate}, median of 10 after 3 warm-up, ${ms.toFixed(1)} ms/step, ${(flops / (ms / 1000) / 1e9).toFixed(0)} GFLOP/s achieved`,
      });
    } catch (err) {
      rows.push({ case: `${c.name} train step`, kernels, value: NaN, unit: 'tokens/s', note: `failed: ${(err as Error).message}` });
    } finally {
      timer.dispose();
    }
  }
  // One Adafactor update of every weight (what ends each step of a real run; the rows above use
  // SGD): ~22 tfjs ops per weight with stock kernels, 5–7 dispatches with t5lab's.
  for (const model of opts.quick ? ['bench-nano'] : ['bench-nano', 'bench-tiny', 't5-small']) {
    try {
      const { ms, params } = await adafactorUpdateMs(model, true, 10);
      log(`${kernels} Adafactor update of ${model}: ${ms.toFixed(1)} ms`);
      rows.push({
        case: `Adafactor update of ${model}'s weights`,
        kernels,
        value: ms,
        unit: 'ms',
        note: `${(params / 1e6).toFixed(1)} M parameters, T5 defaults, median of 10 after 3`,
      });
    } catch (err) {
      rows.push({
        case: `Adafactor update of ${model}'s weights`,
        kernels,
        value: NaN,
        unit: 'ms',
        note: `failed: ${(err as Error).message}`,
      });
    }
  }
  return rows;
}

const rows = [...(await measure('stock')), ...(await measure('t5lab'))];
registerWebgpuKernels();

const fmt = (v: number) => (!Number.isFinite(v) ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const byCase = [...new Set(rows.map((r) => r.case))];
const lines = [
  '| case | stock tfjs-webgpu | t5lab kernels | unit | t5lab / stock | note (t5lab) |',
  '|---|---:|---:|---|---:|---|',
  ...byCase.map((c) => {
    const s = rows.find((r) => r.case === c && r.kernels === 'stock');
    const t = rows.find((r) => r.case === c && r.kernels === 't5lab');
    const ratio = s && t && Number.isFinite(s.value) && Number.isFinite(t.value) ? `${(t.value / s.value).toFixed(2)}×` : '—';
    return `| ${c} | ${fmt(s?.value ?? NaN)} | ${fmt(t?.value ?? NaN)} | ${t?.unit ?? s?.unit} | ${ratio} | ${t?.note ?? ''} |`;
  }),
];
const machine = opts.machine ?? `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;
const section = [
  `### GPU (Node + Dawn), ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${machine}; adapter: ${probe.detail}; Node ${process.version}; tfjs ${tf.version.tfjs}; written by bench/gpu/run.sh.`,
  '',
  ...lines,
].join('\n');
process.stdout.write(section + '\n');
if (opts.results) {
  const file = opts.results;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const tmp = `${file}.tmp.${process.pid}`;
  writeFileSync(tmp, `${before.trimEnd()}\n\n${section}\n`);
  renameSync(tmp, file);
  log(`appended to ${file}`);
}
