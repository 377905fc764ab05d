/**
 * Greedy decoding of workbench-small (the generate cell's size) on every backend: the first call
 * of a page, a second identical call, then a longer decode and an input of another length.
 * On webgl and webgpu the rows also count the shader programs each call compiled, which is what
 * the first calls mostly spend their time on (see src/model/dynamicShapes.ts), and on webgl a
 * training step with and without shape uniforms. Then the single-stack architectures (Table 2's
 * decoder-only and prefix LM, as a run's evaluation decodes them): re-running the stack over the
 * sequence each step (`useCache: false`) against the fixed-capacity cache, in one page.
 */
import * as tf from '@tensorflow/tfjs';
import { median, type BenchContext, type BenchRow, type BenchSuite } from '../suite.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import { preset } from '../../src/model/presets.ts';
import { compiledShaderPrograms } from '../../src/backend/shaderPrograms.ts';
import { trainStepTimer } from './training.ts';
import type { BackendName } from '../../src/backend/backendChoice.ts';

/** Input ids 5, 6, … ending with EOS (1), `length` in all. */
function inputOf(length: number): tf.Tensor2D {
  return tf.tensor2d([[...Array.from({ length: length - 1 }, (_, i) => 5 + i), 1]], undefined, 'int32');
}

const CALLS = [
  { label: 'first call', inputLength: 11, steps: 24 },
  { label: 'same call again', inputLength: 11, steps: 24 },
  { label: 'longer decode', inputLength: 11, steps: 48 },
  { label: 'input of another length', inputLength: 14, steps: 24 },
] as const;

/** A batch the size of an evaluation's: 4 inputs of 40 tokens, decoded for 24 steps. */
const SINGLE_STACK = { examples: 4, inputLength: 40, steps: 24 } as const;

/** The decoder-only and prefix-LM rows: each architecture decoded without and with the cache. */
async function singleStackRows(ctx: BenchContext, backend: BackendName): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const { examples, inputLength, steps } = SINGLE_STACK;
  for (const architecture of ['decoder-only', 'prefix-lm'] as const) {
    const model = T5Model.create({ ...preset('workbench-small'), architecture }, { seed: 3 });
    // Example e: ids 5 + e, 6 + e, … ending with EOS.
    const ids = tf.tensor2d(
      Array.from({ length: examples }, (_, e) => [...Array.from({ length: inputLength - 1 }, (_, i) => 5 + e + i), 1]),
      undefined,
      'int32',
    );
    try {
      // A first call compiles and warms up; the two measured calls follow it.
      await model.generate(ids, { maxSteps: 2 });
      for (const useCache of [false, true]) {
        const t0 = performance.now();
        const result = await model.generate(ids, { maxSteps: steps, useCache });
        const ms = performance.now() - t0;
        const tokens = result.sequences.reduce((n, s) => n + s.length, 0);
        const how = useCache ? 'cached (the default)' : 're-running the stack (useCache: false)';
        ctx.log(`${architecture} decoding on ${backend}, ${how}: ${ms.toFixed(0)} ms`);
        rows.push({
          suite: 'decoding',
          case: `workbench-small ${architecture} greedy, ${examples} inputs of ${inputLength}, ${steps} steps: ${how}`,
          backend,
          env: ctx.env,
          value: ms,
          unit: 'ms',
          note: `${tokens} tokens generated; after a 2-step warm-up call, the two in this order`,
        });
      }
    } finally {
      ids.dispose();
      model.dispose();
    }
  }
  return rows;
}

/**
 * Why training keeps tfjs-webgl's default: a fixed-shape training step with and without shape
 * uniforms (src/model/dynamicShapes.ts), workbench-micro, median of 6 after 2 warm-up steps.
 */
async function uniformTrainingRows(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const FLAG = 'WEBGL_USE_SHAPES_UNIFORMS';
  const saved = tf.env().getBool(FLAG);
  try {
    for (const uniforms of [false, true]) {
      tf.env().set(FLAG, uniforms);
      const timer = trainStepTimer(preset('workbench-micro'), { batch: 8, inputLength: 64, targetLength: 16 });
      try {
        for (let i = 0; i < 2; i++) await timer.step();
        const times: number[] = [];
        for (let i = 0; i < 6; i++) times.push(await timer.step());
        const ms = median(times);
        ctx.log(`webgl training step, shape uniforms ${uniforms ? 'on' : 'off'}: ${ms.toFixed(0)} ms`);
        rows.push({
          suite: 'decoding',
          case: `workbench-micro train step 8×(64+16), shape uniforms ${uniforms ? 'on' : 'off'}`,
          backend: 'webgl',
          env: ctx.env,
          value: ms,
          unit: 'ms',
          note: 'median of 6 after 2 warm-up; why training keeps the default (dynamicShapes.ts)',
        });
      } finally {
        timer.dispose();
      }
    }
  } finally {
    tf.env().set(FLAG, saved);
  }
  return rows;
}

export const decodingSuite: BenchSuite = {
  name: 'decoding',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const backend of ctx.backends) {
      await ctx.use(backend);
      const model = T5Model.create(preset('workbench-small'), { seed: 3 });
      try {
        for (const call of CALLS) {
          const ids = inputOf(call.inputLength);
          const before = compiledShaderPrograms();
          const t0 = performance.now();
          const result = await model.generate(ids, { maxSteps: call.steps });
          const ms = performance.now() - t0;
          const after = compiledShaderPrograms();
          ids.dispose();
          const tokens = result.sequences[0].length;
          const compiled = before === null || after === null ? '' : `, ${after - before} shader programs compiled`;
          ctx.log(`decoding on ${backend}, ${call.label}: ${ms.toFixed(0)} ms${compiled}`);
          rows.push({
            suite: 'decoding',
            case: `workbench-small greedy, ${call.label} (input ${call.inputLength}, ${call.steps} steps)`,
            backend,
            env: ctx.env,
            value: ms,
            unit: 'ms',
            note: `${tokens} tokens generated${compiled}; one call, in this order on a fresh model`,
          });
        }
      } finally {
        model.dispose();
      }
      if (backend === 'webgl') rows.push(...(await uniformTrainingRows(ctx)));
      rows.push(...(await singleStackRows(ctx, backend)));
    }
    return rows;
  },
};

export default decodingSuite;
