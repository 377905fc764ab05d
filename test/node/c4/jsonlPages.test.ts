import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatJsonlPage, parseJsonlPages } from '../../../src/c4/jsonlPages.ts';
import { ValidationError } from '../../../src/validation/checks.ts';

describe('JSON Lines pages', () => {
  it('reads one page per line, skips blank lines and keeps the other keys', () => {
    const pages = parseJsonlPages('{"url": "u1", "text": "a\\nb"}\n\n{"text": "c", "timestamp": "t"}\n', '--in x.jsonl');
    assert.deepEqual(
      pages.map((p) => [p.line, p.text]),
      [
        [1, 'a\nb'],
        [3, 'c'],
      ],
    );
    assert.equal(formatJsonlPage(pages[0].record, 'b'), '{"url":"u1","text":"b"}');
  });

  it('a malformed line, a missing text key, a non-string text or a non-object is refused naming the line', () => {
    const bad = (content: string, message: RegExp) =>
      assert.throws(
        () => parseJsonlPages(content, '--in x.jsonl'),
        (e: unknown) => e instanceof ValidationError && message.test(e.message),
      );
    bad('{"text": "ok"}\n{"text": broken}\n', /^--in x\.jsonl: line 2 is not valid JSON/);
    bad('{"text": "ok"}\n\n{"url": "u"}\n', /^--in x\.jsonl: line 3 has no "text" key$/);
    bad('{"text": 3}\n', /line 1: "text" must be a string/);
    bad('["text"]\n', /line 1 must be a JSON object/);
  });
});
