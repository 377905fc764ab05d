import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors, type Float32TensorInput } from '../../../../src/checkpoint/safetensors.ts';

const bin = new URL('../../../../src/cli/bin.mjs', import.meta.url).pathname;
const t5lab = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const SPIECE = new URL('../../../fixtures/sentencepiece/unigram-bytefallback.model', import.meta.url).pathname;
const CONFIG = {
  d_model: 16,
  d_ff: 24,
  num_heads: 2,
  d_kv: 6,
  num_layers: 2,
  num_decoder_layers: 2,
  vocab_size: 904,
  relative_attention_num_buckets: 8,
  relative_attention_max_distance: 16,
  feed_forward_proj: 'relu',
  tie_word_embeddings: true,
};

describe('t5lab generate --text and t5lab export', () => {
  const tmp = mkdtempSync(join(tmpdir(), 't5lab-export-'));
  const ck = join(tmp, 'ck');
  writeFileSync(join(tmp, 'cfg.json'), JSON.stringify(CONFIG));
  const init = t5lab('init', '--config', join(tmp, 'cfg.json'), '--out', ck, '--seed', '4', '--backend', 'cpu');
  assert.equal(init.status, 0, init.stderr);
  copyFileSync(SPIECE, join(ck, 'spiece.model'));
  const prompt = 'translate English to German: Hello';

  it("generate --text encodes with the folder's spiece.model and prints the decoded text (ids with --json)", () => {
    const r = t5lab('generate', '--checkpoint', ck, '--text', prompt, '--max-steps', '4', '--backend', 'cpu', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const tok = JSON.parse(t5lab('tokenize', '--tokenizer', SPIECE, '--text', prompt, '--json').stdout);
    assert.deepEqual(out.input_ids, [[...tok.ids, 1]]);
    const decoded = JSON.parse(t5lab('tokenize', '--tokenizer', SPIECE, '--decode', out.tokens[0].join(','), '--json').stdout).text;
    assert.equal(out.text, decoded);
    const plain = t5lab('generate', '--checkpoint', ck, '--text', prompt, '--max-steps', '4', '--backend', 'cpu');
    assert.equal(plain.stdout, decoded + '\n');
  });

  it('export writes an HF folder whose BF16 and sharded forms generate the same text as their source', () => {
    const ex = join(tmp, 'ex');
    const r = t5lab('export', '--from', ck, '--out', ex, '--dtype', 'bf16', '--backend', 'cpu', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(ex).sort(), [
      'README.md',
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'special_tokens_map.json',
      'spiece.model',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const bf16 = readSafetensors(new Uint8Array(readFileSync(join(ex, 'model.safetensors'))));
    assert.ok([...bf16.tensors.values()].every((t) => t.dtype === 'BF16'));
    // Shard the BF16 folder by hand (two files + index) and generate from both.
    const sh = join(tmp, 'sharded');
    const tensors = [...bf16.tensors].map(([n, t]): [string, Float32TensorInput] => [n, { shape: t.shape, data: t.data as Float32Array }]);
    const parts = [tensors.slice(0, 5), tensors.slice(5)];
    const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    spawnSync('mkdir', ['-p', sh]);
    const weightMap: Record<string, string> = {};
    parts.forEach((p, i) => {
      writeFileSync(join(sh, names[i]), writeSafetensors(new Map(p), { format: 'pt' }));
      for (const [n] of p) weightMap[n] = names[i];
    });
    writeFileSync(join(sh, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    copyFileSync(join(ex, 'config.json'), join(sh, 'config.json'));
    copyFileSync(join(ex, 'tokenizer.json'), join(sh, 'tokenizer.json'));
    const a = JSON.parse(t5lab('generate', '--checkpoint', ex, '--text', prompt, '--max-steps', '4', '--backend', 'cpu', '--json').stdout);
    const b = t5lab('generate', '--checkpoint', sh, '--text', prompt, '--max-steps', '4', '--backend', 'cpu', '--json');
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(JSON.parse(b.stdout).tokens, a.tokens);
    // A missing shard names the file.
    writeFileSync(
      join(sh, 'model.safetensors.index.json'),
      JSON.stringify({ weight_map: { ...weightMap, 'shared.weight': 'model-00003-of-00003.safetensors' } }),
    );
    const c = t5lab('generate', '--checkpoint', sh, '--text', prompt, '--max-steps', '4', '--backend', 'cpu');
    assert.equal(c.status, 2);
    assert.match(c.stderr, /has no model-00003-of-00003\.safetensors \(listed in model\.safetensors\.index\.json\)/);
  });

  it('bad flags are refused naming the flag', () => {
    let r = t5lab('export', '--from', ck, '--out', join(tmp, 'x'), '--dtype', 'f8');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--dtype/);
    r = t5lab('generate', '--checkpoint', ck, '--text', 'a', '--input', 'b.json');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /exactly one of --text/);
  });
});
