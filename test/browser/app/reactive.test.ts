import { assert } from '@esm-bundle/chai';
import { codeNotebook, cell, editSource, frame, frameText, mountApp, settle, unmountAll, until, view } from './appHarness.ts';
import type { CellFrame } from '../../../cells/shell/cell-frame.ts';
import { CODE_VALUE } from '../../../cells/kinds/code.ts';

describe('the notebook view runs cells reactively', () => {
  afterEach(unmountAll);

  it('a changed value re-runs exactly the cells that read it, directly or through others', async () => {
    const app = await mountApp({
      notebook: codeNotebook({
        n: 'n = 3',
        double: 'double = n * 2',
        label: 'label = `double is ${double}`',
        other: 'other = seed + 1',
      }),
    });
    const first = await until(app, 'label', (s) => s.status === 'ok');
    assert.equal(first.outputs?.label, 'double is 6');
    const otherRuns = (await until(app, 'other', (s) => s.status === 'ok')).runs;
    const doubleRuns = view(app).runtime.state('double')!.runs;
    await editSource(app, 'n', 'n = 5');
    assert.equal((await until(app, 'label', (s) => s.outputs?.label === 'double is 10')).status, 'ok');
    await settle();
    assert.equal(view(app).runtime.state('double')!.runs, doubleRuns + 1);
    assert.equal(view(app).runtime.state('other')!.runs, otherRuns, 'a cell that does not read n did not re-run');
    assert.equal(view(app).runtime.state('other')!.outputs?.other, 43, 'the notebook seed is published as `seed`');
    assert.equal(app.notebook!.cells[0].params.source, 'n = 5', 'the edit is in the notebook');
  });

  it('a superseded run is dropped: its reader only ever sees the result for the latest input', async () => {
    type W = { __slowSeen: unknown[]; __slowStarted: number[]; __slowDone: [number, boolean][] };
    const w = window as unknown as W;
    w.__slowSeen = [];
    w.__slowStarted = [];
    w.__slowDone = [];
    const app = await mountApp({
      notebook: codeNotebook({
        delay: 'delay = 1500',
        slow: 'slow = {\n  window.__slowStarted.push(delay);\n  await new Promise((resolve) => setTimeout(resolve, delay));\n  window.__slowDone.push([delay, signal.aborted]);\n  return `waited ${delay}`;\n}',
        log: 'log = (window.__slowSeen.push(slow), slow)',
      }),
    });
    for (let i = 0; i < 400 && !w.__slowStarted.length; i++) await settle(10);
    assert.deepEqual(w.__slowStarted, [1500], 'the slow run has started');
    await editSource(app, 'delay', 'delay = 10');
    assert.equal((await until(app, 'log', (s) => s.status === 'ok')).outputs?.log, 'waited 10');
    // Wait for the superseded run to finish too: it was aborted and its result went nowhere.
    for (let i = 0; i < 400 && w.__slowDone.length < 2; i++) await settle(10);
    assert.deepEqual(w.__slowDone, [
      [10, false],
      [1500, true],
    ]);
    await settle();
    assert.deepEqual(w.__slowSeen, ['waited 10']);
    assert.equal(view(app).runtime.state('slow')!.outputs?.slow, 'waited 10');
  });

  it('an error shows its message and line and blocks its readers, which say "blocked by" the failing cell', async () => {
    const app = await mountApp({
      notebook: codeNotebook({
        n: 'n = 1',
        check: 'check = {\n  if (n > 2) throw new RangeError("n is too big");\n  return n;\n}',
        reader: 'reader = check * 10',
      }),
    });
    await until(app, 'reader', (s) => s.status === 'ok');
    await editSource(app, 'n', 'n = 3');
    const failed = await until(app, 'check', (s) => s.status === 'error');
    assert.equal(failed.error, 'RangeError: n is too big (line 2, column 20)');
    const blocked = await until(app, 'reader', (s) => s.status === 'blocked');
    assert.equal(blocked.blockedBy, 'check');
    assert.equal(blocked.outputs?.reader, 10, 'the last good output stays, dimmed');
    await settle();
    const readerFrame = await frame(app, 'reader');
    assert.equal(readerFrame.status, 'blocked');
    assert.isTrue(readerFrame.stale);
    assert.match(await frameText(app, 'reader'), /blocked by \[2\] check/);
    assert.match(await frameText(app, 'check'), /RangeError: n is too big \(line 2, column 20\)/);
    await editSource(app, 'n', 'n = 2');
    assert.equal((await until(app, 'reader', (s) => s.status === 'ok')).outputs?.reader, 20);
  });

  it('a cycle and a name defined twice are shown on the cells involved, with the path', async () => {
    const app = await mountApp({ notebook: codeNotebook({ a: 'a = 1', b: 'b = a + 1', k1: 'k = 1', k2: 'k = 2' }) });
    await until(app, 'b', (s) => s.status === 'ok');
    await editSource(app, 'a', 'a = b + 1');
    await settle();
    assert.match(await frameText(app, 'a'), /Circular definition: \[1\] a → \[2\] b → \[1\] a/);
    assert.match(await frameText(app, 'b'), /Circular definition: \[1\] a → \[2\] b → \[1\] a/);
    assert.match(await frameText(app, 'k1'), /"k" is defined by more than one cell: \[3\] k, \[4\] k/);
    assert.notMatch(await frameText(app, 'a'), /"k"/, 'problems appear only where they apply');
    await editSource(app, 'a', 'a = 5');
    await until(app, 'b', (s) => s.status === 'ok' && s.outputs?.b === 6);
    await settle();
    assert.notMatch(await frameText(app, 'a'), /Circular/);
  });

  it('a lazy cell waits for Run; Shift+Enter in the focused cell runs it; an input change marks it stale', async () => {
    const doc = codeNotebook({
      n: 'n = 2',
      heavy: 'heavy = (window.__heavyRuns = (window.__heavyRuns ?? 0) + 1, n * 100)',
      reader: 'reader = heavy + 1',
    });
    doc.cells[1].lazy = true;
    (window as unknown as { __heavyRuns?: number }).__heavyRuns = 0;
    const app = await mountApp({ notebook: doc });
    await until(app, 'heavy', (s) => s.status === 'waiting');
    const reader = await until(app, 'reader', (s) => s.status === 'waiting');
    assert.equal(reader.blockedBy, 'heavy');
    await settle();
    assert.equal((await frame(app, 'heavy')).status, 'waiting');
    assert.equal((window as unknown as { __heavyRuns: number }).__heavyRuns, 0);

    const heavyFrame = await frame(app, 'heavy');
    heavyFrame.focus();
    heavyFrame.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, composed: true }));
    assert.equal((await until(app, 'reader', (s) => s.status === 'ok')).outputs?.reader, 201);

    await editSource(app, 'n', 'n = 3');
    const stale = await until(app, 'heavy', (s) => s.status === 'waiting' && s.stale);
    assert.equal(stale.outputs?.heavy, 200, 'the old output stays visible');
    await settle();
    assert.equal((await frame(app, 'heavy')).status, 'stale');
    assert.equal((window as unknown as { __heavyRuns: number }).__heavyRuns, 1);

    (heavyFrame.shadowRoot!.querySelector('button[data-action="run"]') as HTMLButtonElement).click();
    assert.equal((await until(app, 'reader', (s) => s.outputs?.reader === 301)).status, 'ok');

    // Shift+Enter inside the cell's CodeMirror editor runs it too (the text is unchanged).
    await editSource(app, 'n', 'n = 4');
    await until(app, 'heavy', (s) => s.status === 'waiting' && s.stale);
    const editor = cell(app, 'heavy').shadowRoot!.querySelector('t5-code-editor')!;
    const content = editor.shadowRoot!.querySelector('.cm-content') as HTMLElement;
    content.focus();
    content.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', shiftKey: true, bubbles: true, composed: true, cancelable: true }),
    );
    assert.equal((await until(app, 'reader', (s) => s.outputs?.reader === 401)).status, 'ok');
    assert.equal(app.notebook!.cells[1].params.source, doc.cells[1].params.source, 'no newline was typed');
  });

  it('the lazy/auto toggle is saved in the notebook and changes how the cell runs', async () => {
    const app = await mountApp({ notebook: codeNotebook({ n: 'n = 1', m: 'm = n + 1' }) });
    await until(app, 'm', (s) => s.status === 'ok');
    const f = await frame(app, 'm');
    const toggle = f.shadowRoot!.querySelector('button[data-action="lazy"]') as HTMLButtonElement;
    assert.equal(toggle.textContent?.trim(), 'auto');
    toggle.click();
    await view(app).updateComplete;
    assert.isTrue(app.notebook!.cells[1].lazy);
    await editSource(app, 'n', 'n = 10');
    const s = await until(app, 'm', (st) => st.status === 'waiting' && st.stale);
    assert.equal(s.outputs?.m, 2);
  });

  it('toolbar: moving, adding below (from the menu of kinds) and deleting cells edits the notebook; a deleted cell leaves the runtime', async () => {
    const app = await mountApp({ notebook: codeNotebook({ x: 'x = 1', y: 'y = x + 1' }) });
    await until(app, 'y', (s) => s.status === 'ok');
    const fx = await frame(app, 'x');
    (fx.shadowRoot!.querySelector('button[data-action="down"]') as HTMLButtonElement).click();
    await view(app).updateComplete;
    assert.deepEqual(
      app.notebook!.cells.map((c) => c.id),
      ['y', 'x'],
    );
    const order = [...view(app).shadowRoot!.querySelectorAll('t5-cell-frame')].map((f) => (f as CellFrame).cellId);
    assert.deepEqual(order, ['y', 'x']);

    const menu = fx.shadowRoot!.querySelector('t5-add-cell-menu')!;
    (menu.shadowRoot!.querySelector('.trigger') as HTMLButtonElement).click();
    await (menu as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const items = [...menu.shadowRoot!.querySelectorAll('[role="menuitem"]')];
    assert.includeMembers(
      items.map((i) => i.getAttribute('data-kind')),
      ['markdown', 'code', 'buckets'],
    );
    assert.match(items.find((i) => i.getAttribute('data-kind') === 'buckets')!.textContent!, /Relative position buckets/);
    (items.find((i) => i.getAttribute('data-kind') === 'code') as HTMLButtonElement).click();
    await view(app).updateComplete;
    assert.deepEqual(
      app.notebook!.cells.map((c) => c.kind),
      ['code', 'code', 'code'],
    );
    assert.equal(app.notebook!.cells[2].id, 'code-1');
    assert.deepEqual(app.notebook!.cells[2].params, { source: '' }, 'the new cell has its kind’s default params');
    assert.equal((await until(app, 'code-1', (s) => s.status === 'ok')).runs, 1);

    (fx.shadowRoot!.querySelector('button[data-action="delete"]') as HTMLButtonElement).click();
    await view(app).updateComplete;
    assert.deepEqual(
      app.notebook!.cells.map((c) => c.id),
      ['y', 'code-1'],
    );
    assert.isUndefined(view(app).runtime.state('x'));
    assert.isUndefined(view(app).cellElement('x'));
    const y = await until(app, 'y', (s) => s.status === 'error');
    assert.match(y.error ?? '', /"x" is not defined by any cell/);
  });

  it('strings a code cell returns are shown as text: markup in them never runs', async () => {
    const payload = '<img src=x onerror="window.__xssCode=1"><script>window.__xssCode=2</script>';
    const app = await mountApp({ notebook: codeNotebook({ s: `s = ${JSON.stringify(payload)}`, rows: `rows = [{ html: s }]` }) });
    await until(app, 'rows', (st) => st.status === 'ok');
    const c = cell(app, 's');
    await c.updateComplete;
    await settle(100);
    const out = c.shadowRoot!.querySelector('.out')!;
    assert.include(out.textContent, payload);
    assert.isNull(out.querySelector('img'));
    assert.isNull(cell(app, 'rows').shadowRoot!.querySelector('.out img'));
    assert.isUndefined((window as unknown as { __xssCode?: number }).__xssCode);
    assert.equal((view(app).runtime.state('s')!.outputs as Record<string, unknown>)[CODE_VALUE], payload);
  });

  it('code cells can use tf, t5lab and await without declaring them', async () => {
    const app = await mountApp({
      notebook: codeNotebook({
        total: 'total = (await tf.tensor([1, 2, 3]).sum().data())[0]',
        grid: 'grid = t5lab.model.bucketGrid(4, 4, { bidirectional: true, numBuckets: 32, maxDistance: 128 }).length + total',
      }),
    });
    assert.equal((await until(app, 'grid', (s) => s.status === 'ok' || s.status === 'error')).outputs?.grid, 22);
  });

  it('a code cell renders a Plot figure as an exportable figure and arrays of objects as a table', async () => {
    const app = await mountApp({
      notebook: codeNotebook({
        data: 'data = Array.from({ length: 5 }, (_, i) => ({ i, square: i * i }))',
        chart: "chart = Plot.plot({ marks: [Plot.line(data, { x: 'i', y: 'square' })] })",
      }),
    });
    await until(app, 'chart', (s) => s.status === 'ok');
    const chart = cell(app, 'chart');
    await chart.updateComplete;
    const figure = chart.shadowRoot!.querySelector('figure[data-figure="chart"]');
    assert.ok(figure?.querySelector('svg'), 'the plot is inside <figure data-figure="chart">');
    assert.ok(figure?.querySelector('t5-figure-toolbar'));
    const table = cell(app, 'data').shadowRoot!.querySelector('table')!;
    assert.deepEqual(
      [...table.querySelectorAll('th')].map((th) => th.textContent),
      ['#', 'i', 'square'],
    );
    assert.equal(table.querySelectorAll('tbody tr').length, 5);
  });
});
