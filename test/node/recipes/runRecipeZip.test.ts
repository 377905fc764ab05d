/**
 * The runs cell's "Export for a cluster" zip holds exactly the files `t5lab export-recipe --run`
 * writes for the same run.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { main } from '../../../src/cli/main.ts';
import { recipeZipOfRun } from '../../../src/recipes/runRecipeZip.ts';
import { runRecordFromJson } from '../../../src/runs/runRecord.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = join(root, 'test/fixtures/recipes/span-run');
mkdirSync(join(root, 'test-results'), { recursive: true });
const work = mkdtempSync(join(root, 'test-results', 'recipe-zip-'));
const python = {
  objectives: readFileSync(join(root, 'src/recipes/python/t5lab_objectives.py'), 'utf8'),
  train: readFileSync(join(root, 'src/recipes/python/train.py'), 'utf8'),
};

describe('recipeZipOfRun', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const target of ['hf', 't5x'] as const) {
    it(`zips the same ${target} recipe the CLI writes for the run`, async () => {
      const out = join(work, target);
      let err = '';
      const code = await main(['export-recipe', '--run', run, '--target', target, '--scale', 't5-large', '--out', out], {
        stdout: () => {},
        stderr: (t) => (err += t),
      });
      assert.equal(code, 0, err);
      const record = runRecordFromJson(readFileSync(join(run, 'run.json'), 'utf8'));
      const zip = unzipSync(recipeZipOfRun(record, { target, scale: 't5-large', python }));
      assert.deepEqual(Object.keys(zip).sort(), readdirSync(out).sort());
      for (const [name, bytes] of Object.entries(zip))
        assert.ok(Buffer.from(bytes).equals(readFileSync(join(out, name))), `${name} differs`);
    });
  }

  it('refuses a run that never started, saying so', () => {
    const record = runRecordFromJson(readFileSync(join(run, 'run.json'), 'utf8'));
    delete record.resolved;
    assert.throws(() => recipeZipOfRun(record, { target: 'hf', scale: 't5-small', python }), /has not started yet/);
  });
});
