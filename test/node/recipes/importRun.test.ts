/**
 * `t5lab import-run PATH`: an HF Trainer output folder (trainer_state.json in the documented
 * layout, checkpoint-N folders with a real T5 checkpoint written by `t5lab init`) becomes a run
 * directory that `readRunRecord` and `t5lab forward` read; with the exported recipe.json next to
 * it the run carries the recipe's settings; bad folders exit 2 naming PATH and write nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.ts';
import { readRunRecord } from '../../../src/runs/runDir.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'test/fixtures/recipes');
mkdirSync(join(root, 'test-results'), { recursive: true });
const work = mkdtempSync(join(root, 'test-results', 'import-run-'));

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** An HF Trainer output_dir: checkpoint-20 and checkpoint-40, each with the model and the state. */
function trainerFolder(dir: string, model: string): string {
  for (const n of [20, 40]) {
    const cp = join(dir, `checkpoint-${n}`);
    mkdirSync(cp, { recursive: true });
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(model, f), join(cp, f));
    copyFileSync(join(fixtures, 'hf-trainer/trainer_state.json'), join(cp, 'trainer_state.json'));
    // What train.py saves next to the model: the run's exact tokenizer.
    copyFileSync(join(fixtures, 'span-run/tokenizer.t5lab.json'), join(cp, 'tokenizer.t5lab.json'));
  }
  return dir;
}

describe('t5lab import-run', () => {
  let model = '';
  before(async () => {
    model = join(work, 'model');
    const r = await cli(['init', '--preset', 't5.1.1-tiny', '--out', model, '--backend', 'cpu']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('imports an HF Trainer folder: its log history, its last checkpoint, a record readRunRecord accepts', async () => {
    const path = trainerFolder(join(work, 'trainer-out'), model);
    const out = join(work, 'imported');
    const r = await cli(['import-run', path, '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.step, 40);
    const record = readRunRecord(out)!;
    const state = JSON.parse(readFileSync(join(fixtures, 'hf-trainer/trainer_state.json'), 'utf8'));
    const logged = state.log_history.filter((e: { loss?: number }) => e.loss !== undefined);
    assert.deepEqual(
      record.history.map((h) => [h.step, h.loss]),
      logged.map((e: { step: number; loss: number }) => [e.step, e.loss]),
    );
    assert.equal(
      record.history.find((h) => h.step === 40)!.valLoss,
      state.log_history.find((e: { eval_loss?: number; step: number }) => e.eval_loss !== undefined && e.step === 40).eval_loss,
    );
    assert.match(record.message!, /no t5lab recipe\.json was found/i);
    assert.ok(readFileSync(join(out, 'model.safetensors')).equals(readFileSync(join(path, 'checkpoint-40/model.safetensors'))));
    assert.equal(record.resolved?.modelConfig.dModel, JSON.parse(readFileSync(join(model, 'config.json'), 'utf8')).d_model);
    // The checkpoint opens like any t5lab run: a forward pass through the imported model.
    const input = join(work, 'batch.json');
    writeFileSync(input, JSON.stringify({ input_ids: [[5, 6, 7, 1]], labels: [[8, 9, 1]] }));
    const fwd = await cli(['forward', '--checkpoint', out, '--input', input, '--backend', 'cpu', '--json']);
    assert.equal(fwd.code, 0, fwd.stderr);
    assert.ok(Number.isFinite(JSON.parse(fwd.stdout).loss));
  });

  it("uses the exported recipe.json next to the output folder: the run's config, tokens seen, the mixture's rates", async () => {
    const recipeDir = join(work, 'recipe');
    cpSync(join(fixtures, 'golden/multitask-finetune-hf-t5-small'), recipeDir, { recursive: true });
    const path = trainerFolder(join(recipeDir, 'output'), model);
    const r = await cli(['import-run', path, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const record = readRunRecord(`${path}.t5lab`)!;
    const recipe = JSON.parse(readFileSync(join(recipeDir, 'recipe.json'), 'utf8'));
    assert.equal(record.name, `${recipe.name} (t5-small, cluster)`);
    assert.deepEqual(record.config.data, { kind: 'tasks', tasks: recipe.data.names, mixing: recipe.data.mixing });
    assert.deepEqual(record.resolved?.rates, recipe.data.rates);
    assert.equal(record.config.batch.size, recipe.batch_size);
    assert.equal(record.history[0].tokensSeen, 5 * recipe.batch_size * (recipe.lengths.inputs + recipe.lengths.targets));
  });

  it('refuses a missing folder, a folder without trainer_state.json, malformed JSON and a log without losses (exit 2, nothing written)', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    const broken = join(work, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'trainer_state.json'), '{"global_step": 3, "log_history": [');
    const silent = join(work, 'silent');
    mkdirSync(silent, { recursive: true });
    writeFileSync(join(silent, 'trainer_state.json'), JSON.stringify({ global_step: 3, log_history: [{ step: 3, eval_loss: 2 }] }));
    const cases: [string[], RegExp][] = [
      [[join(work, 'nowhere')], /no such folder/],
      [[empty], /no trainer_state\.json there or in a checkpoint-N folder/],
      [[broken], /trainer_state\.json: trainer_state\.json is not valid JSON/],
      [[silent], /no log_history entries with a training "loss"/],
      [[], /give exactly one PATH/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['import-run', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    for (const d of [empty, broken, silent]) assert.equal(existsSync(`${d}.t5lab`), false);
    assert.equal(readdirSync(work).filter((f) => f.includes('.tmp-')).length, 0);
  });
});
