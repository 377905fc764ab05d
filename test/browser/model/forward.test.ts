import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model, disposeAttention } from '../../../src/model/t5Model.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { readWeights, referenceForward } from './reference.ts';
import { TINY, INPUTS, LABELS, ids, maxAbsDiff } from './fixtures.ts';

forEachBackend((backend) => {
  describe('T5Model forward', () => {
    for (const variant of [
      { feedForwardProj: 'relu', tieWordEmbeddings: true },
      { feedForwardProj: 'gated-gelu', tieWordEmbeddings: false },
    ] as const) {
      it(`matches a float64 re-implementation of spec §A (${variant.feedForwardProj}, ${variant.tieWordEmbeddings ? 'tied' : 'untied'}) on ${backend}`, async () => {
        const config = validateConfig({ ...TINY, ...variant });
        const model = T5Model.create(config, { seed: 11 });
        const ref = referenceForward(config, await readWeights(model.getWeights()), INPUTS, LABELS);
        const x = ids(INPUTS);
        const y = ids(LABELS);
        const out = model.forward({ inputIds: x, labels: y });
        const logits = await out.logits.data();
        assert.isBelow(maxAbsDiff(logits, ref.logits.flat(2)), 2e-3);
        assert.closeTo((await out.loss.data())[0], ref.loss, 1e-3);
        const enc = model.encode(x);
        assert.isBelow(maxAbsDiff(await enc.data(), ref.encoded.flat(2)), 2e-3);
        tf.dispose([x, y, out.logits, out.loss, enc]);
        model.dispose();
      });
    }

    it(`appending pads to the input leaves the encoder output at real positions unchanged on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 3 });
      const short = ids([[5, 17, 42, 9, 1]]);
      const long = ids([[5, 17, 42, 9, 1, 0, 0, 0, 0]]);
      const a = model.encode(short);
      const b = model.encode(long);
      const head = tf.slice(b, [0, 0, 0], [1, 5, 8]);
      assert.isBelow(maxAbsDiff(await a.data(), await head.data()), 1e-5);
      tf.dispose([short, long, a, b, head]);
      model.dispose();
    });

    it(`changing a later target does not change earlier logits (decoder causality) on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 4 });
      const x = ids([INPUTS[0]]);
      const y1 = ids([[7, 8, 9, 10, 11, 1]]);
      const y2 = ids([[7, 8, 9, 60, 61, 1]]); // differs from index 3 on: decoder inputs differ from position 4 on
      const a = model.forward({ inputIds: x, labels: y1 });
      const b = model.forward({ inputIds: x, labels: y2 });
      const la = await a.logits.data();
      const lb = await b.logits.data();
      const V = model.config.vocabSize;
      assert.isBelow(maxAbsDiff(la.slice(0, 4 * V), lb.slice(0, 4 * V)), 1e-5);
      assert.isAbove(maxAbsDiff(la.slice(4 * V, 5 * V), lb.slice(4 * V, 5 * V)), 1e-4);
      tf.dispose([x, y1, y2, a.logits, a.loss, b.logits, b.loss]);
      model.dispose();
    });

    it(`tied logits equal untied logits with lm_head = Eᵀ·d_model^-½ (the tied scaling) on ${backend}`, async () => {
      const tied = T5Model.create({ ...TINY, tieWordEmbeddings: true }, { seed: 5 });
      const untied = T5Model.create({ ...TINY, tieWordEmbeddings: false }, { seed: 5 });
      const weights = new Map(tied.getWeights());
      const head = tf.mul(tf.transpose(weights.get('shared.weight')!), TINY.dModel! ** -0.5);
      weights.set('lm_head.weight', head);
      untied.setWeights(weights);
      const x = ids(INPUTS);
      const y = ids(LABELS);
      const a = tied.forward({ inputIds: x, labels: y });
      const b = untied.forward({ inputIds: x, labels: y });
      assert.isBelow(maxAbsDiff(await a.logits.data(), await b.logits.data()), 1e-4);
      // Without the scaling the logits would be √d_model times larger.
      const unscaled = tf.mul(tf.transpose(weights.get('shared.weight')!), 1);
      untied.setWeights(new Map([['lm_head.weight', unscaled]]), { partial: true });
      const c = untied.forward({ inputIds: x, labels: y });
      const ratio = tf.div(tf.norm(c.logits), tf.norm(a.logits));
      assert.closeTo((await ratio.data())[0], Math.sqrt(TINY.dModel!), 1e-3);
      tf.dispose([head, unscaled, x, y, a.logits, a.loss, b.logits, b.loss, c.logits, c.loss, ratio]);
      tied.dispose();
      untied.dispose();
    });

    it(`captured attention has one [b, H, q, k] tensor per layer, rows summing to 1 and pad keys at 0 on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 6 });
      const x = ids(INPUTS);
      const y = ids(LABELS);
      const plain = model.forward({ inputIds: x, labels: y });
      assert.isUndefined(plain.attention);
      const out = model.forward({ inputIds: x, labels: y, captureAttention: true });
      const att = out.attention!;
      assert.lengthOf(att.encoderSelf, 2);
      assert.lengthOf(att.decoderSelf, 2);
      assert.lengthOf(att.cross, 2);
      assert.deepEqual(att.encoderSelf[1].shape, [2, 2, 10, 10]);
      assert.deepEqual(att.decoderSelf[0].shape, [2, 2, 5, 5]);
      assert.deepEqual(att.cross[1].shape, [2, 2, 5, 10]);
      assert.deepEqual(att.encoderPositionBias.shape, [2, 10, 10]);
      assert.deepEqual(att.decoderPositionBias.shape, [2, 5, 5]);
      for (const p of [...att.encoderSelf, ...att.decoderSelf, ...att.cross]) {
        const sums = await tf.sum(p, -1).data();
        for (const s of sums) assert.closeTo(s, 1, 1e-5);
      }
      const enc = await att.encoderSelf[0].array();
      const cross = await att.cross[0].array();
      const dec = await att.decoderSelf[1].array();
      for (let h = 0; h < 2; h++) {
        for (let i = 0; i < 10; i++)
          for (let j = 4; j < 10; j++) assert.strictEqual(enc[1][h][i][j], 0, 'pad key in encoder self-attention');
        for (let i = 0; i < 5; i++) for (let j = 4; j < 10; j++) assert.strictEqual(cross[1][h][i][j], 0, 'pad key in cross-attention');
        for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) assert.strictEqual(dec[0][h][i][j], 0, 'future key in decoder');
      }
      tf.dispose([x, y, plain.logits, plain.loss, out.logits, out.loss]);
      disposeAttention(att);
      model.dispose();
    });

    it(`dropout is active only when training and reproducible for a seed on ${backend}`, async () => {
      const model = T5Model.create(TINY, { seed: 7 });
      const x = ids(INPUTS);
      const y = ids(LABELS);
      const value = async (opts: object) => {
        const l = model.loss({ inputIds: x, labels: y, ...opts });
        const v = (await l.data())[0];
        l.dispose();
        return v;
      };
      const evalA = await value({ seed: 1 });
      assert.strictEqual(await value({ seed: 2 }), evalA);
      const trainA = await value({ training: true, seed: 1 });
      assert.strictEqual(await value({ training: true, seed: 1 }), trainA);
      assert.notStrictEqual(await value({ training: true, seed: 2 }), trainA);
      assert.notStrictEqual(trainA, evalA);
      tf.dispose([x, y]);
      model.dispose();
    });
  });
});

describe('T5Model construction and weights', () => {
  it('the relative-bias table is one variable per stack, and every weight is a trainable variable', () => {
    const model = T5Model.create(TINY, { seed: 1 });
    const names = [...model.getWeights().keys()];
    assert.deepEqual(
      names.filter((n) => n.includes('relative_attention_bias')),
      [
        'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
        'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
      ],
    );
    assert.strictEqual(model.trainableVariables.length, names.length);
    assert.isTrue(model.trainableVariables.every((v) => v.trainable));
    model.dispose();
  });

  it('the same seed gives identical weights and a different seed different ones', async () => {
    const a = T5Model.create(TINY, { seed: 9 });
    const b = T5Model.create(TINY, { seed: 9 });
    const c = T5Model.create(TINY, { seed: 10 });
    const name = 'encoder.block.1.layer.0.SelfAttention.q.weight';
    const va = await a.getWeights().get(name)!.data();
    assert.deepEqual(Array.from(va), Array.from(await b.getWeights().get(name)!.data()));
    assert.notDeepEqual(Array.from(va), Array.from(await c.getWeights().get(name)!.data()));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('setWeights and fromWeights name the weight that is unknown, missing or misshapen', () => {
    const model = T5Model.create(TINY, { seed: 1 });
    const bad = tf.zeros([3, 3]);
    assert.throws(
      () => model.setWeights(new Map([['encoder.block.0.layer.0.SelfAttention.q.weight', bad]]), { partial: true }),
      /weight "encoder.block.0.layer.0.SelfAttention.q.weight" has shape \[3, 3\], expected \[8, 8\]/,
    );
    assert.throws(
      () => model.setWeights(new Map([['decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight', bad]]), { partial: true }),
      /is not part of this model/,
    );
    assert.throws(() => model.setWeights(new Map()), /weight "shared.weight" is missing/);
    const copy = T5Model.fromWeights(TINY, model.getWeights());
    assert.strictEqual(copy.trainableVariables.length, model.trainableVariables.length);
    bad.dispose();
    copy.dispose();
    model.dispose();
  });

  it('forward names the bad input', () => {
    const model = T5Model.create(TINY, { seed: 1 });
    const f = tf.zeros([2, 3]) as tf.Tensor2D;
    const i = ids([[1, 2, 3]]);
    const j = ids([[1], [2]]);
    assert.throws(() => model.forward({ inputIds: f, labels: i }), /^inputIds must be int32/);
    assert.throws(() => model.forward({ inputIds: i, labels: j }), /labels batch size \(2\) must equal inputIds batch size \(1\)/);
    tf.dispose([f, i, j]);
    model.dispose();
  });
});
