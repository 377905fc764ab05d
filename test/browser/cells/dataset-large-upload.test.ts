import { assert } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import '../../../cells/kinds/dataset.ts';
import '../../../cells/kinds/tokenizer.ts';
import '../../../cells/kinds/objectives.ts';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';
import { trainUnigram } from '../../../src/tokenizers/unigramTrainer.ts';
import type { DatasetCell } from '../../../cells/kinds/dataset.ts';
import { DatasetStore } from '../../../src/storage/datasetStore.ts';
import { closeT5labDb } from '../../../src/storage/db.ts';
import type { CorpusValue } from '../../../src/data/datasetValue.ts';
import { CellHarness, rendered } from './harness.ts';

const DB = `t5lab-test-large-upload-${Date.now()}`;

/**
 * A file of about `mb` MB of distinct multi-line text, one document (or `input⇥target` example) per
 * line, built from 1,000-line parts (no 40 MB string for the page to collect later).
 */
function bigFile(name: string, mb: number, line: (i: number) => string): { file: File; lines: string[] } {
  const lines: string[] = [];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const l = line(i);
    lines.push(l);
    size += l.length + 1;
    if (lines.length % 1000 === 0) parts.push(lines.slice(-1000).join('\n') + '\n');
  }
  if (lines.length % 1000) parts.push(lines.slice(-(lines.length % 1000)).join('\n'));
  return { file: new File(parts, name), lines };
}
const prose = (i: number) => `document ${i}: ` + 'the quick brown fox jumps over the lazy dog and keeps running '.repeat(6);

/**
 * Long tasks (main-thread work over 50 ms, as the browser reports them) that begin while `work`
 * runs. Why a long-task bound and not a timing of the upload: the project measures speed with
 * benchmarks, never with timed assertions; whether the page can answer input while a large file
 * is parsed is a behaviour, and the longest task the page runs decides it (a frozen page is one
 * long task of seconds). The bound, 1 s, is twenty times the long-task threshold so two cores
 * shared by a dozen processes still pass (the longest seen here at load 15 was 525 ms, usually
 * under 250 ms), while the page that held the text and the rows fails it: this test saw single
 * tasks of 5.4, 2.4 and 1.9 s there (IndexedDB serializing the 40 MB text on the page, and the
 * rows arriving as strings).
 */
const LONGEST_TASK_MS = 1000;

async function longTasksDuring(work: () => Promise<void>): Promise<number[]> {
  const seen: number[] = [];
  // Only tasks that begin during `work`: the one that ran before it (and called this) is not the upload's.
  const start = performance.now();
  const keep = (e: PerformanceEntry) => {
    if (e.startTime >= start) seen.push(e.duration);
  };
  const observer = new PerformanceObserver((list) => list.getEntries().forEach(keep));
  observer.observe({ type: 'longtask' });
  try {
    await work();
    // Entries are delivered after the task that ended; give the observer a moment to report them.
    await new Promise((r) => setTimeout(r, 200));
    observer.takeRecords().forEach(keep);
  } finally {
    observer.disconnect();
  }
  return seen;
}

