/**
 * The runs cell brings a cluster run back: an HF Trainer output folder (trainer_state.json from
 * test/fixtures/recipes/hf-trainer, checkpoints holding a real T5 exported by t5lab's HF writer)
 * dropped as a zip through a real drop event, or chosen as a folder, becomes a run in the store
 * whose loss curve overlays a browser run in the chart, and whose checkpoint the model cell's
 * program opens. Bad folders get a message naming the file, and the stored run stays.
 *
 * A drop of a directory cannot be synthesised in a test: a DataTransfer built in JS holds Files
 * only (webkitGetAsEntry gives no directory entries), and a file input's `files` cannot be given
 * Files with a webkitRelativePath. So the folder cases call the element's own handler
 * (`importFiles`, what the webkitdirectory input's change calls) with Files whose
 * webkitRelativePath is set as the folder chooser sets it; the zip case goes through a real
 * `drop` event with a DataTransfer.
 */
import { assert } from '@esm-bundle/chai';
import { zipSync } from 'fflate';
import '../../../cells/kinds/runs.ts';
import type { RunsCell } from '../../../cells/kinds/runs.ts';
import type { RunImportDrop } from '../../../cells/widgets/run-import-drop.ts';
import { CellHarness, rendered } from './harness.ts';
import { RunStore } from '../../../src/runs/runStore.ts';
import { createRunRecord, currentEnvironment } from '../../../src/runs/runRecord.ts';
import { validateRunConfig } from '../../../src/training/runConfig.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import { HfCheckpointStore } from '../../../src/storage/hfCheckpointStore.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { exportHfFolder } from '../../../src/checkpoint/hfExport.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { hfCheckpointProgram } from '../../../cells/widgets/hf-model-program.ts';
import { useBackend } from '../helpers/backends.ts';
import { VALUE } from '../../../src/notebook/valueNames.ts';

