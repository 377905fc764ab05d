import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { forEachBackend } from '../helpers/backends.ts';
import { validateRunConfig, type RunConfigInput } from '../../../src/training/runConfig.ts';
import { TrainingSession } from '../../../src/training/trainingSession.ts';
import { runTraining } from '../../../src/training/trainingLoop.ts';
import { decodeTrainerState } from '../../../src/training/trainerState.ts';
import type { Dataset } from '../../../src/data/parseDataset.ts';

/** A small in-memory corpus (real text, so span corruption has something to work on). */
const CORPUS: Dataset = {
  kind: 'corpus',
  name: 'tiny',
  documents: Array.from(
    { length: 40 },
    (_, i) =>
      `Document ${i}: the quick brown fox jumps over the lazy dog ${i % 7} times, and the cat watches from the ${['porch', 'roof', 'garden'][i % 3]}.`,
  ),
};
const env = { loadDataset: async (name: string) => (name === 'tiny' ? CORPUS : Promise.reject(new RangeError(`no dataset ${name}`))) };

const TINY_MODEL = {
  dModel: 16,
  dFf: 32,
  numHeads: 2,
  dKv: 8,
  numLayers: 1,
  numDecoderLayers: 1,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  dropoutRate: 0.1,
};

function config(overrides: Partial<RunConfigInput> = {}) {
  return validateRunConfig({
    data: { kind: 'pretrain', corpus: 'tiny', objective: 'span_corruption', docsPerStream: 4 },
    model: { overrides: TINY_MODEL },
    batch: { size: 2, inputLength: 16, targetLength: 6 },
    schedule: { kind: 'constant', value: 0.01 },
    steps: 4,
    seed: 5,
    logEvery: 1,
    evalEvery: 0,
    evalExamples: 2,
    checkpointEvery: 2,
    ...overrides,
  });
}

async function weightsOf(session: TrainingSession): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of session.model.getWeights()) out.set(name, (await t.data()) as Float32Array);
  return out;
}

forEachBackend((backend) => {
  describe('training session', () => {
    it(`full training steps (Adafactor, packing, clipping) leave tf.memory().numTensors flat on ${backend}`, async () => {
      const session = await TrainingSession.start(
        config({ batch: { size: 2, inputLength: 16, targetLength: 6, pack: true }, clipGradientNorm: 1 }),
        env,
      );
      await session.trainStep();
      await session.trainStep(); // slots and bias caches exist from here on
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await session.trainStep();
      assert.equal(tf.memory().numTensors, before);
      session.dispose();
    });

    it(`a run resumed from a checkpoint continues the same loss curve as an uninterrupted one on ${backend}`, async () => {
      const whole = await TrainingSession.start(config(), env);
      await runTraining(whole, {}, { finalEvaluation: false });
      const saved: Uint8Array[] = [];
      const first = await TrainingSession.start(config({ steps: 2 }), env);
      await runTraining(first, { onCheckpoint: async (bytes) => void saved.push(bytes) }, { finalEvaluation: false });
      first.dispose();
      assert.equal(saved.length, 1);
      const resumed = await TrainingSession.resume(config(), env, saved[0]);
      assert.equal(resumed.step, 2);
      await runTraining(resumed, {}, { finalEvaluation: false, resumedFromStep: 2 });
      assert.isTrue(
        whole.history.every((h) => h.loss > 0 && Number.isFinite(h.loss)),
        'real losses',
      );
      assert.deepEqual(
        resumed.history.map((h) => [h.step, h.loss]),
        whole.history.map((h) => [h.step, h.loss]),
      );
      const a = await weightsOf(whole);
      const b = await weightsOf(resumed);
      for (const [name, w] of a) assert.deepEqual(Array.from(b.get(name)!), Array.from(w), name);
      whole.dispose();
      resumed.dispose();
    });

    it(`a NaN/Inf loss stops the run with a clear message and the last good checkpoint intact on ${backend}`, async () => {
      const session = await TrainingSession.start(config({ steps: 10, checkpointEvery: 1 }), env);
      const saved = new Map<number, Uint8Array>();
      const outcome = await runTraining(session, {
        onCheckpoint: async (bytes, step) => {
          saved.set(step, bytes);
          // Divergence after step 2: one embedding row becomes NaN (the checkpoint was taken before).
          if (step === 2) {
            const table = session.model.getWeights().get('shared.weight')!;
            const poisoned = tf.tidy(() => tf.concat([tf.fill([1, table.shape[1]!], NaN), tf.slice(table, [1, 0], [-1, -1])]));
            session.model.setWeights(new Map([['shared.weight', poisoned]]), { partial: true });
            poisoned.dispose();
          }
        },
      });
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error!, /^training diverged at step 3: the loss is NaN and the gradient norm NaN; the weights were not updated/);
      assert.match(outcome.error!, /the last good checkpoint is at step 2$/);
      assert.equal(outcome.lastCheckpointStep, 2);
      assert.equal(outcome.step, 2, 'the failed step applied no update');
      const last = decodeTrainerState(saved.get(2)!);
      assert.equal(last.meta.step, 2);
      assert.isTrue(
        [...last.weights.values()].every((w) => w.values.every(Number.isFinite)),
        'the checkpoint holds finite weights',
      );
      assert.isFalse(saved.has(3));
      session.dispose();
    });
  });
});

describe('run config', () => {
  it('fills the paper recipe by default and names a bad field', () => {
    const c = validateRunConfig({ data: { kind: 'pretrain', corpus: 'tiny', objective: 'span_corruption' } });
    assert.deepEqual(c.schedule, { kind: 'inverse-sqrt', warmupSteps: 10_000, scale: 1 });
    assert.equal(c.optimizer.kind, 'adafactor');
    assert.deepEqual(c.batch, { size: 16, inputLength: 128, targetLength: 29, pack: false });
    assert.deepEqual(validateRunConfig({ data: { kind: 'tasks', tasks: ['sentiment'] } }).schedule, { kind: 'constant', value: 0.001 });
    assert.throws(
      () => validateRunConfig({ data: { kind: 'pretrain', corpus: 'tiny', objective: 'gpt' as never } }),
      /data\.objective must be one of/,
    );
    assert.throws(() => validateRunConfig({ data: { kind: 'tasks', tasks: [] } }), /data\.tasks must be a non-empty array/);
    assert.throws(() => validateRunConfig({ ...c, evalEvery: -1 }), /evalEvery must be an integer ≥ 0/);
    assert.throws(
      () => validateRunConfig({ ...c, model: { overrides: { numHeads: 0 } } }),
      /model\.overrides: numHeads must be a positive integer/,
    );
  });
});
