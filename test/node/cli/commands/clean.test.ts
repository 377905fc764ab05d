import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main.ts';
import { cleanCorpus } from '../../../../src/c4/pipeline.ts';
import { cleanReport } from '../../../../src/c4/countsReport.ts';
import { parseJsonlPages } from '../../../../src/c4/jsonlPages.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const ARTICLE = [
  'Gardening in small spaces is easier than many people think.',
  'A balcony can hold a surprising number of pots and planters.',
  'Herbs such as basil and mint grow well in bright light.',
  'Water them in the morning so the leaves dry before night.',
  'With a little care, the harvest lasts through the summer.',
];

describe('t5lab clean', () => {
  it('writes the kept pages with their kept lines and other keys, and --json prints the per-rule counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-clean-'));
    const input = join(dir, 'pages.jsonl');
    const output = join(dir, 'clean.jsonl');
    const pages = [
      { url: 'https://a.example/1', text: ['Menu | Home', ...ARTICLE, 'We use cookies.'].join('\n') },
      { url: 'https://a.example/2', text: 'Lorem ipsum dolor sit amet, consectetur.\nMore.' },
    ];
    writeFileSync(input, pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const r = await run('clean', '--in', input, '--out', output, '--json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    const expected = cleanCorpus(pages.map((p) => p.text));
    assert.deepEqual(report, cleanReport(expected.counts, expected.options));
    assert.equal(report.rules.policy.lines, 1);
    assert.equal(report.rules['lorem-ipsum'].pages, 1);
    assert.deepEqual(readFileSync(output, 'utf8'), JSON.stringify({ url: 'https://a.example/1', text: ARTICLE.join('\n') }) + '\n');
    assert.deepEqual(readdirSync(dir).sort(), ['clean.jsonl', 'pages.jsonl'], 'no temporary file left behind');
  });

  it('prints a table naming every rule without --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-clean-'));
    writeFileSync(join(dir, 'in.jsonl'), JSON.stringify({ text: ARTICLE.join('\n') }) + '\n');
    const r = await run('clean', '--in', join(dir, 'in.jsonl'), '--out', join(dir, 'out.jsonl'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^pages 1 of 1 kept/);
    assert.match(r.out, /no-terminal-punctuation/);
    assert.match(r.out, /franc-min 6\.2\.0/);
  });

  it('a malformed line or a missing text key exits 2 naming the line, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-clean-'));
    const input = join(dir, 'bad.jsonl');
    const output = join(dir, 'out.jsonl');
    writeFileSync(input, '{"text": "fine."}\n{"text": oops}\n');
    let r = await run('clean', '--in', input, '--out', output);
    assert.equal(r.code, 2);
    assert.match(r.err, /--in .*bad\.jsonl: line 2 is not valid JSON/);
    writeFileSync(input, '{"text": "fine."}\n\n{"body": "no text"}\n');
    r = await run('clean', '--in', input, '--out', output);
    assert.equal(r.code, 2);
    assert.match(r.err, /line 3 has no "text" key/);
    assert.equal(existsSync(output), false);
    r = await run('clean', '--out', output);
    assert.equal(r.code, 2);
    assert.match(r.err, /--in FILE\.jsonl is required/);
  });

  it('the bundled raw corpus cleans to pages that parse again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-clean-'));
    const output = join(dir, 'c4.jsonl');
    const r = await run(
      'clean',
      '--in',
      new URL('../../../../datasets/c4_raw_web.jsonl', import.meta.url).pathname,
      '--out',
      output,
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    const kept = parseJsonlPages(readFileSync(output, 'utf8'), output);
    assert.equal(kept.length, report.pages_kept);
    assert.ok(kept.every((p) => typeof p.record.url === 'string' && p.text.length > 0));
  });

  it('t5lab train pre-trains on the cleaned pages (--corpus FILE.jsonl, one document per page), and a bad .jsonl is refused naming its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-clean-'));
    writeFileSync(
      join(dir, 'in.jsonl'),
      [ARTICLE, ARTICLE.map((l) => l.replace('small', 'large'))].map((a) => JSON.stringify({ text: a.join('\n') })).join('\n'),
    );
    assert.equal((await run('clean', '--in', join(dir, 'in.jsonl'), '--out', join(dir, 'clean.jsonl'))).code, 0);
    const r = await run(
      'train',
      '--model',
      'bench-nano',
      '--corpus',
      join(dir, 'clean.jsonl'),
      '--tokenizer',
      'byte',
      '--steps',
      '1',
      '--batch-size',
      '2',
      '--seed',
      '1',
      '--out',
      join(dir, 'run'),
      '--quiet',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const config = JSON.parse(readFileSync(join(dir, 'run', 'run.json'), 'utf8')).config;
    assert.equal(config.data.corpus, join(dir, 'clean.jsonl'));
    writeFileSync(join(dir, 'bad.jsonl'), '{"text": "ok."}\n{"nope": 1}\n');
    const bad = await run('train', '--model', 'bench-nano', '--corpus', join(dir, 'bad.jsonl'), '--steps', '1', '--out', join(dir, 'run2'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--corpus .*bad\.jsonl: line 2 has no "text" key/);
  });
});
