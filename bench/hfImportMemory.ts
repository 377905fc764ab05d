/**
 * How long reading a t5-small-sized HF folder takes and how much memory it needs (Node, tfjs cpu):
 *   node --expose-gc --import tsx bench/hfImportMemory.ts
 * Builds t5-small (60.5 M parameters) from seed 1, exports it (F32 and F16), then times
 * readHfFolder (parse + decode) and modelFromHfTensors (tf tensors), printing heap + external
 * memory after each step. Then times parseHfFiles (hfParse.ts: what the browser's parsing worker
 * does — decode, check, transpose into owned float32 buffers), which runs inline here.
 */
import * as tf from '@tensorflow/tfjs';
import { T5Model } from '../src/model/t5Model.ts';
import { preset } from '../src/model/presets.ts';
import { exportHfFolder } from '../src/checkpoint/hfExport.ts';
import { readHfFolder } from '../src/checkpoint/hfFolder.ts';
import { modelFromHfTensors } from '../src/checkpoint/hfCheckpoint.ts';
import { parseHfFiles } from '../src/checkpoint/hfParse.ts';

const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
const mem = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return `rss ${mib(m.rss)}, arrayBuffers ${mib(m.arrayBuffers)}`;
};
await tf.setBackend('cpu');
const source = T5Model.create(preset('t5-small'), { seed: 1 });
for (const dtype of ['F32', 'F16'] as const) {
  const files = new Map(
    [...(await exportHfFolder(source, { dtype }))].map(([n, v]) => [n, typeof v === 'string' ? new TextEncoder().encode(v) : v]),
  );
  console.log(`${dtype}: model.safetensors ${mib(files.get('model.safetensors')!.length)}; before: ${mem()}`);
  let t = performance.now();
  const reading = readHfFolder(files);
  console.log(`  readHfFolder ${(performance.now() - t).toFixed(0)} ms; ${mem()}`);
  t = performance.now();
  const model = modelFromHfTensors(reading.config, reading.tensors, { headSharesEmbedding: reading.headSharesEmbedding });
  console.log(`  modelFromHfTensors ${(performance.now() - t).toFixed(0)} ms; params ${reading.summary.params}; ${mem()}`);
  model.dispose();
  t = performance.now();
  const parsed = await parseHfFiles(
    [...files].map(([name, data]) => ({ name, data })),
    { weights: true },
  );
  console.log(`  parseHfFiles (the worker's work) ${(performance.now() - t).toFixed(0)} ms; ${parsed.weights!.size} weights; ${mem()}`);
}
source.dispose();
