import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors, type Float32TensorInput } from '../../../../src/checkpoint/safetensors.ts';
import { decodeTrainerState } from '../../../../src/training/trainerState.ts';

const bin = new URL('../../../../src/cli/bin.mjs', import.meta.url).pathname;
const t5lab = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

/** A tiny pre-training run: workbench-micro, 4 × (32 + 8) tokens per step, a checkpoint every 2 steps. */
const PRETRAIN = [
  '--model',
  'workbench-micro',
  '--corpus',
  'pretrain_sotu',
  '--batch-size',
  '4',
  '--input-length',
  '32',
  '--seed',
  '3',
  '--log-every',
  '1',
  '--eval-every',
  '0',
  '--checkpoint-every',
  '2',
  '--eval-examples',
  '8',
  '--quiet',
];

const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));

/** Rewrites one tensor of a safetensors file with a NaN in its first element. */
function poison(file: string, tensor: string): void {
  const bytes = new Uint8Array(readFileSync(file));
  const st = readSafetensors(bytes);
  const out = new Map<string, Float32TensorInput>();
  for (const [name, t] of st.tensors) {
    const data = new Float32Array(t.data);
    if (name === tensor) data[0] = NaN;
    out.set(name, { shape: t.shape, data });
  }
  writeFileSync(file, writeSafetensors(out, st.metadata));
}

