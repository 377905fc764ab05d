import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { withDynamicShapes } from '../../../src/model/dynamicShapes.ts';
import { compiledShaderPrograms } from '../../../src/backend/shaderPrograms.ts';
import { TINY, ids } from './fixtures.ts';

const FLAG = 'WEBGL_USE_SHAPES_UNIFORMS';

/** Shader programs the active GPU backend has compiled so far. */
function compiledPrograms(): number {
  return compiledShaderPrograms() ?? 0;
}

forEachBackend(
  (backend) => {
    describe('decoding shapes', () => {
      it(`a longer decode, and another input of a similar length, compile no new shaders on ${backend}`, async () => {
        const model = T5Model.create(TINY, { seed: 35 });
        const first = ids([[5, 17, 42, 1]]);
        const other = ids([[12, 99, 3, 8, 8, 21, 1]]);
        // Two calls to warm up: tfjs-webgpu runs small ops on the CPU while their inputs still live
        // there, so the first call of a model compiles one shader fewer than later calls.
        for (let i = 0; i < 2; i++) await model.generate(first, { maxSteps: 4 });
        const before = compiledPrograms();
        const longer = await model.generate(first, { maxSteps: 14 });
        const again = await model.generate(other, { maxSteps: 14 });
        // Every step ran (no early EOS), so lengths 5..14 and the second input really were decoded.
        assert.lengthOf(longer.sequences[0], 14);
        assert.lengthOf(again.sequences[0], 14);
        assert.isAbove(before, 0);
        assert.strictEqual(compiledPrograms(), before);
        tf.dispose([first, other]);
        model.dispose();
      });

      it(`a decoder-only or prefix-LM model's longer decode, and another input of a similar length, compile no new shaders on ${backend}`, async () => {
        for (const architecture of ['decoder-only', 'prefix-lm'] as const) {
          const model = T5Model.create({ ...TINY, architecture }, { seed: 36 });
          const first = ids([[5, 17, 42, 1]]);
          const other = ids([[12, 99, 3, 8, 8, 21, 1]]);
          for (let i = 0; i < 2; i++) await model.generate(first, { maxSteps: 4 });
          const before = compiledPrograms();
          const longer = await model.generate(first, { maxSteps: 12 });
          const again = await model.generate(other, { maxSteps: 12 });
          assert.lengthOf(longer.sequences[0], 12, architecture);
          assert.lengthOf(again.sequences[0], 12, architecture);
          assert.strictEqual(compiledPrograms(), before, `${architecture}: new shader programs`);
          tf.dispose([first, other]);
          model.dispose();
        }
      });
    });
  },
  ['webgl', 'webgpu'],
);

forEachBackend(() => {
  describe('withDynamicShapes', () => {
    it('turns WebGL shape uniforms on while its function runs, and back off after it resolves or rejects', async () => {
      assert.isFalse(tf.env().getBool(FLAG));
      const inside = await withDynamicShapes(async () => {
        await new Promise((r) => setTimeout(r, 1));
        // Nested calls keep the flag on until the outermost one ends.
        const nested = withDynamicShapes(() => tf.env().getBool(FLAG));
        return nested && tf.env().getBool(FLAG);
      });
      assert.isTrue(inside);
      assert.isFalse(tf.env().getBool(FLAG));
      let error: unknown;
      await withDynamicShapes(async () => {
        throw new Error('boom');
      }).catch((e: unknown) => (error = e));
      assert.strictEqual((error as Error).message, 'boom');
      assert.isFalse(tf.env().getBool(FLAG));
      assert.throws(() =>
        withDynamicShapes(() => {
          throw new RangeError('sync');
        }),
      );
      assert.isFalse(tf.env().getBool(FLAG));
    });

    it('leaves a flag the page set itself as it was', async () => {
      tf.env().set(FLAG, true);
      try {
        await withDynamicShapes(async () => undefined);
        assert.isTrue(tf.env().getBool(FLAG));
      } finally {
        tf.env().set(FLAG, false);
      }
    });
  });
}, ['webgl']);
