import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import '../../../cells/kinds/dataset.ts';
import type { DatasetCell } from '../../../cells/kinds/dataset.ts';
import { DatasetStore } from '../../../src/storage/datasetStore.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import type { CorpusValue, TaskValue } from '../../../src/data/datasetValue.ts';
import { isValidationKey } from '../../../src/data/split.ts';
import { CellHarness, rendered } from './harness.ts';

const DB = `t5lab-test-dataset-cell-${Date.now()}`;
const file = (name: string, content: BlobPart) => new File([content], name);

describe('dataset cell', () => {
  let h: CellHarness;
  const store = new DatasetStore(DB);
  afterEach(() => h?.dispose());
  after(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
  });

  const mount = (params: Record<string, unknown>) => {
    h = new CellHarness();
    return h.add<DatasetCell>('t5-dataset-cell', 'data', 'dataset', params, (c) => (c.store = store));
  };

  it('publishes the bundled factbook corpus and shows its counts, split sizes, length histogram and examples', async () => {
    const cell = mount({ source: 'bundled', name: 'pretrain_factbook' });
    const out = await h.ok('data');
    const corpus = out.corpus as CorpusValue;
    assert.equal(corpus.name, 'pretrain_factbook');
    assert.lengthOf(corpus.documents, 1582);
    await rendered(cell);
    const root = cell.shadowRoot!;
    assert.equal(cell.getAttribute('data-cell-kind'), 'dataset');
    const train = Number(root.querySelector('[data-count="train"]')!.textContent!.replace(/,/g, ''));
    const validation = Number(root.querySelector('[data-count="validation"]')!.textContent!.replace(/,/g, ''));
    assert.equal(train + validation, 1582);
    assert.isAbove(validation, 100);
    const figure = root.querySelector('figure[data-figure="dataset-lengths"]')!;
    assert.include(figure.querySelector('[aria-label]')!.getAttribute('aria-label'), 'pretrain_factbook');
    assert.isAbove(figure.querySelectorAll('rect').length, 10);
    const rows = root.querySelectorAll('table[data-examples] tbody tr');
    assert.lengthOf(rows, 8);
    assert.equal(rows[0].querySelectorAll('td')[1].textContent!.trim(), corpus.documents.find((d) => !isValidationKey(d, 0.1))!.trim());
  });

  it('pages through examples without re-running the cell, and publishes a task with its prefix and split', async () => {
    const cell = mount({ source: 'bundled', name: 'translate_en_de' });
    const out = await h.ok('data');
    const task = out.task as TaskValue;
    assert.equal(task.prefix, 'translate English to German: ');
    assert.equal(task.train.length + task.validation.length, 14000);
    assert.isTrue(task.train[0].inputs.startsWith('translate English to German: '));
    await rendered(cell);
    const root = cell.shadowRoot!;
    const firstInput = () => root.querySelector('table[data-examples] tbody tr td:nth-child(2)')!.textContent!.trim();
    assert.equal(firstInput(), task.train[0].inputs);
    (root.querySelector('button[aria-label="next page"]') as HTMLButtonElement).click();
    await rendered(cell);
    assert.equal(firstInput(), task.train[8].inputs);
    assert.include(root.querySelector('[data-page]')!.textContent, '9–16 of');
    const validationTab = [...root.querySelectorAll('.browse button')].find((b) => b.textContent === 'validation') as HTMLButtonElement;
    validationTab.click();
    await rendered(cell);
    assert.equal(firstInput(), task.validation[0].inputs);
    assert.equal(h.runtime.state('data')!.runs, 1, 'browsing must not re-run the cell');
  });

  it('switching datasets re-runs the cell and publishes the new value', async () => {
    const cell = mount({ source: 'bundled', name: 'sentiment' });
    await h.ok('data');
    const select = cell.shadowRoot!.querySelector('select[name="dataset"]') as HTMLSelectElement;
    select.value = 'bundled:qa_factbook';
    select.dispatchEvent(new Event('change'));
    const out = await h.ok('data', 1);
    assert.equal((out.task as TaskValue).name, 'qa_factbook');
    assert.deepEqual(cell.spec.params, { source: 'bundled', name: 'qa_factbook' });
  });

  it('refuses a malformed .tsv with line-numbered messages and leaves the loaded dataset as it was', async () => {
    const cell = mount({ source: 'bundled', name: 'sentiment' });
    const before = await h.ok('data');
    await cell.addFiles([file('bad.tsv', 'a question\tan answer\nno tab on this line\nq\t\n')]);
    await rendered(cell);
    const alert = cell.shadowRoot!.querySelector('[role="alert"]')!.textContent!;
    assert.include(alert, 'bad.tsv, line 2: missing tab');
    assert.include(alert, 'bad.tsv, line 3: empty target');
    await cell.addFiles([file('binary.txt', new Uint8Array([104, 105, 0, 1, 2]))]);
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'binary.txt, line 1: binary content');
    await cell.addFiles([file('notes.csv', 'a,b\n')]);
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'expected a .txt corpus');
    assert.deepEqual(cell.spec.params, { source: 'bundled', name: 'sentiment' });
    assert.equal(h.runtime.state('data')!.runs, 1);
    assert.strictEqual(h.runtime.state('data')!.outputs!.task, before.task);
    assert.notInclude(
      (await store.list()).map((d) => d.name),
      'bad.tsv',
    );
  });

  it('adds a user .tsv (HTML in it stays text), publishes it, and lists it again in a new cell after a reload', async () => {
    const cell = mount({ source: 'bundled', name: 'sentiment' });
    await h.ok('data');
    (window as unknown as { __xss?: number }).__xss = 0;
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await cell.addFiles([file('mine.tsv', `${payload}\tfine\nsecond question\tsecond answer\n`)]);
    const out = await h.ok('data', 1);
    const task = out.task as TaskValue;
    // A user task is named after its file without the extension, and carries its stored id.
    assert.equal(task.name, 'mine');
    assert.equal(task.source, cell.spec.params.id);
    assert.equal(task.train.length + task.validation.length, 2);
    assert.equal(cell.spec.params.source, 'user');
    assert.equal(cell.spec.params.kind, 'task');
    await rendered(cell);
    const root = cell.shadowRoot!;
    assert.include(root.querySelector('[role="status"]')!.textContent, 'Added mine.tsv: 2 examples');
    for (const split of ['train', 'validation']) {
      ([...root.querySelectorAll('.browse button')].find((b) => b.textContent === split) as HTMLButtonElement).click();
      await rendered(cell);
      assert.isNull(root.querySelector('table img, table script'));
    }
    assert.equal((window as unknown as { __xss?: number }).__xss, 0);
    const id = cell.spec.params.id as string;
    h.dispose();

    // A fresh cell (as after a reload) lists the stored dataset and loads it by id.
    const again = mount({ source: 'user', id, name: 'mine.tsv', kind: 'task' });
    const reloaded = await h.ok('data');
    assert.deepEqual(reloaded.task, task);
    await rendered(again);
    const options = [...again.shadowRoot!.querySelectorAll('select[name="dataset"] option')].map((o) => (o as HTMLOptionElement).value);
    assert.include(options, `user:${id}`);
    const shownText = [...again.shadowRoot!.querySelectorAll('table[data-examples] td')].map((td) => td.textContent).join(' ');
    const all = [...task.train, ...task.validation].map((e) => e.inputs);
    assert.isTrue(
      all.some((input) => shownText.includes(input)),
      'the stored examples are shown as text',
    );
  });

  it('takes files dropped on the drop zone and files chosen with the file picker', async () => {
    const cell = mount({ source: 'bundled', name: 'sentiment' });
    await h.ok('data');
    await rendered(cell);
    const zone = cell.shadowRoot!.querySelector('[data-drop-zone]')!;
    const dropped = new DataTransfer();
    dropped.items.add(file('dropped.txt', 'first document\nsecond document\nthird document\n'));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await rendered(cell);
    assert.isTrue(zone.classList.contains('dragging'));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    const out = await h.ok('data', 1);
    assert.deepEqual((out.corpus as CorpusValue).documents, ['first document', 'second document', 'third document']);
    assert.equal(cell.spec.params.kind, 'corpus');
    await rendered(cell);
    const picked = new DataTransfer();
    picked.items.add(file('picked.tsv', 'in\tout\n'));
    const input = cell.shadowRoot!.querySelector('input[type="file"]') as HTMLInputElement;
    input.files = picked.files;
    input.dispatchEvent(new Event('change'));
    const out2 = await h.ok('data', 2);
    // The task is named after the file without its extension; the file name stays the dataset's.
    assert.equal((out2.task as TaskValue).name, 'picked');
    assert.equal(cell.spec.params.name, 'picked.tsv');
  });

  it('a user dataset that is no longer stored is an error naming it, not a crash', async () => {
    const cell = mount({ source: 'user', id: 'ds-gone', name: 'gone.txt', kind: 'corpus' });
    const s = await h.until('data', (st) => st.status === 'error');
    assert.include(s.error, 'your dataset "gone.txt" is not stored in this browser');
    await rendered(cell);
    assert.include(cell.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'gone.txt');
  });
});
