import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/dataset.ts';
import '../../../cells/kinds/tokenizer.ts';
import { clearImportedTokenizers, type TokenizerCell } from '../../../cells/kinds/tokenizer.ts';
import { TokenizerStore } from '../../../src/storage/tokenizerStore.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import { deleteDB } from 'idb';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';
import { CellHarness, editParams, rendered } from './harness.ts';
import tinyTokenizerUrl from '../../fixtures/tiny-t5-unigram.tokenizer.json?url';

const chipIds = (root: ShadowRoot, where: string) =>
  [...root.querySelectorAll(`${where} [data-token-id]`)].map((c) => Number(c.getAttribute('data-token-id')));

const DB = `t5lab-test-tokenizer-cell-${Date.now()}`;

describe('tokenizer cell', () => {
  let h: CellHarness;
  let cell: TokenizerCell;
  const store = new TokenizerStore(DB);

  before(() => {
    h = new CellHarness();
    h.add('t5-dataset-cell', 'data', 'dataset', { source: 'bundled', name: 'pretrain_factbook' });
    cell = h.add<TokenizerCell>(
      't5-tokenizer-cell',
      'tok',
      'tokenizer',
      { type: 'unigram', vocabSize: 2048, sample: 'The economy of Algeria grew.' },
      (c) => (c.tokenizerStore = store),
    );
  });
  after(async () => {
    h.dispose();
    await closeT5labDb(DB);
    await deleteDB(DB);
  });

  it('trains a unigram tokenizer on the corpus in its run and shows the sample as pieces with ids, sentinels and the piece-length figure', async () => {
    const out = await h.ok('tok');
    const tok = out.tokenizer as Tokenizer;
    assert.equal(tok.kind, 'unigram');
    assert.equal(tok.vocabSize, 2048);
    await rendered(cell);
    const root = cell.shadowRoot!;
    assert.deepEqual(chipIds(root, '[data-pieces]'), tok.encode('The economy of Algeria grew.'));
    const pieces = [...root.querySelectorAll('[data-pieces] .p')].map((p) => p.textContent);
    assert.deepEqual(pieces, tok.pieces(tok.encode('The economy of Algeria grew.')));
    const sentinel = root.querySelector('[data-sentinels] [data-sentinel="0"]')!;
    assert.equal(sentinel.querySelector('.p')!.textContent, '<extra_id_0>');
    assert.equal(sentinel.getAttribute('data-token-id'), '2047');
    assert.match(root.querySelector('[data-stat="ms"]')!.textContent!, /^\d+\.\d\d s$/);
    assert.isAbove(Number(root.querySelector('[data-stat="corpusRatio"]')!.textContent), 2, 'subword pieces cover several characters');
    const figure = root.querySelector('figure[data-figure="tokenizer-piece-lengths"]')!;
    assert.include(figure.querySelector('[aria-label]')!.getAttribute('aria-label'), 'pretrain_factbook');
    assert.isAbove(figure.querySelectorAll('rect').length, 5);
  });

  it('a run superseded during training hands the training over to the run that replaces it', async () => {
    const runs = h.runtime.state('tok')!.runs;
    editParams(cell, { vocabSize: 1024 });
    await new Promise((r) => setTimeout(r, 50));
    h.runtime.run('tok');
    const s = await h.until('tok', (st) => st.runs > runs && (st.status === 'ok' || st.status === 'error'));
    assert.equal(s.status, 'ok', s.error);
    assert.equal((s.outputs!.tokenizer as Tokenizer).vocabSize, 1024);
    editParams(cell, { vocabSize: 2048 });
    await h.until('tok', (st) => st.status === 'ok' && (st.outputs!.tokenizer as Tokenizer).vocabSize === 2048);
  });

  it('re-tokenizes an edited sample at once without retraining', async () => {
    const runs = h.runtime.state('tok')!.runs;
    const textarea = cell.shadowRoot!.querySelector('textarea[name="sample"]') as HTMLTextAreaElement;
    textarea.value = 'Mountains and rivers';
    textarea.dispatchEvent(new Event('input'));
    await rendered(cell);
    const tok = h.runtime.state('tok')!.outputs!.tokenizer as Tokenizer;
    assert.deepEqual(chipIds(cell.shadowRoot!, '[data-pieces]'), tok.encode('Mountains and rivers'));
    assert.equal(cell.spec.params.sample, 'Mountains and rivers');
    assert.equal(h.runtime.state('tok')!.runs, runs);
  });

  it('names vocabSize when it is too small, then switches to bytes', async () => {
    const input = cell.shadowRoot!.querySelector('input[name="vocabSize"]') as HTMLInputElement;
    input.value = '300';
    input.dispatchEvent(new Event('change'));
    const s = await h.until('tok', (st) => st.status === 'error');
    assert.match(s.error!, /vocabSize must be an integer ≥ 360/);
    await rendered(cell);
    assert.match(cell.shadowRoot!.querySelector('[data-field="vocabSize"]')!.textContent!, /vocabSize must be an integer ≥ 360/);
    const select = cell.shadowRoot!.querySelector('select[name="type"]') as HTMLSelectElement;
    select.value = 'byte';
    select.dispatchEvent(new Event('change'));
    const out = await h.until('tok', (st) => st.status === 'ok' && (st.outputs!.tokenizer as Tokenizer).kind === 'byte');
    const tok = out.outputs!.tokenizer as Tokenizer;
    assert.equal(tok.vocabSize, 384);
    await rendered(cell);
    assert.deepEqual(
      chipIds(cell.shadowRoot!, '[data-pieces]'),
      [...new TextEncoder().encode('Mountains and rivers')].map((b) => b + 3),
    );
    assert.isNull(cell.shadowRoot!.querySelector('[data-field="vocabSize"]'));
  });

  it('imports a Hugging Face tokenizer.json, keeps it across a reload, and explains a file that is not one', async () => {
    const tinyJson = await (await fetch(tinyTokenizerUrl)).text();
    const select = cell.shadowRoot!.querySelector('select[name="type"]') as HTMLSelectElement;
    select.value = 'hf';
    select.dispatchEvent(new Event('change'));
    await h.until('tok', (st) => st.status === 'error');
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'is not stored in this browser; import it again');
    const anyCell = cell as unknown as { importFile(f: File): Promise<void> };
    await anyCell.importFile(new File(['{"model": {"type": "BPE"}}'], 'bpe.json'));
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'bpe.json: tokenizer.json: model.type must be "Unigram"');
    await anyCell.importFile(new File([tinyJson], 'tokenizer.json'));
    const s = await h.until('tok', (st) => st.status === 'ok' && (st.outputs!.tokenizer as Tokenizer).kind === 'hf-tokenizer-json');
    const tok = s.outputs!.tokenizer as Tokenizer;
    await rendered(cell);
    assert.deepEqual(chipIds(cell.shadowRoot!, '[data-pieces]'), tok.encode('Mountains and rivers'));
    assert.equal(cell.spec.params.hfName, 'tokenizer.json');

    // A reload: nothing parsed in memory, a new cell with the saved params reads the stored file.
    const params = cell.spec.params;
    clearImportedTokenizers();
    const h2 = new CellHarness();
    try {
      h2.add<TokenizerCell>('t5-tokenizer-cell', 'tok2', 'tokenizer', params, (c) => (c.tokenizerStore = store));
      const again = (await h2.ok('tok2')).tokenizer as Tokenizer;
      assert.equal(again.kind, 'hf-tokenizer-json');
      assert.deepEqual(again.encode('the cats sat.'), tok.encode('the cats sat.'));
    } finally {
      h2.dispose();
    }
  });
});