describe('t5lab train keeps saved runs safe', () => {
  let tmp: string;
  let done: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 't5lab-safety-'));
    done = join(tmp, 'done');
    const r = t5lab('train', ...PRETRAIN, '--steps', '4', '--out', done);
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("--resume with --steps below the run's step exits 2 with a clear message and leaves run.json byte-identical", () => {
    const before = readFileSync(join(done, 'run.json'));
    const r = t5lab('train', '--resume', done, '--steps', '2');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--steps 2: the run's checkpoint is at step 4 already; give --steps N with N above 4/);
    assert.doesNotMatch(r.stderr, /Invalid count value/);
    assert.deepEqual(readFileSync(join(done, 'run.json')), before);
    const again = t5lab('train', '--resume', done);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already at step 4 of its 4/);
    assert.deepEqual(readFileSync(join(done, 'run.json')), before);
    assert.equal(readRun(done).status, 'completed');
  });

  it('a run whose loss explodes (learning rate 1e3) ends "diverged", keeps the checkpoint from before and says what to try', () => {
    const dir = join(tmp, 'diverge');
    cpSync(done, dir, { recursive: true });
    const model = readFileSync(join(dir, 'model.safetensors'));
    const r = t5lab('train', '--resume', dir, '--steps', '20', '--lr', '1000', '--json');
    assert.equal(r.status, 1, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.status, 'diverged');
    const record = readRun(dir);
    assert.equal(record.status, 'diverged');
    assert.match(
      record.message,
      /^training diverged at step \d+: the loss rose to .* far above its minimum .*; the last good checkpoint is at step 4 \(try a lower learning rate/,
    );
    assert.match(record.message, /t5lab train --resume .* --lr /);
    assert.equal(
      decodeTrainerState(new Uint8Array(readFileSync(join(dir, 'trainer-state.safetensors')))).meta.step,
      4,
      'the kept checkpoint predates the divergence',
    );
    assert.deepEqual(readFileSync(join(dir, 'model.safetensors')), model, 'the diverged weights were not exported');
  });

  it('--force over an old run removes its trainer state, so --resume cannot mix the old state into the new run', () => {
    const dir = join(tmp, 'forced');
    cpSync(done, dir, { recursive: true });
    // The new run diverges at once (before its first checkpoint), so it writes no trainer state.
    const r = t5lab('train', ...PRETRAIN, '--steps', '6', '--lr', '1000', '--out', dir, '--force');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(readRun(dir).status, 'diverged');
    assert.equal(readRun(dir).config.schedule.value, 1000);
    assert.ok(!existsSync(join(dir, 'trainer-state.safetensors')), 'the old trainer state is gone');
    assert.ok(!existsSync(join(dir, 'model.safetensors')), 'the old model is gone');
    const resumed = t5lab('train', '--resume', dir);
    assert.equal(resumed.status, 2);
    assert.match(resumed.stderr, /has no checkpoint yet/);
  });

  it('--resume refuses a trainer state with a NaN weight, naming the tensor, and changes nothing', () => {
    const dir = join(tmp, 'nan-state');
    cpSync(done, dir, { recursive: true });
    poison(join(dir, 'trainer-state.safetensors'), 'model/shared.weight');
    const before = readFileSync(join(dir, 'run.json'));
    const r = t5lab('train', '--resume', dir, '--steps', '6');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /tensor "model\/shared\.weight" holds NaN/);
    assert.deepEqual(readFileSync(join(dir, 'run.json')), before);
  });

  it('forward refuses a checkpoint with a NaN weight, naming the tensor', () => {
    const dir = join(tmp, 'nan-hf');
    cpSync(done, dir, { recursive: true });
    poison(join(dir, 'model.safetensors'), 'encoder.block.0.layer.0.SelfAttention.q.weight');
    const input = join(tmp, 'batch.json');
    writeFileSync(input, JSON.stringify({ input_ids: [[40, 50, 1]], labels: [[70, 1]] }));
    const r = t5lab('forward', '--checkpoint', dir, '--input', input);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /tensor "encoder\.block\.0\.layer\.0\.SelfAttention\.q\.weight" holds NaN/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('a config.json without d_model is refused naming the file and the key, not read as t5-small', () => {
    const dir = join(tmp, 'no-dmodel');
    cpSync(done, dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    delete config.d_model;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const input = join(tmp, 'batch.json');
    writeFileSync(input, JSON.stringify({ input_ids: [[40, 1]], labels: [[70, 1]] }));
    const r = t5lab('forward', '--checkpoint', dir, '--input', input);
    assert.notEqual(r.status, 0);
    assert.ok(r.stderr.includes(`${join(dir, 'config.json')} has no "d_model"`), r.stderr);
    const p = t5lab('params', '--config', join(dir, 'config.json'));
    assert.equal(p.status, 2);
    assert.match(p.stderr, /has no "d_model" \(the model width\)/);
    delete config.vocab_size;
    config.d_model = 64;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    assert.match(t5lab('params', '--config', join(dir, 'config.json')).stderr, /has no "vocab_size"/);
  });

  it('without --model a small preset is used and named; the run records it', () => {
    const dir = join(tmp, 'default-model');
    const r = t5lab(
      'train',
      '--corpus',
      'pretrain_sotu',
      '--steps',
      '1',
      '--batch-size',
      '2',
      '--input-length',
      '32',
      '--eval-examples',
      '2',
      '--out',
      dir,
      '--json',
      '--quiet',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /no --model given; using the workbench-small preset \([\d,]+ parameters\)/);
    assert.equal(JSON.parse(r.stdout).model, 'workbench-small');
    assert.equal(readRun(dir).config.model.preset, 'workbench-small');
    assert.ok(JSON.parse(r.stdout).parameters < 5_000_000);
  });

  it('an unknown task, a bad batch size and a bad learning rate exit 2 naming the flag, and write nothing', () => {
    const dir = join(tmp, 'bad');
    let r = t5lab('train', '--task', 'no_such_task', '--steps', '1', '--out', dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--task no_such_task: not a bundled task \(.*\) nor a \.tsv file/);
    r = t5lab('train', '--task', 'sentiment', '--batch-size', '0', '--out', dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--batch-size: batch\.size must be a positive integer \(got 0\)/);
    r = t5lab('train', '--task', 'sentiment', '--lr', '-1', '--out', dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^t5lab train: --lr: /);
    r = t5lab('train', '--corpus', 'pretrain_sotu', '--input-length', '1', '--out', dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^t5lab train: --input-length: /);
    assert.doesNotMatch(r.stderr, /computeInputAndTargetLengths/);
    assert.ok(!existsSync(dir), 'nothing was written');
  });
});

describe('t5lab buckets and corrupt', () => {
  it('buckets refuses settings that cannot work, naming the flag', () => {
    for (const [args, flag] of [
      [['--num-buckets', '3'], /--num-buckets must be an even integer ≥ 4 \(got 3\)/],
      [['--num-buckets', '2', '--bidirectional'], /--num-buckets must be an even integer ≥ 4 \(got 2\)/],
      [['--num-buckets', '0'], /--num-buckets must be/],
      [['--num-buckets', '32', '--max-distance', '16'], /--max-distance must be an integer greater than 16/],
      [['--from', '5', '--to', '-5'], /--to must be at least --from/],
    ] as const) {
      const r = t5lab('buckets', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, flag);
      assert.doesNotMatch(r.stdout, /NaN/);
    }
    const ok = t5lab('buckets', '--num-buckets', '4', '--bidirectional', '--from', '-3', '--to', '3', '--json');
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(JSON.parse(ok.stdout).bucket.every(Number.isInteger));
  });

  it("corrupt --text says which tokenizer it used: the default bytes, a file, or a run's", () => {
    const r = t5lab('corrupt', '--objective', 'span_corruption', '--text', 'the quick brown fox', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /tokenizer byte \(384 ids\) from the default/);
    assert.deepEqual(JSON.parse(r.stdout).tokenizer, { kind: 'byte', vocab_size: 384, from: 'default' });
    const dir = mkdtempSync(join(tmpdir(), 't5lab-corrupt-'));
    try {
      writeFileSync(join(dir, 'tokenizer.t5lab.json'), JSON.stringify({ kind: 'byte', vocabSize: 512 }));
      const run = t5lab('corrupt', '--objective', 'span_corruption', '--text', 'the quick brown fox', '--run', dir, '--json');
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout).tokenizer, { kind: 'byte', vocab_size: 512, from: `--run ${dir}` });
      const none = t5lab('corrupt', '--objective', 'span_corruption', '--text', 'x', '--run', tmpdir());
      assert.equal(none.status, 2);
      assert.match(none.stderr, /no tokenizer\.t5lab\.json or tokenizer\.json there/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
