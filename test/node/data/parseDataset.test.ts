import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCorpus, parseTsvTask } from '../../../src/data/parseDataset.ts';
import { DatasetError } from '../../../src/data/datasetError.ts';
import { firstInvalidUtf8Byte } from '../../../src/data/decodeText.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

function errorsOf(result: ReturnType<typeof parseTsvTask> | ReturnType<typeof parseCorpus>): DatasetError[] {
  assert.equal(result.ok, false, 'expected the parse to fail');
  return (result as { ok: false; errors: DatasetError[] }).errors;
}

describe('parseTsvTask', () => {
  it('parses input<TAB>target lines, skipping blank lines and accepting CRLF', () => {
    const r = parseTsvTask('q1\ta1\r\n\nq2\ta2\n', 'ok.tsv');
    assert.ok(r.ok);
    assert.deepEqual(r.value.examples, [
      { inputs: 'q1', targets: 'a1' },
      { inputs: 'q2', targets: 'a2' },
    ]);
  });

  it('reports a missing tab with its line number', () => {
    const [e] = errorsOf(parseTsvTask('a\tb\nno tab here\nc\td\n', 'x.tsv'));
    assert.equal(e.line, 2);
    assert.match(e.message, /missing tab/);
    assert.equal(String(e), 'x.tsv, line 2: missing tab: expected "input<TAB>target"');
  });

  it('reports more than one tab, saying how many and where the second one is', () => {
    const [e] = errorsOf(parseTsvTask('a\tb\nab\tc\td\te\n', 'x.tsv'));
    assert.equal(e.line, 2);
    assert.match(e.message, /^3 tabs, expected exactly 1: the 2nd tab is at column 5$/);
  });

  it('reports an empty input and an empty target on their own lines', () => {
    const errors = errorsOf(parseTsvTask('a\tb\n \tx\ny\t\n', 'x.tsv'));
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [2, 'empty input (nothing before the tab)'],
        [3, 'empty target (nothing after the tab)'],
      ],
    );
  });

  it('reports invalid UTF-8 at the line of the first bad byte', () => {
    const good = utf8('über\tok\nzwei\tdrei\n'); // 9 + 10 bytes (ü is 2)
    const bytes = new Uint8Array([...good, ...utf8('bad '), 0xc3, 0x28, ...utf8('\tx\n')]);
    const [e] = errorsOf(parseTsvTask(bytes, 'x.tsv'));
    assert.equal(e.line, 3);
    assert.match(e.message, /invalid UTF-8 \(byte 0xC3 at byte offset 23\)/);
  });

  it('reports binary content (a NUL byte) with its line', () => {
    const bytes = new Uint8Array([...utf8('a\tb\nc\td\n'), 0x50, 0x4b, 0x00, 0x03]);
    const [e] = errorsOf(parseTsvTask(bytes, 'x.zip'));
    assert.equal(e.line, 3);
    assert.match(e.message, /binary content/);
  });

  it('reports an empty file and a file of blank lines as whole-file errors (line 0)', () => {
    for (const text of ['', '   \n\n', new Uint8Array(0)]) {
      const [e] = errorsOf(parseTsvTask(text, 'empty.tsv'));
      assert.equal(e.line, 0);
      assert.match(e.message, /empty/);
    }
  });

  it('collects several errors (up to 20) instead of stopping at the first', () => {
    const text = Array.from({ length: 30 }, (_, i) => (i % 2 ? `bad${i}` : `ok${i}\tx`)).join('\n');
    const errors = errorsOf(parseTsvTask(text, 'x.tsv'));
    assert.equal(errors.length, 15);
    assert.deepEqual(
      errors.slice(0, 3).map((e) => e.line),
      [2, 4, 6],
    );
  });

  it('names a bad argument instead of crashing later', () => {
    assert.throws(() => parseTsvTask(42 as unknown as string, 'x'), /source must be/);
    assert.throws(() => parseTsvTask('a\tb', ''), /name must be/);
  });
});

describe('parseCorpus', () => {
  it('makes one document per non-blank line', () => {
    const r = parseCorpus('first doc.\n\nsecond\twith tab.\r\n', 'c.txt');
    assert.ok(r.ok);
    assert.deepEqual(r.value.documents, ['first doc.', 'second\twith tab.']);
  });

  it('reports zero rows, invalid UTF-8 and NUL bytes', () => {
    assert.equal(errorsOf(parseCorpus('\n \n', 'c.txt'))[0].line, 0);
    assert.equal(errorsOf(parseCorpus(new Uint8Array([0x61, 0x0a, 0xff]), 'c.txt'))[0].line, 2);
    assert.equal(errorsOf(parseCorpus('a\nb\u0000', 'c.txt'))[0].line, 2);
  });
});

describe('firstInvalidUtf8Byte', () => {
  it('agrees with the WHATWG fatal decoder on overlongs, surrogates and truncation', () => {
    const cases: [number[], number][] = [
      [[0x41, 0xe2, 0x82, 0xac], -1], // "A€"
      [[0xc0, 0xaf], 0], // overlong "/"
      [[0x41, 0xed, 0xa0, 0x80], 1], // UTF-16 surrogate
      [[0x41, 0x42, 0xf0, 0x9f, 0x98], 2], // truncated emoji
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    ];
    for (const [bytes, expected] of cases) {
      assert.equal(firstInvalidUtf8Byte(Uint8Array.from(bytes)), expected, `bytes ${bytes}`);
      let fatalThrows = false;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
      } catch {
        fatalThrows = true;
      }
      assert.equal(fatalThrows, expected >= 0);
    }
  });
});
