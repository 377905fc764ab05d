import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sentinelShortage, sentinelsNeeded, RUN_CONFIG_FIELDS } from '../../../src/objectives/sentinels.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { checkSentinels, prepareData, resolveTokenizer } from '../../../src/training/trainingData.ts';
import { buildTrainRunConfig, trainParams } from '../../../src/training/trainCellConfig.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { PRESETS } from '../../../src/model/presets.ts';
import type { Dataset } from '../../../src/data/parseDataset.ts';

const corpus: Dataset = {
  kind: 'corpus',
  name: 'c',
  documents: Array.from({ length: 60 }, (_, i) => `document ${i} ${'lorem ipsum dolor sit amet '.repeat(20)}`),
};
const load = async () => corpus;

describe('sentinels an objective needs', () => {
  it("are span corruption's span count (spec §B.4: 512 at 0.15 → 28; 512 at 0.5 → 128) and 0 for mask-only objectives", () => {
    assert.equal(sentinelsNeeded('span_corruption', 512, 0.15, 3), 28);
    assert.equal(sentinelsNeeded('span_corruption', 512, 0.5, 3), 128);
    assert.equal(sentinelsNeeded('bert', 512, 0.5), 0);
    assert.equal(sentinelsNeeded('mass', 512), 0);
    assert.ok(sentinelsNeeded('iid_replace_spans', 512, 0.15) <= 100, "the paper's i.i.d. setting fits T5's 100 extra ids");
    assert.ok(sentinelsNeeded('iid_replace_spans', 512, 0.5) > 128);
  });

  it('give a message naming the fields to change when the tokenizer has too few', () => {
    const m = sentinelShortage('span_corruption', 512, 0.5, 3, 100, {
      inputsLength: "'input tokens'",
      density: "'corruption rate'",
      meanSpan: "'mean span'",
      extraIds: "'extra ids'",
    });
    assert.equal(
      m,
      "'input tokens' 512 at 'corruption rate' 0.5 and 'mean span' 3 needs 128 sentinels for span_corruption; the tokenizer has 100: lower 'corruption rate' or 'input tokens', raise 'mean span', or raise 'extra ids'",
    );
    assert.equal(sentinelShortage('span_corruption', 512, 0.15, 3, 100, RUN_CONFIG_FIELDS), undefined);
  });

  it('the train cell refuses a tokenizer that is too small, naming its fields, instead of failing inside the tokenizer', () => {
    const tokenizer = new ByteTokenizer({ vocabSize: 300 }); // 41 sentinels
    const modelConfig = { ...PRESETS['workbench-micro'], vocabSize: 384 };
    assert.throws(
      () =>
        buildTrainRunConfig(trainParams({ inputLength: 256, density: 0.5 }), { tokenizer, modelConfig, corpus: { name: 'pretrain_sotu' } }),
      /^RangeError: 'input tokens' 256 at 'corruption rate' 0\.5 and 'mean span' 3 needs 64 sentinels for span_corruption; the tokenizer has 41: .*'extra ids' in the tokenizer cell/,
    );
  });

  it('grow with the objective for a tokenizer the run builds: 200 sentinels train, up to <extra_id_199>', async () => {
    const config = validateRunConfig({
      data: { kind: 'pretrain', corpus: 'c', objective: 'span_corruption', density: 0.5 },
      tokenizer: { kind: 'byte' },
      batch: { size: 2, inputLength: 800, targetLength: 800 },
    });
    const needed = sentinelsNeeded('span_corruption', 800, 0.5, 3);
    assert.ok(needed >= 200, `needed ${needed}`);
    const tokenizer = await resolveTokenizer(config, load);
    assert.equal(tokenizer.numSentinels, needed);
    const data = await prepareData(config, tokenizer, load);
    const example = data.batches.next();
    let lowest = Infinity;
    for (const id of example.inputIds) if (id >= tokenizer.vocabSize - tokenizer.numSentinels) lowest = Math.min(lowest, id);
    assert.equal(tokenizer.vocabSize - 1 - lowest, needed - 1, 'the last sentinel used is <extra_id_{needed-1}>');
    const unigram = await resolveTokenizer(validateRunConfig({ ...config, tokenizer: { kind: 'unigram', vocabSize: 800 } }), load);
    assert.equal(unigram.numSentinels, needed);
  });

  it('a saved tokenizer with too few sentinels is refused with the run config fields named', () => {
    const config = validateRunConfig({
      data: { kind: 'pretrain', corpus: 'c', objective: 'span_corruption', density: 0.5 },
      batch: { size: 2, inputLength: 512, targetLength: 512 },
    });
    assert.throws(
      () => checkSentinels(config, new ByteTokenizer()),
      /^RangeError: batch\.inputLength 512 at data\.density 0\.5 and data\.meanSpan 3 needs 128 sentinels for span_corruption; the tokenizer has 125/,
    );
  });
});
