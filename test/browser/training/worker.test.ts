import { assert } from '@esm-bundle/chai';
import { listRuns, resumeRun, startRun, type RunHandle } from '../../../src/worker/trainingClient.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import { createRunRecord, currentEnvironment } from '../../../src/runs/runRecord.ts';
import { validateRunConfig, type RunConfigInput } from '../../../src/training/runConfig.ts';
import type { RunEvent } from '../../../src/worker/protocol.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';

const DB = 't5lab-worker-test';
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

function config(overrides: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    data: { kind: 'tasks', tasks: ['sentiment'] },
    model: { overrides: TINY_MODEL },
    batch: { size: 4, inputLength: 48, targetLength: 12 },
    schedule: { kind: 'constant', value: 0.01 },
    steps: 6,
    seed: 2,
    logEvery: 2,
    evalEvery: 0,
    evalExamples: 4,
    checkpointEvery: 3,
    ...overrides,
  };
}

/** Resolves with the first event matching `pred` (and every event seen until then). */
function waitFor(handle: RunHandle, pred: (e: RunEvent) => boolean): Promise<RunEvent> {
  return new Promise((resolve, reject) => {
    const off = handle.subscribe((e) => {
      if (pred(e)) {
        off();
        resolve(e);
      } else if (e.type === 'done') {
        off();
        reject(new Error(`run ended (${JSON.stringify(e.outcome)}) before the awaited event`));
      }
    });
  });
}

describe('training worker', () => {
  after(async () => {
    await closeT5labDb(DB);
    indexedDB.deleteDatabase(DB);
  });

  it('trains in a real module worker, streams metrics and checkpoints, and stores a completed run record', async () => {
    const handle = await startRun(config(), { backend: 'wasm', dbName: DB });
    const events: RunEvent[] = [];
    handle.subscribe((e) => events.push(e));
    const metrics: number[] = [];
    for await (const m of handle.metrics()) {
      metrics.push(m.step);
      assert.isAbove(m.memory.numTensors, 0);
      assert.isTrue(Number.isFinite(m.loss));
    }
    const outcome = await handle.done;
    assert.equal(outcome.status, 'completed', outcome.message);
    assert.deepEqual(metrics, [2, 4, 6]);
    const backend = events.find((e) => e.type === 'backend');
    assert.equal(backend?.type === 'backend' && backend.environment.backend, 'wasm');
    assert.deepEqual(
      events.filter((e) => e.type === 'checkpoint').map((e) => e.type === 'checkpoint' && e.step),
      [3, 6],
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.step),
      [1, 2, 3, 4, 5, 6],
    );
    const record = await new RunStore(DB).getRun(handle.runId);
    assert.equal(record?.status, 'completed');
    assert.equal(record?.environment.runtime, 'worker');
    assert.match(record!.environment.tfjsVersion, /^4\./);
    assert.deepEqual(
      record?.history.map((h) => h.step),
      [2, 4, 6],
    );
    assert.equal(typeof record?.history[2].metrics?.['sentiment/accuracy'], 'number');
    assert.equal(record?.samples?.length, 4);
    assert.deepEqual(
      record?.checkpoints.map((c) => c.step),
      [3, 6],
    );
  });

  it('stops at once, keeps the last checkpoint, and resumes on the same loss curve', async () => {
    const reference = await startRun(config({ steps: 8, checkpointEvery: 2 }), { backend: 'wasm', dbName: DB });
    await reference.done;
    const handle = await startRun(config({ steps: 1000, checkpointEvery: 2 }), { backend: 'wasm', dbName: DB });
    const saved = await waitFor(handle, (e) => e.type === 'checkpoint' && e.step >= 4);
    const outcome = await handle.stop();
    assert.equal(outcome.status, 'stopped');
    const store = new RunStore(DB);
    const stopped = await store.getRun(handle.runId);
    assert.equal(stopped?.status, 'stopped');
    assert.match(stopped!.message!, /resuming continues from the last checkpoint \(step \d+\)/);
    const step = saved.type === 'checkpoint' ? saved.step : 0;
    const resumed = await resumeRun(handle.runId, { backend: 'wasm', dbName: DB, steps: 8 });
    const started = await waitFor(resumed, (e) => e.type === 'started');
    assert.isAtLeast(started.type === 'started' ? started.step : -1, step);
    assert.equal((await resumed.done).status, 'completed');
    const a = (await store.getRun(reference.runId))!.history.map((h) => [h.step, h.loss]);
    const b = (await store.getRun(handle.runId))!.history.map((h) => [h.step, h.loss]);
    assert.deepEqual(b, a);
  });

  it('pauses between steps and resumes on request', async () => {
    const handle = await startRun(config({ steps: 40, checkpointEvery: 0 }), { backend: 'wasm', dbName: DB });
    await waitFor(handle, (e) => e.type === 'metrics');
    handle.pause();
    await waitFor(handle, (e) => e.type === 'paused');
    const runs = await listRuns({ dbName: DB });
    assert.equal(runs.find((r) => r.id === handle.runId)?.status, 'paused', 'a paused run is alive (its lock is held), not interrupted');
    handle.resume();
    await waitFor(handle, (e) => e.type === 'resumed');
    assert.equal((await handle.stop({ checkpoint: true })).status, 'stopped');
    assert.equal((await new RunStore(DB).listCheckpoints(handle.runId)).length, 1, 'a graceful stop writes a checkpoint');
  });

  it('reports a run left "running" by a closed page as interrupted', async () => {
    const store = new RunStore(DB);
    const record = createRunRecord(validateRunConfig(config()), currentEnvironment('worker', { backend: 'wasm' }));
    record.status = 'running';
    record.step = 17;
    await store.putRun(record);
    const listed = (await listRuns({ dbName: DB })).find((r) => r.id === record.id);
    assert.equal(listed?.status, 'interrupted');
    assert.match(listed!.message!, /closed or reloaded at step 17/);
    assert.equal((await store.getRun(record.id))?.status, 'interrupted');
  });

  it('reports a lost WebGPU device and resumes the run on wasm from its checkpoint', async function () {
    if (!('gpu' in navigator) || !(await (navigator as Navigator & { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter()))
      this.skip();
    const handle = await startRun(config({ steps: 1000, checkpointEvery: 1 }), { backend: 'webgpu', dbName: DB });
    const backend = await waitFor(handle, (e) => e.type === 'backend');
    if (backend.type === 'backend' && backend.environment.backend !== 'webgpu') {
      await handle.stop();
      this.skip();
    }
    await waitFor(handle, (e) => e.type === 'checkpoint');
    handle.destroyGpuDevice();
    const lost = await waitFor(handle, (e) => e.type === 'device-lost');
    assert.match(lost.type === 'device-lost' ? lost.message : '', /WebGPU device was lost/);
    const outcome = await handle.done;
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.message!, /resume the run on another backend|WebGPU device was lost/);
    const record = await new RunStore(DB).getRun(handle.runId);
    const last = record!.checkpoints.at(-1)!.step;
    const resumed = await resumeRun(handle.runId, { backend: 'wasm', dbName: DB, steps: last + 2 });
    const env = await waitFor(resumed, (e) => e.type === 'backend');
    assert.equal(env.type === 'backend' && env.environment.backend, 'wasm');
    assert.equal((await resumed.done).status, 'completed');
    const after = await new RunStore(DB).getRun(handle.runId);
    assert.equal(after?.step, last + 2);
    assert.equal(after?.previousEnvironments?.at(-1)?.backend, 'webgpu');
  });
});
