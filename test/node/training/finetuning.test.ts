import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { validateRunConfig, type RunConfigInput } from '../../../src/training/runConfig.ts';
import { TrainingSession } from '../../../src/training/trainingSession.ts';
import { runTraining } from '../../../src/training/trainingLoop.ts';
import {
  isTrainable,
  trainableWeightNames,
  trainedParameterCount,
  unfrozenBlocks,
  validateFinetune,
  totalParameterCount,
} from '../../../src/training/finetuning.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { isAdapterWeight, weightShapes } from '../../../src/model/weightShapes.ts';
import type { Dataset } from '../../../src/data/parseDataset.ts';

const CORPUS: Dataset = {
  kind: 'corpus',
  name: 'tiny',
  documents: Array.from(
    { length: 40 },
    (_, i) =>
      `Document ${i}: the quick brown fox jumps over the lazy dog ${i % 7} times, and the cat watches from the ${['porch', 'roof', 'garden'][i % 3]}.`,
  ),
};
const MODEL = {
  dModel: 16,
  dFf: 32,
  numHeads: 2,
  dKv: 8,
  numLayers: 2,
  numDecoderLayers: 2,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  dropoutRate: 0.1,
};
const env = { loadDataset: async (name: string) => (name === 'tiny' ? CORPUS : Promise.reject(new RangeError(`no dataset ${name}`))) };

function config(overrides: Partial<RunConfigInput> = {}) {
  return validateRunConfig({
    data: { kind: 'pretrain', corpus: 'tiny', objective: 'span_corruption', docsPerStream: 4 },
    model: { overrides: MODEL },
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

async function weightsOf(model: T5Model): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of model.getWeights()) out.set(name, new Float32Array((await t.data()) as Float32Array));
  return out;
}

const slotWeights = async (session: TrainingSession) =>
  new Set([...(await session.optimizer.getState()).slots.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))));

