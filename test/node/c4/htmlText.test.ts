import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities, htmlToLines } from '../../../src/c4/htmlText.ts';

describe('HTML to text lines', () => {
  it('block elements end lines, inline ones do not, and source line breaks inside a paragraph are spaces', () => {
    const html = `<html><head><title>A page</title></head><body>
      <nav><a href="/">Home</a> | <a href="/b">Blog</a></nav>
      <p>A paragraph with <b>bold</b> and
      <i>italic</i> words.</p><div>Second<br>third</div>
      <ul><li>one</li><li>two</li></ul></body></html>`;
    assert.deepEqual(htmlToLines(html), [
      'A page',
      'Home | Blog',
      'A paragraph with bold and italic words.',
      'Second',
      'third',
      'one',
      'two',
    ]);
  });

  it('scripts, styles and comments are dropped, and <pre> keeps its lines', () => {
    const html = `<p>Text.</p><script>var x = "<p>not text</p>";</script><style>p { color: red }</style><!-- hidden -->
      <pre>def f():
    return {1: 2}</pre>`;
    assert.deepEqual(htmlToLines(html), ['Text.', 'def f():', 'return {1: 2}']);
  });

  it('character references are decoded, unknown names are left as written', () => {
    assert.equal(decodeEntities('&lt;a&gt; &amp; &quot;q&quot; &#169; &#x2014; &para; &bogus;'), '<a> & "q" © — ¶ &bogus;');
    assert.deepEqual(htmlToLines('<p>&nbsp;&nbsp;Spaced&nbsp;out&nbsp;</p>'), ['Spaced out']);
  });
});
