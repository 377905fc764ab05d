import { assert } from '@esm-bundle/chai';
import { resumeRun, startRun } from '../../../src/worker/trainingClient.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import { decodeTrainerState } from '../../../src/training/trainerState.ts';

const DB = 't5lab-divergence-test';
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

describe('divergence in the training worker', () => {
  after(async () => {
    await closeT5labDb(DB);
    await new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(DB);
      req.onsuccess = req.onerror = req.onblocked = resolve;
    });
  });

  it('a run with learning rate 1e3 ends "diverged" with a message, and keeps no checkpoint from after the blow-up', async function () {
    this.timeout(120_000);
    const handle = await startRun(
      {
        data: { kind: 'tasks', tasks: ['sentiment'] },
        model: { overrides: TINY_MODEL },
        batch: { size: 4, inputLength: 48, targetLength: 12 },
        schedule: { kind: 'constant', value: 1000 },
        steps: 40,
        seed: 2,
        logEvery: 1,
        evalEvery: 0,
        evalExamples: 4,
        checkpointEvery: 1,
      },
      { backend: 'wasm', dbName: DB },
    );
    const outcome = await handle.done;
    assert.equal(outcome.status, 'diverged', outcome.message);
    assert.match(outcome.message!, /^training diverged at step \d+: /);
    const store = new RunStore(DB);
    const record = await store.getRun(handle.runId);
    assert.equal(record!.status, 'diverged');
    assert.equal(record!.message, outcome.message);
    const checkpoint = await store.loadCheckpoint(handle.runId);
    if (checkpoint) {
      const state = decodeTrainerState(checkpoint.bytes);
      assert.isBelow(state.meta.step, outcome.step, 'the kept checkpoint predates the divergence');
      assert.isTrue([...state.weights.values()].every((w) => w.values.every(Number.isFinite)));
    }
  });

  it('resuming with steps not above the checkpoint is refused and leaves the stored run as it was', async function () {
    this.timeout(120_000);
    const handle = await startRun(
      {
        data: { kind: 'tasks', tasks: ['sentiment'] },
        model: { overrides: TINY_MODEL },
        batch: { size: 4, inputLength: 48, targetLength: 12 },
        schedule: { kind: 'constant', value: 0.01 },
        steps: 3,
        seed: 2,
        logEvery: 1,
        evalEvery: 0,
        evalExamples: 4,
        checkpointEvery: 3,
      },
      { backend: 'wasm', dbName: DB },
    );
    assert.equal((await handle.done).status, 'completed');
    const store = new RunStore(DB);
    const before = await store.getRun(handle.runId);
    const again = await resumeRun(handle.runId, { backend: 'wasm', dbName: DB, steps: 2 });
    const outcome = await again.done;
    assert.notEqual(outcome.status, 'completed');
    assert.match(outcome.message!, /checkpoint is at step 3 already/);
    assert.deepEqual(await store.getRun(handle.runId), before);
  });
});
