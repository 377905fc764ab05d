import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { loadBundled } from '../../../src/data/bundledFiles.node.ts';
import { bundledTasks } from '../../../src/tasks/bundledTasks.ts';
import { BUNDLED_TRAININGS, bundledRecordFile, bundledTrainingDocuments } from '../../../src/tokenizers/bundledTrainings.ts';
import { tokenizerFromRecord } from '../../../src/tokenizers/trainedTokenizerCache.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';

const dir = new URL('../../../src/tokenizers/bundled/', import.meta.url);
const prefixOf = (name: string) => bundledTasks[name].prefix;

test('every shipped tokenizer is exactly what training on the same text gives today (else: node --import tsx scripts/build-bundled-tokenizers.ts)', async () => {
  const expected = new Set<string>();
  for (const training of BUNDLED_TRAININGS) {
    const { documents, key } = await bundledTrainingDocuments(training, loadBundled, prefixOf);
    const file = bundledRecordFile(key);
    expected.add(file);
    const record: unknown = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const shipped = tokenizerFromRecord(record, key, training.options).tokenizer;
    const fresh = trainUnigram([...documents], training.options).tokenizer;
    assert.deepEqual(shipped.toJSON(), fresh.toJSON(), `${file} (${training.purpose}) is stale`);
  }
  assert.deepEqual(
    new Set(readdirSync(dir).filter((f) => f.endsWith('.json'))),
    expected,
    'no record is shipped for a training not listed',
  );
});

test("the tour's tokenizer cell asks for the first shipped training: its corpus, tasks and options", () => {
  const doc = defaultNotebook();
  const cell = doc.cells.find((c) => c.kind === 'tokenizer')!;
  const corpusCell = doc.cells.find((c) => c.kind === 'dataset' && c.params.name === 'pretrain_factbook')!;
  const t = BUNDLED_TRAININGS[0];
  assert.ok(corpusCell, 'the tour publishes the factbook corpus');
  assert.equal(t.corpus, 'pretrain_factbook');
  assert.deepEqual(cell.params.trainOnTasks, t.tasks);
  assert.equal(cell.params.vocabSize, t.options.vocabSize);
  assert.equal(cell.params.extraIds ?? 100, t.options.numSentinels);
});
