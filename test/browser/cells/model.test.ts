import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../../cells/kinds/tokenizer.ts';
import '../../../cells/kinds/model.ts';
import type { ModelCell } from '../../../cells/kinds/model.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { parameterCount } from '../../../src/model/parameterCount.ts';
import { PRESETS } from '../../../src/model/presets.ts';
import type { T5Config } from '../../../src/model/config.ts';
import { figureSvg } from '../../../src/plots/figureExport.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { useBackend } from '../helpers/backends.ts';
import { CellHarness, rendered } from './harness.ts';

const stat = (cell: ModelCell, name: string) => cell.shadowRoot!.querySelector(`[data-stat="${name}"]`)?.textContent ?? '';
const setInput = (cell: ModelCell, name: string, value: string) => {
  const input = cell.shadowRoot!.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLSelectElement;
  input.value = value;
  input.dispatchEvent(new Event('change'));
};

describe('model cell', () => {
  let h: CellHarness;
  let cell: ModelCell;

  before(async () => {
    await useBackend('cpu');
    h = new CellHarness(42);
    h.add('t5-tokenizer-cell', 'tok', 'tokenizer', { type: 'byte' });
    cell = h.add<ModelCell>('t5-model-cell', 'model', 'model', { preset: 'workbench-micro', config: {}, vocabFromTokenizer: true });
  });
  after(() => h.dispose());

  it('builds the preset with the tokenizer vocabulary from the notebook seed and shows its exact size and diagram', async () => {
    const out = await h.ok('model');
    const config = out.modelConfig as T5Config;
    const model = out.model as T5Model;
    assert.equal(config.vocabSize, 384, 'vocab_size follows the byte tokenizer');
    assert.equal(config.dModel, PRESETS['workbench-micro'].dModel);
    assert.deepEqual(model.config, config);
    const reference = T5Model.create(config, { seed: 42 });
    const [a, b] = await Promise.all([
      model.getWeights().get('shared.weight')!.data(),
      reference.getWeights().get('shared.weight')!.data(),
    ]);
    assert.deepEqual(Array.from(a.slice(0, 50)), Array.from(b.slice(0, 50)), 'initialised from the notebook seed');
    reference.dispose();
    await rendered(cell);
    assert.equal(stat(cell, 'parameters'), parameterCount(config).toLocaleString('en-US'));
    const figure = cell.shadowRoot!.querySelector('figure[data-figure="model-diagram"]')!;
    assert.include(figure.querySelector('svg')!.getAttribute('aria-label'), 'relative-bias table lives in block 0');
    assert.lengthOf(figure.querySelectorAll('[data-owns-bias="true"]'), 2, 'one bias table per stack, in block 0');
    assert.lengthOf(figure.querySelectorAll('rect[data-node="cross"]'), config.numDecoderLayers);
    assert.include(figure.textContent, 'tied to the shared embedding');
    const vocabField = cell.shadowRoot!.querySelector('input[name="vocabSize"]') as HTMLInputElement;
    assert.isTrue(vocabField.disabled);
    assert.equal(vocabField.value, '384', "the linked vocab_size field shows the vocabulary the model uses, not the preset's 512");
    const svg = new DOMParser().parseFromString(figureSvg(figure), 'image/svg+xml');
    assert.isNull(svg.querySelector('parsererror'), 'the diagram exports as stand-alone SVG');
    assert.include(svg.documentElement.textContent, 'shared embedding 384 × 64');
    assert.deepInclude(figureData(figure)![0], { name: 'shared.weight', shape: '384×64', parameters: 384 * 64 });
  });

  it('rebuilds on a field edit, disposes the replaced model, and redraws the diagram untied', async () => {
    const old = h.runtime.state('model')!.outputs!.model as T5Model;
    const runs = h.runtime.state('model')!.runs;
    setInput(cell, 'numHeads', '2');
    const out = await h.ok('model', runs);
    assert.equal((out.modelConfig as T5Config).numHeads, 2);
    assert.throws(() => old.getWeights(), /disposed/);
    const tie = cell.shadowRoot!.querySelector('input[name="tieWordEmbeddings"]') as HTMLInputElement;
    tie.checked = false;
    tie.dispatchEvent(new Event('change'));
    const untied = await h.ok('model', runs + 1);
    assert.isFalse((untied.modelConfig as T5Config).tieWordEmbeddings);
    assert.isTrue((untied.model as T5Model).getWeights().has('lm_head.weight'));
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('figure[data-figure="model-diagram"]')!.textContent, 'lm_head');
    assert.include(cell.shadowRoot!.querySelector('.status')!.textContent, 'num_heads');
  });

  it('shows a validation message naming the field, and the run fails with it', async () => {
    setInput(cell, 'dModel', '0');
    const s = await h.until('model', (st) => st.status === 'error');
    assert.include(s.error, 'dModel must be a positive integer (got 0)');
    await rendered(cell);
    const message = cell.shadowRoot!.querySelector('[data-field="dModel"]')!;
    assert.equal(message.textContent, 'dModel must be a positive integer (got 0)');
    assert.equal((cell.shadowRoot!.querySelector('input[name="dModel"]') as HTMLInputElement).getAttribute('aria-invalid'), 'true');
    setInput(cell, 'relativeAttentionNumBuckets', '7');
    await rendered(cell);
    assert.match(cell.shadowRoot!.querySelector('[data-field="relativeAttentionNumBuckets"]')!.textContent!, /even integer ≥ 4 \(got 7\)/);
    assert.isNull(cell.shadowRoot!.querySelector('figure'), 'no diagram of an invalid config');
    setInput(cell, 'dModel', '32');
    setInput(cell, 'relativeAttentionNumBuckets', '16');
    const out = await h.until('model', (st) => st.status === 'ok' && (st.outputs!.modelConfig as T5Config).dModel === 32);
    assert.equal((out.outputs!.modelConfig as T5Config).relativeAttentionNumBuckets, 16);
  });

  it('counts t5-11b exactly but refuses to allocate it in the tab', async () => {
    const before = tf.memory().numTensors;
    setInput(cell, 'preset', 't5-11b');
    const s = await h.until('model', (st) => st.status === 'error');
    assert.match(s.error!, /11\.\d\d B parameters; the workbench builds models of up to 80\.00 M/);
    await rendered(cell);
    // vocab_size still follows the byte tokenizer, so the count is the 11B shape with 384 rows.
    assert.equal(stat(cell, 'parameters'), parameterCount({ ...PRESETS['t5-11b'], vocabSize: 384 }).toLocaleString('en-US'));
    assert.include(
      cell.shadowRoot!.querySelector('figure[data-figure="model-diagram"] svg')!.getAttribute('aria-label'),
      '24 and decoder with 24 blocks',
    );
    assert.isAtMost(tf.memory().numTensors, before, 'nothing was allocated');
  });

  it('a batch of 0 shows an error naming the batch field where the memory estimate was, and a valid batch brings it back', async () => {
    setInput(cell, 'batch', '0');
    await rendered(cell);
    const error = cell.shadowRoot!.querySelector('[data-memory-error]');
    assert.ok(error, 'an error replaces the estimate');
    assert.equal(error!.textContent, 'memory estimate: batch must be a positive integer (got 0)');
    assert.equal(error!.getAttribute('data-field'), 'batch');
    assert.equal(cell.shadowRoot!.querySelector('input[name="batch"]')!.getAttribute('aria-invalid'), 'true');
    assert.equal(stat(cell, 'memory'), '');
    setInput(cell, 'inputLength', '0');
    setInput(cell, 'batch', '4');
    await rendered(cell);
    assert.equal(
      cell.shadowRoot!.querySelector('[data-memory-error]')!.textContent,
      'memory estimate: input tokens must be a positive integer (got 0)',
    );
    setInput(cell, 'inputLength', '128');
    await rendered(cell);
    assert.isNull(cell.shadowRoot!.querySelector('[data-memory-error]'));
    assert.notEqual(stat(cell, 'memory'), '');
  });
});
