import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zlibSync } from 'fflate';
import { inflateCapped, jsonNestingDepth, MAX_NOTEBOOK_DEPTH } from '../../../src/notebook/importLimits.ts';
import { importNotebookFile, exportNotebookFile } from '../../../src/notebook/notebookFile.ts';
import { decodeSharedNotebook, shareFragment, sharedPayload } from '../../../src/notebook/shareLink.ts';
import type { NotebookDocument } from '../../../src/notebook/notebookDocument.ts';

const doc = (): NotebookDocument => ({
  format: 't5lab-notebook',
  version: 1,
  id: 'nb',
  title: 'Notebook',
  seed: 1,
  cells: [
    { id: 'a', kind: 'markdown', params: { source: '# A [x] {y}' } },
    { id: 'b', kind: 'code', params: { source: 'x = [[1]]' } },
  ],
});

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('nesting depth of JSON text', () => {
  it('counts nested arrays and objects without recursing, ignoring brackets inside strings', () => {
    assert.equal(jsonNestingDepth('1'), 0);
    assert.equal(jsonNestingDepth('{"a":[1,{"b":[]}]}'), 4);
    assert.equal(jsonNestingDepth('{"a":"[[[[{{{{\\"]]]"}'), 1);
    assert.equal(jsonNestingDepth('['.repeat(1_000_000)), 1_000_000, 'a million levels do not overflow the stack');
  });

  it('an exported notebook is far below the limit', () => {
    assert.ok(jsonNestingDepth(exportNotebookFile(doc())) < MAX_NOTEBOOK_DEPTH / 4);
  });
});

describe("hostile notebook files are refused with a message in the user's terms", () => {
  it('a 100,000-deep JSON file says how deep it is and what the limit is', () => {
    const deep = `{"format":"t5lab-notebook","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    assert.throws(() => importNotebookFile(deep, 'deep.t5lab.json'), {
      message: 'deep.t5lab.json is nested 100,001 levels deep; notebooks are at most 64',
    });
  });

  it('a file holding null, a number, a string or a list says what it holds', () => {
    const cases: [string, RegExp][] = [
      ['null', /^n\.json holds only null, not a t5lab notebook \(a notebook is a JSON object with "format": "t5lab-notebook"\)$/],
      ['42', /^n\.json holds a single number, not a t5lab notebook/],
      ['"hi"', /^n\.json holds a single string, not a t5lab notebook/],
      ['[1, 2, 3]', /^n\.json holds a list of 3 items, not a t5lab notebook/],
      ['', /^n\.json is empty, not a t5lab notebook$/],
      ['  \n ', /^n\.json is empty, not a t5lab notebook$/],
    ];
    for (const [text, message] of cases) assert.throws(() => importNotebookFile(text, 'n.json'), { message }, text);
  });

  it('a well-formed notebook is still accepted (and untrusted)', () => {
    const { notebook } = importNotebookFile(exportNotebookFile({ ...doc(), trusted: true }), 'ok.t5lab.json');
    assert.equal(notebook.trusted, false);
    assert.deepEqual(notebook.cells, doc().cells);
  });
});

describe('hostile share links', () => {
  it('a zip bomb (a 32 KB link that unpacks to 32 MB) is refused as too big, not as invalid JSON', () => {
    const bomb = base64url(zlibSync(new Uint8Array(32 * 1024 * 1024).fill(0x20), { level: 9 }));
    assert.throws(() => decodeSharedNotebook(bomb), {
      message:
        'the shared link unpacks to more than 16 MB; a shared notebook is at most 16 MB, so it was not opened (it may be a decompression bomb)',
    });
  });

  it('inflating stops at the cap and returns exactly what fits below it', () => {
    const data = strToU8('x'.repeat(5000));
    assert.equal(inflateCapped(zlibSync(data), 5000).length, 5000);
    assert.throws(() => inflateCapped(zlibSync(data), 4999), RangeError);
  });

  it('an empty #nb= link is refused with a message (not ignored)', () => {
    assert.equal(sharedPayload('#nb='), '');
    assert.equal(sharedPayload('#other=1'), undefined);
    assert.throws(() => decodeSharedNotebook(''), {
      message: 'the link is empty: there is no notebook after #nb=; ask for the link again',
    });
  });

  it('a link to a deeply nested or null document says so', () => {
    const deep = base64url(zlibSync(strToU8('['.repeat(5000) + ']'.repeat(5000))));
    assert.throws(() => decodeSharedNotebook(deep), { message: 'the shared link is nested 5,000 levels deep; notebooks are at most 64' });
    assert.throws(() => decodeSharedNotebook(base64url(zlibSync(strToU8('null')))), {
      message: /^the shared link holds only null, not a t5lab notebook/,
    });
  });

  it('a normal link still round-trips', () => {
    assert.deepEqual(decodeSharedNotebook(shareFragment(doc()).slice(3)).notebook, { ...doc(), trusted: false });
  });
});
