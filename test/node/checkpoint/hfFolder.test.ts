import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HfFolderError, readHfFolder } from '../../../src/checkpoint/hfFolder.ts';
import { readSafetensors, writeSafetensors, type Float32TensorInput } from '../../../src/checkpoint/safetensors.ts';
import { float16ToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits, bfloat16ToFloat32 } from '../../../src/checkpoint/halfFloat.ts';

const FIXTURE = new URL('../../fixtures/hf-tiny-t5/t5-v1_1-untied/', import.meta.url);
const SPIECE = new URL('../../fixtures/sentencepiece/unigram-unk.model', import.meta.url);
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURE)));
const enc = (s: string) => new TextEncoder().encode(s);

function fixtureTensors(): Map<string, Float32TensorInput> {
  const out = new Map<string, Float32TensorInput>();
  for (const [name, t] of readSafetensors(file('model.safetensors')).tensors)
    out.set(name, { shape: t.shape, data: t.data as Float32Array });
  return out;
}

/** The fixture split into two shards with an index, as `save_pretrained(max_shard_size=…)` writes it. */
function shardedFiles(): Map<string, Uint8Array> {
  const tensors = [...fixtureTensors()];
  const half = Math.ceil(tensors.length / 2);
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const parts = [tensors.slice(0, half), tensors.slice(half)];
  const weightMap: Record<string, string> = {};
  parts.forEach((p, i) => p.forEach(([n]) => (weightMap[n] = names[i])));
  return new Map<string, Uint8Array>([
    ['config.json', file('config.json')],
    ['model.safetensors.index.json', enc(JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }))],
    [names[0], writeSafetensors(new Map(parts[0]), { format: 'pt' })],
    [names[1], writeSafetensors(new Map(parts[1]), { format: 'pt' })],
  ]);
}

test('a sharded folder reads the same tensors as the single-file checkpoint', () => {
  const single = readHfFolder(
    new Map([
      ['config.json', file('config.json')],
      ['model.safetensors', file('model.safetensors')],
    ]),
  );
  const sharded = readHfFolder(shardedFiles());
  assert.deepEqual([...sharded.tensors.keys()].sort(), [...single.tensors.keys()].sort());
  for (const [name, t] of single.tensors) assert.deepEqual(sharded.tensors.get(name)!.data, t.data, name);
  assert.deepEqual(sharded.summary.shards, ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
  assert.equal(single.summary.version, 'v1.1');
  assert.equal(single.summary.dtypes.F32, single.tensors.size);
});

for (const dtype of ['F16', 'BF16'] as const) {
  test(`${dtype} weights are read as the float32 values their bits stand for`, () => {
    const tensors = fixtureTensors();
    const files = new Map([
      ['config.json', file('config.json')],
      ['model.safetensors', writeSafetensors(tensors, { format: 'pt' }, { dtype })],
    ]);
    const r = readHfFolder(files);
    assert.deepEqual(r.summary.dtypes, { [dtype]: tensors.size });
    for (const [name, t] of tensors) {
      const want = dtype === 'F16' ? float16ToFloat32(float32ToFloat16Bits(t.data)) : bfloat16ToFloat32(float32ToBfloat16Bits(t.data));
      assert.deepEqual(r.tensors.get(name)!.data, want, name);
      // Rounding, not truncation: within half a unit in the last place of the 16-bit format.
      const rel = dtype === 'F16' ? 2 ** -11 : 2 ** -8;
      t.data.forEach((v, i) => assert.ok(Math.abs(want[i] - v) <= Math.abs(v) * rel + 1e-7, `${name}[${i}]`));
    }
  });
}

test('the tokenizer and generation config of a folder are read and summarised', () => {
  const files = new Map([
    ['config.json', enc(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(file('config.json'))), vocab_size: 704 }))],
    ['spiece.model', new Uint8Array(readFileSync(SPIECE))],
    ['generation_config.json', enc('{"decoder_start_token_id": 0}')],
  ]);
  // The fixture's weights have vocab 128, so the embedding check refuses them only when the model is built; reading is fine.
  files.set('model.safetensors', file('model.safetensors'));
  const r = readHfFolder(files);
  assert.equal(r.summary.tokenizerFile, 'spiece.model');
  assert.equal(r.tokenizer!.vocabSize, 700);
  assert.equal(r.summary.hasGenerationConfig, true);
});

test('missing or inconsistent files are refused with a message naming the file', () => {
  const refuse = (files: Map<string, Uint8Array>, pattern: RegExp) =>
    assert.throws(
      () => readHfFolder(files),
      (err: Error) => err instanceof HfFolderError && pattern.test(err.message),
    );
  refuse(new Map([['model.safetensors', file('model.safetensors')]]), /config\.json is missing/);
  refuse(new Map([['config.json', file('config.json')]]), /no model\.safetensors \(or sharded model\.safetensors\.index\.json\)/);
  refuse(
    new Map([
      ['config.json', enc('{not json')],
      ['model.safetensors', file('model.safetensors')],
    ]),
    /config\.json is not valid JSON/,
  );
  refuse(
    new Map([
      ['config.json', file('config.json')],
      ['model.safetensors', file('model.safetensors').subarray(0, 500)],
    ]),
    /^model\.safetensors: /,
  );
  const noShard = shardedFiles();
  noShard.delete('model-00002-of-00002.safetensors');
  refuse(noShard, /model\.safetensors\.index\.json lists model-00002-of-00002\.safetensors, which is missing/);
  const wrongIndex = shardedFiles();
  const index = JSON.parse(new TextDecoder().decode(wrongIndex.get('model.safetensors.index.json')!));
  const [first] = Object.keys(index.weight_map);
  index.weight_map[first] = 'model-00002-of-00002.safetensors';
  wrongIndex.set('model.safetensors.index.json', enc(JSON.stringify(index)));
  refuse(
    wrongIndex,
    new RegExp(`holds tensor "${first.replaceAll('.', '\\.')}", but model\\.safetensors\\.index\\.json says it is in model-00002`),
  );
  const pathIndex = shardedFiles();
  pathIndex.set('model.safetensors.index.json', enc(JSON.stringify({ weight_map: { 'shared.weight': '../secret.safetensors' } })));
  refuse(pathIndex, /weight_map\["shared\.weight"\] must be a file name in the same folder/);
  const badTok = new Map([
    ['config.json', file('config.json')],
    ['model.safetensors', file('model.safetensors')],
    ['spiece.model', Uint8Array.of(0x0a, 0x50)],
  ]);
  refuse(badTok, /^spiece\.model: .*truncated/);
  const bigTok = new Map([
    ['config.json', file('config.json')],
    ['model.safetensors', file('model.safetensors')],
    ['spiece.model', new Uint8Array(readFileSync(SPIECE))],
  ]);
  refuse(bigTok, /spiece\.model has 700 ids but config\.json vocab_size is 128/);
});
