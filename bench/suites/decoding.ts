/**
 * Greedy decoding of workbench-small (the generate cell's size) on every backend: the first call
 * of a page, a second identical call, then a longer decode and an input of another length.
 * On webgl and webgpu the rows also count the shader programs each call compiled, which is what
 * the first calls mostly spend their time on (see src/model/dynamicShapes.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { BenchRow, BenchSuite } from '../suite.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import { preset } from '../../src/model/presets.ts';

/** Shader programs the active backend has compiled (webgl, webgpu); null where it compiles none. */
export function compiledPrograms(): number | null {
  const b = tf.backend() as unknown as { binaryCache?: object; pipelineCache?: object };
  const cache = b.binaryCache ?? b.pipelineCache;
  return cache ? Object.keys(cache).length : null;
}

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
          const before = compiledPrograms();
          const t0 = performance.now();
          const result = await model.generate(ids, { maxSteps: call.steps });
          const ms = performance.now() - t0;
          const after = compiledPrograms();
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
    }
    return rows;
  },
};

export default decodingSuite;
