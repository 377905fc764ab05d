/**
 * Where a training step's time goes: `tf.profile` of one steady-state step (after the same
 * warm-up as the training suite) of bench-nano, and of bench-tiny on wasm and webgpu, with the
 * kernels' own times summed by kernel name. One row per hot kernel (the ten largest), one for all
 * kernels together and one for the profiled step's wall time: what is not in a kernel is tfjs's
 * bookkeeping, the gradient tape and, on GPUs, waiting. Then the eight costliest matmul shapes with
 * their GFLOP/s, to see which products run below the backend's peak. `npm run bench -- --only profile`.
 *
 * On wasm the profiled step runs in the mode the thread policy last chose. Left adaptive, one step
 * of ~200 products could hold the policy's single-thread measuring window (128 products): that
 * profile showed bench-tiny's forward products at 50 GFLOP/s, the one-thread rate, where training
 * runs them at ~95 with the helper (bench/RESULTS.md, session 12).
 */
import * as tf from '@tensorflow/tfjs';
import type { BenchRow, BenchSuite } from '../suite.ts';
import { BENCH_BATCH_SHAPES, preset } from '../../src/model/presets.ts';
import { trainStepTimer, wasmThreadsNote } from './training.ts';
import { setWasmMatMulThreading, wasmMatMulStatus } from '../../src/backend/wasmKernels/registerWasmKernels.ts';

const WARMUP = 4;
const TOP = 10;
const TOP_MATMULS = 8;
/** On a backend where the first step takes longer than this, nothing more is profiled. */
const SLOW_STEP_MS = 20_000;

/** One kernel name's share of a profiled step. */
export interface KernelShare {
  name: string;
  ms: number;
  calls: number;
}

/** A kernel's time as tf.profile gives it: ms, or an error when the backend cannot time it. */
type KernelTime = number | { error: string } | Promise<number | { error: string }>;

/**
 * Sums a profile's kernel times by kernel name, largest first. A kernel whose time the backend
 * could not give (`{ error }`) counts as a call with no time. Entries that are not kernels
 * (`isKernel` false: tf.customGrad ops, which tfjs profiles as "unnamed scope" around the kernels
 * they run) go to `scopes`, since their time is already in their kernels'.
 */
export function kernelShares(
  kernels: ReadonlyArray<{ name: string; kernelTimeMs: KernelTime }>,
  isKernel: (name: string) => boolean = () => true,
): { kernels: KernelShare[]; scopes: KernelShare[] } {
  const byName = new Map<string, KernelShare>();
  for (const k of kernels) {
    const share = byName.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
    share.calls += 1;
    if (typeof k.kernelTimeMs === 'number') share.ms += k.kernelTimeMs;
    byName.set(k.name, share);
  }
  const all = [...byName.values()].sort((a, b) => b.ms - a.ms);
  return { kernels: all.filter((s) => isKernel(s.name)), scopes: all.filter((s) => !isKernel(s.name)) };
}

/** The time and rate of one matmul shape (a × b) in a profiled step. */
export interface MatMulShare {
  shapes: string;
  ms: number;
  calls: number;
  gflops: number;
}

type ProfiledKernel = {
  name: string;
  inputShapes: number[][];
  outputShapes: number[][];
  kernelTimeMs: KernelTime;
};

/**
 * BatchMatMul calls grouped by operand shapes, largest total time first, with their rate. The
 * output's last two dimensions are M and N; K is a's dimension that is not M (the profile has no
 * transpose flags, and when both of a's are M, K is M too).
 */
