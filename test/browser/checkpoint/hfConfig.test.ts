import { assert } from '@esm-bundle/chai';
import { hfConfigFromT5, hfConfigJsonText, readHfConfig, t5ConfigFromHf } from '../../../src/checkpoint/hfConfig.ts';
import { PRESETS, preset } from '../../../src/model/presets.ts';

/** The keys of google/t5-v1_1-small's config.json as published (transformers 4.x era). */
const V1_1_SMALL = {
  architectures: ['T5ForConditionalGeneration'],
  d_ff: 1024,
  d_kv: 64,
  d_model: 512,
  decoder_start_token_id: 0,
  dropout_rate: 0.1,
  eos_token_id: 1,
  feed_forward_proj: 'gated-gelu',
  initializer_factor: 1.0,
  is_encoder_decoder: true,
  layer_norm_epsilon: 1e-6,
  model_type: 't5',
  num_decoder_layers: 8,
  num_heads: 6,
  num_layers: 8,
  output_past: true,
  pad_token_id: 0,
  relative_attention_num_buckets: 32,
  tie_word_embeddings: false,
  vocab_size: 32128,
};

describe('HF config.json mapping', () => {
  it('every preset survives config → config.json → config unchanged', () => {
    for (const [name, config] of Object.entries(PRESETS)) {
      assert.deepEqual(t5ConfigFromHf(hfConfigJsonText(config)), { ...config }, name);
    }
  });

  it('exports the fixed HF fields T5ForConditionalGeneration needs', () => {
    const hf = hfConfigFromT5(preset('t5-small'));
    assert.deepEqual(hf.architectures, ['T5ForConditionalGeneration']);
    assert.equal(hf.model_type, 't5');
    assert.equal(hf.pad_token_id, 0);
    assert.equal(hf.eos_token_id, 1);
    assert.equal(hf.decoder_start_token_id, 0);
    assert.isTrue(hf.is_encoder_decoder);
    assert.equal(hf.feed_forward_proj, 'relu');
    assert.isTrue(hf.tie_word_embeddings);
    assert.equal(hf.d_model, 512);
  });

  it('writes float fields with a decimal point, as transformers 5 validates them as float', () => {
    const text = hfConfigJsonText(preset('t5-v1_1-small'));
    assert.match(text, /"dropout_rate": 0\.0,/);
    assert.match(text, /"initializer_factor": 1\.0,/);
    assert.match(text, /"layer_norm_epsilon": 0\.000001,/);
    assert.equal(JSON.parse(text).dropout_rate, 0);
  });

  it('reads transformers 5 v1.1 configs (tie_word_embeddings true, scale_decoder_outputs false) as an unscaled head taken from the embedding', () => {
    const r = readHfConfig({ ...V1_1_SMALL, tie_word_embeddings: true, scale_decoder_outputs: false });
    assert.isFalse(r.config.tieWordEmbeddings);
    assert.isTrue(r.headSharesEmbedding);
    const classic = readHfConfig(V1_1_SMALL);
    assert.isFalse(classic.config.tieWordEmbeddings);
    assert.isFalse(classic.headSharesEmbedding);
    assert.isTrue(readHfConfig({ scale_decoder_outputs: true }).config.tieWordEmbeddings);
    assert.throws(() => readHfConfig({ tie_word_embeddings: false, scale_decoder_outputs: true }), /scaled separate output layer/);
  });

  it('reads a published v1.1 config (no relative_attention_max_distance key) as the v1.1 preset', () => {
    const c = t5ConfigFromHf(JSON.stringify(V1_1_SMALL));
    assert.deepEqual(c, { ...preset('t5-v1_1-small', { dropoutRate: 0.1 }) });
    assert.equal(c.relativeAttentionMaxDistance, 128);
  });

  it('fills HF defaults: num_decoder_layers = num_layers, tied embeddings, relu', () => {
    const c = t5ConfigFromHf({ d_model: 64, d_ff: 128, num_heads: 2, d_kv: 32, num_layers: 3, vocab_size: 200 });
    assert.equal(c.numDecoderLayers, 3);
    assert.isTrue(c.tieWordEmbeddings);
    assert.equal(c.feedForwardProj, 'relu');
    assert.equal(c.relativeAttentionNumBuckets, 32);
    assert.equal(c.layerNormEpsilon, 1e-6);
    assert.equal(c.dropoutRate, 0.1);
  });

  it('accepts the gated-gelu spellings HF uses and refuses activations the model lacks', () => {
    for (const proj of ['gated-gelu', 'gated-gelu_new']) {
      assert.equal(t5ConfigFromHf({ feed_forward_proj: proj }).feedForwardProj, 'gated-gelu', proj);
    }
    assert.throws(() => t5ConfigFromHf({ feed_forward_proj: 'gated-silu' }), /feed_forward_proj "gated-silu" is not supported/);
    assert.throws(() => t5ConfigFromHf({ feed_forward_proj: 'gated-gelu', is_gated_act: false }), /is_gated_act false contradicts/);
  });

  it('names the config.json key in errors, not the internal field', () => {
    assert.throws(() => t5ConfigFromHf({ num_heads: 0 }), /^config\.json num_heads must be a positive integer \(got 0\)/);
    assert.throws(() => t5ConfigFromHf({ d_model: '512' }), /config\.json d_model must be a positive integer \(got "512"\)/);
    assert.throws(() => t5ConfigFromHf({ tie_word_embeddings: 'yes' }), /config\.json tie_word_embeddings must be a boolean/);
    assert.throws(() => t5ConfigFromHf('{"d_model": 5'), /config\.json is not valid JSON/);
    assert.throws(() => t5ConfigFromHf({ model_type: 'bart' }), /model_type "bart" is not a T5 model/);
    assert.throws(() => t5ConfigFromHf({ decoder_start_token_id: 1 }), /decoder_start_token_id must be 0/);
    assert.throws(() => t5ConfigFromHf([1, 2]), /must hold a JSON object/);
  });
});
