import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { exportHfCheckpoint, importHfCheckpoint, modelWeightValues } from '../../../src/checkpoint/hfCheckpoint.ts';
import { readSafetensors, writeSafetensors, type Float32TensorInput } from '../../../src/checkpoint/safetensors.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import type { T5Config } from '../../../src/model/config.ts';
import { forEachBackend, useBackend } from '../helpers/backends.ts';

/** H·d_kv (12) ≠ d_model (16) ≠ d_ff (24): a transposition mistake always changes a shape. */
const TINY_V10: Partial<T5Config> = {
  dModel: 16,
  dFf: 24,
  numHeads: 2,
  dKv: 6,
  numLayers: 2,
  numDecoderLayers: 1,
  vocabSize: 110,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  feedForwardProj: 'relu',
  tieWordEmbeddings: true,
};
const TINY_V11: Partial<T5Config> = { ...TINY_V10, feedForwardProj: 'gated-gelu', tieWordEmbeddings: false, numDecoderLayers: 2 };

const INPUT_IDS = [
  [5, 6, 7, 1],
  [8, 9, 1, 0],
];
const LABELS = [
  [10, 11, 12, 1],
  [13, 1, 0, 0],
];

async function logitsOf(model: T5Model, inputIds: number[][], labels: number[][]): Promise<{ logits: Float32Array; loss: number }> {
  const ids = tf.tensor2d(inputIds, undefined, 'int32');
  const lab = tf.tensor2d(labels, undefined, 'int32');
  const out = model.forward({ inputIds: ids, labels: lab });
  const result = { logits: (await out.logits.data()) as Float32Array, loss: (await out.loss.data())[0] };
  tf.dispose([ids, lab, out.logits, out.loss]);
  return result;
}

function tensorsOf(bytes: Uint8Array): Map<string, Float32TensorInput> {
  const out = new Map<string, Float32TensorInput>();
  for (const [name, t] of readSafetensors(bytes).tensors) out.set(name, { shape: t.shape, data: t.data as Float32Array });
  return out;
}

/** Tests outside forEachBackend run on cpu (an earlier test may have left another backend active). */
async function onCpu(): Promise<void> {
  await useBackend('cpu');
}

async function fetchFixture(dir: string) {
  const base = `/test/fixtures/hf-tiny-t5/${dir}`;
  const [config, weights, expected] = await Promise.all([
    fetch(`${base}/config.json`).then((r) => r.text()),
    fetch(`${base}/model.safetensors`).then((r) => r.arrayBuffer()),
    fetch(`${base}/expected.json`).then((r) => r.json()),
  ]);
  return { config, weights: new Uint8Array(weights), expected };
}

