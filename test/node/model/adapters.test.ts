import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { T5Model } from '../../../src/model/t5Model.ts';
import { validateConfig, type T5Config } from '../../../src/model/config.ts';
import { isAdapterWeight, weightShapes } from '../../../src/model/weightShapes.ts';
import { flopsPerToken, parameterCount } from '../../../src/model/parameterCount.ts';
import { splitAdapterWeights, withAdapters } from '../../../src/model/adapters.ts';

const TINY: Partial<T5Config> = {
  vocabSize: 128,
  dModel: 16,
  dFf: 32,
  dKv: 4,
  numHeads: 4,
  numLayers: 2,
  numDecoderLayers: 3,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  dropoutRate: 0,
};

const sizeOf = (shapes: Map<string, number[]>) => [...shapes.values()].reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

function batch() {
  return {
    inputIds: tf.tensor2d(
      [
        [5, 6, 7, 8, 1],
        [9, 10, 11, 1, 0],
      ],
      undefined,
      'int32',
    ) as tf.Tensor2D,
    labels: tf.tensor2d(
      [
        [12, 13, 1],
        [14, 1, 0],
      ],
      undefined,
      'int32',
    ) as tf.Tensor2D,
  };
}

describe('adapter layers in the model core', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('adds one down [d, D] and one up [D, d] weight after every feed-forward block, named under the FF sub-layer', () => {
    const shapes = weightShapes(validateConfig({ ...TINY, adapterDim: 8 }));
    const adapters = [...shapes].filter(([n]) => isAdapterWeight(n));
    // 2 encoder + 3 decoder blocks, two weights each.
    assert.equal(adapters.length, 10);
    assert.deepEqual(shapes.get('encoder.block.1.layer.1.adapter.wi.weight'), [16, 8]);
    assert.deepEqual(shapes.get('encoder.block.1.layer.1.adapter.wo.weight'), [8, 16]);
    assert.deepEqual(shapes.get('decoder.block.2.layer.2.adapter.wi.weight'), [16, 8]);
    assert.deepEqual(shapes.get('decoder.block.2.layer.2.adapter.wo.weight'), [8, 16]);
  });

  it('parameterCount counts 2·d·D per block, matching a hand count and the stored shapes for every architecture', () => {
    const base = parameterCount(validateConfig(TINY));
    const withA = parameterCount(validateConfig({ ...TINY, adapterDim: 8 }));
    // (2 + 3) blocks × (16·8 + 8·16) = 5 × 256 = 1280 adapter parameters.
    assert.equal(withA - base, 1280);
    for (const architecture of ['encoder-decoder', 'encoder-decoder-shared', 'decoder-only', 'prefix-lm'] as const) {
      const c = validateConfig({ ...TINY, numDecoderLayers: 2, architecture, adapterDim: 8 });
      assert.equal(parameterCount(c), sizeOf(weightShapes(c)), architecture);
    }
    // Shared enc-dec: the decoder's FF reuses the encoder's, adapters included (2 blocks × 256).
    const shared = (adapterDim?: number) =>
      parameterCount(validateConfig({ ...TINY, numDecoderLayers: 2, architecture: 'encoder-decoder-shared', adapterDim }));
    assert.equal(shared(8) - shared(), 512);
  });

  it('flopsPerToken adds 2·2·d·D per feed-forward block and token', () => {
    const o = { inputLength: 10, targetLength: 4 };
    const a = flopsPerToken(validateConfig(TINY), o);
    const b = flopsPerToken(validateConfig({ ...TINY, adapterDim: 8 }), o);
    assert.equal(b.encoderToken - a.encoderToken, 2 * 4 * 16 * 8);
    assert.equal(b.decoderToken - a.decoderToken, 3 * 4 * 16 * 8);
  });

  it('validateConfig names adapterDim when it is not a positive integer', () => {
    assert.throws(() => validateConfig({ ...TINY, adapterDim: 0 }), /adapterDim must be a positive integer \(got 0\)/);
  });

  it('fresh adapters start near the identity (loss within 1%) and keep every base weight bit for bit', async () => {
    const base = T5Model.create(TINY, { seed: 3 });
    const adapted = withAdapters(base, 8, 11);
    const b = batch();
    const x = base.forward(b);
    const y = adapted.forward(b);
    assert.deepEqual(y.logits.shape, [2, 3, 128]);
    const [lx, ly] = [(await x.loss.data())[0], (await y.loss.data())[0]];
    assert.ok(lx !== ly && Math.abs(ly - lx) < 0.01 * lx, `loss ${lx} → ${ly}`);
    const { base: kept, adapters } = splitAdapterWeights(adapted.getWeights());
    assert.equal(adapters.size, 10);
    for (const [name, w] of base.getWeights()) assert.deepEqual(Array.from(await kept.get(name)!.data()), Array.from(await w.data()), name);
    tf.dispose([x.logits, x.loss, y.logits, y.loss, b.inputIds, b.labels]);
    base.dispose();
    adapted.dispose();
  });

  it('a trained adapter changes the output and gets gradients in the encoder and the decoder', async () => {
    const model = T5Model.create({ ...TINY, adapterDim: 4 }, { seed: 1 });
    const b = batch();
    const before = model.loss(b);
    const ups = [...model.getWeights().keys()].filter((n) => n.endsWith('.adapter.wo.weight'));
    model.setWeights(new Map(ups.map((n) => [n, tf.fill([4, 16], 0.05)])), { partial: true });
    const after = model.loss(b);
    assert.notEqual(await after.data().then((d) => d[0]), await before.data().then((d) => d[0]));
    const downs = ['encoder.block.0.layer.1.adapter.wi.weight', 'decoder.block.2.layer.2.adapter.wi.weight'];
    const { value, grads } = tf.variableGrads(
      () => model.loss(b),
      downs.map((n) => model.w(n) as unknown as tf.Variable),
    );
    for (const g of Object.values(grads)) assert.ok((await tf.abs(g).sum().data())[0] > 0);
    tf.dispose([before, after, value, ...Object.values(grads), b.inputIds, b.labels]);
    model.dispose();
  });

  it('withAdapters refuses a model that already has adapters of another width', () => {
    const model = T5Model.create({ ...TINY, adapterDim: 4 }, { seed: 1 });
    assert.throws(() => withAdapters(model, 8, 0), /already has adapters of width 4/);
    model.dispose();
  });
});
