/**
 * Tokens/s of one T5 training step (forward + backward + SGD update) for the bench-nano and
 * bench-tiny presets on every backend; tokens = batch·(input + target). Median of several
 * steps after warm-up steps (kernel compilation, bias caches).
 */
import * as tf from '@tensorflow/tfjs';
import { median, type BenchRow, type BenchSuite } from '../suite.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import { BENCH_BATCH_SHAPES, preset, type BatchShape } from '../../src/model/presets.ts';
import type { T5Config } from '../../src/model/config.ts';
import { setWasmMatMulThreading, wasmMatMulStatus } from '../../src/backend/wasmKernels/registerWasmKernels.ts';

/** How the wasm matmul ran: helper threads and what measuring chose (see threadPolicy.ts). */
export function wasmThreadsNote(): string {
  const s = wasmMatMulStatus();
  if (!s) return '';
  if (s.helperThreads === 0) return ', matmul on 1 thread';
  const d = s.threadDecisions;
  return `, matmul helper threads: ${s.helpersReady}/${s.helperThreads} ready; measuring chose helpers ${d.threads}×, one thread ${d.single}×`;
}

/** On cpu/webgl/webgpu, a first (warm-up) step slower than this skips the rest of that case. */
const SLOW_STEP_MS = 20_000;
// Steps 2-3 are still 10-20% slower (V8 tiering, the thread policy's first measurements), and a
// training run is hundreds of steps: the rows report the steady state.
const WARMUP = 4;
// Ten, so that one step holding the thread policy's single-thread measuring window (about 1 in 20
// once its choice holds, threadPolicy.ts) does not set the median.
const MEASURED = 10;

function batchOf(vocab: number, rows: number, length: number, offset: number): tf.Tensor2D {
  // Deterministic non-pad ids (≥ 3), no randomness needed for timing.
  const values = Array.from({ length: rows * length }, (_, i) => 3 + ((i * 7919 + offset) % (vocab - 3)));
  return tf.tensor2d(values, [rows, length], 'int32');
}

/**
 * A timer for one training step (forward + backward + SGD update, loss read back) of a fresh
 * model of `config` on a fixed batch of `shape`; `dispose` frees everything it made. Shared with
 * bench/gpu (the GPU rows).
 */
export function trainStepTimer(config: T5Config, shape: BatchShape): { step: () => Promise<number>; tokens: number; dispose: () => void } {
  const model = T5Model.create(config, { seed: 1 });
  const inputIds = batchOf(config.vocabSize, shape.batch, shape.inputLength, 0);
  const labels = batchOf(config.vocabSize, shape.batch, shape.targetLength, 17);
  const optimizer = tf.train.sgd(1e-3);
  return {
    tokens: shape.batch * (shape.inputLength + shape.targetLength),
    async step() {
      const t0 = performance.now();
      const loss = optimizer.minimize(() => model.loss({ inputIds, labels, training: true }), true)!;
      await loss.data();
      loss.dispose();
      return performance.now() - t0;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([inputIds, labels]);
      model.dispose();
    },
  };
}

export const trainingSuite: BenchSuite = {
  name: 'training',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const backend of ctx.backends) {
      await ctx.use(backend);
      for (const name of ['bench-nano', 'bench-tiny'] as const) {
        const shape = BENCH_BATCH_SHAPES[name];
        const config = preset(name);
        const { step, tokens, dispose } = trainStepTimer(config, shape);
        try {
          const first = await step();
          if (backend !== 'wasm' && first > SLOW_STEP_MS) {
            rows.push({
              suite: 'training',
              case: `${name} train step`,
              backend,
              env: ctx.env,
              value: tokens / (first / 1000),
              unit: 'tokens/s',
              note: `skipped: first step took ${(first / 1000).toFixed(1)} s (> 20 s); value is that single step`,
            });
            continue;
          }
          for (let i = 1; i < WARMUP; i++) await step();
          const times: number[] = [];
          for (let i = 0; i < MEASURED; i++) times.push(await step());
          const ms = median(times);
          ctx.log(`${name} on ${backend}: ${ms.toFixed(0)} ms/step [${first.toFixed(0)}; ${times.map((t) => t.toFixed(0)).join(', ')}]`);
          rows.push({
            suite: 'training',
            case: `${name} train step`,
            backend,
            env: ctx.env,
            value: tokens / (ms / 1000),
            unit: 'tokens/s',
            note: `batch ${shape.batch}×(${shape.inputLength}+${shape.targetLength}), SGD, dropout ${config.dropoutRate}, median of ${MEASURED} after ${WARMUP} warm-up, ${ms.toFixed(0)} ms/step${backend === 'wasm' ? wasmThreadsNote() : ''}`,
          });
        } finally {
          dispose();
        }
      }
      // What the matmul helper threads bring, in the same run: bench-nano with them off.
      if (backend === 'wasm' && (wasmMatMulStatus()?.helperThreads ?? 0) > 0) {
        const shape = BENCH_BATCH_SHAPES['bench-nano'];
        const config = preset('bench-nano');
        const { step, tokens, dispose } = trainStepTimer(config, shape);
        setWasmMatMulThreading('never');
        try {
          for (let i = 0; i < WARMUP; i++) await step();
          const times: number[] = [];
          for (let i = 0; i < MEASURED; i++) times.push(await step());
          const ms = median(times);
          rows.push({
            suite: 'training',
            case: 'bench-nano train step, matmul on one thread',
            backend,
            env: ctx.env,
            value: tokens / (ms / 1000),
            unit: 'tokens/s',
            note: `as bench-nano train step with the matmul helper threads off (setWasmMatMulThreading('never')), ${ms.toFixed(0)} ms/step`,
          });
        } finally {
          setWasmMatMulThreading('adaptive');
          dispose();
        }
      }
    }
    return rows;
  },
};

export default trainingSuite;