describe('fine-tuning strategies', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('validateFinetune fills full by default and names the bad field', () => {
    assert.deepEqual(validateFinetune(undefined), { strategy: 'full' });
    assert.deepEqual(validateFinetune({ strategy: 'adapters', adapterDim: 32 }), { strategy: 'adapters', adapterDim: 32 });
    assert.throws(
      () => validateFinetune({ strategy: 'lora' }),
      /finetune\.strategy must be one of "full", "adapters", "gradual-unfreezing"/,
    );
    assert.throws(() => validateFinetune({ strategy: 'adapters' }), /finetune\.adapterDim must be a positive integer \(got nothing\)/);
    assert.throws(
      () => validateFinetune({ strategy: 'gradual-unfreezing', unfreezeEvery: 0 }),
      /finetune\.unfreezeEvery must be a positive integer/,
    );
    assert.throws(
      () => validateFinetune({ strategy: 'full', adapterDim: 4 }),
      /finetune\.adapterDim applies only to the "adapters" strategy/,
    );
    assert.throws(() => validateRunConfig({ data: config().data, finetune: { strategy: 'x' } as never }), /finetune\.strategy/);
  });

  it('gradual unfreezing adds one block per stack from the top every k steps', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 100].map((s) => unfrozenBlocks(3, s, 2)),
      [1, 1, 2, 2, 3, 3, 3],
    );
    const c = validateConfig({ ...MODEL, numLayers: 3, numDecoderLayers: 3, vocabSize: 384 });
    const spec = { strategy: 'gradual-unfreezing', unfreezeEvery: 2 } as const;
    const at0 = new Set(trainableWeightNames(c, spec, 0));
    // Embeddings and the final norms always train; the top block of both stacks from step 0.
    for (const n of ['shared.weight', 'encoder.final_layer_norm.weight', 'decoder.final_layer_norm.weight']) assert.ok(at0.has(n), n);
    assert.ok(at0.has('encoder.block.2.layer.1.DenseReluDense.wi.weight'));
    assert.ok(at0.has('decoder.block.2.layer.1.EncDecAttention.q.weight'));
    assert.ok(!at0.has('encoder.block.1.layer.0.SelfAttention.q.weight'));
    assert.ok(!at0.has('decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'));
    assert.ok(isTrainable(c, spec, 'encoder.block.1.layer.0.SelfAttention.q.weight', 2));
    assert.ok(!isTrainable(c, spec, 'encoder.block.0.layer.0.SelfAttention.q.weight', 3));
    assert.ok(isTrainable(c, spec, 'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight', 4));
    assert.equal(trainedParameterCount(c, spec, 4), totalParameterCount(c));
    assert.ok(trainedParameterCount(c, spec, 0) < trainedParameterCount(c, spec, 2));
  });

  it('adapters train only the adapter weights and the layer norms (hand count)', () => {
    const c = validateConfig({ ...MODEL, vocabSize: 384, adapterDim: 4 });
    const names = trainableWeightNames(c, { strategy: 'adapters', adapterDim: 4 }, 0)!;
    assert.ok(names.every((n) => isAdapterWeight(n) || n.endsWith('layer_norm.weight')));
    // 4 blocks × 2·16·4 adapter weights + norms: encoder 2·2 + 1, decoder 2·3 + 1 = 12 norms of 16.
    assert.equal(trainedParameterCount(c, { strategy: 'adapters', adapterDim: 4 }, 0), 4 * 128 + 12 * 16);
  });

  for (const finetune of [
    { strategy: 'adapters', adapterDim: 4 },
    { strategy: 'gradual-unfreezing', unfreezeEvery: 2 },
  ] as const) {
    it(`${finetune.strategy}: frozen weights are bit-identical after training and have no optimizer slots`, async () => {
      for (const optimizer of [{ kind: 'adafactor' }, { kind: 'adamw', weightDecay: 0.1 }] as const) {
        const session = await TrainingSession.start(config({ finetune, optimizer, steps: 2 }), env);
        const c = session.model.config;
        if (finetune.strategy === 'adapters') assert.equal(c.adapterDim, 4);
        const start = await weightsOf(session.model);
        await runTraining(session, {}, { finalEvaluation: false });
        assert.equal(session.step, 2);
        const end = await weightsOf(session.model);
        const slots = await slotWeights(session);
        // Trained during steps 0 and 1 (gradual: only the top block; the bottom one unfreezes at step 2).
        const trained = new Set([...weightShapes(c).keys()].filter((n) => isTrainable(c, finetune, n, 1)));
        assert.ok(trained.size > 0 && trained.size < start.size);
        for (const [name, w] of start) {
          if (trained.has(name)) continue;
          assert.deepEqual(end.get(name), w, `${name} (${optimizer.kind}) stays bit-identical`);
          assert.ok(!slots.has(name), `${name} has no ${optimizer.kind} slot`);
        }
        for (const name of slots) assert.ok(trained.has(name), `slot for trained ${name}`);
        const moved = [...trained]
          .filter((n) => !n.endsWith('adapter.wi.weight'))
          .some((n) => !start.get(n)!.every((v, i) => v === end.get(n)![i]));
        assert.ok(moved, 'trained weights moved');
        session.dispose();
      }
    });

    it(`${finetune.strategy}: a resumed run repeats the uninterrupted one bit for bit`, async () => {
      const whole = await TrainingSession.start(config({ finetune, steps: 5 }), env);
      await runTraining(whole, {}, { finalEvaluation: false });
      const saved: Uint8Array[] = [];
      const first = await TrainingSession.start(config({ finetune, steps: 2 }), env);
      await runTraining(first, { onCheckpoint: async (b) => void saved.push(b) }, { finalEvaluation: false });
      first.dispose();
      const resumed = await TrainingSession.resume(config({ finetune, steps: 5 }), env, saved[0]);
      await runTraining(resumed, {}, { finalEvaluation: false, resumedFromStep: 2 });
      assert.deepEqual(
        resumed.history.map((h) => [h.step, h.loss]),
        whole.history.map((h) => [h.step, h.loss]),
      );
      const a = await weightsOf(whole.model);
      const b = await weightsOf(resumed.model);
      for (const [name, w] of a) assert.deepEqual(b.get(name), w, name);
      const sa = (await whole.optimizer.getState()).slots;
      const sb = (await resumed.optimizer.getState()).slots;
      assert.deepEqual([...sb.keys()].sort(), [...sa.keys()].sort());
      for (const [k, s] of sa) assert.deepEqual(sb.get(k)!.values, s.values, k);
      whole.dispose();
      resumed.dispose();
    });
  }

  it('adapters on a pre-trained model: the base weights are the loaded ones and stay unchanged', async () => {
    const pre = T5Model.create({ ...MODEL, vocabSize: 384 }, { seed: 9 });
    const loaded = await weightsOf(pre);
    const session = await TrainingSession.start(
      config({ init: { kind: 'run', runId: 'r' }, finetune: { strategy: 'adapters', adapterDim: 8 }, steps: 2 }),
      {
        ...env,
        loadInitialModel: async () => pre,
      },
    );
    await runTraining(session, {}, { finalEvaluation: false });
    const end = await weightsOf(session.model);
    for (const [name, w] of loaded) if (!name.endsWith('layer_norm.weight')) assert.deepEqual(end.get(name), w, name);
    session.dispose();
  });

  it('training steps with adapters leave tf.memory().numTensors flat', async () => {
    const session = await TrainingSession.start(config({ finetune: { strategy: 'adapters', adapterDim: 4 }, steps: 10 }), env);
    await session.trainStep();
    await session.trainStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await session.trainStep();
    assert.equal(tf.memory().numTensors, before);
    session.dispose();
  });
});