describe('dataset cell with a large upload', function () {
  this.timeout(240000);
  let h: CellHarness;
  const store = new DatasetStore(DB);
  afterEach(() => h?.dispose());
  after(async () => {
    await closeT5labDb(DB);
    await deleteDB(DB);
  });
  const mount = () => {
    h = new CellHarness();
    return h.add<DatasetCell>('t5-dataset-cell', 'data', 'dataset', { source: 'bundled', name: 'sentiment' }, (c) => (c.store = store));
  };

  it('the long-task observer sees a task that blocks the page (so the bound below can fail)', async () => {
    assert.include(PerformanceObserver.supportedEntryTypes, 'longtask');
    const tasks = await longTasksDuring(async () => {
      await new Promise((r) => setTimeout(r, 0));
      const end = performance.now() + 600;
      while (performance.now() < end) {
        /* block the main thread */
      }
    });
    assert.isAtLeast(Math.max(0, ...tasks), 550);
  });

  it('a 40 MB multi-line upload is parsed, stored and shown while the page stays responsive (no main-thread task over a second)', async () => {
    const { file, lines } = bigFile('big.txt', 40, prose);
    const cell = mount();
    await h.ok('data');
    await rendered(cell);
    const tasks = await longTasksDuring(async () => {
      await cell.addFiles([file]);
      await h.ok('data', 1);
      await rendered(cell);
    });
    const longest = Math.max(0, ...tasks);
    assert.isBelow(longest, LONGEST_TASK_MS, `long tasks (ms): ${tasks.map((t) => t.toFixed(0)).join(', ')}`);

    // What the page shows: the counts, the first rows and the histogram bars, from the worker.
    const root = cell.shadowRoot!;
    assert.include(root.querySelector('[role="status"]')!.textContent, `${lines.length.toLocaleString('en-US')} documents`);
    const train = Number(root.querySelector('[data-count="train"]')!.textContent!.replace(/,/g, ''));
    const validation = Number(root.querySelector('[data-count="validation"]')!.textContent!.replace(/,/g, ''));
    assert.equal(train + validation, lines.length);
    assert.isAbove(validation, lines.length * 0.05);
    assert.lengthOf(root.querySelectorAll('table[data-examples] tbody tr'), 8);
    assert.isAbove(root.querySelector('figure[data-figure="dataset-lengths"]')!.querySelectorAll('rect').length, 0);
    assert.include(root.querySelector('figcaption')!.textContent, `${lines.length.toLocaleString('en-US')} lengths`);

    // What downstream cells get: a view over the packed rows, read row by row, not an array of rows.
    const corpus = h.runtime.state('data')!.outputs!.corpus as CorpusValue;
    assert.equal(corpus.name, 'big.txt');
    assert.match(corpus.source!, /^ds-/);
    assert.equal(corpus.rows!.length, lines.length);
    assert.equal(corpus.rows!.get(lines.length - 1), lines[lines.length - 1]);
    assert.deepEqual(corpus.rows!.slice(1000, 1003), lines.slice(1000, 1003));
    assert.isFunction(Object.getOwnPropertyDescriptor(corpus, 'documents')!.get, 'documents is decoded only when read');
  });

  it('a malformed line deep in a large .tsv is refused with a message naming that line, and nothing is stored', async () => {
    const bad = 123457;
    const { file } = bigFile('big-bad.tsv', 20, (i) =>
      i === bad - 1 ? `question ${i} with no tab at all` : `question ${i} about foxes and dogs\tanswer ${i % 7}`,
    );
    const cell = mount();
    const before = await h.ok('data');
    const listed = (await store.list()).length;
    await cell.addFiles([file]);
    await rendered(cell);
    const alert = cell.shadowRoot!.querySelector('[role="alert"]')!.textContent!;
    assert.include(alert, `big-bad.tsv, line ${bad}: missing tab`);
    assert.lengthOf(await store.list(), listed);
    assert.strictEqual(h.runtime.state('data')!.outputs!.task, before.task);
  });

  it('an uploaded corpus feeds the tokenizer and objectives cells through its rows view: the same tokenizer as trained on its lines', async () => {
    const words = ['river', 'stone', 'market', 'winter', 'garden', 'letter', 'engine', 'silver'];
    const { file, lines } = bigFile(
      'mine.txt',
      0.3,
      (i) => `${words[i % 8]} ${words[(i * 3) % 8]} number ${i} near the ${words[(i * 5) % 8]}`,
    );
    const cell = mount();
    await h.ok('data');
    await cell.addFiles([file]);
    h.add('t5-tokenizer-cell', 'tok', 'tokenizer', { type: 'unigram', vocabSize: 400, extraIds: 20 });
    h.add('t5-objectives-cell', 'obj', 'objectives', { objective: 'span_corruption', density: 0.15, meanSpan: 3, inputsLength: 32 });
    const tok = (await h.ok('tok')).tokenizer as Tokenizer;
    const expected = trainUnigram(lines, { vocabSize: 400, numSentinels: 20 }).tokenizer;
    assert.deepEqual(tok.encode(lines[7]), expected.encode(lines[7]));
    assert.equal(tok.vocabSize, expected.vocabSize);
    const view = (await h.ok('obj')).view as { stats: { objective: string; segments: number }[] };
    assert.equal(view.stats[0].objective, 'span_corruption');
    assert.isAbove(view.stats[0].segments, 0);
    const corpus = h.runtime.state('data')!.outputs!.corpus as CorpusValue;
    assert.isFunction(Object.getOwnPropertyDescriptor(corpus, 'documents')!.get);
  });
});
