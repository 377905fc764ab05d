import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main.ts';

/** Runs the CLI in-process, capturing stdout/stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

async function runJson(...argv: string[]): Promise<any> {
  const r = await run(...argv, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

const FIXTURES = new URL('../../../fixtures/hf-tiny-t5', import.meta.url).pathname;

/** Mean cross-entropy over non-pad labels, recomputed in float64 from the returned logits. */
function meanCrossEntropy(logits: number[][][], labels: number[][]): number {
  let sum = 0;
  let count = 0;
  labels.forEach((row, b) =>
    row.forEach((label, t) => {
      if (label === 0) return;
      const l = logits[b][t];
      const max = Math.max(...l);
      const logZ = max + Math.log(l.reduce((s, x) => s + Math.exp(x - max), 0));
      sum += logZ - l[label];
      count++;
    }),
  );
  return sum / count;
}

describe('t5lab params', () => {
  it('counts t5-small as 60,506,624 parameters and 4 bytes each', async () => {
    assert.deepEqual(await runJson('params', '--preset', 't5-small').then(({ params, bytes }) => ({ params, bytes })), {
      params: 60506624,
      bytes: 242026496,
    });
  });

  it('counts t5-v1_1-base as 247,577,856 parameters', async () => {
    const r = await runJson('params', '--preset', 't5-v1_1-base');
    assert.equal(r.params, 247577856);
    assert.equal(r.bytes, 4 * 247577856);
  });

  it('reads an HF config.json written by transformers', async () => {
    // d=16, d_ff=32, H·d_kv=12, V=128, 8 buckets × 2 heads, 2 encoder + 3 decoder layers, tied:
    // V·d + 2·(4·16·12 + 2·16·32 + 2·16) + 16 + 16 + 3·(8·16·12 + 2·16·32 + 3·16) + 16 + 16.
    const expected = 128 * 16 + 2 * (4 * 16 * 12 + 2 * 16 * 32 + 32) + 32 + 3 * (8 * 16 * 12 + 2 * 16 * 32 + 48) + 32;
    assert.equal((await runJson('params', '--config', join(FIXTURES, 't5-v1_0-relu', 'config.json'))).params, expected);
  });

  it('names the problem for an unknown preset, a missing flag and a bad config file', async () => {
    let r = await run('params', '--preset', 't5-huge');
    assert.equal(r.code, 2);
    assert.match(r.err, /--preset "t5-huge" is unknown; expected one of t5-small/);
    r = await run('params');
    assert.equal(r.code, 2);
    assert.match(r.err, /--preset NAME or --config FILE is required/);
    r = await run('params', '--config', '/nonexistent/config.json');
    assert.equal(r.code, 2);
    assert.match(r.err, /--config \/nonexistent\/config\.json: no such file/);
  });
});

