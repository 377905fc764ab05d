/**
 * Tokens/s of the full training step of src/training (what a run does per step): upload the
 * batch, forward + backward with dropout, global gradient norm, one async read of loss and norm
 * (NaN check), Adafactor update. Same models and batch shapes as the `training` suite (which
 * times the bare model step with SGD), so the two rows show the optimizer's and loop's cost.
 */
import { median, type BenchRow, type BenchSuite } from '../suite.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import { BENCH_BATCH_SHAPES, preset } from '../../src/model/presets.ts';
import { Adafactor } from '../../src/training/adafactor.ts';
import { Trainer, type StepTiming } from '../../src/training/trainer.ts';
import type { HostBatch } from '../../src/training/batching.ts';

const SLOW_STEP_MS = 20_000;
const WARMUP = 2;
const MEASURED = 5;

function hostBatch(vocab: number, rows: number, inputLength: number, targetLength: number): HostBatch {
  const ids = (n: number, offset: number) => Int32Array.from({ length: n }, (_, i) => 3 + ((i * 7919 + offset) % (vocab - 3)));
  const tokens = rows * (inputLength + targetLength);
  return {
    rows,
    inputLength,
    targetLength,
    inputIds: ids(rows * inputLength, 0),
    labels: ids(rows * targetLength, 17),
    examples: rows,
    tokens,
  };
}

export const trainerSuite: BenchSuite = {
  name: 'trainer',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const backend of ctx.backends) {
      await ctx.use(backend);
      let tooSlow = false;
      for (const name of ['bench-nano', 'bench-tiny'] as const) {
        if (tooSlow) {
          // bench-tiny does ~4× the work of bench-nano: no point waiting minutes for one step.
          ctx.log(`${name} trainer step not run on ${backend}: bench-nano was already too slow there`);
          continue;
        }
        const shape = BENCH_BATCH_SHAPES[name];
        const config = preset(name);
        const model = T5Model.create(config, { seed: 1 });
        const optimizer = new Adafactor();
        const trainer = new Trainer(model, optimizer, {
          schedule: { kind: 'inverse-sqrt', warmupSteps: 10_000 },
          clipGradientNorm: null,
          zLoss: 0,
          seed: 1,
        });
        const batch = hostBatch(config.vocabSize, shape.batch, shape.inputLength, shape.targetLength);
        const splits: StepTiming[] = [];
        const step = async () => {
          const t0 = performance.now();
          const { timing } = await trainer.trainStep(batch);
          splits.push(timing);
          return performance.now() - t0;
        };
        const caseName = `${name} trainer step (Adafactor)`;
        try {
          const first = await step();
          if (backend !== 'wasm' && first > SLOW_STEP_MS) {
            tooSlow = true;
            rows.push({
              suite: 'trainer',
              case: caseName,
              backend,
              env: ctx.env,
              value: batch.tokens / (first / 1000),
              unit: 'tokens/s',
              note: `skipped: first step took ${(first / 1000).toFixed(1)} s (> 20 s); value is that single step`,
            });
            continue;
          }
          for (let i = 1; i < WARMUP; i++) await step();
          splits.length = 0;
          const times: number[] = [];
          for (let i = 0; i < MEASURED; i++) times.push(await step());
          const ms = median(times);
          const split = (k: keyof StepTiming) => median(splits.map((t) => t[k])).toFixed(0);
          const splitNote = `forward ${split('forwardMs')} / backward ${split('backwardMs')} / optimizer ${split('optimizerMs')} ms (medians)`;
          ctx.log(`${caseName} on ${backend}: ${ms.toFixed(0)} ms/step; ${splitNote}`);
          rows.push({
            suite: 'trainer',
            case: caseName,
            backend,
            env: ctx.env,
            value: batch.tokens / (ms / 1000),
            unit: 'tokens/s',
            note: `batch ${shape.batch}×(${shape.inputLength}+${shape.targetLength}), Adafactor (factored, parameter scale), dropout ${config.dropoutRate}, median of ${MEASURED} after ${WARMUP} warm-up, ${ms.toFixed(0)} ms/step; ${splitNote}`,
          });
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
    }
    return rows;
  },
};

export default trainerSuite;
