/**
 * The shared reader of an HF Trainer output folder (src/recipes/trainerFolder.ts) and its
 * browser-side file sources (trainerFolderFiles.ts: dropped Files, a zip of the folder), on the
 * trainer_state.json fixture (test/fixtures/recipes/hf-trainer, in the documented TrainerState
 * layout) and a real HF-written T5 checkpoint (test/fixtures/hf-tiny-t5/t5-v1_0-relu). The same
 * folder read by `t5lab import-run` and as a drop gives the same run.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { ImportRunError, planTrainerFolder, readTrainerFolder } from '../../../src/recipes/trainerFolder.ts';
import { entriesFromZip, readDroppedTrainerFolder, type FolderEntry } from '../../../src/recipes/trainerFolderFiles.ts';
import { importHfTrainerRun } from '../../../src/recipes/importRun.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const stateBytes = new Uint8Array(readFileSync(join(root, 'test/fixtures/recipes/hf-trainer/trainer_state.json')));
const state = JSON.parse(new TextDecoder().decode(stateBytes)) as { log_history: Record<string, number>[] };
const modelDir = join(root, 'test/fixtures/hf-tiny-t5/t5-v1_0-relu');
const configBytes = new Uint8Array(readFileSync(join(modelDir, 'config.json')));
const weightBytes = new Uint8Array(readFileSync(join(modelDir, 'model.safetensors')));
const enc = new TextEncoder();

/** A Trainer output_dir as a drop gives it: checkpoint-20 and checkpoint-40, each with state and model, plus noise. */
function trainerFiles(top = 't5-run'): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const n of [20, 40]) {
    files.set(`${top}/checkpoint-${n}/trainer_state.json`, stateBytes);
    files.set(`${top}/checkpoint-${n}/config.json`, configBytes);
    files.set(`${top}/checkpoint-${n}/model.safetensors`, weightBytes);
    files.set(`${top}/checkpoint-${n}/optimizer.pt`, enc.encode('not read'));
  }
  files.set(`${top}/runs/events.out.tfevents`, enc.encode('tensorboard'));
  return files;
}

const entries = (files: Map<string, Uint8Array>): FolderEntry[] =>
  [...files].map(([path, bytes]) => ({ path, data: new Blob([bytes as BlobPart]) }));

const work = (() => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  return mkdtempSync(join(root, 'test-results', 'trainer-folder-'));
})();

