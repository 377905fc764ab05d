/**
 * Sentence splitting for C4's page rule ("at least 5 sentences") and its three-sentence-span
 * deduplication. TensorFlow Datasets' c4_utils counts sentences with NLTK's Punkt English model;
 * that model (a learned pickle of abbreviations and collocations) cannot ship here, so this is
 * Punkt's decision rule with a fixed abbreviation list: a sentence ends at `.`, `?` or `!` (and any
 * closing quotes/brackets after it) followed by white space, unless the word before a `.` is a
 * known abbreviation, an initial ("J.") or has inner periods ("e.g.", "U.S."). An ellipsis ends a
 * sentence only before a capital letter, as Punkt's orthographic heuristic usually decides.
 */

/** Common English abbreviations Punkt's English model knows (lower case, without the final period). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt vs etc inc ltd co corp no nos vol vols fig figs pp ed eds al approx dept est ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec gen gov sen rep rev col lt sgt capt cmdr adm cf ca resp ' +
    'ave blvd rd univ assn bros hon messrs'
  ).split(' '),
);

const CLOSERS = `"')]}’”»`;

function isAbbreviation(wordWithPeriod: string): boolean {
  const w = wordWithPeriod
    .replace(/^[("'“‘[]+/, '')
    .slice(0, -1)
    .toLowerCase();
  if (w === '') return false;
  if (ABBREVIATIONS.has(w)) return true;
  if (/^\p{L}$/u.test(w)) return true; // an initial
  return /^(\p{L}\.)+\p{L}$/u.test(w); // e.g / i.e / u.s
}

/** Splits `text` into sentences (trimmed, non-empty), in order. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /([.?!]+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let end = m.index + m[1].length;
    while (end < text.length && CLOSERS.includes(text[end])) end++;
    // A boundary needs white space after it; the end of the text ends the last sentence anyway.
    if (end >= text.length || !/\s/.test(text[end])) continue;
    const marks = m[1];
    if (marks === '.') {
      const wordStart = text.lastIndexOf(' ', m.index) + 1;
      if (isAbbreviation(text.slice(wordStart, m.index + 1))) continue;
    } else if (/^\.{2,}$/.test(marks)) {
      const next = text.slice(end).trimStart();
      if (!/^["'“‘(]?\p{Lu}/u.test(next)) continue;
    }
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
    re.lastIndex = end;
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** The number of sentences in `text`, as the page rule counts them. */
export function countSentences(text: string): number {
  return splitSentences(text).length;
}
