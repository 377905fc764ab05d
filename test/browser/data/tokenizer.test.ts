import { assert } from '@esm-bundle/chai';
import { bundledDatasets } from '../../../src/data/bundled.ts';
import { loadBundled } from '../../../src/data/bundledFiles.browser.ts';
import type { Dataset } from '../../../src/data/parseDataset.ts';
import { importHfTokenizerJson } from '../../../src/tokenizers/hfTokenizer.ts';
import { loadTokenizer } from '../../../src/tokenizers/loadTokenizer.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';
import type { UnigramTokenizer } from '../../../src/tokenizers/unigramTokenizer.ts';
import tinyTokenizerUrl from '../../fixtures/tiny-t5-unigram.tokenizer.json?url';

const texts = (ds: Dataset) => (ds.kind === 'task' ? ds.examples.flatMap((e) => [e.inputs, e.targets]) : ds.documents);

describe('tokenizers in the browser', () => {
  let tok: UnigramTokenizer;

  before(async () => {
    const corpus = await loadBundled('pretrain_factbook');
    tok = trainUnigram(texts(corpus), { vocabSize: 2048 }).tokenizer;
  });

  it('trains a 2,048-id unigram vocabulary with 100 sentinels on the factbook corpus', () => {
    assert.equal(tok.vocabSize, 2048);
    assert.equal(tok.sentinel(0), 2047);
    assert.equal(tok.pieces([tok.sentinel(0)])[0], '<extra_id_0>');
  });

  it('round-trips encode → decode on every line of every bundled file', async () => {
    for (const info of bundledDatasets()) {
      const lines = texts(await loadBundled(info.name));
      const bad = lines.filter((t) => tok.decode(tok.encode(t)) !== t);
      assert.lengthOf(bad, 0, `${info.name}: e.g. ${JSON.stringify(bad[0]?.slice(0, 80))}`);
    }
  });

  it('reloads from its JSON form with identical encodings', () => {
    const copy = loadTokenizer(JSON.stringify(tok.toJSON()));
    const s = 'Algeria’s economy 😀 remains dominated by the state.';
    assert.deepEqual(copy.encode(s), tok.encode(s));
  });

  it('imports a hand-made HF tokenizer.json (Unigram, Metaspace) offline', async () => {
    const text = await (await fetch(tinyTokenizerUrl)).text();
    const hf = importHfTokenizerJson(text);
    assert.deepEqual(hf.pieces(hf.encode('the cats sat.')), ['▁the', '▁cat', 's', '▁sat', '.']);
    assert.equal(hf.decode([hf.sentinel(0), ...hf.encode('the cat')]), '<extra_id_0> the cat');
  });
});
