import { assert } from '@esm-bundle/chai';
import {
  experimentRunName,
  runExperiment,
  validateExperiment,
  type Experiment,
  type QueueProgress,
} from '../../../src/experiments/queue.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import type { RunConfigInput } from '../../../src/training/runConfig.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';

const DB = 't5lab-queue-test';
const TINY_MODEL = {
  dModel: 16,
  dFf: 32,
  numHeads: 2,
  dKv: 8,
  numLayers: 1,
  numDecoderLayers: 1,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
};

function config(steps: number, extra: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    data: { kind: 'tasks', tasks: ['sentiment'] },
    model: { overrides: TINY_MODEL },
    batch: { size: 4, inputLength: 32, targetLength: 8 },
    schedule: { kind: 'constant', value: 0.01 },
    steps,
    seed: 3,
    logEvery: 1,
    evalEvery: 0,
    evalExamples: 4,
    checkpointEvery: 2,
    ...extra,
  };
}

describe('experiment queue', () => {
  after(async () => {
    await closeT5labDb(DB);
    indexedDB.deleteDatabase(DB);
  });

  it('rejects an entry that fine-tunes a later or unknown entry, naming it', () => {
    assert.throws(
      () =>
        validateExperiment({
          id: 'x',
          entries: [
            { key: 'a', config: config(1), initFrom: 'b' },
            { key: 'b', config: config(1) },
          ],
        }),
      /entries\[0\]\.initFrom "b"/,
    );
    assert.throws(() => validateExperiment({ id: 'x/y', entries: [{ key: 'a', config: config(1) }] }), /experiment\.id/);
  });

  it('trains the entries one after another in the worker, stores them under the experiment id, and fine-tunes from an earlier entry', async () => {
    const experiment: Experiment = {
      id: 'order',
      entries: [
        { key: 'first', config: config(2) },
        { key: 'second', config: config(2), initFrom: 'first' },
      ],
    };
    const events: QueueProgress[] = [];
    const runs = await runExperiment(experiment, { backend: 'wasm', dbName: DB, onProgress: (e) => events.push(e) });
    const order = events.filter((e) => e.type === 'start' || e.type === 'done').map((e) => `${e.type}:${e.key}`);
    assert.deepEqual(order, ['start:first', 'done:first', 'start:second', 'done:second']);
    const first = runs.get('first')!;
    const second = runs.get('second')!;
    assert.equal(first.name, experimentRunName('order', 'first'));
    assert.equal(first.status, 'completed');
    assert.deepEqual(second.config.init, { kind: 'run', runId: first.id });
    assert.isAtLeast(second.createdAt, first.finishedAt!);
  });

  it('skips completed runs on a second pass, and a cancelled run resumes from its checkpoint', async () => {
    const experiment: Experiment = {
      id: 'resume',
      entries: [
        { key: 'done-first', config: config(2) },
        { key: 'long', config: config(10) },
      ],
    };
    await runExperiment({ id: 'resume', entries: [experiment.entries[0]] }, { backend: 'wasm', dbName: DB });

    const controller = new AbortController();
    const firstPass: QueueProgress[] = [];
    const cancelled = runExperiment(experiment, {
      backend: 'wasm',
      dbName: DB,
      signal: controller.signal,
      onProgress: (e) => {
        firstPass.push(e);
        if (e.type === 'step' && e.key === 'long' && e.step >= 5) controller.abort();
      },
    });
    let error: unknown;
    await cancelled.catch((err) => (error = err));
    assert.equal((error as Error)?.name, 'AbortError');
    assert.equal(firstPass[0].type, 'skip', 'the completed entry is not trained again');
    const longId =
      firstPass.find((e) => e.type === 'start' && e.key === 'long')!.type === 'start'
        ? (firstPass.find((e) => e.type === 'start' && e.key === 'long') as Extract<QueueProgress, { type: 'start' }>).runId
        : '';
    const stopped = await new RunStore(DB).getRun(longId);
    assert.equal(stopped?.status, 'stopped');
    assert.isAbove(stopped!.checkpoints.length, 0);
    assert.isBelow(stopped!.step, 10);

    const secondPass: QueueProgress[] = [];
    const runs = await runExperiment(experiment, { backend: 'wasm', dbName: DB, onProgress: (e) => secondPass.push(e) });
    const start = secondPass.find((e) => e.type === 'start') as Extract<QueueProgress, { type: 'start' }>;
    assert.deepEqual([secondPass[0].type, start.key, start.runId, start.resumed], ['skip', 'long', longId, true]);
    const steps = secondPass.filter((e) => e.type === 'step').map((e) => (e as Extract<QueueProgress, { type: 'step' }>).step);
    assert.isAbove(steps[0], 1, 'the resumed run continues from its checkpoint, not from step 1');
    assert.equal(runs.get('long')?.status, 'completed');
    assert.equal(runs.get('long')?.step, 10);
  });
});
