import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { exportHfFolder } from '../../../src/checkpoint/hfExport.ts';
import { readHfFolder } from '../../../src/checkpoint/hfFolder.ts';
import { modelFromHfTensors, modelWeightValues } from '../../../src/checkpoint/hfCheckpoint.ts';
import { bfloat16ToFloat32, float32ToBfloat16Bits } from '../../../src/checkpoint/halfFloat.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { SentencePieceTokenizer } from '../../../src/tokenizers/sentencepieceTokenizer.ts';
import { ByteTokenizer } from '../../../src/tokenizers/byteTokenizer.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';
import { hfTokenizerJson } from '../../../src/tokenizers/hfTokenizerExport.ts';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';

const SP = new URL('../../fixtures/sentencepiece/', import.meta.url);
const spTokenizer = (name: string) => new SentencePieceTokenizer(new Uint8Array(readFileSync(new URL(`${name}.model`, SP))));
const expected = JSON.parse(readFileSync(new URL('expected.json', SP), 'utf8'));
const TEXTS: string[] = expected.models['unigram-unk'].encode.map((c: { text: string }) => c.text);
const CONFIG = {
  dModel: 16,
  dFf: 24,
  numHeads: 2,
  dKv: 6,
  numLayers: 2,
  numDecoderLayers: 1,
  vocabSize: 904,
  relativeAttentionNumBuckets: 8,
  relativeAttentionMaxDistance: 16,
  feedForwardProj: 'gated-gelu' as const,
  tieWordEmbeddings: false,
};

const asBytes = (files: Map<string, string | Uint8Array>) =>
  new Map([...files].map(([n, v]) => [n, typeof v === 'string' ? new TextEncoder().encode(v) : v]));

test('an exported folder holds every file from_pretrained reads, and reads back to the same weights and tokenizer', async () => {
  await tf.setBackend('cpu');
  const model = T5Model.create(CONFIG, { seed: 7 });
  const tokenizer = spTokenizer('unigram-bytefallback');
  const files = await exportHfFolder(model, {
    tokenizer,
    card: { objective: 'span corruption', data: 'corpus pretrain_sotu', steps: 12, seed: 7 },
  });
  for (const name of [
    'config.json',
    'model.safetensors',
    'tokenizer.json',
    'tokenizer_config.json',
    'generation_config.json',
    'README.md',
    'spiece.model',
  ])
    assert.ok(files.has(name), name);
  assert.match(
    files.get('README.md') as string,
    /\| Objective \| span corruption \|[\s\S]*\| Steps \| 12 \|[\s\S]*\| Seed \| 7 \|[\s\S]*\| t5lab version \| 0\.1\.0 \|/,
  );
  assert.deepEqual(JSON.parse(files.get('generation_config.json') as string), {
    decoder_start_token_id: 0,
    eos_token_id: 1,
    pad_token_id: 0,
  });
  const back = readHfFolder(asBytes(files));
  assert.equal(back.summary.params, (await modelWeightValues(model)).size > 0 ? back.summary.params : -1);
  const reloaded = modelFromHfTensors(back.config, back.tensors, { headSharesEmbedding: back.headSharesEmbedding });
  const a = await modelWeightValues(model);
  const b = await modelWeightValues(reloaded);
  for (const [name, w] of a) assert.deepEqual(b.get(name)!.values, w.values, name);
  for (const t of TEXTS) assert.deepEqual(back.tokenizer!.encode(t), tokenizer.encode(t));
  model.dispose();
  reloaded.dispose();
});

test('a BF16 export reads back as the rounded weights', async () => {
  await tf.setBackend('cpu');
  const model = T5Model.create(CONFIG, { seed: 8 });
  const files = await exportHfFolder(model, { dtype: 'BF16', tokenizer: new ByteTokenizer() });
  const back = readHfFolder(asBytes(files));
  assert.equal(back.summary.dtypes.BF16, back.tensors.size);
  assert.equal(back.tokenizer!.kind, 'byte');
  const original = await modelWeightValues(model);
  const reloaded = await modelWeightValues(modelFromHfTensors(back.config, back.tensors));
  for (const [name, w] of original) assert.deepEqual(reloaded.get(name)!.values, bfloat16ToFloat32(float32ToBfloat16Bits(w.values)), name);
  model.dispose();
});

/**
 * Texts whose t5lab encoding needs neither <unk> nor byte pieces: the JS library implements no
 * byte fallback and does not fuse unknowns (the Rust library does both), so only these can be
 * compared here. Every id of the byte tokenizer is a byte, so none of its texts qualify. The
 * empty text is left out too: t5lab's own unigram tokenizer encodes it as one "▁".
 */
function plainTexts(tok: Tokenizer): string[] {
  if (tok.kind === 'byte') return [];
  return TEXTS.filter((t) => t !== '' && tok.encode(t).every((id) => id > 2 && tok.pieces([id])[0]!.match(/^<0x[0-9A-F]{2}>$/) === null));
}

for (const [name, make] of [
  ['spiece.model with byte fallback', () => spTokenizer('unigram-bytefallback')],
  ['spiece.model without byte fallback', () => spTokenizer('unigram-unk')],
  [
    't5lab unigram',
    () =>
      trainUnigram(
        readFileSync(new URL('../../../datasets/pretrain_factbook.txt', import.meta.url), 'utf8')
          .slice(0, 60_000)
          .split('\n'),
        { vocabSize: 700 },
      ).tokenizer,
  ],
  ['byte', () => new ByteTokenizer()],
] as const) {
  test(`the tokenizer.json of a ${name} tokenizer loads in @huggingface/tokenizers with the same ids`, () => {
    const tok: Tokenizer = make();
    const hf = new HfTokenizer(JSON.parse(JSON.stringify(hfTokenizerJson(tok))), {});
    assert.equal(hf.token_to_id('</s>'), tok.eosId);
    assert.equal(hf.token_to_id('<pad>'), tok.padId);
    assert.equal(hf.token_to_id('<extra_id_0>'), tok.sentinel(0));
    assert.equal(hf.token_to_id(`<extra_id_${tok.numSentinels - 1}>`), tok.sentinel(tok.numSentinels - 1));
    assert.equal(hf.encode('a', { add_special_tokens: true }).ids.at(-1), tok.eosId);
    const plain = plainTexts(tok);
    if (tok.kind !== 'byte') assert.ok(plain.length >= 15, `${plain.length} plain texts`);
    for (const t of plain) assert.deepEqual(hf.encode(t, { add_special_tokens: false }).ids, tok.encode(t), JSON.stringify(t));
  });
}
