import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { Dropout } from '../../../src/model/layers.ts';
import { decoderOnlyRows } from '../../../src/model/decoderOnly.ts';
import { maskCells, type MaskPattern } from '../../../src/model/architecture.ts';
import type { T5Config } from '../../../src/model/config.ts';
import { TINY, ids, maxAbsDiff } from './fixtures.ts';

const BASE: Partial<T5Config> = { ...TINY, dropoutRate: 0 };
const INPUT = [[5, 17, 42, 9, 33]];
const LABEL = [[7, 20, 64, 1]];
const L = INPUT[0].length;

/** Hidden states of every position of inputs ⧺ shiftRight(labels), per position. */
async function states(model: T5Model, input: number[][], labels: number[][]): Promise<number[][]> {
  const x = ids(input);
  const y = ids(labels);
  const rows = tf.tidy(() => decoderOnlyRows(model, x, y, new Dropout(0, false, 0)));
  const out = (await rows.array()) as number[][];
  tf.dispose([x, y, rows]);
  return out;
}

const withToken = (rows: number[][], at: number, id: number) => rows.map((r) => r.map((v, i) => (i === at ? id : v)));

forEachBackend((backend) => {
  describe('architectures', () => {
    it(`a decoder-only model's position p never sees a later token, but does see earlier ones, on ${backend}`, async () => {
      const model = T5Model.create({ ...BASE, architecture: 'decoder-only' }, { seed: 3 });
      const base = await states(model, INPUT, LABEL);
      // Input token 3 sits at sequence position 3: positions 0..2 must not move, 3.. must.
      const changed = await states(model, withToken(INPUT, 3, 88), LABEL);
      for (let p = 0; p < 3; p++) assert.isBelow(maxAbsDiff(base[p], changed[p]), 1e-6, `position ${p}`);
      for (let p = 3; p < base.length; p++) assert.isAbove(maxAbsDiff(base[p], changed[p]), 1e-4, `position ${p}`);
      model.dispose();
    });

    it(`a prefix LM sees the whole prefix from every prefix position but no later target, on ${backend}`, async () => {
      const model = T5Model.create({ ...BASE, architecture: 'prefix-lm' }, { seed: 4 });
      const base = await states(model, INPUT, LABEL);
      const laterPrefix = await states(model, withToken(INPUT, L - 1, 88), LABEL);
      for (let p = 0; p < L - 1; p++)
        assert.isAbove(maxAbsDiff(base[p], laterPrefix[p]), 1e-4, `prefix position ${p} sees the last prefix token`);
      // labels[1] enters the sequence at position L + 2 (after the start token and labels[0]).
      const laterTarget = await states(model, INPUT, withToken(LABEL, 1, 88));
      for (let p = 0; p < L + 2; p++)
        assert.isBelow(maxAbsDiff(base[p], laterTarget[p]), 1e-6, `position ${p} does not see position ${L + 2}`);
      assert.isAbove(maxAbsDiff(base[L + 2], laterTarget[L + 2]), 1e-4);
      model.dispose();
    });

    it(`the attention a decoder-only or prefix-LM model computes is zero exactly where the mask figure hides a key, on ${backend}`, async () => {
      const tokens = [...INPUT[0], 0, ...LABEL[0].slice(0, -1)].map(String);
      for (const [architecture, pattern] of [
        ['decoder-only', 'causal'],
        ['prefix-lm', 'causal-with-prefix'],
      ] as const) {
        const model = T5Model.create({ ...BASE, architecture }, { seed: 5 });
        const x = ids(INPUT);
        const y = ids(LABEL);
        const out = model.forward({ inputIds: x, labels: y, captureAttention: true });
        const cells = maskCells(pattern as MaskPattern, tokens, L);
        const N = tokens.length;
        for (const layer of out.attention!.decoderSelf) {
          const probs = (await layer.array())[0];
          for (const head of probs) {
            for (const cell of cells) {
              const p = head[cell.query][cell.key];
              assert.strictEqual(p > 0, cell.visible, `${architecture} query ${cell.query} key ${cell.key} (N=${N})`);
            }
          }
        }
        tf.dispose([
          x,
          y,
          out.logits,
          out.loss,
          ...out.attention!.decoderSelf,
          out.attention!.encoderPositionBias,
          out.attention!.decoderPositionBias,
        ]);
        model.dispose();
      }
    });

    it(`a decoder-only model's target logits do not depend on how much padding follows the inputs, on ${backend}`, async () => {
      for (const architecture of ['decoder-only', 'prefix-lm'] as const) {
        const model = T5Model.create({ ...BASE, architecture }, { seed: 9 });
        const logitsFor = async (input: number[][]) => {
          const x = ids(input);
          const y = ids([LABEL[0], LABEL[0]]);
          const out = model.forward({ inputIds: x, labels: y });
          const v = await out.logits.data();
          tf.dispose([x, y, out.logits, out.loss]);
          return v;
        };
        const tight = await logitsFor([
          [5, 17, 42],
          [12, 99, 3],
        ]);
        const padded = await logitsFor([
          [5, 17, 42, 0, 0],
          [12, 99, 3, 0, 0],
        ]);
        assert.isBelow(maxAbsDiff(tight, padded), 1e-4, architecture);
        model.dispose();
      }
    });

    it(`greedy decoding continues with the token teacher forcing ranks first, for shared and decoder-only models, on ${backend}`, async () => {
      for (const architecture of ['encoder-decoder-shared', 'decoder-only', 'prefix-lm'] as const) {
        const model = T5Model.create({ ...BASE, architecture }, { seed: 8 });
        const x = ids(INPUT);
        const { sequences } = await model.generate(x, { maxSteps: 3 });
        // Teacher-force the generated prefix: each generated token is the argmax at its position.
        const y = ids([[...sequences[0], ...Array(4 - sequences[0].length).fill(0)]]);
        const out = model.forward({ inputIds: x, labels: y });
        const argmax = tf.argMax(out.logits, -1);
        const best = (await argmax.array()) as number[][];
        assert.deepEqual(best[0].slice(0, sequences[0].length), sequences[0], architecture);
        tf.dispose([x, y, out.logits, out.loss, argmax]);
        model.dispose();
      }
    });

    it(`shared enc-dec uses one stack's weights for both uses, so gradients add up, on ${backend}`, async () => {
      const shared = T5Model.create({ ...BASE, architecture: 'encoder-decoder-shared' }, { seed: 6 });
      const names = [...shared.getWeights().keys()];
      assert.notInclude(names, 'decoder.block.0.layer.0.SelfAttention.q.weight');
      assert.include(names, 'decoder.block.0.layer.1.EncDecAttention.q.weight');
      // The same function with the decoder's copies as separate variables (plain enc-dec).
      const copies = new Map<string, tf.Tensor>();
      const plain = T5Model.create(BASE, { seed: 0 });
      for (const name of plain.getWeights().keys()) copies.set(name, shared.w(name));
      plain.setWeights(copies);
      const x = ids(INPUT);
      const y = ids(LABEL);
      const a = tf.variableGrads(() => shared.loss({ inputIds: x, labels: y }));
      const b = tf.variableGrads(() => plain.loss({ inputIds: x, labels: y }));
      assert.closeTo((await a.value.data())[0], (await b.value.data())[0], 1e-5);
      const gradOf = (m: T5Model, g: tf.NamedTensorMap, name: string) => g[(m.getWeights().get(name) as tf.Variable).name];
      for (const [enc, dec] of [
        ['encoder.block.1.layer.0.SelfAttention.q.weight', 'decoder.block.1.layer.0.SelfAttention.q.weight'],
        ['encoder.block.0.layer.1.DenseReluDense.wo.weight', 'decoder.block.0.layer.2.DenseReluDense.wo.weight'],
        ['encoder.final_layer_norm.weight', 'decoder.final_layer_norm.weight'],
      ]) {
        const sum = tf.add(gradOf(plain, b.grads, enc), gradOf(plain, b.grads, dec));
        const got = await gradOf(shared, a.grads, enc).data();
        assert.isBelow(maxAbsDiff(got, await sum.data()), 1e-4, enc);
        sum.dispose();
      }
      tf.dispose([x, y, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
      shared.dispose();
      plain.dispose();
    });
  });
});
