import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrainRunConfig, trainParams } from '../../../src/training/trainCellConfig.ts';
import { PRESETS } from '../../../src/model/presets.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { ValidationError } from '../../../src/validation/checks.ts';

describe('train cell errors name the form label', () => {
  const inputs = {
    tokenizer: new ByteTokenizer(),
    modelConfig: { ...PRESETS['workbench-micro'], vocabSize: 384 },
    corpus: { name: 'pretrain_sotu' },
  };
  const error = (raw: Record<string, unknown>) => {
    try {
      buildTrainRunConfig(trainParams(raw), inputs);
    } catch (err) {
      assert.ok(err instanceof ValidationError, String(err));
      return err;
    }
    throw new assert.AssertionError({ message: 'expected an error' });
  };

  it('a bad batch size, learning rate or input length starts with the label the user typed into', () => {
    let e = error({ batchSize: 0 });
    assert.equal(e.field, 'batch');
    assert.equal(e.message, 'batch: batch.size must be a positive integer (got 0)');
    e = error({ learningRate: -1 });
    assert.equal(e.field, 'learning rate');
    assert.match(e.message, /^learning rate: schedule\.value must be a positive number \(got -1\)/);
    e = error({ inputLength: 1 });
    assert.equal(e.field, 'input tokens');
    assert.doesNotMatch(e.message, /computeInputAndTargetLengths/);
    e = error({ schedule: 'warmup-cosine', warmupSteps: -3 });
    assert.equal(e.field, 'warm-up steps');
  });
});
