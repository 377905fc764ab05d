import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { RunStore, requestPersistentStorage } from '../../../src/runs/runStore.ts';
import { createRunRecord, runRecordFromJson, runRecordToJson, type RunRecord } from '../../../src/runs/runRecord.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { Rng } from '../../../src/objectives/rng.ts';

/**
 * Run records and checkpoints in IndexedDB under Chromium's real quota (lowered through the
 * DevTools protocol before this origin touches storage; each test file gets a fresh context).
 */
const DB = 't5lab-runs-quota';

/** Pseudo-random bytes: Chromium compresses IndexedDB values, so zeros would always fit. */
function incompressible(n: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) new DataView(out.buffer).setUint32(i, rng.uint32(), true);
  return out;
}

function record(): RunRecord {
  const config = validateRunConfig({
    data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption' },
    model: { preset: 'bench-nano' },
    steps: 300,
    seed: 7,
  });
  const r = createRunRecord(config, {
    runtime: 'worker',
    backend: 'wasm',
    tfjsVersion: '4.22.0',
    backendWhy: 'wasm is the fastest backend available',
  });
  r.status = 'running';
  r.history = [
    {
      step: 10,
      loss: 5.1,
      learningRate: 0.01,
      gradNorm: 1.2,
      tokensSeen: 25_000,
      examplesSeen: 160,
      tokensPerSecond: 1800,
      memoryBytes: 6e6,
    },
    {
      step: 20,
      loss: 4.2,
      learningRate: 0.01,
      gradNorm: 0.9,
      tokensSeen: 50_000,
      examplesSeen: 320,
      valLoss: 4.4,
      metrics: { 'sentiment/accuracy': 61.5 },
    },
  ];
  return r;
}

describe('run storage', () => {
  before(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin, quotaSize: 4 * 1024 * 1024 });
  });
  after(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin });
  });

  it('a run record round-trips through IndexedDB and through run.json text unchanged', async () => {
    const store = new RunStore(DB);
    const r = record();
    await store.putRun(r);
    assert.deepEqual(await store.getRun(r.id), r);
    assert.deepEqual(runRecordFromJson(runRecordToJson(r)), r);
    assert.throws(
      () => runRecordFromJson(JSON.stringify({ ...r, status: 'sleeping' })),
      /run record: status must be one of created, running/,
    );
    assert.throws(
      () => runRecordFromJson(JSON.stringify({ ...r, config: { ...r.config, steps: 0 } })),
      /run record: config: steps must be an integer ≥ 1/,
    );
  });

  it('keeps the newest checkpoints, prunes older ones, and reports storage used', async () => {
    const store = new RunStore(DB);
    const r = record();
    await store.putRun(r);
    for (const step of [10, 20, 30]) await store.saveCheckpoint(r.id, step, incompressible(300_000, step), 2);
    assert.deepEqual(
      (await store.listCheckpoints(r.id)).map((c) => c.step),
      [20, 30],
    );
    const latest = await store.loadCheckpoint(r.id);
    assert.equal(latest?.step, 30);
    assert.deepEqual(latest?.bytes, incompressible(300_000, 30));
    assert.equal(await store.pruneCheckpoints(r.id, 1), 1);
    assert.deepEqual(
      (await store.listCheckpoints(r.id)).map((c) => c.step),
      [30],
    );
    const info = await store.storageInfo();
    assert.isAtLeast(info.checkpointBytes, 300_000);
    assert.isAbove(info.quota ?? 0, 0);
    assert.isBoolean(await requestPersistentStorage());
  });

  it('deleting a run removes its checkpoints', async () => {
    const store = new RunStore(DB);
    const r = record();
    await store.putRun(r);
    await store.saveCheckpoint(r.id, 1, incompressible(1000, 3), 2);
    await store.deleteRun(r.id);
    assert.isUndefined(await store.getRun(r.id));
    assert.deepEqual(await store.listCheckpoints(r.id), []);
  });

  it('a checkpoint over the quota is refused with an explanation and the saved ones stay intact', async () => {
    const store = new RunStore(DB);
    const r = record();
    await store.putRun(r);
    const first = incompressible(500_000, 1);
    await store.saveCheckpoint(r.id, 100, first, 1);
    let error: Error | undefined;
    try {
      // keep = 1 would prune step 100 in the same transaction: the failure must undo that too.
      await store.saveCheckpoint(r.id, 200, incompressible(6_000_000, 2), 1);
    } catch (err) {
      error = err as Error;
    }
    assert.equal(error?.name, 'StorageError');
    assert.match(
      error!.message,
      /Could not save the checkpoint of step 200: the browser's storage quota for this site is full.*nothing already saved was changed/,
    );
    assert.deepEqual(
      (await store.listCheckpoints(r.id)).map((c) => c.step),
      [100],
    );
    assert.deepEqual((await store.loadCheckpoint(r.id))?.bytes, first);
    assert.deepEqual(await store.getRun(r.id), r);
  });
});