describe('the shared HF Trainer folder reader', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('plans from the paths alone: the newest checkpoint, its state and model, and reads no weights or optimizer state', () => {
    const plan = planTrainerFolder(trainerFiles().keys());
    assert.equal(plan.root, 't5-run');
    assert.equal(plan.state, 't5-run/checkpoint-40/trainer_state.json');
    assert.deepEqual(plan.model, {
      dir: 't5-run/checkpoint-40',
      files: ['t5-run/checkpoint-40/config.json', 't5-run/checkpoint-40/model.safetensors'],
    });
    assert.deepEqual(plan.read, ['t5-run/checkpoint-40/trainer_state.json', 't5-run/checkpoint-40/config.json']);
  });

  it("finds the output folder inside a dropped recipe folder and the recipe.json next to it, and prefers the output_dir's own state", () => {
    const files = trainerFiles('recipe/output');
    files.set('recipe/output/trainer_state.json', stateBytes);
    files.set('recipe/recipe.json', enc.encode('{}'));
    const plan = planTrainerFolder(files.keys());
    assert.equal(plan.root, 'recipe/output');
    assert.equal(plan.state, 'recipe/output/trainer_state.json');
    assert.equal(plan.recipe, 'recipe/recipe.json');
    assert.ok(plan.read.includes('recipe/recipe.json'));
  });

  it('reads the loss curve, the evaluation losses and the model config from a path → bytes map', () => {
    const { record, modelConfig } = readTrainerFolder(trainerFiles(), { now: 1_700_000_000_000 });
    const logged = state.log_history.filter((e) => e.loss !== undefined);
    assert.deepEqual(
      record.history.map((h) => [h.step, h.loss, h.learningRate]),
      logged.map((e) => [e.step, e.loss, e.learning_rate]),
    );
    const evals = state.log_history.filter((e) => e.eval_loss !== undefined);
    assert.deepEqual(
      record.history.filter((h) => h.valLoss !== undefined).map((h) => [h.step, h.valLoss]),
      evals.map((e) => [e.step, e.eval_loss]),
    );
    assert.equal(record.name, 'HF Trainer run t5-run');
    assert.equal(record.status, 'completed');
    assert.equal(record.step, 40);
    assert.equal(modelConfig?.dModel, JSON.parse(new TextDecoder().decode(configBytes)).d_model);
    assert.equal(record.config.model.overrides?.dModel, modelConfig?.dModel);
  });

  it('names the file and what is wrong: no trainer_state.json, malformed JSON, another architecture, an empty set', () => {
    const noState = trainerFiles();
    for (const k of [...noState.keys()]) if (k.endsWith('trainer_state.json')) noState.delete(k);
    const broken = trainerFiles();
    broken.set('t5-run/checkpoint-40/trainer_state.json', enc.encode('{"global_step": 3, "log_history": ['));
    const bart = trainerFiles();
    bart.set(
      't5-run/checkpoint-40/config.json',
      enc.encode(JSON.stringify({ model_type: 'bart', d_model: 16, architectures: ['BartForConditionalGeneration'] })),
    );
    const cases: [Map<string, Uint8Array>, RegExp][] = [
      [noState, /^t5-run: no trainer_state\.json there or in a checkpoint-N folder/],
      [broken, /^t5-run\/checkpoint-40\/trainer_state\.json: trainer_state\.json is not valid JSON/],
      [bart, /^t5-run\/checkpoint-40\/config\.json: not a T5 checkpoint \(config\.json model_type "bart" is not a T5 model/],
      [new Map(), /empty — no trainer_state\.json/],
    ];
    for (const [files, message] of cases)
      assert.throws(
        () => readTrainerFolder(files),
        (err: Error) => err instanceof ImportRunError && message.test(err.message),
      );
  });

  it('reads dropped Files: only the planned files, the weights handed on unread as the same Blobs', async () => {
    const dropped = entries(trainerFiles());
    const weights = dropped.find((e) => e.path === 't5-run/checkpoint-40/model.safetensors')!;
    const r = await readDroppedTrainerFolder(dropped);
    assert.equal(r.folder, 't5-run');
    assert.deepEqual(
      r.modelFiles.map((f) => f.name),
      ['config.json', 'model.safetensors'],
    );
    assert.equal(r.modelFiles[1].data, weights.data);
    await assert.rejects(readDroppedTrainerFolder([]), /nothing to import: the drop held no files/);
  });

  it('reads a zip of the folder, naming a zip of bare contents after the zip, and refuses a corrupt zip by name', async () => {
    const bare = new Map([...trainerFiles()].map(([p, b]) => [p.replace(/^t5-run\//, ''), b]));
    const zip = zipSync(Object.fromEntries(bare), { level: 0 });
    const fromZip = entriesFromZip(zip, 'cluster-run.zip');
    assert.deepEqual(fromZip.map((e) => e.path).sort(), [
      'cluster-run/checkpoint-40/config.json',
      'cluster-run/checkpoint-40/model.safetensors',
      'cluster-run/checkpoint-40/trainer_state.json',
    ]);
    const r = await readDroppedTrainerFolder(fromZip);
    assert.equal(r.record.name, 'HF Trainer run cluster-run');
    assert.equal(r.record.history.length, state.log_history.filter((e) => e.loss !== undefined).length);
    const wrapped = entriesFromZip(zipSync(Object.fromEntries(trainerFiles())), 'x.zip');
    assert.ok(wrapped.every((e) => e.path.startsWith('t5-run/')));
    assert.throws(() => entriesFromZip(enc.encode('PK not really a zip'), 'bad.zip'), /bad\.zip: not a readable zip file/);
  });

  it('gives the same run from `t5lab import-run` on disk and from a drop of the same folder', async () => {
    const dir = join(work, 't5-run');
    for (const [p, b] of trainerFiles()) {
      const file = join(work, p);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, b);
    }
    const cli = importHfTrainerRun(dir, join(work, 'out'), 1);
    const drop = await readDroppedTrainerFolder(entries(trainerFiles()), 1);
    assert.deepEqual(drop.record.history, cli.record.history);
    assert.deepEqual(drop.record.config, cli.record.config);
    assert.equal(drop.record.name, cli.record.name);
    assert.equal(drop.record.environment.runtime, 'browser');
  });
});
