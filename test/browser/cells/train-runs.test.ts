import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/train.ts';
import '../../../cells/kinds/runs.ts';
import type { TrainCell } from '../../../cells/kinds/train.ts';
import type { RunsCell } from '../../../cells/kinds/runs.ts';
import { CellHarness, rendered } from './harness.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { validateConfig } from '../../../src/model/config.ts';
import { flopsPerToken } from '../../../src/model/parameterCount.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import { createRunRecord, currentEnvironment, type RunRecord } from '../../../src/runs/runRecord.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import { figureData } from '../../../src/plots/figureRows.ts';
import { collectNotebookRuns } from '../../../src/runs/notebookRuns.ts';
import { exportNotebookFile, importNotebookFile } from '../../../src/notebook/notebookFile.ts';

const DB = 't5lab-train-runs-cells-test';
const TINY = validateConfig({
  vocabSize: 384,
  dModel: 16,
  dFf: 32,
  numHeads: 2,
  dKv: 8,
  numLayers: 1,
  numDecoderLayers: 1,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
});
const TRAIN_PARAMS = {
  mode: 'pretrain',
  objective: 'span_corruption',
  batchSize: 4,
  inputLength: 32,
  steps: 12,
  logEvery: 2,
  learningRate: 0.01,
  backend: 'wasm',
};

/** A notebook with the values a train cell reads, and a train cell wired to a throwaway database. */
function trainNotebook(params: Record<string, unknown> = TRAIN_PARAMS): { h: CellHarness; cell: TrainCell } {
  const h = new CellHarness(7);
  h.runtime.setCell('inputs', {
    inputs: [],
    outputs: ['tokenizer', 'modelConfig', 'corpus'],
    run: () => ({ tokenizer: new ByteTokenizer(), modelConfig: TINY, corpus: { name: 'pretrain_factbook' } }),
  });
  const cell = h.add<TrainCell>('t5-train-cell', 'train', 'train', params, (c) => (c.dbName = DB));
  // The notebook view runs a cell on its `cell-action` "run" (the Train button sends it).
  cell.addEventListener('cell-action', (e) => {
    if ((e as CustomEvent).detail.action === 'run') h.runtime.run('train');
  });
  return { h, cell };
}

function button(cell: HTMLElement, action: string): HTMLButtonElement {
  const b = cell.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  if (!b) throw new Error(`no ${action} button`);
  return b;
}

async function storedRun(id: string, extra: Partial<RunRecord>): Promise<RunRecord> {
  const config = validateRunConfig({
    data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption' },
    steps: 40,
    seed: 1,
    ...(extra.config ?? {}),
  });
  const r = { ...createRunRecord(config, currentEnvironment('worker', { backend: 'cpu' }), id), ...extra, config };
  await new RunStore(DB).putRun(r);
  return r;
}

