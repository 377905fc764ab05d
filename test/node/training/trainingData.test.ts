import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prepareData, targetTruncationWarning } from '../../../src/training/trainingData.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { loadBundled } from '../../../src/data/bundledFiles.node.ts';

describe('training data warnings', () => {
  it('names the target length as the user sets it (train cell field, CLI flag), not batch.targetLength', () => {
    const w = targetTruncationWarning('define', 3, 10, 8, 21);
    assert.doesNotMatch(w, /batch\.targetLength/);
    assert.match(w, /"target tokens" in the train cell/);
    assert.match(w, /--target-length/);
    assert.match(w, /3 of 10 targets of task "define".*at least 21/);
  });

  it("warns when a real task's targets are cut by a short target length, in those words", async () => {
    const config = validateRunConfig({
      data: { kind: 'tasks', tasks: ['translate_en_de'] },
      batch: { size: 2, inputLength: 64, targetLength: 4 },
      steps: 1,
      evalExamples: 4,
    });
    const data = await prepareData(config, new ByteTokenizer(), loadBundled);
    assert.ok(data.truncated.targets > 0);
    assert.equal(data.warnings.length, 1);
    assert.doesNotMatch(data.warnings[0], /batch\.targetLength/);
    assert.match(data.warnings[0], /raise the target length \("target tokens" in the train cell, --target-length in the CLI\)/);
  });
});