describe('HF checkpoint export and import', () => {
  describe('round trip (cpu)', () => {
    before(onCpu);

    for (const [label, config] of [
      ['v1.0 tied ReLU', TINY_V10],
      ['v1.1 untied gated-GELU', TINY_V11],
    ] as const) {
      it(`export → import of a ${label} model gives identical weights and identical logits`, async () => {
        const model = T5Model.create(config, { seed: 7 });
        const { configJson, safetensors } = await exportHfCheckpoint(model);
        const back = importHfCheckpoint(configJson, safetensors);
        assert.deepEqual(back.config, model.config);
        const [a, b] = [await modelWeightValues(model), await modelWeightValues(back)];
        assert.deepEqual([...b.keys()], [...a.keys()]);
        for (const [name, w] of a) {
          assert.deepEqual(b.get(name)!.shape, w.shape, name);
          assert.deepEqual(b.get(name)!.values, w.values, name);
        }
        const [la, lb] = [await logitsOf(model, INPUT_IDS, LABELS), await logitsOf(back, INPUT_IDS, LABELS)];
        assert.deepEqual(lb.logits, la.logits);
        assert.equal(lb.loss, la.loss);
        model.dispose();
        back.dispose();
      });
    }

    it('writes dense kernels and lm_head in torch layout [out, in], embedding and bias tables unchanged', async () => {
      const model = T5Model.create(TINY_V11, { seed: 3 });
      const ours = await modelWeightValues(model);
      const file = readSafetensors((await exportHfCheckpoint(model)).safetensors);
      assert.deepEqual(file.metadata, { format: 'pt' });
      const q = 'encoder.block.0.layer.0.SelfAttention.q.weight';
      assert.deepEqual(ours.get(q)!.shape, [16, 12]);
      assert.deepEqual(file.tensors.get(q)!.shape, [12, 16]);
      for (const [name, [rows, cols]] of [
        [q, [16, 12]],
        ['decoder.block.1.layer.2.DenseReluDense.wo.weight', [24, 16]],
        ['lm_head.weight', [16, 110]],
      ] as const) {
        const mine = ours.get(name)!.values;
        const theirs = file.tensors.get(name)!.data;
        for (const [i, j] of [
          [0, 1],
          [rows - 1, 0],
          [3, cols - 2],
        ]) {
          assert.equal(theirs[j * rows + i], mine[i * cols + j], `${name}[${i}][${j}]`);
        }
      }
      for (const name of [
        'shared.weight',
        'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
        'decoder.final_layer_norm.weight',
      ]) {
        assert.deepEqual(file.tensors.get(name)!.shape, ours.get(name)!.shape, name);
        assert.deepEqual(file.tensors.get(name)!.data, ours.get(name)!.values, name);
      }
      assert.isFalse(file.tensors.has('encoder.embed_tokens.weight'));
      model.dispose();
    });
  });

  describe('import accepts the variations HF files carry', () => {
    before(onCpu);
    let configJson: string;
    let tensors: Map<string, Float32TensorInput>;
    let reference: Float32Array;
    before(async () => {
      const model = T5Model.create(TINY_V10, { seed: 11 });
      const ckpt = await exportHfCheckpoint(model);
      configJson = ckpt.configJson;
      tensors = tensorsOf(ckpt.safetensors);
      reference = (await logitsOf(model, INPUT_IDS, LABELS)).logits;
      model.dispose();
    });

    async function importWith(change: (t: Map<string, Float32TensorInput>) => void): Promise<Float32Array> {
      const t = new Map(tensors);
      change(t);
      const model = importHfCheckpoint(configJson, writeSafetensors(t, { format: 'pt' }));
      const logits = (await logitsOf(model, INPUT_IDS, LABELS)).logits;
      model.dispose();
      return logits;
    }

    it('embed_tokens copies of shared.weight in a tied model', async () => {
      const shared = tensors.get('shared.weight')!;
      const logits = await importWith((t) => {
        t.set('encoder.embed_tokens.weight', shared).set('decoder.embed_tokens.weight', shared).set('lm_head.weight', shared);
      });
      assert.deepEqual(logits, reference);
    });

    it('the unused cross-attention relative bias table of HF t5-small', async () => {
      const logits = await importWith((t) =>
        t.set('decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight', {
          shape: [8, 2],
          data: new Float32Array(16).fill(5),
        }),
      );
      assert.deepEqual(logits, reference);
    });
  });

  describe('import rejects checkpoints that do not match their config.json, naming the tensor', () => {
    before(onCpu);
    let configJson: string;
    let tensors: Map<string, Float32TensorInput>;
    before(async () => {
      const model = T5Model.create(TINY_V11, { seed: 5 });
      const ckpt = await exportHfCheckpoint(model);
      configJson = ckpt.configJson;
      tensors = tensorsOf(ckpt.safetensors);
      model.dispose();
    });
    const load = (change: (t: Map<string, Float32TensorInput>) => void, json = configJson) => {
      const t = new Map(tensors);
      change(t);
      return () => importHfCheckpoint(json, writeSafetensors(t));
    };

    it('a missing tensor', () => {
      assert.throws(
        load((t) => t.delete('decoder.block.1.layer.1.EncDecAttention.k.weight')),
        /missing tensor "decoder\.block\.1\.layer\.1\.EncDecAttention\.k\.weight"/,
      );
      assert.throws(
        load((t) => t.delete('lm_head.weight')),
        /missing tensor "lm_head\.weight" \(config\.json says tie_word_embeddings false/,
      );
    });

    it('an unexpected tensor', () => {
      assert.throws(
        load((t) => t.set('encoder.block.2.layer.0.layer_norm.weight', { shape: [16], data: new Float32Array(16) })),
        /unexpected tensor "encoder\.block\.2\.layer\.0\.layer_norm\.weight"/,
      );
    });

    it('a tensor in tfjs layout instead of torch layout', () => {
      const name = 'encoder.block.1.layer.1.DenseReluDense.wi_0.weight';
      assert.throws(
        load((t) => t.set(name, { shape: [16, 24], data: t.get(name)!.data })),
        /tensor "encoder\.block\.1\.layer\.1\.DenseReluDense\.wi_0\.weight" has shape \[16, 24\], expected \[24, 16\]/,
      );
    });

    it('an embed_tokens copy that differs from shared.weight', () => {
      assert.throws(
        load((t) => t.set('encoder.embed_tokens.weight', { shape: [110, 16], data: new Float32Array(110 * 16) })),
        /"encoder\.embed_tokens\.weight" differs from shared\.weight/,
      );
    });

    it('a config.json with the wrong feed-forward kind', () => {
      const relu = JSON.stringify({ ...JSON.parse(configJson), feed_forward_proj: 'relu' });
      assert.throws(
        load(() => {}, relu),
        /missing tensor "encoder\.block\.0\.layer\.1\.DenseReluDense\.wi\.weight" \(config\.json feed_forward_proj is "relu"\)/,
      );
    });
  });

  describe('real Hugging Face checkpoints (written by transformers, test/fixtures/hf-tiny-t5)', () => {
    for (const dir of ['t5-v1_0-relu', 't5-v1_1-gated-gelu-hf5', 't5-v1_1-untied']) {
      describe(dir, () => {
        forEachBackend((backend) => {
          it(`imports it and reproduces HF's logits and loss on ${backend}`, async () => {
            const { config, weights, expected } = await fetchFixture(dir);
            const model = importHfCheckpoint(config, weights);
            const { logits, loss } = await logitsOf(model, expected.input_ids, expected.labels);
            const want = (expected.logits as number[][][]).flat(2);
            assert.equal(logits.length, want.length);
            // float32 noise relative to the logit scale (measured ≤ 2e-5 on cpu); a wrong activation,
            // scaling or layout gives differences orders of magnitude larger.
            const scale = Math.max(...want.map(Math.abs));
            let worst = 0;
            for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(logits[i] - want[i]));
            assert.isBelow(worst / scale, 1e-4, `largest logit difference relative to max |logit| ${scale}`);
            assert.closeTo(loss, expected.loss, 1e-4 * Math.max(1, expected.loss));
            model.dispose();
          });
        });

        it("greedy decoding gives HF's tokens (cpu)", async () => {
          await onCpu();
          const { config, weights, expected } = await fetchFixture(dir);
          const model = importHfCheckpoint(config, weights);
          const ids = tf.tensor2d(expected.input_ids, undefined, 'int32');
          const result = await model.generate(ids, { maxSteps: expected.generate_steps });
          assert.deepEqual(result.sequences, expected.greedy_tokens);
          ids.dispose();
          model.dispose();
        });
      });
    }
  });
});
