import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig, type T5Config } from '../../../src/model/config.ts';
import { preset } from '../../../src/model/presets.ts';
import { weightShapes } from '../../../src/model/weightShapes.ts';
import { flopsPerToken, parameterCount } from '../../../src/model/parameterCount.ts';
import { ARCHITECTURES, MASK_PATTERNS, attentionMask, maskCells } from '../../../src/model/architecture.ts';
import { hfConfigFromT5 } from '../../../src/checkpoint/hfConfig.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { TINY_ARCHITECTURE_BUDGET, architectureArms, architectureExperiment } from '../../../src/experiments/architectureComparison.ts';

const shapeSum = (c: T5Config) => [...weightShapes(c).values()].reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);

describe('architectures (paper Table 2)', () => {
  it('parameterCount equals the number of stored weights for every architecture, tied or not', () => {
    for (const architecture of ARCHITECTURES) {
      for (const tieWordEmbeddings of [true, false]) {
        const c = preset('t5-base', { architecture, tieWordEmbeddings });
        assert.equal(parameterCount(c), shapeSum(c), `${architecture} tied=${tieWordEmbeddings}`);
      }
    }
  });

  it("Table 2's configurations at base size have the paper's 2P / P sizes: one 12-layer stack is P", () => {
    const base = preset('t5-base');
    const embedding = base.vocabSize * base.dModel;
    // P: a decoder-only stack of 12 layers without its embedding.
    const P = parameterCount({ ...base, architecture: 'decoder-only' }) - embedding;
    const size = (arm: ReturnType<typeof architectureArms>[number]) =>
      (parameterCount(
        validateConfig({ ...base, architecture: arm.architecture, numLayers: arm.numLayers, numDecoderLayers: arm.numDecoderLayers }),
      ) -
        embedding) /
      P;
    for (const arm of architectureArms('all', ['denoising', 'lm'], 12)) {
      const ratio = size(arm);
      if (arm.paperRow.label.startsWith('Encoder-decoder')) assert.ok(ratio > 2 && ratio < 2.5, `${arm.key}: ${ratio}`);
      else assert.ok(ratio >= 1 && ratio < 1.4, `${arm.key}: ${ratio} should be ≈ P`);
    }
    assert.equal(parameterCount({ ...base, architecture: 'prefix-lm' }), parameterCount({ ...base, architecture: 'decoder-only' }));
    // Sharing removes exactly the decoder's self-attention, feed-forward, norms and bias table.
    const shared = parameterCount({ ...base, architecture: 'encoder-decoder-shared' });
    const names = [...weightShapes({ ...base, architecture: 'encoder-decoder-shared' }).keys()];
    assert.ok(!names.some((n) => /^decoder\.block\.\d+\.layer\.[02]\./.test(n) || n === 'decoder.final_layer_norm.weight'));
    assert.ok(names.includes('decoder.block.11.layer.1.EncDecAttention.k.weight'));
    assert.ok(shared < parameterCount(base));
  });

  it("a decoder-only model costs about the same FLOPs per example as the encoder-decoder of twice its parameters (the paper's M)", () => {
    const base = preset('t5-base');
    const shape = { inputLength: 512, targetLength: 114 };
    const encDec = flopsPerToken(base, shape).forwardPerSequence;
    const lm = flopsPerToken({ ...base, architecture: 'decoder-only' }, shape).forwardPerSequence;
    const half = flopsPerToken({ ...base, numLayers: 6, numDecoderLayers: 6 }, shape).forwardPerSequence;
    assert.ok(Math.abs(lm / encDec - 1) < 0.35, `LM/enc-dec = ${lm / encDec}`);
    assert.ok(Math.abs(half / encDec - 0.5) < 0.1, `half-depth/enc-dec = ${half / encDec}`);
  });

  it('decoder-only weights are a T5 decoder stack without cross-attention, feed-forward at layer 1', () => {
    const names = [...weightShapes(preset('bench-nano', { architecture: 'prefix-lm' })).keys()];
    assert.ok(
      names.every((n) => n === 'shared.weight' || n.startsWith('decoder.')),
      names.join(' '),
    );
    assert.ok(names.includes('decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'));
    assert.ok(names.includes('decoder.block.1.layer.1.DenseReluDense.wo.weight'));
    assert.ok(!names.some((n) => n.includes('EncDecAttention') || n.includes('layer.2')));
  });

  it('config validation names the architecture field, and the layers a shared model needs', () => {
    assert.throws(() => validateConfig({ architecture: 'gpt' as never }), /^RangeError: architecture must be one of/);
    assert.throws(
      () => validateConfig({ architecture: 'encoder-decoder-shared', numLayers: 2, numDecoderLayers: 3 }),
      /numDecoderLayers must equal numLayers/,
    );
    assert.equal(validateConfig({ architecture: 'prefix-lm' }).architecture, 'prefix-lm');
  });

  it('only the encoder-decoder exports as a Hugging Face checkpoint; the others are refused by name', () => {
    assert.equal(hfConfigFromT5(preset('bench-nano')).is_encoder_decoder, true);
    for (const architecture of ['encoder-decoder-shared', 'decoder-only', 'prefix-lm'] as const) {
      assert.throws(
        () => hfConfigFromT5(preset('bench-nano', { architecture })),
        new RegExp(`architecture "${architecture}" cannot be exported`),
      );
    }
  });

  it('the three mask patterns: fully visible, lower triangle, lower triangle plus the prefix columns', () => {
    const n = 6;
    const prefix = 3;
    const count = (m: Uint8Array) => m.reduce((a, x) => a + x, 0);
    assert.equal(count(attentionMask('fully-visible', n)), n * n);
    const causal = attentionMask('causal', n);
    assert.equal(count(causal), (n * (n + 1)) / 2);
    const withPrefix = attentionMask('causal-with-prefix', n, prefix);
    for (let q = 0; q < n; q++) {
      const row = [...withPrefix.slice(q * n, q * n + n)];
      assert.equal(
        row.reduce((a, x) => a + x, 0),
        Math.max(q + 1, prefix),
        `row ${q}`,
      );
      if (q >= prefix) assert.deepEqual(row, [...causal.slice(q * n, q * n + n)]);
    }
    const cells = maskCells('causal-with-prefix', ['a', 'b', 'c', 'd'], 2);
    assert.equal(cells.length, 16);
    assert.deepEqual(
      cells.filter((c) => c.query === 0 && c.visible).map((c) => c.keyToken),
      ['a', 'b'],
    );
    assert.deepEqual([...MASK_PATTERNS], ['fully-visible', 'causal', 'causal-with-prefix']);
    assert.throws(() => attentionMask('causal-with-prefix', 3, 4), /prefixLength must be an integer in \[0, 3\]/);
  });

  it('a comparison builds one valid run config per Table 2 row of its mode, with equal steps × batch × input length', () => {
    const compute = architectureArms('equal-compute', ['denoising'], 2);
    assert.deepEqual(
      compute.map((a) => a.key),
      ['encoder-decoder-denoising', 'encoder-decoder-shared-denoising', 'language-model-denoising', 'prefix-lm-denoising'],
    );
    const params = architectureArms('equal-parameters', ['lm'], 2);
    assert.deepEqual(
      params.map((a) => `${a.key}:${a.numLayers}`),
      ['encoder-decoder-shared-lm:2', 'encoder-decoder-6-layers-lm:1', 'language-model-lm:2', 'prefix-lm-lm:2'],
    );
    const e = architectureExperiment('x', [...compute, ...params], TINY_ARCHITECTURE_BUDGET);
    for (const entry of e.entries) {
      const config = validateRunConfig(entry.config);
      assert.equal(config.batch.inputLength, TINY_ARCHITECTURE_BUDGET.inputLength);
      assert.equal(config.steps, TINY_ARCHITECTURE_BUDGET.steps);
      assert.ok(config.model.overrides?.architecture);
    }
    assert.throws(
      () => validateRunConfig({ ...e.entries[2].config, batch: { size: 2, inputLength: 8, targetLength: 8, pack: true } }),
      /batch\.pack must be false for model\.overrides\.architecture "decoder-only"/,
    );
    assert.throws(() => architectureArms('equal-flops' as never, ['lm'], 2), /mode must be one of/);
  });
});
