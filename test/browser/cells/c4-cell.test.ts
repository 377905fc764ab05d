import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import '../../../cells/kinds/c4.ts';
import type { C4Cell } from '../../../cells/kinds/c4.ts';
import { DatasetStore } from '../../../src/storage/datasetStore.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import type { CorpusValue } from '../../../src/data/datasetValue.ts';
import { loadBundledPages } from '../../../src/data/bundled.ts';
import { loadBundled, readBundledFile } from '../../../src/data/bundledFiles.browser.ts';
import { cleanCorpus, cleanedText } from '../../../src/c4/pipeline.ts';
import { pageDocuments } from '../../../src/c4/pageDocuments.ts';
import { RULE_IDS } from '../../../src/c4/rules.ts';
import { CellHarness, editParams, rendered } from './harness.ts';

const DB = `t5lab-test-c4-cell-${Date.now()}`;
const num = (el: Element | null) => Number(el!.textContent!.replace(/,/g, '').trim());

describe('C4 cleaning cell', () => {
  let h: CellHarness;
  const store = new DatasetStore(DB);
  afterEach(() => h?.dispose());
  after(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
  });

  const mount = (params: Record<string, unknown>) => {
    h = new CellHarness();
    return h.add<C4Cell>('t5-c4-cell', 'c4', 'c4', params, (c) => (c.store = store));
  };

  it('shows the same per-rule counts as the core pipeline on the bundled raw corpus, with a bar per rule', async () => {
    const cell = mount({ source: 'bundled', publish: 'cleaned', output: 'corpus' });
    const out = await h.ok('c4');
    await rendered(cell);
    const expected = cleanCorpus(await loadBundledPages('c4_raw_web', readBundledFile)).counts;
    const root = cell.shadowRoot!;
    assert.equal(cell.getAttribute('data-cell-kind'), 'c4');
    assert.equal(num(root.querySelector('[data-count="pages-in"]')), 261);
    assert.equal(num(root.querySelector('[data-count="pages-kept"]')), expected.pagesKept);
    assert.equal(num(root.querySelector('[data-count="lines-kept"]')), expected.linesKept);
    assert.equal(num(root.querySelector('[data-count="tokens-in"]')), expected.tokensIn);
    for (const id of RULE_IDS) {
      const row = root.querySelector(`table[data-rule-counts] tr[data-rule="${id}"]`)!;
      assert.equal(num(row.querySelector('[data-col="lines"]')), expected.rules[id].lines, `${id} lines`);
      assert.equal(num(row.querySelector('[data-col="pages"]')), expected.rules[id].pages, `${id} pages`);
      assert.equal(num(row.querySelector('[data-col="tokens"]')), expected.rules[id].tokens, `${id} words`);
      assert.equal(num(row.querySelector('[data-col="edited"]')), expected.rules[id].edited, `${id} shortened`);
    }
    assert.include(root.querySelector('p.note')!.textContent!, 'franc-min 6.2.0');
    const figure = root.querySelector('figure[data-figure="c4-rule-counts"]')!;
    assert.include(figure.querySelector('[aria-label]')!.getAttribute('aria-label'), 'c4_raw_web');
    assert.isAtLeast(figure.querySelectorAll('rect').length, RULE_IDS.filter((id) => expected.rules[id].tokens > 0).length);
    const corpus = out.corpus as CorpusValue;
    assert.equal(corpus.name, 'c4_raw_web (C4-cleaned)');
    assert.lengthOf(corpus.documents, expected.pagesKept);
    assert.isString(corpus.source, 'stored so that training can load it');
    const stored = await store.load(corpus.source!);
    assert.deepEqual(stored && stored.kind === 'corpus' ? stored.documents : [], corpus.documents);
  });

  it('switching Publish to unfiltered publishes the raw pages as the bundled corpus training loads, and back stores nothing twice', async () => {
    const cell = mount({ source: 'bundled', publish: 'cleaned', output: 'corpus' });
    const first = (await h.ok('c4')).corpus as CorpusValue;
    editParams(cell, { publish: 'unfiltered' });
    const raw = (await h.ok('c4', 1)).corpus as CorpusValue;
    assert.equal(raw.name, 'c4_raw_web');
    assert.isUndefined(raw.source);
    const bundled = await loadBundled('c4_raw_web');
    assert.deepEqual(raw.documents, bundled.kind === 'corpus' ? bundled.documents : []);
    assert.lengthOf(raw.documents, 261);
    editParams(cell, { publish: 'cleaned' });
    const again = (await h.ok('c4', 2)).corpus as CorpusValue;
    assert.equal(again.source, first.source, 'the same cleaned text is found, not stored again');
    assert.lengthOf(
      (await store.list()).filter((s) => s.name === 'c4_raw_web (C4-cleaned)'),
      1,
    );
  });

  it('the before/after view strikes removed lines through and names the rule; page text is shown as text, never as HTML', async () => {
    const cell = mount({ source: 'file', publish: 'cleaned', output: 'corpus' });
    const article = [
      'Gardening in small spaces is easier than many people think.',
      'A balcony can hold a surprising number of pots and planters.',
      'Herbs such as basil and mint grow well in bright light.',
      'Water them in the morning so the leaves dry before night.',
      'With a little care, the harvest lasts through the summer.',
    ];
    const pages = [
      { text: ['<img src=x onerror="window.__pwned=1"> Home | Shop', ...article, 'This site uses cookies to help us.'].join('\n') },
      { text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nMore text here.' },
    ];
    await cell.addFile(new File([pages.map((p) => JSON.stringify(p)).join('\n')], 'mine.jsonl'));
    await h.until('c4', (s) => s.status === 'ok' && (s.outputs?.corpus as CorpusValue | undefined)?.name === 'mine.jsonl (C4-cleaned)');
    await rendered(cell);
    const root = cell.shadowRoot!;
    const page = root.querySelector('[data-page="0"]')!;
    assert.isNull(page.querySelector('img'), 'no element from page text');
    assert.isUndefined((window as unknown as { __pwned?: number }).__pwned);
    const removed = [...page.querySelectorAll('li[data-removed-by]')];
    assert.deepEqual(
      removed.map((li) => li.getAttribute('data-removed-by')),
      ['no-terminal-punctuation', 'policy'],
    );
    assert.include(removed[0].querySelector('del')!.textContent!, '<img src=x');
    assert.include(removed[0].textContent!, 'no-terminal-punctuation');
    assert.lengthOf(page.querySelectorAll('li[data-kept]'), 5);
    assert.equal(root.querySelector('[data-page-verdict]')!.getAttribute('data-page-verdict'), 'kept');
    (root.querySelector('input[name="page"]') as HTMLInputElement).value = '2';
    root.querySelector('input[name="page"]')!.dispatchEvent(new Event('change'));
    await rendered(cell);
    assert.equal(root.querySelector('[data-page-verdict]')!.getAttribute('data-page-verdict'), 'lorem-ipsum');
    const corpus = h.runtime.state('c4')!.outputs!.corpus as CorpusValue;
    const expected = cleanCorpus(pages.map((p) => p.text));
    assert.deepEqual(corpus.documents, pageDocuments(expected.pages.map(cleanedText).filter((t): t is string => t !== undefined)));
  });

  it('a malformed .jsonl file is refused naming its line, and the cell keeps what it had', async () => {
    const cell = mount({ source: 'bundled', publish: 'cleaned', output: 'corpus' });
    await h.ok('c4');
    await cell.addFile(new File(['{"text": "fine."}\n{"txt": "no text key"}\n'], 'bad.jsonl'));
    await rendered(cell);
    const alert = cell.shadowRoot!.querySelector('[role="alert"]')!;
    assert.include(alert.textContent!, 'bad.jsonl: line 2 has no "text" key');
    assert.equal(cell.spec.params.source, 'bundled');
  });
});
