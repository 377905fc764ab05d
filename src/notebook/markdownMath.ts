/**
 * Markdown with TeX math, for markdown cells: `$…$` inline and `$$…$$` display math rendered by
 * KaTeX as MathML (no fonts or stylesheet to load; browsers draw MathML Core natively), then
 * the whole HTML sanitized by the caller. A `$` followed by a digit after the closing one
 * (prices: "$5 to $10") is not math. Bad TeX shows KaTeX's error inline instead of throwing.
 */
import { Marked, type TokenizerAndRendererExtension } from 'marked';
import katex from 'katex';

function tex(source: string, displayMode: boolean): string {
  return katex.renderToString(source, { displayMode, output: 'mathml', throwOnError: false, strict: 'ignore', trust: false });
}

const mathBlock: TokenizerAndRendererExtension = {
  name: 'mathBlock',
  level: 'block',
  start: (src) => src.match(/^\$\$/m)?.index,
  tokenizer(src) {
    const m = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src);
    return m ? { type: 'mathBlock', raw: m[0], text: m[1].trim() } : undefined;
  },
  renderer: (token) => `<div class="math-display">${tex(token.text as string, true)}</div>\n`,
};

const mathInline: TokenizerAndRendererExtension = {
  name: 'mathInline',
  level: 'inline',
  start: (src) => (src.indexOf('$') >= 0 ? src.indexOf('$') : undefined),
  tokenizer(src) {
    const display = /^\$\$([^$]+?)\$\$/.exec(src);
    if (display) return { type: 'mathInline', raw: display[0], text: display[1].trim(), display: true };
    const m = /^\$(?!\s)((?:\\\$|[^$\n])+?)(?<!\s)\$(?!\d)/.exec(src);
    return m ? { type: 'mathInline', raw: m[0], text: m[1], display: false } : undefined;
  },
  renderer: (token) => tex(token.text as string, Boolean(token.display)),
};

const marked = new Marked({ extensions: [mathBlock, mathInline], async: false });

/** Markdown (with math) to HTML. The result is NOT sanitized: pass it through DOMPurify. */
export function markdownToHtml(source: string): string {
  return marked.parse(source, { async: false }) as string;
}
