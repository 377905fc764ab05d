import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { readSafetensors } from '../../../src/checkpoint/safetensors.ts';

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
});
