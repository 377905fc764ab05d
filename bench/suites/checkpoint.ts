import { median, type BenchRow, type BenchSuite } from '../suite.ts';
import { exportHfCheckpoint, importHfCheckpoint } from '../../src/checkpoint/hfCheckpoint.ts';
import { T5Model } from '../../src/model/t5Model.ts';
import { preset } from '../../src/model/presets.ts';
import { parameterCount } from '../../src/model/parameterCount.ts';

/**
 * HF checkpoint export (read weights, transpose to torch layout, write safetensors) and import
 * (parse, transpose back, upload) of the bench-tiny model (≈ 38 MB of float32), per backend.
 * Disk I/O is not included: these are the in-memory conversions the app and the CLI share.
 */
const MODEL = 'bench-tiny';
const RUNS = 3;

export const checkpointSuite: BenchSuite = {
  name: 'checkpoint',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const config = preset(MODEL);
    const mb = (parameterCount(config) * 4) / 1e6;
    for (const backend of ctx.backends.filter((b) => b === 'cpu' || b === 'wasm')) {
      await ctx.use(backend);
      const model = T5Model.create(config, { seed: 1 });
      const exportMs: number[] = [];
      const importMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let t0 = performance.now();
        const ckpt = await exportHfCheckpoint(model);
        exportMs.push(performance.now() - t0);
        t0 = performance.now();
        const back = importHfCheckpoint(ckpt.configJson, ckpt.safetensors);
        importMs.push(performance.now() - t0);
        back.dispose();
      }
      model.dispose();
      const note = `${MODEL}, ${mb.toFixed(1)} MB float32, median of ${RUNS}`;
      ctx.log(`${backend}: export ${median(exportMs).toFixed(0)} ms, import ${median(importMs).toFixed(0)} ms`);
      rows.push({
        suite: 'checkpoint',
        case: `export ${MODEL} to HF safetensors`,
        backend,
        env: ctx.env,
        value: mb / (median(exportMs) / 1000),
        unit: 'MB/s',
        note,
      });
      rows.push({
        suite: 'checkpoint',
        case: `import ${MODEL} from HF safetensors`,
        backend,
        env: ctx.env,
        value: mb / (median(importMs) / 1000),
        unit: 'MB/s',
        note,
      });
    }
    return rows;
  },
};
