/**
 * PyTorch's CPU time for the same training step as the `training` suite: bench-nano and
 * bench-tiny built in plain torch (bench/pytorch/t5_train_step.py), the same batch, dropout and
 * SGD. Two thread settings per model, because with Debian's torch (generic BLAS interface, backed
 * by OpenBLAS when libopenblas0-pthread is installed) torch's own 2 OpenMP threads plus
 * OpenBLAS's 2 threads oversubscribe the 2 cores: "torch 2 threads" is the default a user gets,
 * "OpenBLAS 2 threads, torch 1" was the fastest setting measured here. Its name is `training` too, so `npm run bench -- --only training` puts the
 * t5lab rows and these side by side in one run (the ratio is taken within one run,
 * because a shared machine's load changes between runs). Skipped, with a row saying why, when
 * `python3` or torch is missing (`apt-get install python3-torch`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSuite } from '../suite.ts';
import { BENCH_BATCH_SHAPES, preset } from '../../src/model/presets.ts';

const SCRIPT = fileURLToPath(new URL('../pytorch/t5_train_step.py', import.meta.url));
const WARMUP = 2;
const THREAD_SETTINGS = [
  { label: 'torch 2 threads', torchThreads: 2, env: {} },
  { label: 'OpenBLAS 2 threads, torch 1', torchThreads: 1, env: { OPENBLAS_NUM_THREADS: '2' } },
] as const;
const MEASURED = 5;

/**
 * The first Python that imports torch: `$T5LAB_PYTHON`, then `python3` on the PATH, then
 * Debian's `/usr/bin/python3` (where `apt-get install python3-torch` puts it, even when a
 * pyenv or venv python3 comes first on the PATH). Otherwise why not, in a row's words.
 */
function findTorchPython(): { python: string } | { missing: string } {
  const candidates = [process.env.T5LAB_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  let anyPython = false;
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.error) continue;
    anyPython = true;
    if (r.status === 0) return { python };
  }
  return { missing: anyPython ? 'torch not installed (apt-get install python3-torch)' : 'python3 not found' };
}

export const pytorchTrainingSuite: BenchSuite = {
  name: 'training',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const found = findTorchPython();
    for (const name of ['bench-nano', 'bench-tiny'] as const) {
      const base = { suite: 'training', case: `${name} train step`, backend: 'pytorch', env: 'python' } as const;
      if ('missing' in found) {
        rows.push({ ...base, value: Number.NaN, unit: 'tokens/s', note: `skipped: ${found.missing}` });
        continue;
      }
      const c = preset(name);
      const shape = BENCH_BATCH_SHAPES[name];
      for (const setting of THREAD_SETTINGS) {
        const config = {
          d_model: c.dModel,
          d_ff: c.dFf,
          num_heads: c.numHeads,
          d_kv: c.dKv,
          num_layers: c.numLayers,
          vocab_size: c.vocabSize,
          dropout: c.dropoutRate,
          batch: shape.batch,
          input_length: shape.inputLength,
          target_length: shape.targetLength,
          warmup: WARMUP,
          measured: MEASURED,
          threads: setting.torchThreads,
        };
        const r = spawnSync(found.python, [SCRIPT, JSON.stringify(config)], {
          encoding: 'utf8',
          env: { ...process.env, ...setting.env },
        });
        if (r.status !== 0) throw new Error(`bench/pytorch/t5_train_step.py failed for ${name}: ${r.stderr}`);
        const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { median_ms: number; tokens: number; torch: string };
        ctx.log(`${name} on PyTorch ${out.torch} (${setting.label}): ${out.median_ms.toFixed(0)} ms/step`);
        rows.push({
          ...base,
          value: out.tokens / (out.median_ms / 1000),
          unit: 'tokens/s',
          note: `PyTorch ${out.torch} CPU, ${setting.label}, batch ${shape.batch}×(${shape.inputLength}+${shape.targetLength}), SGD, dropout ${c.dropoutRate}, median of ${MEASURED} after ${WARMUP} warm-up, ${out.median_ms.toFixed(0)} ms/step`,
        });
      }
    }
    return rows;
  },
};

export default pytorchTrainingSuite;