export function matmulShares(kernels: ReadonlyArray<ProfiledKernel>): MatMulShare[] {
  const byShape = new Map<string, { ms: number; calls: number; flop: number }>();
  for (const k of kernels) {
    if (!/MatMul$/.test(k.name) || typeof k.kernelTimeMs !== 'number') continue;
    const [a, b] = k.inputShapes;
    const out = k.outputShapes[0];
    if (!a || !b || !out || out.length < 2) continue;
    const M = out[out.length - 2];
    const N = out[out.length - 1];
    const K = a[a.length - 2] === M ? a[a.length - 1] : a[a.length - 2];
    const batch = out.slice(0, -2).reduce((x, y) => x * y, 1);
    const key = `[${a.join(',')}]×[${b.join(',')}]`;
    const share = byShape.get(key) ?? { ms: 0, calls: 0, flop: 0 };
    share.ms += k.kernelTimeMs;
    share.calls += 1;
    share.flop += 2 * batch * M * N * K;
    byShape.set(key, share);
  }
  return [...byShape.entries()]
    .map(([shapes, s]) => ({ shapes, ms: s.ms, calls: s.calls, gflops: s.ms > 0 ? s.flop / (s.ms * 1e6) : 0 }))
    .sort((x, y) => y.ms - x.ms);
}

export const profileSuite: BenchSuite = {
  name: 'profile',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const backend of ctx.backends) {
      await ctx.use(backend);
      const cases = backend === 'wasm' || backend === 'webgpu' ? (['bench-nano', 'bench-tiny'] as const) : (['bench-nano'] as const);
      for (const name of cases) {
        const timer = trainStepTimer(preset(name), BENCH_BATCH_SHAPES[name]);
        try {
          const first = await timer.step();
          if (first > SLOW_STEP_MS) {
            ctx.log(`profile ${name} on ${backend}: skipped, first step ${(first / 1000).toFixed(1)} s`);
            continue;
          }
          for (let i = 1; i < WARMUP; i++) await timer.step();
          let wall = 0;
          const choice = backend === 'wasm' ? (wasmMatMulStatus()?.threadChoice ?? null) : null;
          if (choice) setWasmMatMulThreading(choice === 'threads' ? 'always' : 'never');
          let info: Awaited<ReturnType<typeof tf.profile>>;
          try {
            info = await tf.profile(async () => {
              wall = await timer.step();
            });
          } finally {
            if (choice) setWasmMatMulThreading('adaptive');
          }
          const modeNote = choice
            ? `; matmul fixed to the thread policy's choice (${choice === 'threads' ? 'helpers' : 'one thread'}) for this step`
            : '';
          const { kernels: shares, scopes } = kernelShares(info.kernels, (n) => tf.getKernel(n, backend) !== undefined);
          const total = shares.reduce((a, s) => a + s.ms, 0);
          const row = (what: string, ms: number, note: string): BenchRow => ({
            suite: 'profile',
            case: `${name} step: ${what}`,
            backend,
            env: ctx.env,
            value: ms,
            unit: 'ms',
            note,
          });
          rows.push(
            row(
              'wall time (profiled)',
              wall,
              `one step after ${WARMUP} warm-up; profiling times each kernel on its own, so it runs a little slower than in the training suite${backend === 'wasm' ? wasmThreadsNote() : ''}${modeNote}`,
            ),
          );
          rows.push(row('all kernels', total, `${shares.reduce((a, k) => a + k.calls, 0)} kernel calls`));
          for (const s of shares.slice(0, TOP))
            rows.push(row(s.name, s.ms, `${s.calls} calls, ${((100 * s.ms) / total).toFixed(1)}% of kernel time`));
          for (const sc of scopes)
            rows.push(
              row(
                `custom-gradient op "${sc.name}"`,
                sc.ms,
                `${sc.calls} calls; its kernels' time, already counted above, plus tfjs's wrapping`,
              ),
            );
          for (const m of matmulShares(info.kernels).slice(0, TOP_MATMULS))
            rows.push(row(`matmul ${m.shapes}`, m.ms, `${m.calls} calls, ${m.gflops.toFixed(1)} GFLOP/s`));
          ctx.log(
            `profile ${name} on ${backend}: ${total.toFixed(0)} ms in kernels, ${shares
              .slice(0, 5)
              .map((s) => `${s.name} ${s.ms.toFixed(0)}`)
              .join(', ')}`,
          );
        } finally {
          timer.dispose();
        }
      }
    }
    return rows;
  },
};

export default profileSuite;
