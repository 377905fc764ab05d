import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { main } from '../../../../src/cli/main.ts';
import { ByteTokenizer } from '../../../../src/tokenizers/byteTokenizer.ts';
import { tokenizerFromFile } from '../../../../src/tokenizers/tokenizerFile.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
async function json(...argv: string[]): Promise<any> {
  const r = await run(...argv, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

describe('t5lab lengths', () => {
  it('prints tokens_length 568 and targets_length 114 for 512 / 0.15 / 3', async () => {
    assert.deepEqual(await json('lengths', '--inputs-length', '512', '--density', '0.15', '--mean-span', '3'), {
      tokens_length: 568,
      targets_length: 114,
    });
  });

  it('reproduces other rows of the §B.4 table', async () => {
    assert.deepEqual(await json('lengths', '--inputs-length', '512', '--density', '0.5', '--mean-span', '3'), {
      tokens_length: 766,
      targets_length: 512,
    });
    assert.deepEqual(await json('lengths', '--inputs-length', '1024', '--density', '0.15', '--mean-span', '3'), {
      tokens_length: 1137,
      targets_length: 229,
    });
  });

  it('rejects a non-integer inputs length and a density outside [0, 1) naming the flag, exit code 2', async () => {
    const a = await run('lengths', '--inputs-length', '51.2');
    assert.equal(a.code, 2);
    assert.match(a.err, /--inputs-length/);
    const b = await run('lengths', '--density', '-0.1');
    assert.equal(b.code, 2);
    assert.match(b.err, /--density/);
    assert.equal(b.err.trim().split('\n').length, 1);
  });
});

describe('t5lab mask', () => {
  it('a 568-token span mask has 85 noise tokens, starts clean and ends with noise', async () => {
    const { mask } = await json('mask', '--kind', 'spans', '--length', '568', '--density', '0.15', '--mean-span', '3', '--seed', '4');
    assert.equal(mask.length, 568);
    assert.equal(mask.filter(Boolean).length, 85);
    assert.equal(mask[0], false);
    assert.equal(mask[567], true);
  });

  it('gives the §B.7 edge-case mask for length 10 and the same mask for the same seed', async () => {
    const a = await json('mask', '--kind', 'spans', '--length', '10', '--density', '0.15', '--seed', '1');
    assert.deepEqual(a.mask, [false, false, false, false, false, false, false, false, true, true]);
    const b = await json('mask', '--kind', 'iid', '--length', '50', '--density', '0.3', '--seed', '7');
    const c = await json('mask', '--kind', 'iid', '--length', '50', '--density', '0.3', '--seed', '7');
    assert.deepEqual(b, c);
  });

  it('a prefix mask marks a leading run', async () => {
    const { mask } = await json('mask', '--kind', 'prefix', '--length', '12', '--density', '0.5', '--seed', '3');
    const k = mask.filter(Boolean).length;
    assert.ok(k >= 1 && k <= 11);
    assert.deepEqual(
      mask,
      mask.map((_: boolean, i: number) => i < k),
    );
  });

  it('rejects a bad kind, a non-integer length and density outside [0, 1], naming the flag', async () => {
    for (const [args, flag] of [
      [['--kind', 'blocks', '--length', '5'], '--kind'],
      [['--kind', 'spans', '--length', '5.5'], '--length'],
      [['--kind', 'spans', '--length', '5', '--density', '1.2'], '--density'],
      [['--kind', 'prefix', '--length', '5', '--density', '0.8'], '--density'],
    ] as const) {
      const r = await run('mask', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, new RegExp(flag));
    }
  });
});

describe('t5lab corrupt', () => {
  it('--ids with --vocab-size uses sentinel k = V − 1 − k (the §B.6 replace-spans example layout)', async () => {
    const r = await json(
      'corrupt',
      '--objective',
      'span_corruption',
      '--ids',
      '3,4,5,6,7,8,9,10,11,12,13',
      '--vocab-size',
      '32100',
      '--seed',
      '1',
    );
    assert.deepEqual(r.inputs, [3, 4, 5, 6, 7, 8, 9, 10, 11, 32099, 1]);
    assert.deepEqual(r.targets, [32099, 12, 13, 1]);
    assert.deepEqual(r.mask, [false, false, false, false, false, false, false, false, false, true, true]);
    assert.deepEqual(Object.keys(r), ['inputs', 'targets', 'mask']);
  });

  it('every objective prints inputs and targets ending with EOS and one mask entry per token', async () => {
    for (const name of ['span_corruption', 'iid_replace_spans', 'iid_drop', 'prefix_lm', 'mass', 'bert', 'deshuffle']) {
      const r = await json(
        'corrupt',
        '--objective',
        name,
        '--ids',
        '10,11,12,13,14,15,16,17,18,19,20,21',
        '--vocab-size',
        '100',
        '--seed',
        '5',
      );
      assert.equal(r.inputs.at(-1), 1, name);
      assert.equal(r.targets.at(-1), 1, name);
      assert.equal(r.mask.length, 12, name);
    }
  });

  it('--text with the byte tokenizer adds the decoded inputs and targets, whose spans splice back into the text', async () => {
    const text = 'Thank you for inviting me to your party last week.';
    const r = await json('corrupt', '--objective', 'span_corruption', '--text', text, '--tokenizer', 'byte', '--seed', '2');
    assert.equal(r.inputs.at(-1), 1);
    assert.match(r.inputs_text, /<extra_id_0>/);
    const spans = r.targets_text.split(/<extra_id_\d+>/).slice(1);
    assert.equal(
      r.inputs_text.replace(/<extra_id_(\d+)>/g, (_: string, k: string) => spans[Number(k)]),
      text,
    );
    assert.equal(r.inputs_pieces.length, r.inputs.length);
    assert.equal(r.targets_pieces.at(-1), '</s>');
  });

  it('--tokenizer FILE loads a tokenizer saved with toJSON()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-tok-'));
    const file = join(dir, 'byte300.json');
    writeFileSync(file, JSON.stringify(new ByteTokenizer({ vocabSize: 300 }).toJSON()));
    const r = await json('corrupt', '--objective', 'mass', '--text', 'hello world, hello T5', '--tokenizer', file, '--seed', '3');
    const masked = r.inputs.filter((id: number) => id === 299).length;
    assert.equal(masked, r.mask.filter(Boolean).length);
    const missing = await run('corrupt', '--objective', 'mass', '--text', 'x', '--tokenizer', join(dir, 'nope.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--tokenizer/);
  });

  it('--tokenizer accepts a spiece.model and an HF tokenizer.json, encoding --text as that tokenizer does', async () => {
    const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
    const text = 'The house is small, the garden is big.';
    for (const file of [`${fixtures}sentencepiece/unigram-unk.model`, `${fixtures}tiny-t5-unigram.tokenizer.json`]) {
      const tok = tokenizerFromFile(new Uint8Array(readFileSync(file)));
      const r = await json('corrupt', '--objective', 'span_corruption', '--text', text, '--tokenizer', file, '--seed', '4');
      assert.equal(r.tokenizer.kind, tok.toJSON().kind, file);
      assert.equal(r.tokenizer.vocab_size, tok.vocabSize, file);
      assert.equal(r.tokenizer.from, `--tokenizer ${file}`);
      // The uncorrupted tokens are the tokenizer's own ids: every non-sentinel input id comes from encode(text).
      const ids = new Set(tok.encode(text));
      for (const id of r.inputs as number[])
        if (id !== 1 && !r.inputs_pieces[r.inputs.indexOf(id)].startsWith('<extra_id_')) assert.ok(ids.has(id), `${file}: ${id}`);
    }
    const bad = join(mkdtempSync(join(tmpdir(), 't5lab-tok-')), 'spiece.model');
    writeFileSync(bad, new Uint8Array([0x0a, 0xff, 0xff]));
    const r = await run('corrupt', '--objective', 'mass', '--text', 'x', '--tokenizer', bad);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`--tokenizer ${bad}: .*expected a spiece.model`));
  });

  it('the same seed gives the same corruption and the density flag changes it', async () => {
    const args = [
      'corrupt',
      '--objective',
      'iid_drop',
      '--ids',
      Array.from({ length: 60 }, (_, i) => i + 3).join(','),
      '--vocab-size',
      '200',
    ];
    assert.deepEqual(await json(...args, '--seed', '9'), await json(...args, '--seed', '9'));
    const dense = await json(...args, '--seed', '9', '--density', '0.9');
    assert.ok(dense.mask.filter(Boolean).length > 30);
  });

  it('rejects an unknown objective, a bad density, ids outside the vocabulary and missing input, exit code 2', async () => {
    for (const [args, pattern] of [
      [['--objective', 'electra', '--ids', '5', '--vocab-size', '10'], /--objective/],
      [['--objective', 'bert', '--ids', '5', '--vocab-size', '10', '--density', '2'], /--density/],
      [['--objective', 'prefix_lm', '--ids', '5,6', '--vocab-size', '10', '--density', '0.6'], /--density/],
      [['--objective', 'bert', '--ids', '5,12', '--vocab-size', '10'], /--ids/],
      [['--objective', 'bert', '--ids', '5,6'], /--vocab-size/],
      [['--objective', 'bert'], /--text or --ids/],
    ] as const) {
      const r = await run('corrupt', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, pattern);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });

  it('works as a real process through bin.mjs', () => {
    const p = spawnSync(
      process.execPath,
      ['src/cli/bin.mjs', 'corrupt', '--objective', 'iid_drop', '--ids', '3,4,5,6', '--vocab-size', '50', '--seed', '1', '--json'],
      { encoding: 'utf8' },
    );
    assert.equal(p.status, 0, p.stderr);
    const r = JSON.parse(p.stdout);
    assert.deepEqual(Object.keys(r), ['inputs', 'targets', 'mask']);
    const bad = spawnSync(process.execPath, ['src/cli/bin.mjs', 'mask', '--kind', 'spans', '--length', 'ten'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--length/);
  });
});

describe('byte tokenizer on the bundled data', () => {
  const root = '/work/shared/data';
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(root);

  it('finds the bundled data files', () => {
    assert.ok(files.length >= 8, `found ${files.length}`);
  });

  for (const file of files) {
    it(`round-trips ${file.slice(root.length + 1)} byte for byte`, () => {
      const bytes = readFileSync(file);
      const text = bytes.toString('utf8');
      const tok = new ByteTokenizer();
      const ids = tok.encode(text);
      assert.equal(ids.length, Buffer.byteLength(text));
      assert.equal(tok.decode(ids), text);
      assert.ok(Buffer.from(tok.decode(ids), 'utf8').equals(bytes), 'the bytes are the file bytes');
    });
  }
});
