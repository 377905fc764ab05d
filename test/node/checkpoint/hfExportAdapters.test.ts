import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { T5Model } from '../../../src/model/t5Model.ts';
import { withAdapters } from '../../../src/model/adapters.ts';
import { ADAPTER_CONFIG_FILE, ADAPTERS_FILE, exportHfFolder } from '../../../src/checkpoint/hfExport.ts';
import { exportHfCheckpoint, importHfCheckpoint } from '../../../src/checkpoint/hfCheckpoint.ts';
import { readSafetensors } from '../../../src/checkpoint/safetensors.ts';

const TINY = {
  vocabSize: 128,
  dModel: 16,
  dFf: 32,
  dKv: 4,
  numHeads: 4,
  numLayers: 2,
  numDecoderLayers: 2,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  dropoutRate: 0,
};

describe('HF export of an adapter model', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('writes the base model to model.safetensors, the adapters to adapters.safetensors, and says so in the model card', async () => {
    const base = T5Model.create(TINY, { seed: 2 });
    const model = withAdapters(base, 8, 3);
    const files = await exportHfFolder(model, {});
    const main = readSafetensors(files.get('model.safetensors') as Uint8Array);
    assert.ok(![...main.tensors.keys()].some((n) => n.includes('adapter')), 'no adapter tensor in model.safetensors');
    const adapters = readSafetensors(files.get(ADAPTERS_FILE) as Uint8Array);
    assert.equal(adapters.tensors.size, 8);
    assert.deepEqual(adapters.tensors.get('encoder.block.0.layer.1.adapter.wi.weight')!.shape, [8, 16], 'torch layout [out, in]');
    assert.equal(adapters.metadata.t5lab_adapter_dim, '8');
    // The down projection as trained (tfjs [16, 8]) transposed.
    const wi = (await model.w('decoder.block.1.layer.2.adapter.wi.weight').data()) as Float32Array;
    const stored = adapters.tensors.get('decoder.block.1.layer.2.adapter.wi.weight')!.data;
    assert.equal(stored[1 * 16 + 0], wi[0 * 8 + 1]);
    const cfg = JSON.parse(files.get(ADAPTER_CONFIG_FILE) as string) as Record<string, unknown>;
    assert.equal(cfg.adapter_dim, 8);
    assert.equal(cfg.merged, false);
    const card = files.get('README.md') as string;
    assert.match(card, /Merged weights are not possible/);
    assert.match(card, /base model without the adapters/);
    assert.doesNotMatch(files.get('config.json') as string, /adapter/);
    // model.safetensors + config.json are the base model, weight for weight.
    const reloaded = importHfCheckpoint(files.get('config.json') as string, files.get('model.safetensors') as Uint8Array);
    for (const [name, w] of base.getWeights())
      assert.deepEqual(Array.from(await reloaded.w(name).data()), Array.from(await w.data()), name);
    await assert.rejects(exportHfCheckpoint(model), /adapter layers.*cannot be merged.*adapters\.safetensors/);
    reloaded.dispose();
    model.dispose();
    base.dispose();
  });

  it('a model without adapters exports no adapter files', async () => {
    const model = T5Model.create(TINY, { seed: 2 });
    const files = await exportHfFolder(model, {});
    assert.ok(!files.has(ADAPTERS_FILE) && !files.has(ADAPTER_CONFIG_FILE));
    assert.doesNotMatch(files.get('README.md') as string, /Adapter/);
    model.dispose();
  });
});
