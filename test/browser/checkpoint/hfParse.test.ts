import { assert } from '@esm-bundle/chai';
import { parseHfFilesOffThread } from '../../../src/checkpoint/hfParse.ts';
import { readHfFolder } from '../../../src/checkpoint/hfFolder.ts';
import { weightsFromHfTensors } from '../../../src/checkpoint/hfWeights.ts';
import { exportHfFolder } from '../../../src/checkpoint/hfExport.ts';
import { T5Model } from '../../../src/model/t5Model.ts';
import { SentencePieceTokenizer } from '../../../src/tokenizers/sentencepieceTokenizer.ts';
import { useBackend } from '../helpers/backends.ts';

const FIXTURE = '/test/fixtures/hf-tiny-t5/t5-v1_1-gated-gelu-hf5';
const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
const asBlobs = (files: Map<string, Uint8Array>) => [...files].map(([name, data]) => ({ name, data: new Blob([data as BlobPart]) }));

/** The main-thread path: the same reader and layout conversion, run on the page. */
function mainThreadWeights(files: Map<string, Uint8Array>) {
  const r = readHfFolder(files);
  return weightsFromHfTensors(r.config, r.tensors, { headSharesEmbedding: r.headSharesEmbedding });
}

describe('reading a Hugging Face checkpoint folder off the main thread', () => {
  before(() => useBackend('cpu'));

  it('parses an HF-written folder in a worker, with progress, and returns exactly the weights the main-thread reader gives', async () => {
    const files = new Map([
      ['config.json', await bytesOf(`${FIXTURE}/config.json`)],
      ['model.safetensors', await bytesOf(`${FIXTURE}/model.safetensors`)],
    ]);
    const phases: string[] = [];
    let ticksWhileParsing = 0;
    const timer = setInterval(() => ticksWhileParsing++, 0);
    const parsed = await parseHfFilesOffThread(asBlobs(files), { weights: true, onProgress: (p) => phases.push(p.phase) });
    clearInterval(timer);
    assert.equal(parsed.parsedIn, 'worker');
    assert.include(phases, 'reading');
    assert.equal(phases.at(-1), 'decoding');
    // The page ran its own tasks while the worker worked (structure: the page was never the one parsing).
    assert.isAbove(ticksWhileParsing, 0);
    const expected = mainThreadWeights(files);
    assert.deepEqual([...parsed.weights!.keys()].sort(), [...expected.keys()].sort());
    for (const [name, w] of expected) {
      assert.deepEqual(parsed.weights!.get(name)!.shape, w.shape, name);
      assert.deepEqual(parsed.weights!.get(name)!.values, w.values, name);
    }
    assert.equal(parsed.summary.params, readHfFolder(files).summary.params);
  });

  for (const dtype of ['F16', 'BF16'] as const) {
    it(`converts a ${dtype} t5lab export with its spiece.model in the worker exactly as the main thread does`, async () => {
      const sp = new SentencePieceTokenizer(await bytesOf('/test/fixtures/sentencepiece/unigram-unk.model'));
      const source = T5Model.create(
        { dModel: 16, dFf: 24, numHeads: 2, dKv: 6, numLayers: 2, numDecoderLayers: 1, vocabSize: 704, relativeAttentionNumBuckets: 8 },
        { seed: 3 },
      );
      const exported = await exportHfFolder(source, { tokenizer: sp, dtype });
      source.dispose();
      const files = new Map([...exported].map(([n, v]) => [n, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
      const parsed = await parseHfFilesOffThread(asBlobs(files), { weights: true });
      assert.equal(parsed.parsedIn, 'worker');
      assert.deepEqual(parsed.summary.dtypes, readHfFolder(files).summary.dtypes);
      assert.equal(parsed.tokenizerFile!.name, 'spiece.model');
      assert.deepEqual(parsed.tokenizerFile!.bytes, files.get('spiece.model'));
      for (const [name, w] of mainThreadWeights(files)) assert.deepEqual(parsed.weights!.get(name)!.values, w.values, name);
    });
  }

  it('refuses a weight file that does not match config.json, naming the file and the tensor; checking only returns no weights', async () => {
    const config = JSON.parse(new TextDecoder().decode(await bytesOf(`${FIXTURE}/config.json`))) as Record<string, unknown>;
    const weights = await bytesOf(`${FIXTURE}/model.safetensors`);
    const ok = await parseHfFilesOffThread(
      asBlobs(
        new Map([
          ['config.json', new TextEncoder().encode(JSON.stringify(config))],
          ['model.safetensors', weights],
        ]),
      ),
      { weights: false },
    );
    assert.isUndefined(ok.weights);
    const wrong = new TextEncoder().encode(JSON.stringify({ ...config, d_ff: (config.d_ff as number) + 1 }));
    let message = '';
    try {
      await parseHfFilesOffThread(
        asBlobs(
          new Map([
            ['config.json', wrong],
            ['model.safetensors', weights],
          ]),
        ),
        { weights: false },
      );
    } catch (err) {
      message = (err as Error).message;
    }
    assert.match(message, /^model\.safetensors: checkpoint tensor "[^"]+DenseReluDense[^"]+" has shape/);
  });
});
