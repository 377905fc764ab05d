// node --import tsx scripts/build-bundled-tokenizers.ts
// Trains every tokenizer of src/tokenizers/bundledTrainings.ts exactly as the tokenizer cell
// would (same documents, same options, the same deterministic trainer) and writes each as a
// trained-tokenizer cache record, src/tokenizers/bundled/<key>.json; old records are removed.
// Rerun it after changing the trainer, a bundled corpus or task, or a training's options
// (test/node/tokenizers/bundledTrainings.test.ts fails until then).
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadBundled } from '../src/data/bundledFiles.node.ts';
import { bundledTasks } from '../src/tasks/bundledTasks.ts';
import { BUNDLED_TRAININGS, bundledRecordFile, bundledTrainingDocuments } from '../src/tokenizers/bundledTrainings.ts';
import { trainedTokenizerRecord } from '../src/tokenizers/trainedTokenizerCache.ts';
import { trainUnigram } from '../src/tokenizers/unigramTrainer.ts';

const dir = new URL('../src/tokenizers/bundled/', import.meta.url);
const keep = new Set<string>();
for (const training of BUNDLED_TRAININGS) {
  const { documents, key } = await bundledTrainingDocuments(training, loadBundled, (name) => bundledTasks[name].prefix);
  const { tokenizer, stats } = trainUnigram([...documents], training.options);
  const file = bundledRecordFile(key);
  const tmp = new URL(`${file}.tmp`, dir);
  writeFileSync(tmp, JSON.stringify(trainedTokenizerRecord(key, tokenizer, stats)) + '\n');
  renameSync(tmp, new URL(file, dir)); // atomic: a stopped run never leaves half a record
  keep.add(file);
  console.log(`${file}: ${training.purpose}, ${documents.length} documents, trained in ${(stats.ms / 1000).toFixed(1)} s`);
}
for (const f of readdirSync(dir)) if (f.endsWith('.json') && !keep.has(f)) rmSync(new URL(f, dir));
