import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultNotebook } from '../../../cells/shell/default-notebook.ts';
import { loadBundled } from '../../../src/data/bundledFiles.node.ts';
import { bundledTasks } from '../../../src/tasks/bundledTasks.ts';
import { TASK_TEXT_EXAMPLES, withTaskText, type TaskTextSource } from '../../../src/tokenizers/taskTrainingText.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';

describe("the tour's tokenizer", () => {
  it('keeps every bundled task prefix in whole pieces: no word split, no byte fallback for ":"', async () => {
    const doc = defaultNotebook();
    const cell = doc.cells.find((c) => c.kind === 'tokenizer')!;
    const corpusCell = doc.cells.find((c) => c.kind === 'dataset' && c.params.name === 'pretrain_factbook')!;
    assert.ok(corpusCell, 'the tour trains its tokenizer on the factbook corpus');
    const names = cell.params.trainOnTasks as string[];
    assert.deepEqual([...names].sort(), Object.keys(bundledTasks).sort(), 'the tour trains on every bundled task');
    const corpus = await loadBundled('pretrain_factbook');
    assert.equal(corpus.kind, 'corpus');
    const tasks: TaskTextSource[] = [];
    for (const name of names) {
      const ds = await loadBundled(name);
      assert.equal(ds.kind, 'task');
      tasks.push({ name, prefix: bundledTasks[name].prefix, examples: ds.kind === 'task' ? ds.examples : [] });
    }
    const documents = withTaskText(corpus.kind === 'corpus' ? corpus.documents : [], tasks);
    assert.equal(documents.length, (corpus.kind === 'corpus' ? corpus.documents.length : 0) + 2 * TASK_TEXT_EXAMPLES * tasks.length);
    assert.equal(
      withTaskText(corpus.kind === 'corpus' ? corpus.documents : [], tasks),
      documents,
      'the same text object, so trainings are shared',
    );
    const { tokenizer } = trainUnigram(documents, { vocabSize: cell.params.vocabSize as number });
    for (const name of names) {
      const prefix = bundledTasks[name].prefix.trimEnd();
      const pieces = tokenizer.pieces(tokenizer.encode(prefix));
      const words = prefix.split(' ');
      assert.equal(pieces.length, words.length, `"${prefix}" → ${JSON.stringify(pieces)}: one piece per word`);
      pieces.forEach((p, i) => assert.equal(p, `▁${words[i]}`, `"${prefix}" → ${JSON.stringify(pieces)}`));
    }
    for (const word of ['translate', 'English', 'German', 'sentiment']) {
      assert.deepEqual(tokenizer.pieces(tokenizer.encode(word)), [`▁${word}`], word);
    }
    const colon = tokenizer.pieces(tokenizer.encode('a: b'));
    assert.ok(
      colon.every((p) => !/^<0x/.test(p)),
      `":" is a piece, not a byte: ${JSON.stringify(colon)}`,
    );
  });
});
