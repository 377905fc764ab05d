import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main.ts';
import { parseTsvTask } from '../../../../src/data/parseDataset.ts';
import { splitExamples } from '../../../../src/data/split.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const SMALL = [
  '--model',
  'workbench-micro',
  '--batch-size',
  '4',
  '--input-length',
  '32',
  '--seed',
  '1',
  '--log-every',
  '1',
  '--eval-every',
  '2',
  '--eval-examples',
  '4',
  '--quiet',
  '--json',
];
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));

describe("t5lab train on the user's own files", () => {
  let tmp: string;
  let tsv: string;
  let txt: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 't5lab-userdata-'));
    tsv = join(tmp, 'colours.tsv');
    const rows = ['input\ttarget'];
    const colours = ['red', 'green', 'blue'];
    for (let i = 0; i < 60; i++) rows.push(`colour: thing number ${i}\t${colours[i % 3]}`);
    writeFileSync(tsv, rows.join('\n') + '\n');
    txt = join(tmp, 'notes.txt');
    // CR-only line ends (classic Mac): each line must still be its own document.
    writeFileSync(txt, Array.from({ length: 40 }, (_, i) => `Document ${i} talks about the weather and the sea, line ${i}.`).join('\r'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('fine-tunes on --task PATH.tsv with the name from the file, its prefix, accuracy for labels, and the header row skipped', async () => {
    const dir = join(tmp, 'ft');
    const r = await run('train', ...SMALL, '--task', tsv, '--steps', '2', '--out', dir);
    assert.equal(r.code, 0, r.err);
    const record = readRun(dir);
    assert.equal(record.status, 'completed');
    assert.deepEqual(record.config.data.tasks, ['colours']);
    assert.deepEqual(record.config.data.userTasks.colours, { source: tsv, prefix: 'colour: ', metrics: ['accuracy'] });
    const parsed = parseTsvTask(readFileSync(tsv), tsv);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.examples.length, 60, 'the header row is not an example');
    assert.equal(record.resolved.trainSizes.colours, splitExamples(parsed.value.examples, { validationFraction: 0.1 }).train.length);
    const evaluated = record.history.filter((h: { metrics?: Record<string, number> }) => h.metrics);
    assert.ok(
      evaluated.length > 0 && Number.isFinite(evaluated.at(-1).metrics['colours/accuracy']),
      JSON.stringify(evaluated.at(-1)?.metrics),
    );
  });

  it('takes the task name, prefix and metric from --task-name, --task-prefix and --metric', async () => {
    const dir = join(tmp, 'named');
    const r = await run(
      'train',
      ...SMALL,
      '--task',
      tsv,
      '--task-name',
      'hues',
      '--task-prefix',
      'hue: ',
      '--metric',
      'exact_match',
      '--steps',
      '1',
      '--out',
      dir,
    );
    assert.equal(r.code, 0, r.err);
    const data = readRun(dir).config.data;
    assert.deepEqual(data.tasks, ['hues']);
    assert.deepEqual(data.userTasks.hues, { source: tsv, prefix: 'hue: ', metrics: ['exact_match', 'token_f1'] });
  });

  it('mixes a bundled task with a task file', async () => {
    const dir = join(tmp, 'mix');
    const r = await run('train', ...SMALL, '--task', 'sentiment', '--task', tsv, '--mixing', 'equal', '--steps', '2', '--out', dir);
    assert.equal(r.code, 0, r.err);
    const record = readRun(dir);
    assert.deepEqual(record.config.data.tasks, ['sentiment', 'colours']);
    assert.deepEqual(Object.keys(record.resolved.rates).sort(), ['colours', 'sentiment']);
  });

  it('pre-trains on --corpus PATH.txt (CR-only line ends split into documents) and resumes from another folder', async () => {
    const dir = join(tmp, 'pre');
    const r = await run('train', ...SMALL, '--corpus', txt, '--steps', '2', '--checkpoint-every', '1', '--out', dir);
    assert.equal(r.code, 0, r.err);
    const record = readRun(dir);
    assert.equal(record.config.data.corpus, txt, 'the absolute path is stored');
    assert.ok(record.resolved.trainSizes[txt] > 30, `40 documents, ~90% in train (got ${JSON.stringify(record.resolved.trainSizes)})`);
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      const resumed = await run('train', '--resume', dir, '--steps', '3', '--quiet', '--json');
      assert.equal(resumed.code, 0, resumed.err);
    } finally {
      process.chdir(cwd);
    }
    assert.equal(readRun(dir).step, 3);
  });

  it('names the flag when a task file is missing, a flag has no task file, or the metric is unknown', async () => {
    const missing = await run('train', ...SMALL, '--task', join(tmp, 'nope.tsv'), '--steps', '1', '--out', join(tmp, 'x1'));
    assert.equal(missing.code, 2, missing.err);
    assert.match(missing.err, /--task .*nope\.tsv: no such file/);
    const unknown = await run('train', ...SMALL, '--task', 'not_a_task', '--steps', '1', '--out', join(tmp, 'x2'));
    assert.match(unknown.err, /--task not_a_task: not a bundled task .* nor a \.tsv file/);
    const orphan = await run(
      'train',
      ...SMALL,
      '--corpus',
      'pretrain_sotu',
      '--task-prefix',
      'x: ',
      '--steps',
      '1',
      '--out',
      join(tmp, 'x3'),
    );
    assert.match(orphan.err, /--task-prefix describes a --task PATH\.tsv/);
    const metric = await run('train', ...SMALL, '--task', tsv, '--metric', 'rouge', '--steps', '1', '--out', join(tmp, 'x4'));
    assert.match(metric.err, /--metric must be one of auto, accuracy, exact_match, bleu \(got "rouge"\)/);
  });
});
