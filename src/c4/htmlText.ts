/**
 * HTML to text lines, roughly as Common Crawl's WET extraction gives C4 its raw pages: scripts,
 * styles and comments go, block elements and <br> end lines, <pre> keeps its line breaks, tags
 * are dropped, character references decoded and white space collapsed. Boilerplate (navigation,
 * footers, "Previous topic") is deliberately kept: it is what C4's rules have to remove.
 * A string scanner, not a DOM, so it runs in Node and in the browser alike.
 */

const BLOCK = new Set(
  (
    'address article aside blockquote body br caption dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 ' +
    'head header hr html li main nav ol option p pre section summary table tbody td tfoot th thead title tr ul'
  ).split(' '),
);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  para: '¶',
  sect: '§',
  middot: '·',
  bull: '•',
  times: '×',
  deg: '°',
  shy: '',
  zwj: '',
  zwnj: '',
};

/** Decodes numeric character references and the common named ones; unknown names stay as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (all, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : all;
    }
    return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? all;
  });
}

/** The visible text of an HTML document, one line per block, no empty lines. */
export function htmlToLines(html: string): string[] {
  const src = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|template|svg)\b[\s\S]*?<\/\1\s*>/gi, '\n');
  let out = '';
  let pre = 0;
  const tag = /<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>|<![^>]*>|<\?[^>]*>/g;
  let last = 0;
  for (let m = tag.exec(src); m !== null; m = tag.exec(src)) {
    const text = src.slice(last, m.index);
    // Source line breaks inside a paragraph are spaces; inside <pre> they are lines.
    out += pre > 0 ? text.replace(/\r?\n/g, '\u2028') : text.replace(/\s+/g, ' ');
    last = m.index + m[0].length;
    const name = (m[1] ?? '').toLowerCase();
    if (name === 'pre') pre += m[0][1] === '/' ? -1 : 1;
    if (pre < 0) pre = 0;
    if (BLOCK.has(name)) out += '\n';
  }
  out += pre > 0 ? src.slice(last) : src.slice(last).replace(/\s+/g, ' ');
  return out
    .split(/\n|\u2028/)
    .map((l) =>
      decodeEntities(l)
        .replace(/[\s\u00a0]+/gu, ' ')
        .trim(),
    )
    .filter((l) => l !== '');
}

/** An HTML document as one C4-style page text (lines joined by "\n"). */
export function htmlToPageText(html: string): string {
  return htmlToLines(html).join('\n');
}
