import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrainRunConfig, trainParams } from '../../../src/training/trainCellConfig.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { PRESETS } from '../../../src/model/presets.ts';

const tokenizer = new ByteTokenizer();
const modelConfig = { ...PRESETS['workbench-micro'], vocabSize: 384 };

describe("train cell config with the user's own data", () => {
  it('pre-trains on an uploaded corpus by its stored id, and names the run after the file', () => {
    const c = buildTrainRunConfig(trainParams({}), { tokenizer, modelConfig, corpus: { name: 'notes.txt', source: 'ds-abc' } });
    assert.equal(c.data.kind === 'pretrain' && c.data.corpus, 'ds-abc');
    assert.equal(c.name, 'span_corruption on notes.txt');
  });

  it('fine-tunes on an uploaded task: its stored id, prefix and metrics travel in data.userTasks', () => {
    const task = { name: 'colours', source: 'ds-xyz', prefix: 'colour: ', metrics: ['accuracy'] };
    const c = buildTrainRunConfig(trainParams({ mode: 'finetune' }), { tokenizer, modelConfig, task });
    assert.deepEqual(c.data, {
      kind: 'tasks',
      tasks: ['colours'],
      mixing: undefined,
      userTasks: { colours: { source: 'ds-xyz', prefix: 'colour: ', metrics: ['accuracy'] } },
    });
    assert.equal(c.name, 'fine-tune on colours');
    assert.throws(
      () => buildTrainRunConfig(trainParams({ mode: 'finetune' }), { tokenizer, modelConfig, task: { name: 'my_task.tsv' } }),
      /task: "my_task\.tsv" is neither a bundled task .* nor a dataset of yours/,
    );
  });

  it('trains a mixture of bundled and user tasks that the mixing cell passes with its rates', () => {
    const userTasks = { colours: { source: 'ds-xyz', prefix: 'colour: ', metrics: ['accuracy' as const] } };
    const c = buildTrainRunConfig(trainParams({ mode: 'finetune', mixture: true }), {
      tokenizer,
      modelConfig,
      mixingRates: { strategy: { kind: 'equal' }, rates: { sentiment: 0.4, colours: 0.4, glue_mnli: 0.2 }, userTasks },
    });
    assert.deepEqual(c.data, { kind: 'tasks', tasks: ['sentiment', 'colours'], mixing: { kind: 'equal' }, userTasks });
    assert.throws(
      () =>
        buildTrainRunConfig(trainParams({ mode: 'finetune', mixture: true }), {
          tokenizer,
          modelConfig,
          mixingRates: { strategy: { kind: 'equal' }, rates: { glue_mnli: 1 } },
        }),
      /none of its tasks \(glue_mnli\) has data here/,
    );
  });

  it('refuses a run config whose task is neither bundled nor defined in data.userTasks', () => {
    assert.throws(() => validateRunConfig({ data: { kind: 'tasks', tasks: ['colours'] } }), /unknown task "colours"/);
    assert.throws(
      () =>
        validateRunConfig({
          data: { kind: 'tasks', tasks: ['colours'], userTasks: { colours: { source: 'x', prefix: '', metrics: [] } } },
        } as never),
      /data\.userTasks\["colours"\]\.metrics must be a non-empty list/,
    );
  });
});
