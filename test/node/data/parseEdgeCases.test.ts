import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isHeaderRow, MAX_LINE_CHARS, parseCorpus, parseTsvTask } from '../../../src/data/parseDataset.ts';
import { decodeDatasetText, utf16Encoding } from '../../../src/data/decodeText.ts';
import { checkUpload } from '../../../src/data/userUpload.ts';

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const units = (bom ? '\ufeff' : '') + text;
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    out[2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

describe('dataset files as users save them', () => {
  it('skip a header row like input<TAB>target and say which line it was', () => {
    const r = parseTsvTask('input\ttarget\nq1\ta1\nq2\ta2\n', 'h.tsv');
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.examples.map((e) => e.inputs),
      ['q1', 'q2'],
    );
    assert.equal(r.value.header, 'input\ttarget');
    assert.ok(isHeaderRow('Text ', 'Label'));
    assert.ok(!isHeaderRow('input', 'positive'), 'only rows naming both columns are headers');
    const noHeader = parseTsvTask('q1\ta1\ninput\ttarget\n', 'n.tsv');
    assert.ok(noHeader.ok);
    assert.equal(noHeader.value.examples.length, 2, 'a later row is data even if it reads like a header');
    assert.equal(noHeader.value.header, undefined);
    const checked = checkUpload('h.tsv', new TextEncoder().encode('source\ttarget\nx\ty\n'));
    assert.ok(checked.ok);
    assert.equal(checked.rows, 1);
    assert.equal(checked.header, 'source\ttarget');
  });

  it('split CR-only (classic Mac) line ends into lines, for corpora and tasks', () => {
    const c = parseCorpus('one doc\rtwo doc\r\rthree doc', 'mac.txt');
    assert.ok(c.ok);
    assert.deepEqual(c.value.documents, ['one doc', 'two doc', 'three doc']);
    const t = parseTsvTask('a\tb\rc\td\r', 'mac.tsv');
    assert.ok(t.ok);
    assert.equal(t.value.examples.length, 2);
    const bad = parseTsvTask('a\tb\rno tab\r', 'mac.tsv');
    assert.ok(!bad.ok);
    assert.equal(bad.errors[0].line, 2, 'line numbers count CR line ends');
  });

  it('read UTF-16 with a byte-order mark or by its NUL pattern, little- and big-endian', () => {
    const text = 'Größe\tsize\nzwei\ttwo\n';
    for (const endian of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        const bytes = utf16(text, endian, bom);
        assert.equal(utf16Encoding(bytes), `utf-16${endian}`);
        const d = decodeDatasetText(bytes, 'u.tsv');
        assert.ok(d.ok, `${endian} bom=${bom}`);
        assert.equal(d.text, text);
        const r = parseTsvTask(bytes, 'u.tsv');
        assert.ok(r.ok);
        assert.deepEqual(r.value.examples[0], { inputs: 'Größe', targets: 'size' });
      }
    }
    assert.equal(utf16Encoding(new TextEncoder().encode('plain ascii text')), undefined);
    const binary = decodeDatasetText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10, 0x00, 0x8a, 0x00]), 'x.txt');
    assert.ok(!binary.ok);
    assert.match(String(binary.error), /binary content/);
  });

  it('refuse a line longer than the limit with a message saying how long it is and what to do', () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 1);
    const c = parseCorpus(`short\n${long}\n`, 'one-line.txt');
    assert.ok(!c.ok);
    assert.equal(c.errors[0].line, 2);
    assert.match(
      String(c.errors[0]),
      /one-line\.txt, line 2: 1,000,001 characters on one line \(at most 1,000,000\): put one document or example per line/,
    );
    const t = parseTsvTask(`${long}\tx\n`, 'long.tsv');
    assert.ok(!t.ok);
    assert.match(t.errors[0].message, /characters on one line/);
  });
});

describe('a task file with only a header row', () => {
  it('is refused saying the header was skipped and no examples remain', () => {
    const r = parseTsvTask('input\ttarget\n', 'headers.tsv');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors[0].message, /only a header row \("input<TAB>target", skipped\) and no examples/);
  });
});
