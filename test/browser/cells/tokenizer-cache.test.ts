import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import '../../../cells/kinds/dataset.ts';
import '../../../cells/kinds/tokenizer.ts';
import type { TokenizerCell } from '../../../cells/kinds/tokenizer.ts';
import { closeT5labDb, openT5labDb } from '../../../src/storage/db.ts';
import { TrainedTokenizerStore } from '../../../src/storage/trainedTokenizerStore.ts';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';
import { CellHarness, editParams, rendered } from './harness.ts';
import { loadBundled } from '../../../src/data/bundledFiles.browser.ts';

const DB = `t5lab-test-tokenizer-cache-${Date.now()}`;
const TEXTS = ['The economy of Algeria grew.', 'translate English to German: café 😀', '  spaces  and\ttabs '];
const PARAMS = { type: 'unigram', vocabSize: 600, sample: TEXTS[0] };

/** Mounts a dataset and a tokenizer cell in a fresh harness (a fresh notebook page, as a second visit). */
function mount(params: Record<string, unknown> = PARAMS) {
  const h = new CellHarness();
  h.add('t5-dataset-cell', 'data', 'dataset', { source: 'bundled', name: 'pretrain_factbook' });
  // A new store object each time: what is shared between mounts is the IndexedDB database only.
  const cell = h.add<TokenizerCell>(
    't5-tokenizer-cell',
    'tok',
    'tokenizer',
    params,
    (c) => (c.trainedTokenizerStore = new TrainedTokenizerStore(DB)),
  );
  return { h, cell };
}

const origin = (cell: TokenizerCell) => cell.shadowRoot!.querySelector('[data-tokenizer-origin]')!;
const chipIds = (cell: TokenizerCell) =>
  [...cell.shadowRoot!.querySelectorAll('[data-pieces] [data-token-id]')].map((c) => c.getAttribute('data-token-id'));

