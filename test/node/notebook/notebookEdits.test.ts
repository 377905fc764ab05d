import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CodeCellError, compileCodeCell, parseCodeCell } from '../../../src/notebook/codeCell.ts';
import { insertCell, moveCell, newCellId, removeCell, setCellLazy, setCellParams, setSeed } from '../../../src/notebook/notebookEdits.ts';
import { decodeSharedNotebook, shareFragment, sharedPayload } from '../../../src/notebook/shareLink.ts';
import { parseViewFlags } from '../../../src/notebook/viewFlags.ts';
import { Autosaver, type SaveStatus } from '../../../src/notebook/autosave.ts';
import { validateNotebook, type NotebookDocument } from '../../../src/notebook/notebookDocument.ts';
import { markdownToHtml } from '../../../src/notebook/markdownMath.ts';

const doc = (): NotebookDocument => ({
  format: 't5lab-notebook',
  version: 1,
  id: 'nb',
  title: 'Notebook',
  seed: 1,
  cells: [
    { id: 'a', kind: 'markdown', params: { source: '# A' } },
    { id: 'b', kind: 'code', params: { source: 'x = 1' } },
    { id: 'c', kind: 'buckets', params: { numBuckets: 32 } },
  ],
});

describe('code cells', () => {
  it('a cell publishes the name before "=" and reads its free variables, not builtins, globals or its own locals', () => {
    const p = parseCodeCell(
      'total = {\n  const local = await model;\n  return Math.max(seed, local.size, tf.scalar(1).size) + [...corpus].length;\n}',
    );
    assert.equal(p.name, 'total');
    assert.deepEqual(p.inputs, ['model', 'seed', 'corpus']);
    assert.deepEqual(p.builtins, ['tf']);
    assert.equal(p.async, true);
    assert.equal(parseCodeCell('Plot.plot({ marks: [] })').name, null);
    assert.deepEqual(parseCodeCell('').inputs, []);
  });

  it('syntax errors and unsupported Observable features are refused with their line', () => {
    assert.throws(
      () => parseCodeCell('x = 1\ny = (2 +'),
      (e: Error) => e instanceof CodeCellError && /^SyntaxError: Unexpected token \(line 2, column \d+\)$/.test(e.message),
    );
    assert.throws(() => parseCodeCell('viewof v = 1'), /viewof is not supported/);
    assert.throws(() => parseCodeCell('x = { yield 1 }'), /generators \(yield\) are not supported/);
    assert.throws(() => parseCodeCell('import {a} from "b"'), /import is not supported/);
  });

  it('compiled code gets its inputs and builtins, and a thrown error names the source line', async () => {
    const f = compileCodeCell(parseCodeCell('y = x * factor'), 'c1');
    assert.equal(await f({ x: 6, factor: 7 }, {}), 42);
    const g = compileCodeCell(parseCodeCell('z = {\n  const v = signal.aborted;\n  if (!v) throw new TypeError(`bad ${x}`);\n}'), 'c2');
    await assert.rejects(g({ x: 3 }, { signal: new AbortController().signal }), { message: 'TypeError: bad 3 (line 3, column 17)' });
    const h = compileCodeCell(parseCodeCell('w =\n\n  missing.field'), 'c3');
    await assert.rejects(h({}, {}), /TypeError: Cannot read properties of undefined .*\(line 3, column \d+\)/);
  });
});

