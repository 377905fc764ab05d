/**
 * Builds datasets/c4_raw_web.jsonl, the raw web-like corpus of the C4 cleaning cell: HTML pages of
 * documentation shipped in Debian packages, turned into text lines by src/c4/htmlText.ts with all
 * their boilerplate (navigation, footers, code) left in, one page per JSON line
 * `{"text", "url", "source"}` as in C4's own records. Mostly English (Python 3.11 docs), with a few
 * German, French, Italian and Dutch chapters of the Debian FAQ for the language rule.
 *
 *   mkdir -p /tmp/c4raw && cd /tmp/c4raw && apt-get download python3.11-doc debian-faq-de debian-faq-fr debian-faq-it debian-faq-nl
 *   for f in *.deb; do dpkg-deb -x "$f" x; done
 *   node --import tsx scripts/make-c4-raw-web.ts /tmp/c4raw/x
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { htmlToPageText } from '../src/c4/htmlText.ts';
import { writeFileAtomic } from '../src/storage/writeFileAtomic.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: make-c4-raw-web.ts EXTRACTED_DIR');

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    // Sphinx's _static/_sources hold assets and reST sources, not pages; Debian links some assets out.
    if (entry.isDirectory() && !entry.name.startsWith('_')) out.push(...htmlFiles(p));
    else if (entry.isFile() && entry.name.endsWith('.html')) out.push(p);
  }
  return out;
}

interface Page {
  text: string;
  url: string;
  source: string;
}

function pagesOf(dir: string, source: string): Page[] {
  return htmlFiles(join(root, dir)).map((f) => ({
    text: htmlToPageText(readFileSync(f, 'utf8')),
    url: `file:///${relative(root, f)}`,
    source,
  }));
}

// Python docs: whole pages of 1,000-10,000 characters (the longer reference pages would crowd
// out the rest), so that the sample spans the tutorial, library, howto and C API parts.
const python = pagesOf('usr/share/doc/python3.11/html', 'Debian python3.11-doc 3.11.2-6+deb12u9').filter(
  (p) => p.text.length >= 1000 && p.text.length <= 10000,
);
// Debian FAQ translations: the four shortest chapters of each language.
const faq = ['de', 'fr', 'it', 'nl'].flatMap((lang) =>
  pagesOf(`usr/share/doc/debian/FAQ/${lang}`, `Debian debian-faq-${lang} 11.1`)
    .sort((a, b) => a.text.length - b.text.length || a.url.localeCompare(b.url))
    .slice(0, 4),
);
const pages = [...python, ...faq];
const jsonl = pages.map((p) => JSON.stringify(p)).join('\n') + '\n';
writeFileAtomic(new URL('../datasets/c4_raw_web.jsonl', import.meta.url).pathname, jsonl);
console.log(`wrote ${pages.length} pages (${python.length} Python docs, ${faq.length} Debian FAQ), ${jsonl.length} characters`);