const DB = 't5lab-runs-import-test';
const enc = new TextEncoder();
const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** A File as the folder chooser gives it: its path below the chosen folder in webkitRelativePath. */
function chosen(path: string, data: Uint8Array): File {
  const file = new File([data as BlobPart], path.split('/').pop()!);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

async function until<T>(what: string, f: () => T | undefined | null | false, ms = 60000): Promise<T> {
  for (let t = 0; t < ms; t += 50) {
    const v = f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${ms / 1000} s`);
}

describe('runs cell: bringing an HF Trainer folder back', function () {
  this.timeout(120000);
  let folder: Map<string, Uint8Array>;
  let state: { log_history: Record<string, number>[] };

  before(async () => {
    await useBackend('cpu');
    const stateBytes = await bytesOf('/test/fixtures/recipes/hf-trainer/trainer_state.json');
    state = JSON.parse(new TextDecoder().decode(stateBytes));
    const tokenizer = new ByteTokenizer();
    const model = T5Model.create(
      { dModel: 16, dFf: 32, numHeads: 2, dKv: 8, numLayers: 1, numDecoderLayers: 1, vocabSize: tokenizer.vocabSize },
      { seed: 5 },
    );
    const exported = await exportHfFolder(model, { tokenizer });
    model.dispose();
    folder = new Map();
    for (const n of [20, 40]) {
      folder.set(`t5-run/checkpoint-${n}/trainer_state.json`, stateBytes);
      for (const [name, v] of exported) folder.set(`t5-run/checkpoint-${n}/${name}`, typeof v === 'string' ? enc.encode(v) : v);
      folder.set(`t5-run/checkpoint-${n}/optimizer.pt`, enc.encode('optimizer state, not read'));
    }
  });

  after(async () => {
    await closeT5labDb(DB);
    indexedDB.deleteDatabase(DB);
  });

  async function mount() {
    const config = validateRunConfig({
      data: { kind: 'pretrain', corpus: 'pretrain_sotu', objective: 'span_corruption' },
      batch: { size: 4, inputLength: 64, targetLength: 20 },
      steps: 40,
    });
    const browserRun = {
      ...createRunRecord(config, currentEnvironment('worker', { backend: 'cpu' }), `run-browser-${Math.random().toString(36).slice(2)}`),
      name: 'browser run',
      status: 'completed' as const,
      step: 40,
      history: [10, 20, 30, 40].map((step, i) => ({
        step,
        loss: 5 - i,
        learningRate: 1e-3,
        gradNorm: 1,
        tokensSeen: step * 336,
        examplesSeen: step * 4,
      })),
    };
    await new RunStore(DB).putRun(browserRun);
    const h = new CellHarness(7);
    const cell = h.add<RunsCell>(
      't5-runs-cell',
      'runs',
      'runs',
      { selected: null, smoothing: 0, logX: false, logY: false },
      (c) => (c.dbName = DB),
    );
    h.host.addEventListener('cell-action', () => h.runtime.run('runs'));
    await h.ok('runs');
    await rendered(cell);
    const drop = cell.shadowRoot!.querySelector('t5-run-import-drop') as RunImportDrop;
    await drop.updateComplete;
    return { h, cell, drop, browserRun };
  }

  it('a dropped zip of the folder becomes a run overlaid on the chart beside a browser run, with its checkpoint openable in the model cell', async () => {
    const { h, cell, drop, browserRun } = await mount();
    try {
      const zip = zipSync(Object.fromEntries(folder), { level: 0 });
      const dt = new DataTransfer();
      dt.items.add(new File([zip as BlobPart], 't5-run.zip', { type: 'application/zip' }));
      const imported = new Promise<CustomEvent>((resolve) =>
        cell.addEventListener('run-imported', (e) => resolve(e as CustomEvent), { once: true }),
      );
      const zone = drop.shadowRoot!.querySelector('[data-run-drop-zone]')!;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      const { record, checkpointId } = (await imported).detail;

      // In the store, next to the browser run, with the curve of trainer_state.json.
      const stored = await new RunStore(DB).listRuns();
      const run = stored.find((r) => r.id === record.id)!;
      assert.ok(
        stored.some((r) => r.id === browserRun.id),
        'the browser run is still stored',
      );
      const logged = state.log_history.filter((e) => e.loss !== undefined);
      assert.deepEqual(
        run.history.map((h) => [h.step, h.loss]),
        logged.map((e) => [e.step, e.loss]),
      );
      assert.equal(run.name, 'HF Trainer run t5-run');
      assert.equal(run.hfCheckpoint, checkpointId);
      assert.equal(run.resolved?.modelConfig.dModel, 16);

      // In the chart: both runs selected (the newest three), two curves, the table row.
      await h.ok('runs', 1);
      await rendered(cell);
      const selected = h.runtime.state('runs')!.outputs![VALUE.runs] as { id: string }[];
      assert.includeMembers(
        selected.map((r) => r.id),
        [record.id, browserRun.id],
      );
      const figure = await until('the loss figure', () => cell.shadowRoot!.querySelector('figure[data-figure="runs-loss"]'));
      assert.include(figure.textContent, 'HF Trainer run t5-run');
      assert.include(figure.textContent, 'browser run');
      const row = cell.shadowRoot!.querySelector(`tr[data-run-id="${record.id}"]`)!;
      assert.include(row.textContent, 'hf-transformers');
      const done = drop.shadowRoot!.querySelector('[data-run-import-done]')!;
      assert.include(done.textContent, `${logged.length} log entries`);

      // "Model cell" asks the notebook for a model cell on the checkpoint, whose program opens it.
      const added = new Promise<CustomEvent>((resolve) =>
        h.host.addEventListener('add-cell', (e) => resolve(e as CustomEvent), { once: true }),
      );
      row.querySelector<HTMLButtonElement>('button[data-action="open-model"]')!.click();
      assert.deepEqual((await added).detail, { kind: 'model', params: { checkpoint: checkpointId } });
      const program = hfCheckpointProgram(checkpointId, DB);
      const outputs = await program.run({}, { signal: new AbortController().signal, version: 1, cellId: 'model' });
      const model = outputs[VALUE.model] as T5Model;
      assert.equal(model.config.dModel, 16);
      assert.equal((outputs[VALUE.modelTokenizer] as ByteTokenizer).vocabSize, new ByteTokenizer().vocabSize);
      program.dispose?.(outputs);
    } finally {
      h.dispose();
    }
  });

  it('a chosen folder imports too; bad folders are refused by file name and nothing stored is lost', async () => {
    const { h, drop } = await mount();
    try {
      const runsBefore = (await new RunStore(DB).listRuns()).length;
      const checkpointsBefore = (await new HfCheckpointStore(DB).list()).length;
      const files = (m: Map<string, Uint8Array>) => [...m].map(([p, b]) => chosen(p, b));
      const without = (m: Map<string, Uint8Array>, f: (p: string) => boolean) => new Map([...m].filter(([p]) => !f(p)));
      const withFile = (path: string, data: Uint8Array) => new Map([...folder, [path, data]]);
      const cases: [File[], RegExp][] = [
        [
          files(without(folder, (p) => p.endsWith('trainer_state.json'))),
          /^t5-run: no trainer_state\.json there or in a checkpoint-N folder/,
        ],
        [
          files(withFile('t5-run/checkpoint-40/trainer_state.json', enc.encode('{"log_history": [{"step": 5, "loss": 2}'))),
          /^t5-run\/checkpoint-40\/trainer_state\.json: trainer_state\.json is not valid JSON/,
        ],
        [
          files(withFile('t5-run/checkpoint-40/config.json', enc.encode(JSON.stringify({ model_type: 'bert', hidden_size: 16 })))),
          /^t5-run\/checkpoint-40\/config\.json: not a T5 checkpoint \(config\.json model_type "bert" is not a T5 model/,
        ],
        [
          files(withFile('t5-run/checkpoint-40/model.safetensors', folder.get('t5-run/checkpoint-40/model.safetensors')!.slice(0, 100))),
          /^t5-run\/checkpoint-40: model\.safetensors/,
        ],
        [[], /nothing to import: the drop held no files/],
      ];
      for (const [picked, message] of cases) {
        assert.isUndefined(await drop.importFiles(picked));
        await drop.updateComplete;
        const alert = drop.shadowRoot!.querySelector('[data-run-import-error]');
        assert.match(alert?.textContent ?? '', message);
      }
      assert.equal((await new RunStore(DB).listRuns()).length, runsBefore);
      assert.equal((await new HfCheckpointStore(DB).list()).length, checkpointsBefore);

      const stored = await drop.importFiles(files(folder));
      assert.ok(stored?.checkpointId);
      await drop.updateComplete;
      assert.isNull(drop.shadowRoot!.querySelector('[data-run-import-error]'));
      assert.equal((await new RunStore(DB).listRuns()).length, runsBefore + 1);
    } finally {
      h.dispose();
    }
  });
});