describe('tokenizer cell: the trained-tokenizer cache', () => {
  let first: Tokenizer;
  after(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
  });

  it('trains on a first visit and says so', async () => {
    const { h, cell } = mount();
    try {
      first = (await h.ok('tok')).tokenizer as Tokenizer;
      await rendered(cell);
      assert.equal(origin(cell).getAttribute('data-tokenizer-origin'), 'trained');
      assert.match(origin(cell).textContent!, /^\s*trained in \d+\.\d\d s on pretrain_factbook/);
      assert.isNull(cell.shadowRoot!.querySelector('[data-cache-note]'));
    } finally {
      h.dispose();
    }
  });

  it('a second mount with the same corpus and params uses the cached tokenizer, which encodes exactly as the trained one', async () => {
    const { h, cell } = mount();
    try {
      const cached = (await h.ok('tok')).tokenizer as Tokenizer;
      await rendered(cell);
      assert.equal(origin(cell).getAttribute('data-tokenizer-origin'), 'cache');
      assert.match(origin(cell).textContent!, /^\s*from cache, trained .+ \(in \d+\.\d\d s\) on pretrain_factbook/);
      assert.notStrictEqual(cached, first);
      assert.deepEqual(cached.toJSON(), first.toJSON());
      for (const t of TEXTS) {
        assert.deepEqual(cached.encode(t), first.encode(t), t);
        assert.equal(cached.decode(cached.encode(t)), first.decode(first.encode(t)));
      }
      assert.deepEqual(chipIds(cell), first.encode(TEXTS[0]).map(String));
    } finally {
      h.dispose();
    }
  });

  it('a changed parameter retrains, and Retrain trains again on the same corpus', async () => {
    const { h, cell } = mount();
    try {
      await h.ok('tok');
      let runs = h.runtime.state('tok')!.runs;
      editParams(cell, { vocabSize: 620 });
      let s = await h.until('tok', (st) => st.runs > runs && (st.status === 'ok' || st.status === 'error'));
      assert.equal(s.status, 'ok', s.error);
      assert.equal((s.outputs!.tokenizer as Tokenizer).vocabSize, 620);
      await rendered(cell);
      assert.equal(origin(cell).getAttribute('data-tokenizer-origin'), 'trained');
      runs = s.runs;
      (cell.shadowRoot!.querySelector('button[data-action="retrain"]') as HTMLButtonElement).click();
      s = await h.until('tok', (st) => st.runs > runs && (st.status === 'ok' || st.status === 'error'));
      assert.equal(s.status, 'ok', s.error);
      await rendered(cell);
      assert.equal(origin(cell).getAttribute('data-tokenizer-origin'), 'trained', 'retrain does not read the cache');
      assert.deepEqual(
        (s.outputs!.tokenizer as Tokenizer).encode(TEXTS[1]),
        (await mountedTokenizer({ ...PARAMS, vocabSize: 620 })).encode(TEXTS[1]),
      );
    } finally {
      h.dispose();
    }
  });

  it("on a first visit the tour's tokenizer is the one shipped with t5lab, encodes as training would, and Retrain trains it", async function () {
    this.timeout(120000);
    const tour = {
      type: 'unigram',
      vocabSize: 2048,
      trainOnTasks: ['sentiment', 'define', 'translate_en_de', 'qa_factbook', 'cloze_factbook'],
      sample: TEXTS[1],
    };
    const { h, cell } = mount(tour);
    try {
      const shipped = (await h.ok('tok')).tokenizer as Tokenizer;
      await rendered(cell);
      assert.equal(origin(cell).getAttribute('data-tokenizer-origin'), 'bundled');
      assert.match(
        origin(cell).textContent!,
        /^\s*shipped with t5lab, trained .+ \(in \d+\.\d\d s\) on pretrain_factbook \+ 5 tasks' examples/,
      );
      const runs = h.runtime.state('tok')!.runs;
      (cell.shadowRoot!.querySelector('button[data-action="retrain"]') as HTMLButtonElement).click();
      const s = await h.until('tok', (st) => st.runs > runs && (st.status === 'ok' || st.status === 'error'), 110000);
      assert.equal(s.status, 'ok', s.error);
      await rendered(cell);
      assert.equal(origin(cell).getAttribute('data-tokenizer-origin'), 'trained', 'retrain trains in this browser');
      // The shipped one was trained in Node: the same pieces, and scores equal up to the last bit
      // (Math.log/exp may round differently between V8 builds), so every encoding is the same.
      const trained = s.outputs!.tokenizer as Tokenizer;
      const a = shipped.toJSON() as unknown as { pieces: [string, number][] };
      const b = trained.toJSON() as unknown as { pieces: [string, number][] };
      assert.deepEqual(
        a.pieces.map((p) => p[0]),
        b.pieces.map((p) => p[0]),
        'the same pieces in the same order',
      );
      const worst = Math.max(...a.pieces.map((p, i) => Math.abs(p[1] - b.pieces[i][1]) / Math.max(1, Math.abs(p[1]))));
      assert.isAtMost(worst, 1e-12, 'scores agree to float64 rounding');
      const corpus = await loadBundled('pretrain_factbook');
      if (corpus.kind !== 'corpus') throw new Error('pretrain_factbook is a corpus');
      for (const t of [...TEXTS, ...corpus.documents.slice(0, 400)]) assert.deepEqual(shipped.encode(t), trained.encode(t), t);
    } finally {
      h.dispose();
    }
  });

  it('a corrupt entry is trained over with a note, and replaced', async () => {
    const db = await openT5labDb(DB);
    const keys = await db.getAllKeys('trainedTokenizers');
    assert.isAtLeast(keys.length, 2);
    for (const key of keys)
      await db.put('trainedTokenizers', { key, format: 1, algorithm: 'unigram', json: '{"kind":"uni', checksum: '0' });
    let m = mount();
    try {
      const tok = (await m.h.ok('tok')).tokenizer as Tokenizer;
      await rendered(m.cell);
      assert.equal(origin(m.cell).getAttribute('data-tokenizer-origin'), 'trained');
      assert.match(
        m.cell.shadowRoot!.querySelector('[data-cache-note]')!.textContent!,
        /cached tokenizer was unusable .*checksum.*trained again and replaced/,
      );
      assert.deepEqual(tok.toJSON(), first.toJSON());
    } finally {
      m.h.dispose();
    }
    m = mount();
    try {
      await m.h.ok('tok');
      await rendered(m.cell);
      assert.equal(origin(m.cell).getAttribute('data-tokenizer-origin'), 'cache');
    } finally {
      m.h.dispose();
    }
  });
});

/** The tokenizer a fresh mount with `params` publishes (from the cache once it holds it). */
async function mountedTokenizer(params: Record<string, unknown>): Promise<Tokenizer> {
  const { h } = mount(params);
  try {
    return (await h.ok('tok')).tokenizer as Tokenizer;
  } finally {
    h.dispose();
  }
}
