import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { readWeights, referenceForward } from './reference.ts';
import { TINY, INPUTS, LABELS, ids } from './fixtures.ts';

/** Weights whose gradient is checked against float64 central differences, with coordinates. */
const PROBES: [string, number[]][] = [
  ['shared.weight', [5 * 8 + 1, 7 * 8 + 3, 1 * 8 + 0]],
  ['encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight', [0, 3, 9]],
  ['decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight', [2, 5]],
  ['encoder.block.1.layer.0.SelfAttention.q.weight', [3, 40]],
  ['decoder.block.1.layer.1.EncDecAttention.k.weight', [10, 63]],
  ['decoder.block.0.layer.2.DenseReluDense.wi_0.weight', [7, 100]],
  ['encoder.block.0.layer.1.DenseReluDense.wo.weight', [12, 77]],
  ['decoder.final_layer_norm.weight', [2]],
  ['lm_head.weight', [8 * 110 - 1, 20]],
];

forEachBackend((backend) => {
  describe('T5Model gradients', () => {
    it(`tf.variableGrads(() => model.loss(batch)) gives a finite, non-zero gradient for every variable on ${backend}`, async () => {
      const model = T5Model.create({ ...TINY, feedForwardProj: 'gated-gelu', tieWordEmbeddings: false }, { seed: 21 });
      const x = ids(INPUTS);
      const y = ids(LABELS);
      const { value, grads } = tf.variableGrads(() => model.loss({ inputIds: x, labels: y, training: true, seed: 3 }));
      assert.strictEqual(Object.keys(grads).length, model.trainableVariables.length);
      for (const v of model.trainableVariables) {
        const g = await grads[v.name].data();
        assert.isTrue(g.every(Number.isFinite), `finite gradient for ${v.name}`);
        assert.isTrue(
          g.some((e) => e !== 0),
          `non-zero gradient for ${v.name}`,
        );
      }
      tf.dispose([x, y, value, ...Object.values(grads)]);
      model.dispose();
    });

    it(`gradients match float64 central differences of the reference loss on ${backend}`, async () => {
      const config = validateConfig({ ...TINY, feedForwardProj: 'gated-gelu', tieWordEmbeddings: false, vocabSize: 110 });
      const model = T5Model.create(config, { seed: 22 });
      const x = ids(INPUTS);
      const y = ids(LABELS);
      const { value, grads } = tf.variableGrads(() => model.loss({ inputIds: x, labels: y }));
      const w64 = await readWeights(model.getWeights());
      const byName = new Map(model.trainableVariables.map((v) => [v, v.name]));
      const nameOf = new Map([...model.getWeights()].map(([hf, t]) => [hf, byName.get(t as tf.Variable)!]));
      const eps = 1e-4;
      for (const [name, coords] of PROBES) {
        const g = await grads[nameOf.get(name)!].data();
        const w = w64.get(name)!.v;
        for (const i of coords) {
          const keep = w[i];
          w[i] = keep + eps;
          const up = referenceForward(config, w64, INPUTS, LABELS).loss;
          w[i] = keep - eps;
          const down = referenceForward(config, w64, INPUTS, LABELS).loss;
          w[i] = keep;
          const fd = (up - down) / (2 * eps);
          assert.closeTo(g[i], fd, 2e-4 + 0.02 * Math.abs(fd), `${name}[${i}]`);
        }
      }
      tf.dispose([x, y, value, ...Object.values(grads)]);
      model.dispose();
    });

    it(`repeated forward/backward passes leave tf.memory().numTensors flat on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 23 });
      const x = ids(INPUTS);
      const y = ids(LABELS);
      const opt = tf.train.sgd(0.01);
      const stepOnce = async () => {
        const loss = opt.minimize(() => model.loss({ inputIds: x, labels: y, training: true }), true)!;
        await loss.data();
        loss.dispose();
        const out = model.forward({ inputIds: x, labels: y, captureAttention: false });
        tf.dispose([out.logits, out.loss]);
      };
      await stepOnce(); // first pass fills the per-length bias caches
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await stepOnce();
      assert.strictEqual(tf.memory().numTensors, before);
      opt.dispose();
      tf.dispose([x, y]);
      model.dispose();
    });
  });
});