describe('t5lab init → forward → generate', () => {
  let dir: string;
  let ckpt: string;
  let inputFile: string;
  const input = {
    input_ids: [
      [5, 6, 7, 8, 1],
      [9, 10, 1, 0, 0],
    ],
    labels: [
      [11, 12, 13, 1],
      [14, 1, 0, 0],
    ],
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 't5lab-cli-model-'));
    ckpt = join(dir, 'ckpt');
    inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify(input));
    // A tiny config in t5lab's own (camelCase) form; gated-GELU + untied exercises lm_head.
    writeFileSync(
      join(dir, 'tiny.json'),
      JSON.stringify({
        dModel: 16,
        dFf: 32,
        numHeads: 2,
        dKv: 8,
        numLayers: 2,
        numDecoderLayers: 2,
        vocabSize: 128,
        feedForwardProj: 'gated-gelu',
        tieWordEmbeddings: false,
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('init writes an HF config.json and model.safetensors whose params match the config', async () => {
    const r = await runJson('init', '--config', join(dir, 'tiny.json'), '--seed', '5', '--out', ckpt, '--backend', 'cpu');
    assert.ok(existsSync(join(ckpt, 'config.json')) && existsSync(join(ckpt, 'model.safetensors')));
    const hf = JSON.parse(readFileSync(join(ckpt, 'config.json'), 'utf8'));
    assert.equal(hf.model_type, 't5');
    assert.equal(hf.feed_forward_proj, 'gated-gelu');
    assert.equal(hf.tie_word_embeddings, false);
    assert.equal((await runJson('params', '--config', join(ckpt, 'config.json'))).params, r.params);
    assert.equal(readFileSync(join(ckpt, 'model.safetensors')).length, r.bytes);
  });

  it('init refuses to overwrite a checkpoint without --force', async () => {
    const r = await run('init', '--config', join(dir, 'tiny.json'), '--out', ckpt);
    assert.equal(r.code, 2);
    assert.match(r.err, /already holds config\.json; pass --force/);
  });

  it('forward returns logits [batch][target][vocab] and a loss equal to the mean CE over non-pad labels', async () => {
    const r = await runJson('forward', '--checkpoint', ckpt, '--input', inputFile, '--backend', 'cpu');
    assert.equal(r.logits.length, 2);
    assert.equal(r.logits[0].length, 4);
    assert.equal(r.logits[0][0].length, 128);
    assert.ok(Math.abs(r.loss - meanCrossEntropy(r.logits, input.labels)) < 1e-5, `loss ${r.loss}`);
    // Pad positions must not count: the all-positions mean is different.
    const withPad = meanCrossEntropy(
      r.logits,
      input.labels.map((row) => row.map((x) => x || 2)),
    );
    assert.notEqual(Math.round(withPad * 1e4), Math.round(r.loss * 1e4));
  });

  it('the same seed gives the same checkpoint, so forward is reproducible across init runs', async () => {
    const again = join(dir, 'again');
    await runJson('init', '--config', join(dir, 'tiny.json'), '--seed', '5', '--out', again, '--backend', 'cpu');
    assert.deepEqual(readFileSync(join(again, 'model.safetensors')), readFileSync(join(ckpt, 'model.safetensors')));
  });

  it('generate returns one row per input, at most --max-steps ids below the vocabulary, greedy and beam', async () => {
    for (const beam of ['1', '3']) {
      const r = await runJson(
        'generate',
        '--checkpoint',
        ckpt,
        '--input',
        inputFile,
        '--max-steps',
        '4',
        '--beam',
        beam,
        '--backend',
        'cpu',
      );
      assert.equal(r.tokens.length, 2);
      for (const row of r.tokens) {
        assert.ok(row.length >= 1 && row.length <= 4, `beam ${beam}: ${row}`);
        for (const id of row) assert.ok(Number.isInteger(id) && id >= 0 && id < 128);
      }
    }
  });

  it('greedy tokens are the argmax of forward logits when teacher-forced with those tokens', async () => {
    const g = await runJson('generate', '--checkpoint', ckpt, '--input', inputFile, '--max-steps', '4', '--backend', 'cpu');
    const width = Math.max(...g.tokens.map((r: number[]) => r.length));
    const labels = g.tokens.map((r: number[]) => [...r, ...Array(width - r.length).fill(0)]);
    const f = join(dir, 'teacher.json');
    writeFileSync(f, JSON.stringify({ input_ids: input.input_ids, labels }));
    const fw = await runJson('forward', '--checkpoint', ckpt, '--input', f, '--backend', 'cpu');
    g.tokens.forEach((row: number[], b: number) =>
      row.forEach((tok, t) => {
        const l = fw.logits[b][t] as number[];
        assert.equal(l.indexOf(Math.max(...l)), tok, `row ${b} step ${t}`);
      }),
    );
  });
});

describe('t5lab forward and generate on checkpoints written by Hugging Face transformers', () => {
  for (const name of ['t5-v1_0-relu', 't5-v1_1-untied']) {
    it(`${name}: loss and greedy tokens equal HF's`, async () => {
      const ckpt = join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(ckpt, 'expected.json'), 'utf8'));
      const dir = mkdtempSync(join(tmpdir(), 't5lab-cli-hf-'));
      try {
        const inputFile = join(dir, 'input.json');
        writeFileSync(inputFile, JSON.stringify({ input_ids: expected.input_ids, labels: expected.labels }));
        const fw = await runJson('forward', '--checkpoint', ckpt, '--input', inputFile, '--backend', 'cpu');
        assert.ok(Math.abs(fw.loss - expected.loss) < 1e-4 * expected.loss, `loss ${fw.loss} vs HF ${expected.loss}`);
        const g = await runJson(
          'generate',
          '--checkpoint',
          ckpt,
          '--input',
          inputFile,
          '--max-steps',
          String(expected.generate_steps),
          '--backend',
          'cpu',
        );
        assert.deepEqual(g.tokens, expected.greedy_tokens);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('model commands reject bad input with one line naming the problem', () => {
  let dir: string;
  const ckpt = join(FIXTURES, 't5-v1_0-relu');
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 't5lab-cli-bad-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => string[], number, RegExp][] = [
    [
      'a missing checkpoint directory',
      () => ['forward', '--checkpoint', join(dir, 'nope'), '--input', file('ok.json', '{"input_ids":[[5,1]],"labels":[[6,1]]}')],
      2,
      /--checkpoint: checkpoint directory .*nope does not exist/,
    ],
    [
      'an input file that is not JSON',
      () => ['forward', '--checkpoint', ckpt, '--input', file('bad.json', '{"input_ids": [[5, 1]')],
      2,
      /--input .*bad\.json: not valid JSON/,
    ],
    [
      'ragged rows',
      () => ['forward', '--checkpoint', ckpt, '--input', file('ragged.json', '{"input_ids":[[5,6,1],[7,1]],"labels":[[6,1],[6,1]]}')],
      2,
      /input_ids rows must all have the same length \(row 0 has 3, row 1 has 2\); right-pad with 0/,
    ],
    [
      'an id not below the vocabulary',
      () => ['forward', '--checkpoint', ckpt, '--input', file('big.json', '{"input_ids":[[5,1]],"labels":[[6,128]]}')],
      2,
      /labels\[0\]\[1\] = 128 is not below vocab_size 128/,
    ],
    [
      'missing labels',
      () => ['forward', '--checkpoint', ckpt, '--input', file('nolabels.json', '{"input_ids":[[5,1]]}')],
      2,
      /"labels" is missing/,
    ],
    [
      'a negative id',
      () => ['generate', '--checkpoint', ckpt, '--max-steps', '3', '--input', file('neg.json', '{"input_ids":[[5,-1]]}')],
      2,
      /input_ids\[0\]\[1\] must be a non-negative integer token id \(got -1\)/,
    ],
    [
      'init of a model too large for one safetensors buffer',
      () => ['init', '--preset', 't5-3b', '--out', join(dir, 'big')],
      2,
      /needs 10\.6 GiB of float32 weights; t5lab writes single-file checkpoints of at most 4 GiB/,
    ],
    [
      'generate without --max-steps',
      () => ['generate', '--checkpoint', ckpt, '--input', file('ok.json', '{"input_ids":[[5,1]]}')],
      2,
      /--max-steps is required/,
    ],
    [
      'a corrupt safetensors file',
      () => {
        const bad = join(dir, 'corrupt');
        mkdirSync(bad, { recursive: true });
        writeFileSync(join(bad, 'config.json'), readFileSync(join(ckpt, 'config.json')));
        writeFileSync(join(bad, 'model.safetensors'), readFileSync(join(ckpt, 'model.safetensors')).subarray(0, 8000));
        return ['forward', '--checkpoint', bad, '--input', file('ok.json', '{"input_ids":[[5,1]],"labels":[[6,1]]}')];
      },
      1,
      /checkpoint .*corrupt: model\.safetensors: tensor ".*": data_offsets \[\d+, \d+\] run past the \d+ data bytes/,
    ],
  ];
  for (const [what, argv, code, message] of cases) {
    it(what, async () => {
      const r = await run(...argv(), '--backend', 'cpu');
      assert.equal(r.code, code, r.err);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.equal(r.out, '');
    });
  }

  it('the installed bin prints the error without a stack trace and exits 2', () => {
    const bin = new URL('../../../../src/cli/bin.mjs', import.meta.url).pathname;
    const r = spawnSync(
      process.execPath,
      [bin, 'generate', '--checkpoint', join(dir, 'missing'), '--input', 'x.json', '--max-steps', '2'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^t5lab generate: --input x\.json: no such file\n$/);
  });
});