describe('notebook edits', () => {
  it('move, insert, delete, params, lazy and seed return new notebooks and leave the old one as it was', () => {
    const d = doc();
    const moved = moveCell(d, 'c', -1);
    assert.deepEqual(
      moved.cells.map((c) => c.id),
      ['a', 'c', 'b'],
    );
    assert.equal(moveCell(d, 'a', -1), d, 'moving past the top changes nothing');
    const { doc: added, cell } = insertCell(d, 'a', 'code', { source: '' });
    assert.equal(cell.id, 'code-1');
    assert.deepEqual(
      added.cells.map((c) => c.id),
      ['a', 'code-1', 'b', 'c'],
    );
    assert.equal(newCellId(added, 'code'), 'code-2');
    assert.deepEqual(
      removeCell(d, 'b').cells.map((c) => c.id),
      ['a', 'c'],
    );
    assert.equal(setCellParams(d, 'c', { numBuckets: 16 }).cells[2].params.numBuckets, 16);
    assert.equal(setCellLazy(d, 'b', true).cells[1].lazy, true);
    assert.equal(setSeed(d, 9).seed, 9);
    assert.deepEqual(d, doc());
    assert.throws(() => removeCell(d, 'zz'), /delete: no cell "zz" in notebook "Notebook"/);
    assert.throws(() => setSeed(d, 1.5), /seed must be an integer/);
    assert.throws(() => validateNotebook({ ...d, cells: [{ ...d.cells[0], lazy: 'yes' }] }), /cells\[0\]\.lazy must be true or false/);
  });
});

describe('share links and view flags', () => {
  it('a share fragment decodes to the same notebook, untrusted, and a cut one is refused', () => {
    const d = { ...doc(), trusted: true };
    const fragment = shareFragment(d);
    assert.match(fragment, /^nb=[A-Za-z0-9_-]+$/);
    const { notebook } = decodeSharedNotebook(sharedPayload(`#${fragment}`)!);
    const { trusted, ...rest } = notebook;
    assert.equal(trusted, false);
    assert.deepEqual(rest, doc());
    assert.throws(() => decodeSharedNotebook(fragment.slice(3, 30)), /the shared link is damaged or incomplete/);
    assert.throws(() => decodeSharedNotebook('not base64!'), /the shared link is damaged/);
    assert.equal(sharedPayload('#other=1'), undefined);
  });

  it('?hide= names what to hide and reports unknown names; ?present=1 also hides the toolbars', () => {
    const f = parseViewFlags('?hide=controls,code&hide=menu,nope');
    assert.deepEqual([...f.hide].sort(), ['code', 'controls', 'menu']);
    assert.equal(f.present, false);
    assert.equal(f.warnings.length, 1);
    assert.match(f.warnings[0], /\?hide=nope is not something t5lab can hide/);
    const p = parseViewFlags('?present=1');
    assert.equal(p.present, true);
    assert.deepEqual([...p.hide], ['toolbar']);
    assert.equal(parseViewFlags('?present=0').present, false);
  });

  it('markdown math: $…$ and $$…$$ become MathML, prices do not', () => {
    const html = markdownToHtml('Cost $5 to $10; area $\\pi r^2$.\n\n$$\nx^2\n$$');
    assert.match(html, /Cost \$5 to \$10;/);
    assert.match(html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"><semantics><mrow><mi>π<\/mi>/);
    assert.match(html, /<div class="math-display"><span class="katex"><math [^>]*display="block"/);
  });
});

describe('autosave', () => {
  it('coalesces quick edits into one write of the latest notebook, and keeps a failed one for the retry', async () => {
    const written: number[] = [];
    const statuses: SaveStatus['state'][] = [];
    let fail = false;
    const saver = new Autosaver(
      async (d) => {
        if (fail) throw new Error('disk full');
        written.push(d.seed);
      },
      (s) => statuses.push(s.state),
      10,
    );
    for (const seed of [1, 2, 3]) saver.schedule({ ...doc(), seed });
    await new Promise((r) => setTimeout(r, 40));
    await saver.flush();
    assert.deepEqual(written, [3]);
    assert.equal(statuses.at(-1), 'saved');
    fail = true;
    saver.schedule({ ...doc(), seed: 4 });
    await saver.flush();
    assert.equal(saver.status.state, 'error');
    assert.equal(saver.status.error, 'disk full');
    fail = false;
    await saver.flush();
    assert.deepEqual(written, [3, 4], 'the failed notebook is written on the retry');
    assert.equal(saver.status.state, 'saved');
  });
});
