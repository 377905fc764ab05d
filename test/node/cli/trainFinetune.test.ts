import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { readSafetensors } from '../../../src/checkpoint/safetensors.ts';
import { loadCheckpointFolder } from '../../../src/checkpoint/checkpointDir.ts';
import { transpose2d } from '../../../src/checkpoint/hfCheckpoint.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const BASE = [
  '--model',
  'workbench-micro',
  '--batch-size',
  '2',
  '--input-length',
  '32',
  '--seed',
  '1',
  '--eval-every',
  '0',
  '--eval-examples',
  '4',
  '--quiet',
];

describe('t5lab train --finetune-strategy', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 't5lab-finetune-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('fine-tunes a pre-trained checkpoint with adapters: the base weights in model.safetensors are the starting ones, the adapters beside them', async () => {
    const pre = join(tmp, 'pre');
    assert.equal((await run('train', ...BASE, '--corpus', 'pretrain_sotu', '--steps', '2', '--out', pre)).code, 0);
    const ft = join(tmp, 'ft');
    const r = await run(
      'train',
      ...BASE,
      '--task',
      'sentiment',
      '--from',
      pre,
      '--finetune-strategy',
      'adapters',
      '--adapter-dim',
      '8',
      '--steps',
      '3',
      '--out',
      ft,
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.deepEqual(summary.finetune, { strategy: 'adapters', adapterDim: 8 });
    assert.ok(summary.trainedParameters > 0 && summary.trainedParameters < summary.parameters / 10, JSON.stringify(summary));
    const run1 = JSON.parse(readFileSync(join(ft, 'run.json'), 'utf8'));
    assert.equal(run1.resolved.modelConfig.adapterDim, 8);
    assert.equal(run1.resolved.trainedParameters, summary.trainedParameters);
    assert.ok(existsSync(join(ft, 'adapters.safetensors')) && existsSync(join(ft, 'adapter_config.json')));
    const before = readSafetensors(new Uint8Array(readFileSync(join(pre, 'model.safetensors')))).tensors;
    const afterFt = readSafetensors(new Uint8Array(readFileSync(join(ft, 'model.safetensors')))).tensors;
    for (const [name, t] of before) {
      if (name.endsWith('layer_norm.weight')) continue;
      assert.deepEqual(afterFt.get(name)!.data, t.data, `${name} is frozen`);
    }
  });

  it('trains with gradual unfreezing and names the flag of a bad value', async () => {
    const dir = join(tmp, 'gu');
    const r = await run(
      'train',
      ...BASE,
      '--task',
      'sentiment',
      '--finetune-strategy',
      'gradual-unfreezing',
      '--unfreeze-every',
      '2',
      '--steps',
      '3',
      '--out',
      dir,
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).finetune, { strategy: 'gradual-unfreezing', unfreezeEvery: 2 });
    const bad = await run(
      'train',
      ...BASE,
      '--task',
      'sentiment',
      '--finetune-strategy',
      'adapters',
      '--adapter-dim',
      '0',
      '--out',
      join(tmp, 'x'),
    );
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--adapter-dim: finetune\.adapterDim must be a positive integer \(got 0\)/);
    const missing = await run('train', ...BASE, '--task', 'sentiment', '--finetune-strategy', 'adapters', '--out', join(tmp, 'y'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--adapter-dim: finetune\.adapterDim must be a positive integer/);
    const unknown = await run('train', ...BASE, '--task', 'sentiment', '--finetune-strategy', 'lora', '--out', join(tmp, 'z'));
    assert.match(
      unknown.err,
      /--finetune-strategy: finetune\.strategy must be one of "full", "adapters", "gradual-unfreezing" \(got "lora"\)/,
    );
    const orphan = await run('train', ...BASE, '--task', 'sentiment', '--unfreeze-every', '3', '--out', join(tmp, 'w'));
    assert.match(orphan.err, /--unfreeze-every needs --finetune-strategy gradual-unfreezing/);
  });

  it('continuing an adapter run with --from DIR keeps its trained adapters and its strategy (run.json, or adapter_config.json alone)', async () => {
    const pre = join(tmp, 'pre-c');
    assert.equal((await run('train', ...BASE, '--corpus', 'pretrain_sotu', '--steps', '2', '--out', pre)).code, 0);
    const ft = join(tmp, 'ft-c');
    const first = await run(
      'train',
      ...BASE,
      '--task',
      'sentiment',
      '--from',
      pre,
      '--finetune-strategy',
      'adapters',
      '--adapter-dim',
      '8',
      '--steps',
      '3',
      '--out',
      ft,
      '--json',
    );
    assert.equal(first.code, 0, first.err);

    // The folder loads with its adapters: the trained ones, not fresh ones.
    const { model } = loadCheckpointFolder(ft);
    assert.equal(model.config.adapterDim, 8);
    const saved = readSafetensors(new Uint8Array(readFileSync(join(ft, 'adapters.safetensors')))).tensors;
    assert.ok(saved.size > 0);
    for (const [name, t] of saved) {
      const w = model.getWeights().get(name)!;
      assert.deepEqual([...w.shape], [t.shape[1], t.shape[0]], name);
      assert.deepEqual(w.dataSync(), transpose2d(t.data as Float32Array, t.shape[0], t.shape[1]), `${name} as trained`);
    }
    model.dispose();

    // No strategy flag: the run continues with adapters of the same width, and only they (and the norms) train.
    const cont = join(tmp, 'cont-c');
    const r = await run('train', ...BASE, '--task', 'sentiment', '--from', ft, '--steps', '2', '--out', cont, '--json');
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.deepEqual(summary.finetune, { strategy: 'adapters', adapterDim: 8 });
    assert.equal(summary.trainedParameters, JSON.parse(first.out).trainedParameters);
    assert.equal(JSON.parse(readFileSync(join(cont, 'run.json'), 'utf8')).resolved.modelConfig.adapterDim, 8);
    const baseBefore = readSafetensors(new Uint8Array(readFileSync(join(ft, 'model.safetensors')))).tensors;
    const baseAfter = readSafetensors(new Uint8Array(readFileSync(join(cont, 'model.safetensors')))).tensors;
    for (const [name, t] of baseBefore)
      if (!name.endsWith('layer_norm.weight')) assert.deepEqual(baseAfter.get(name)!.data, t.data, `${name} stays frozen`);
    const adaptersAfter = readSafetensors(new Uint8Array(readFileSync(join(cont, 'adapters.safetensors')))).tensors;
    assert.deepEqual([...adaptersAfter.keys()].sort(), [...saved.keys()].sort());

    // An exported adapter folder without run.json: adapter_config.json says the strategy.
    const exported = join(tmp, 'exported-c');
    cpSync(ft, exported, { recursive: true });
    rmSync(join(exported, 'run.json'));
    const r2 = await run(
      'train',
      ...BASE,
      '--task',
      'sentiment',
      '--from',
      exported,
      '--steps',
      '1',
      '--out',
      join(tmp, 'cont-e'),
      '--json',
    );
    assert.equal(r2.code, 0, r2.err);
    assert.deepEqual(JSON.parse(r2.out).finetune, { strategy: 'adapters', adapterDim: 8 });
    // A flag still wins: full fine-tuning of the adapter model trains every weight, adapters included.
    const r3 = await run(
      'train',
      ...BASE,
      '--task',
      'sentiment',
      '--from',
      ft,
      '--finetune-strategy',
      'full',
      '--steps',
      '1',
      '--out',
      join(tmp, 'cont-f'),
      '--json',
    );
    assert.equal(r3.code, 0, r3.err);
    const full = JSON.parse(r3.out);
    assert.deepEqual(full.finetune, { strategy: 'full' });
    assert.equal(JSON.parse(readFileSync(join(tmp, 'cont-f', 'run.json'), 'utf8')).resolved.modelConfig.adapterDim, 8);
  });

  it('continuing a gradual-unfreezing run with --from DIR keeps its strategy', async () => {
    const gu = join(tmp, 'gu-c');
    const base = ['--task', 'sentiment', '--steps', '2', '--json'];
    const r = await run('train', ...BASE, ...base, '--finetune-strategy', 'gradual-unfreezing', '--unfreeze-every', '2', '--out', gu);
    assert.equal(r.code, 0, r.err);
    const cont = await run('train', ...BASE, ...base, '--from', gu, '--out', join(tmp, 'gu-cont'));
    assert.equal(cont.code, 0, cont.err);
    assert.deepEqual(JSON.parse(cont.out).finetune, { strategy: 'gradual-unfreezing', unfreezeEvery: 2 });
  });
});