describe('train and runs cells', function () {
  this.timeout(120000);
  let stoppedRunId = '';
  let completedRunId = '';
  after(async () => {
    await closeT5labDb(DB);
    indexedDB.deleteDatabase(DB);
  });

  it('waits for Train, then trains in a worker with live curves and publishes run and trainedModel', async () => {
    const { h, cell } = trainNotebook();
    try {
      await rendered(cell);
      assert.equal(h.runtime.state('train')?.status, 'waiting');
      button(cell, 'train').click();
      await h.until('train', (s) => s.status === 'running');
      const out = await h.ok('train');
      const run = out.run as RunRecord;
      assert.equal(run.status, 'completed', run.message);
      assert.equal(run.step, 12);
      assert.equal(cell.spec.params.runId, run.id, 'the run id is kept in the params');
      completedRunId = run.id;
      const losses = run.history.map((e) => e.loss);
      assert.deepEqual(
        run.history.map((e) => e.step),
        [2, 4, 6, 8, 10, 12],
      );
      assert.isTrue(losses.every(Number.isFinite));
      assert.isBelow(losses.at(-1)!, losses[0], 'loss falls');
      assert.isTrue(out.trainedModel instanceof T5Model, 'trainedModel is a T5Model');
      assert.equal((out.trainedModel as T5Model).config.dModel, 16);
      await rendered(cell);
      const loss = cell.shadowRoot!.querySelector('figure[data-figure="train-loss"]');
      assert.ok(loss?.querySelector('svg'), 'loss figure');
      assert.ok(cell.shadowRoot!.querySelector('figure[data-figure="learning-rate"] svg'), 'learning-rate figure');
      assert.equal(cell.shadowRoot!.querySelector('[data-stat="step"]')?.textContent, '12');
      // Where the time goes: the step-time split, achieved GFLOP/s and the backend's matmul peak, all from the run.
      const last = run.history.at(-1)!;
      const t = last.stepTime!;
      assert.isAbove(t.forwardMs, 0, 'forward time measured');
      assert.isAbove(t.backwardMs, 0, 'backward time measured');
      assert.isAtLeast(t.optimizerMs, 0, 'optimizer time measured');
      const peak = run.environment.matmulPeakGflops!;
      assert.isAbove(peak, 0, 'the worker measured its backend matmul peak');
      const g = last.achievedGflops!;
      const flopsPerStep = 3 * flopsPerToken(TINY, { inputLength: 32, targetLength: run.config.batch.targetLength }).forwardPerSequence * 4;
      const stepMs = t.forwardMs + t.backwardMs + t.optimizerMs;
      assert.isAbove(g, 0);
      assert.isAtMost(
        g,
        (flopsPerStep / (stepMs / 1000) / 1e9) * 1.001,
        'window time includes every step, so achieved ≤ FLOPs / step time',
      );
      const stat = (name: string) => cell.shadowRoot!.querySelector(`[data-stat="${name}"]`)?.textContent;
      const fmtMs = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
      assert.equal(stat('forward-ms'), fmtMs(t.forwardMs));
      assert.equal(stat('backward-ms'), fmtMs(t.backwardMs));
      assert.equal(stat('optimizer-ms'), fmtMs(t.optimizerMs));
      assert.equal(stat('step-ms'), fmtMs(stepMs));
      assert.equal(stat('achieved-gflops'), g.toPrecision(3));
      assert.equal(stat('matmul-peak'), peak.toPrecision(3));
      assert.equal(stat('peak-fraction'), `${Math.round((100 * g) / peak)}%`);
    } finally {
      h.dispose();
    }
  });

  it('Stop ends a live run early, keeps a checkpoint and still publishes the model', async () => {
    const { h, cell } = trainNotebook({ ...TRAIN_PARAMS, steps: 5000 });
    try {
      await rendered(cell);
      button(cell, 'train').click();
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (Number(cell.shadowRoot!.querySelector('[data-stat="step"]')?.textContent ?? 0) >= 3) {
            clearInterval(t);
            resolve();
          }
        }, 50);
      });
      // Pause holds the worker between steps; Resume carries on.
      button(cell, 'pause').click();
      const resumeButton = async () => {
        for (let i = 0; i < 200; i++) {
          await rendered(cell);
          const b = cell.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="resume"]');
          if (b) return b;
          await new Promise((res) => setTimeout(res, 25));
        }
        throw new Error('the run never paused');
      };
      const paused = await new RunStore(DB).getRun(cell.spec.params.runId as string);
      (await resumeButton()).click();
      assert.ok(paused, 'the run is stored while it trains');
      button(cell, 'stop').click();
      const out = await h.ok('train');
      const run = out.run as RunRecord;
      assert.equal(run.status, 'stopped');
      assert.isBelow(run.step, 5000);
      assert.isAtLeast(run.checkpoints.length, 1);
      stoppedRunId = run.id;
      // The stopped run can be continued from its checkpoint.
      for (let i = 0; i < 100 && !cell.shadowRoot!.querySelector('button[data-action="resume-stored"]'); i++)
        await new Promise((res) => setTimeout(res, 30));
      assert.equal(cell.shadowRoot!.querySelector('[data-stored-status]')?.getAttribute('data-stored-status'), 'stopped');
      assert.isTrue(out.trainedModel instanceof T5Model, 'trainedModel is a T5Model');
    } finally {
      h.dispose();
    }
  });

  it('shows a run interrupted by a reload with a Resume button that continues it to the end', async () => {
    const store = new RunStore(DB);
    const r = (await store.getRun(stoppedRunId))!;
    const from = r.checkpoints.at(-1)!.step;
    // What a page closed mid-run leaves: "running", nobody holding its lock.
    await store.putRun({ ...r, status: 'running', config: { ...r.config, steps: from + 4 } });
    const { h, cell } = trainNotebook({ ...TRAIN_PARAMS, runId: stoppedRunId });
    try {
      let resume: HTMLButtonElement | null = null;
      for (let i = 0; i < 100 && !resume; i++) {
        await rendered(cell);
        resume = cell.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="resume-stored"]');
        if (!resume) await new Promise((res) => setTimeout(res, 50));
      }
      assert.ok(resume, 'Resume button');
      assert.equal(cell.shadowRoot!.querySelector('[data-stored-status]')?.getAttribute('data-stored-status'), 'interrupted');
      resume!.click();
      const out = await h.ok('train');
      const run = out.run as RunRecord;
      assert.equal(run.id, stoppedRunId);
      assert.equal(run.status, 'completed', run.message);
      assert.equal(run.step, from + 4);
      // The live curve shows the whole run from its first logged step, as the runs cell does.
      await rendered(cell);
      const curve = figureData(cell.shadowRoot!.querySelector('figure[data-figure="train-loss"]')!) as { step: number; split: string }[];
      const steps = curve.filter((d) => d.split === 'train').map((d) => d.step);
      assert.equal(steps[0], 2, `the curve starts at the first logged step, not at the checkpoint (step ${from})`);
      assert.deepEqual(
        steps,
        run.history.filter((e) => Number.isFinite(e.loss)).map((e) => e.step),
      );
    } finally {
      h.dispose();
    }
  });

  it('lists stored runs, overlays the selected ones smoothed with a debiased EMA, and shows only the config fields that differ', async () => {
    const hist = (losses: number[]) =>
      losses.map((loss, i) => ({ step: (i + 1) * 10, loss, learningRate: 0.01, gradNorm: 1, tokensSeen: 0, examplesSeen: 0 }));
    const a = await storedRun('run-compare-a', { name: 'A', status: 'completed', step: 30, history: hist([4, 3, 2]) });
    const b = await storedRun('run-compare-b', {
      name: 'B',
      status: 'completed',
      step: 30,
      history: hist([5, 4, 1]),
      config: validateRunConfig({
        data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption' },
        steps: 40,
        seed: 1,
        optimizer: { kind: 'adamw' },
        batch: { size: 8, inputLength: 128, targetLength: 30 },
      }),
    });
    const h = new CellHarness(7);
    const cell = h.add<RunsCell>(
      't5-runs-cell',
      'runs',
      'runs',
      { selected: [a.id, b.id], smoothing: 0.5, logX: false, logY: true },
      (c) => (c.dbName = DB),
    );
    try {
      const out = await h.ok('runs');
      assert.sameMembers(
        (out.runs as RunRecord[]).map((r) => r.id),
        [a.id, b.id],
      );
      await rendered(cell);
      const rows = [...cell.shadowRoot!.querySelectorAll('tr[data-run-id]')].map((tr) => tr.getAttribute('data-run-id'));
      assert.includeMembers(rows, [a.id, b.id, stoppedRunId]);
      const figure = cell.shadowRoot!.querySelector('figure[data-figure="runs-loss"]')!;
      assert.ok(figure.querySelector('svg'));
      const data = figureData(figure) as { runId: string; smoothed: number }[];
      // By hand, weight 0.5 on 4, 3, 2: 2/0.5 = 4; (1 + 1.5)/0.75 = 3.333…; (1.25 + 1)/0.875 = 2.5714…
      const smoothedA = data.filter((d) => d.runId === a.id).map((d) => d.smoothed);
      const expected = [4, 2.5 / 0.75, 2.25 / 0.875];
      assert.lengthOf(smoothedA, 3);
      smoothedA.forEach((v, i) => assert.closeTo(v, expected[i], 1e-12));
      const diffFields = [...cell.shadowRoot!.querySelectorAll('[data-config-diff] tr[data-field]')].map((tr) =>
        tr.getAttribute('data-field'),
      );
      assert.sameMembers(
        diffFields.filter((f) => !f!.startsWith('optimizer.')),
        ['batch.size', 'batch.targetLength'],
      );
      assert.include(diffFields, 'optimizer.kind');
      assert.notInclude(diffFields, 'seed');
      assert.notInclude(diffFields, 'data.corpus');
      // Unselecting one run republishes `runs` and leaves nothing to compare.
      const box = cell.shadowRoot!.querySelector<HTMLInputElement>(`tr[data-run-id="${b.id}"] input[type="checkbox"]`)!;
      box.click();
      const after = await h.ok('runs', 1);
      assert.deepEqual(
        (after.runs as RunRecord[]).map((r) => r.id),
        [a.id],
      );
      // Prune keeps the newest checkpoint; Delete removes the run and its checkpoints.
      const store = new RunStore(DB);
      assert.isAbove((await store.listCheckpoints(completedRunId)).length, 1);
      h.host.addEventListener('cell-action', () => h.runtime.run('runs'));
      await rendered(cell);
      cell.shadowRoot!.querySelector<HTMLButtonElement>(`tr[data-run-id="${completedRunId}"] button[data-action="prune"]`)!.click();
      await h.ok('runs', 2);
      assert.lengthOf(await store.listCheckpoints(completedRunId), 1);
      const confirm = window.confirm;
      window.confirm = () => true;
      try {
        await rendered(cell);
        cell.shadowRoot!.querySelector<HTMLButtonElement>(`tr[data-run-id="${b.id}"] button[data-action="delete"]`)!.click();
        await h.ok('runs', 3);
      } finally {
        window.confirm = confirm;
      }
      assert.isUndefined(await store.getRun(b.id));
      await rendered(cell);
      assert.isNull(cell.shadowRoot!.querySelector(`tr[data-run-id="${b.id}"]`));
      assert.match(cell.shadowRoot!.querySelector('[data-storage]')!.textContent!, /Checkpoints use [\d.]+ (KiB|MiB)/);
    } finally {
      h.dispose();
    }
  });

  it("exports the records of the runs a notebook's train cells refer to with the notebook file", async () => {
    const doc = {
      format: 't5lab-notebook' as const,
      version: 1,
      id: 'nb',
      title: 'nb',
      seed: 1,
      cells: [
        { id: 't', kind: 'train' as const, params: { runId: completedRunId } },
        { id: 'u', kind: 'train' as const, params: { runId: 'run-gone' } },
      ],
    };
    const runs = await collectNotebookRuns(doc, new RunStore(DB));
    assert.deepEqual(
      runs?.map((r) => r.id),
      [completedRunId],
    );
    const file = importNotebookFile(exportNotebookFile(doc, runs), 'nb.t5lab.json');
    assert.equal((file.runs?.[0] as RunRecord).id, completedRunId);
    assert.isAbove((file.runs?.[0] as RunRecord).history.length, 0);
  });

  it('explains a lost WebGPU device and resumes the run on wasm from its checkpoint', async function () {
    const { h, cell } = trainNotebook({ ...TRAIN_PARAMS, steps: 24, backend: 'webgpu' });
    try {
      await rendered(cell);
      button(cell, 'train').click();
      let stats = '';
      for (let i = 0; i < 2400; i++) {
        await rendered(cell);
        stats = cell.shadowRoot!.querySelector('[data-stats]')?.textContent ?? '';
        if (/on \w+/.test(stats) && Number(cell.shadowRoot!.querySelector('[data-stat="step"]')?.textContent) >= 8) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      if (!/on webgpu/.test(stats)) {
        await cell.handle?.stop();
        await h.until('train', (s) => s.status !== 'running');
        this.skip();
      }
      cell.handle!.destroyGpuDevice();
      const out = await h.ok('train');
      assert.equal((out.run as RunRecord).status, 'failed');
      await rendered(cell);
      assert.match(
        cell.shadowRoot!.querySelector('[data-live-error]')!.textContent!,
        /WebGPU device was lost.*Pick wasm below and press Resume/s,
      );
      let resume: HTMLButtonElement | null = null;
      for (let i = 0; i < 100 && !resume; i++) {
        await rendered(cell);
        resume = cell.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="resume-stored"]');
        if (!resume) await new Promise((res) => setTimeout(res, 30));
      }
      assert.equal(cell.shadowRoot!.querySelector<HTMLSelectElement>('select[name="resumeBackend"]')!.value, 'wasm');
      resume!.click();
      const resumed = await h.ok('train', 1);
      const run = resumed.run as RunRecord;
      assert.equal(run.status, 'completed', run.message);
      assert.equal(run.environment.backend, 'wasm');
      assert.equal(run.previousEnvironments?.at(-1)?.backend, 'webgpu');
    } finally {
      h.dispose();
    }
  });
});
