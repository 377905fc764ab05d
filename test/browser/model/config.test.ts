import { assert } from '@esm-bundle/chai';
import { validateConfig, DEFAULT_CONFIG } from '../../../src/model/config.ts';
import { PRESETS, SPEC_TABLE_PARAMS, BENCH_BATCH_SHAPES, preset } from '../../../src/model/presets.ts';
import { parameterCount, memoryEstimate, flopsPerToken } from '../../../src/model/parameterCount.ts';
import { weightShapes } from '../../../src/model/weightShapes.ts';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('model config, presets and sizes', () => {
  for (const [name, params] of SPEC_TABLE_PARAMS) {
    it(`${name} has exactly ${params.toLocaleString('en')} parameters (spec §A.11), also summed over its weight shapes`, () => {
      assert.strictEqual(parameterCount(PRESETS[name]), params);
      let sum = 0;
      for (const s of weightShapes(PRESETS[name]).values()) sum += size(s);
      assert.strictEqual(sum, params);
    });
  }

  it('the benchmark presets have the requested shapes and batch sizes', () => {
    const nano = PRESETS['bench-nano'];
    assert.deepInclude(nano, {
      dModel: 128,
      dFf: 512,
      numHeads: 4,
      dKv: 32,
      numLayers: 2,
      numDecoderLayers: 2,
      vocabSize: 2048,
      feedForwardProj: 'relu',
      tieWordEmbeddings: true,
    });
    assert.deepInclude(PRESETS['bench-tiny'], {
      dModel: 256,
      dFf: 1024,
      numHeads: 4,
      dKv: 64,
      numLayers: 4,
      numDecoderLayers: 4,
      vocabSize: 8192,
    });
    assert.deepEqual({ ...BENCH_BATCH_SHAPES['bench-nano'] }, { batch: 16, inputLength: 128, targetLength: 32 });
    assert.deepEqual({ ...BENCH_BATCH_SHAPES['bench-tiny'] }, { batch: 32, inputLength: 128, targetLength: 32 });
  });

  it('validation fills defaults and names the bad field', () => {
    assert.deepEqual(validateConfig({}), { ...DEFAULT_CONFIG });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ numHeads: 0 }, /^numHeads must be a positive integer \(got 0\)/],
      [{ dModel: -4 }, /^dModel must be a positive integer \(got -4\)/],
      [{ dFf: 1.5 }, /^dFf must be a positive integer \(got 1.5\)/],
      [{ numDecoderLayers: NaN }, /^numDecoderLayers must be a positive integer/],
      [{ feedForwardProj: 'gelu' }, /^feedForwardProj must be "relu" or "gated-gelu" \(got "gelu"\)/],
      [{ dropoutRate: 1 }, /^dropoutRate must be in \[0, 1\) \(got 1\)/],
      [{ dropoutRate: -0.1 }, /^dropoutRate must be in \[0, 1\)/],
      [{ vocabSize: 102 }, /^vocabSize must be at least 103/],
      [{ layerNormEpsilon: 0 }, /^layerNormEpsilon must be a positive number/],
      [{ relativeAttentionNumBuckets: 31 }, /^relativeAttentionNumBuckets must be an even integer/],
      [{ tieWordEmbeddings: 'yes' }, /^tieWordEmbeddings must be a boolean/],
      [{ numHead: 4 }, /unknown field "numHead"/],
    ];
    for (const [partial, message] of cases) assert.throws(() => validateConfig(partial as never), message);
  });

  it('H·d_kv may differ from d_model (t5-3b: 32·128 vs 1024)', () => {
    const c = PRESETS['t5-3b'];
    assert.strictEqual(weightShapes(c).get('encoder.block.0.layer.0.SelfAttention.q.weight')!.join('x'), '1024x4096');
    assert.strictEqual(weightShapes(c).get('encoder.block.0.layer.0.SelfAttention.o.weight')!.join('x'), '4096x1024');
  });

  it('weight shapes use HF names in tfjs layout, with one bias table per stack and lm_head only when untied', () => {
    const tied = weightShapes(preset('t5-small'));
    assert.deepEqual(tied.get('shared.weight'), [32128, 512]);
    assert.deepEqual(tied.get('encoder.block.0.layer.1.DenseReluDense.wi.weight'), [512, 2048]);
    assert.deepEqual(tied.get('decoder.block.5.layer.2.DenseReluDense.wo.weight'), [2048, 512]);
    assert.deepEqual(tied.get('decoder.block.0.layer.1.EncDecAttention.k.weight'), [512, 512]);
    assert.deepEqual(tied.get('decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'), [32, 8]);
    assert.isFalse(tied.has('lm_head.weight'));
    const biasTables = [...tied.keys()].filter((k) => k.includes('relative_attention_bias'));
    assert.deepEqual(biasTables, [
      'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
      'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
    ]);
    const untied = weightShapes(preset('t5-v1_1-base'));
    assert.deepEqual(untied.get('lm_head.weight'), [768, 32128]);
    assert.deepEqual(untied.get('encoder.block.3.layer.1.DenseReluDense.wi_1.weight'), [768, 2048]);
    assert.isFalse(untied.has('encoder.block.3.layer.1.DenseReluDense.wi.weight'));
  });

  it('memory estimate counts weights, gradients and the optimizer state by kind', () => {
    const c = preset('t5-small');
    const P = parameterCount(c);
    const opts = { batch: 8, inputLength: 512, targetLength: 114 };
    const sgd = memoryEstimate(c, { ...opts, optimizer: 'sgd' });
    const adam = memoryEstimate(c, { ...opts, optimizer: 'adam' });
    const ada = memoryEstimate(c, { ...opts, optimizer: 'adafactor' });
    assert.strictEqual(sgd.weights, 4 * P);
    assert.strictEqual(sgd.gradients, 4 * P);
    assert.strictEqual(sgd.optimizerState, 0);
    assert.strictEqual(adam.optimizerState, 8 * P);
    assert.isAbove(ada.optimizerState, 0);
    assert.isBelow(ada.optimizerState, 0.01 * adam.optimizerState);
    assert.strictEqual(adam.total, adam.weights + adam.gradients + adam.optimizerState + adam.activations);
    assert.isAbove(memoryEstimate(c, { ...opts, batch: 16 }).activations, 1.99 * ada.activations);
    assert.throws(() => memoryEstimate(c, { ...opts, batch: 0 }), /^batch must be a positive integer/);
  });

  it('FLOPs per token are about 6·params for training plus attention, and grow with sequence length', () => {
    const c = preset('t5-base');
    const f = flopsPerToken(c, { inputLength: 512, targetLength: 114 });
    const nonEmbedding = parameterCount(c) - c.vocabSize * c.dModel;
    assert.isAbove(f.trainingPerToken, 6 * nonEmbedding * 0.5);
    assert.isBelow(f.trainingPerToken, 6 * parameterCount(c) * 2);
    assert.strictEqual(f.trainingPerToken, 3 * f.forwardPerToken);
    assert.isAbove(flopsPerToken(c, { inputLength: 1024, targetLength: 114 }).encoderToken, f.encoderToken);
    assert.throws(() => flopsPerToken(c, { inputLength: 0, targetLength: 1 }), /^inputLength must be a positive integer/);
  });
});
