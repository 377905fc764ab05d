import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const TINY = [
  '--model',
  'bench-nano',
  '--corpus',
  'pretrain_sotu',
  '--objective',
  'prefix_lm',
  '--tokenizer',
  'byte',
  '--batch-size',
  '2',
  '--input-length',
  '16',
  '--log-every',
  '1',
  '--eval-examples',
  '4',
  '--checkpoint-every',
  '2',
];

describe('t5lab train --architecture', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 't5lab-arch-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('trains a prefix LM, keeps it as a resumable trainer state and writes no Hugging Face checkpoint', async () => {
    const dir = join(tmp, 'prefix');
    const r = await run('train', ...TINY, '--architecture', 'prefix-lm', '--steps', '2', '--out', dir, '--json');
    assert.equal(r.code, 0, r.err);
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    assert.equal(record.config.model.overrides.architecture, 'prefix-lm');
    assert.ok(record.history.every((h: { loss: number }) => Number.isFinite(h.loss)));
    assert.ok(existsSync(join(dir, 'trainer-state.safetensors')));
    assert.ok(!existsSync(join(dir, 'model.safetensors')));
    const resumed = await run('train', '--resume', dir, '--steps', '3', '--json');
    assert.equal(resumed.code, 0, resumed.err);
    assert.equal(JSON.parse(resumed.out).step, 3);
  });

  it('names the field when the architecture is unknown', async () => {
    const r = await run('train', ...TINY, '--architecture', 'gpt', '--steps', '1', '--out', join(tmp, 'bad'));
    assert.notEqual(r.code, 0);
    assert.match(r.err, /architecture must be one of/);
  });
});
