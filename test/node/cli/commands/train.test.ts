import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main.ts';
import { loadTokenizer } from '../../../../src/tokenizers/loadTokenizer.ts';
import { tokenizerFromFile } from '../../../../src/tokenizers/tokenizerFile.ts';
import { parseTokenizer } from '../../../../src/cli/trainArgs.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

/** A tiny pre-training run: workbench-micro, 4 × (32 + 8) tokens per step. */
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
  '2',
  '--eval-every',
  '4',
  '--checkpoint-every',
  '2',
  '--eval-examples',
  '8',
];

const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));

describe('t5lab train', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 't5lab-train-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('--tokenizer takes a spiece.model (and a tokenizer.json), trains with it and saves it with the run', async () => {
    const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
    const spiece = `${fixtures}sentencepiece/unigram-unk.model`;
    const dir = join(tmp, 'spiece');
    const r = await run('train', ...PRETRAIN, '--tokenizer', spiece, '--steps', '2', '--out', dir, '--quiet');
    assert.equal(r.code, 0, r.err);
    const record = readRun(dir);
    assert.equal(record.config.tokenizer.kind, 'saved');
    assert.equal(record.config.tokenizer.json.kind, 'sentencepiece');
    const saved = loadTokenizer(JSON.parse(readFileSync(join(dir, 'tokenizer.t5lab.json'), 'utf8')));
    const file = tokenizerFromFile(new Uint8Array(readFileSync(spiece)));
    assert.deepEqual(saved.encode('The state of the union is strong.'), file.encode('The state of the union is strong.'));
    assert.ok(record.history.every((h: { loss: number }) => Number.isFinite(h.loss)));
    const hf = await parseTokenizer(`${fixtures}tiny-t5-unigram.tokenizer.json`);
    assert.equal(hf.kind === 'saved' && hf.json.kind, 'hf-tokenizer-json');
    const bad = join(tmp, 'broken.model');
    writeFileSync(bad, new Uint8Array([0x0a, 0xff, 0xff]));
    const refused = await run('train', ...PRETRAIN, '--tokenizer', bad, '--steps', '2', '--out', join(tmp, 'never'));
    assert.equal(refused.code, 2);
    assert.match(refused.err, /--tokenizer .*broken\.model: /);
  });

  it('pre-trains, writes run.json with the history and an HF checkpoint that t5lab forward loads', async () => {
    const dir = join(tmp, 'pre');
    const r = await run('train', ...PRETRAIN, '--steps', '6', '--out', dir, '--json');
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.equal(summary.status, 'completed');
    const record = readRun(dir);
    assert.equal(record.status, 'completed');
    assert.equal(record.config.data.objective, 'span_corruption');
    assert.equal(record.config.batch.targetLength, 8, 'span corruption targets length for 32 inputs (spec §B.4)');
    assert.equal(record.environment.backend, 'wasm');
    assert.match(record.environment.tfjsVersion, /^4\./);
    assert.deepEqual(
      record.history.map((h: { step: number }) => h.step),
      [2, 4, 6],
    );
    assert.ok(record.history.every((h: { loss: number }) => Number.isFinite(h.loss)));
    assert.ok(record.history[2].loss < record.history[0].loss, 'the training loss falls');
    assert.ok(Number.isFinite(record.history[2].valLoss), 'a validation loss at the end');
    assert.match(r.err, /\[#+\] 6\/6 {2}loss /, 'progress bar on stderr');
    const input = join(tmp, 'batch.json');
    writeFileSync(input, JSON.stringify({ input_ids: [[40, 50, 60, 1]], labels: [[70, 1]] }));
    const fwd = await run('forward', '--checkpoint', dir, '--input', input, '--json');
    assert.equal(fwd.code, 0, fwd.err);
    assert.ok(Number.isFinite(JSON.parse(fwd.out).loss));
  });

  it('an interrupted run resumed with --resume ends exactly like an uninterrupted one', async () => {
    const whole = join(tmp, 'whole');
    const parts = join(tmp, 'parts');
    assert.equal((await run('train', ...PRETRAIN, '--steps', '6', '--out', whole, '--quiet')).code, 0);
    assert.equal((await run('train', ...PRETRAIN, '--steps', '4', '--out', parts, '--quiet')).code, 0);
    const resumed = await run('train', '--resume', parts, '--steps', '6', '--quiet');
    assert.equal(resumed.code, 0, resumed.err);
    const losses = (dir: string) =>
      readRun(dir).history.map((h: { step: number; loss: number; valLoss?: number }) => [h.step, h.loss, h.valLoss ?? null]);
    assert.deepEqual(losses(parts), losses(whole));
    assert.deepEqual(
      readFileSync(join(parts, 'model.safetensors')),
      readFileSync(join(whole, 'model.safetensors')),
      'bit-identical weights',
    );
  });

  it('fine-tunes a pre-trained run on a task with --from, reusing its tokenizer, and scores validation predictions', async () => {
    const pre = join(tmp, 'pre');
    const dir = join(tmp, 'fine');
    const r = await run(
      'train',
      '--task',
      'sentiment',
      '--from',
      pre,
      '--steps',
      '2',
      '--batch-size',
      '4',
      '--input-length',
      '48',
      '--target-length',
      '12',
      '--eval-examples',
      '4',
      '--lr',
      '0.001',
      '--out',
      dir,
      '--json',
      '--quiet',
    );
    assert.equal(r.code, 0, r.err);
    const record = readRun(dir);
    assert.deepEqual(record.config.init, { kind: 'checkpoint-dir', path: pre });
    assert.deepEqual(record.config.tokenizer, { kind: 'saved', json: { kind: 'byte', vocabSize: 384 } });
    const last = record.history[record.history.length - 1];
    assert.equal(typeof last.metrics['sentiment/accuracy'], 'number');
    assert.equal(record.samples.length, 4);
    assert.match(record.samples[0].input, /^sentiment review: /);
  });

  it('names the problem for a missing --out, an unknown objective, a bad schedule and a run that cannot be resumed', async () => {
    let r = await run('train', '--corpus', 'pretrain_sotu', '--steps', '1');
    assert.equal(r.code, 2);
    assert.match(r.err, /--out DIR is required/);
    r = await run('train', '--corpus', 'pretrain_sotu', '--objective', 'gpt', '--out', join(tmp, 'x'));
    assert.equal(r.code, 2);
    assert.match(r.err, /--objective "gpt" is unknown; expected one of prefix_lm/);
    r = await run('train', '--task', 'sentiment', '--schedule', 'linear:1', '--out', join(tmp, 'x'));
    assert.match(r.err, /--schedule must be inverse-sqrt\[:W(ARMUP)?\], constant:LR/);
    r = await run('train', '--task', 'sentiment', '--batch-size', '0', '--out', join(tmp, 'x'));
    assert.equal(r.code, 2);
    assert.match(r.err, /batch\.size must be a positive integer \(got 0\)/);
    r = await run('train', '--resume', join(tmp, 'nothing'));
    assert.equal(r.code, 2);
    assert.match(r.err, /no run\.json there/);
    r = await run('train', '--resume', join(tmp, 'pre'), '--task', 'sentiment');
    assert.match(r.err, /drop --task/);
    r = await run('train', ...PRETRAIN, '--steps', '1', '--out', join(tmp, 'pre'));
    assert.match(r.err, /already holds a run \(run\.json\); use --resume/);
  });
});
