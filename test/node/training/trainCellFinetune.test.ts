import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrainRunConfig, trainParams } from '../../../src/training/trainCellConfig.ts';
import { PRESETS } from '../../../src/model/presets.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { ValidationError } from '../../../src/validation/checks.ts';

describe("the train cell's fine-tuning option", () => {
  const inputs = {
    tokenizer: new ByteTokenizer(),
    modelConfig: { ...PRESETS['workbench-micro'], vocabSize: 384 },
    task: { name: 'sentiment' },
  };

  it('puts the chosen strategy into the run config in fine-tuning mode only', () => {
    const full = buildTrainRunConfig(trainParams({ mode: 'finetune' }), inputs);
    assert.equal(full.finetune, undefined);
    const adapters = buildTrainRunConfig(trainParams({ mode: 'finetune', finetune: 'adapters', adapterDim: 16 }), inputs);
    assert.deepEqual(adapters.finetune, { strategy: 'adapters', adapterDim: 16 });
    const gradual = buildTrainRunConfig(trainParams({ mode: 'finetune', finetune: 'gradual-unfreezing', unfreezeEvery: 7 }), inputs);
    assert.deepEqual(gradual.finetune, { strategy: 'gradual-unfreezing', unfreezeEvery: 7 });
    const pre = buildTrainRunConfig(trainParams({ mode: 'pretrain', finetune: 'adapters' }), {
      ...inputs,
      corpus: { name: 'pretrain_sotu' },
    });
    assert.equal(pre.finetune, undefined);
  });

  it('a bad adapter width or unfreezing interval names the form label', () => {
    for (const [raw, label] of [
      [{ finetune: 'adapters', adapterDim: 0 }, 'adapter d'],
      [{ finetune: 'gradual-unfreezing', unfreezeEvery: 1.5 }, 'unfreeze every'],
      [{ finetune: 'lora' }, 'fine-tuning'],
    ] as const) {
      assert.throws(
        () => buildTrainRunConfig(trainParams({ mode: 'finetune', ...raw }), inputs),
        (err: unknown) => err instanceof ValidationError && err.field === label && err.message.startsWith(`${label}: finetune.`),
      );
    }
  });
});
