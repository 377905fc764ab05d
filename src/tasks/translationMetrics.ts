/**
 * Corpus BLEU and chrF as sacreBLEU 2.x computes them by default (no JS package does: the npm
 * `bleu-score` is sentence-level without 13a tokenisation), single reference per segment.
 * BLEU: 13a tokenisation (sacreBLEU's default) or `intl` (what T5 scored WMT with,
 * t5/evaluation/metrics.py `bleu`: tokenize="intl"), n-grams up to 4, "exp" smoothing, brevity
 * penalty. The task metric `bleu` uses intl, as T5 did; `bleu13a` is sacreBLEU's default.
 * chrF: character n-grams up to 6 with whitespace removed, β = 2, precision and recall averaged
 * over the orders that have n-grams on both sides.
 */
import { checkPairs, type Metric } from './metric.ts';

/** sacreBLEU's `13a` tokenizer (mteval-v13a.pl). */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return s.split(/\s+/).filter(Boolean).join(' ');
}

/** Python's str.isspace() characters: what `' '.join(line.split())` splits on (JS \s differs: it has U+FEFF, lacks U+001C–U+001F). */
// eslint-disable-next-line no-control-regex -- U+001C–U+001F are whitespace to Python, which this mirrors
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * sacreBLEU's `intl` tokenizer (TokenizerV14International, mteval-v14 --international-tokenization):
 * Unicode punctuation is split off unless it sits between digits on that side, and every
 * Unicode symbol is split off.
 */
export function tokenizeIntl(line: string): string {
  let s = line.replace(/(\P{N})(\p{P})/gu, '$1 $2 ');
  s = s.replace(/(\p{P})(\P{N})/gu, ' $1 $2');
  s = s.replace(/(\p{S})/gu, ' $1 ');
  return s.split(PY_WHITESPACE).filter(Boolean).join(' ');
}

export type BleuTokenizer = 'intl' | '13a';
const TOKENIZERS: Record<BleuTokenizer, (line: string) => string> = { intl: tokenizeIntl, '13a': tokenize13a };

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function matches(hyp: Map<string, number>, ref: Map<string, number>): number {
  let m = 0;
  for (const [k, c] of hyp) m += Math.min(c, ref.get(k) ?? 0);
  return m;
}

export interface BleuResult {
  score: number;
  /** Modified n-gram precisions (percent), after smoothing. */
  precisions: number[];
  brevityPenalty: number;
  sysLen: number;
  refLen: number;
}

const MAX_ORDER = 4;

/** sacreBLEU `corpus_bleu(predictions, [targets], tokenize=…)`; default tokenize "13a" as sacreBLEU's. */
export function corpusBleu(
  targets: readonly string[],
  predictions: readonly string[],
  options: { tokenize?: BleuTokenizer } = {},
): BleuResult {
  checkPairs('corpusBleu', targets, predictions);
  const tokenize = TOKENIZERS[options.tokenize ?? '13a'];
  if (!tokenize) throw new RangeError(`corpusBleu: tokenize must be "intl" or "13a" (got ${JSON.stringify(options.tokenize)})`);
  const correct = new Array<number>(MAX_ORDER).fill(0);
  const total = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  for (let i = 0; i < targets.length; i++) {
    const hyp = tokenize(predictions[i]).split(' ').filter(Boolean);
    const ref = tokenize(targets[i]).split(' ').filter(Boolean);
    sysLen += hyp.length;
    refLen += ref.length;
    for (let n = 1; n <= MAX_ORDER; n++) {
      correct[n - 1] += matches(ngramCounts(hyp, n), ngramCounts(ref, n));
      total[n - 1] += Math.max(0, hyp.length - n + 1);
    }
  }
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let smooth = 1;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (total[n - 1] === 0) break;
    if (correct[n - 1] === 0) {
      smooth *= 2;
      precisions[n - 1] = 100 / (smooth * total[n - 1]);
    } else precisions[n - 1] = (100 * correct[n - 1]) / total[n - 1];
  }
  const brevityPenalty = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  // sacreBLEU's my_log(0) = −9999999999 makes a zero precision give a zero score.
  const logSum = precisions.reduce((s, p) => s + (p === 0 ? -9999999999 : Math.log(p)), 0);
  return { score: brevityPenalty * Math.exp(logSum / MAX_ORDER), precisions, brevityPenalty, sysLen, refLen };
}

const CHAR_ORDER = 6;
const BETA = 2;

function charNgrams(chars: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = chars.slice(i, i + n).join('');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** sacreBLEU `corpus_chrf` (chrF2, char order 6, word order 0, whitespace ignored). */
export function corpusChrf(targets: readonly string[], predictions: readonly string[]): number {
  checkPairs('corpusChrf', targets, predictions);
  const stats = new Array<number>(3 * CHAR_ORDER).fill(0);
  for (let i = 0; i < targets.length; i++) {
    const hyp = Array.from(predictions[i].split(/\s+/).join(''));
    const ref = Array.from(targets[i].split(/\s+/).join(''));
    for (let n = 1; n <= CHAR_ORDER; n++) {
      const h = charNgrams(hyp, n);
      const r = charNgrams(ref, n);
      stats[3 * (n - 1)] += Math.max(0, hyp.length - n + 1);
      stats[3 * (n - 1) + 1] += Math.max(0, ref.length - n + 1);
      stats[3 * (n - 1) + 2] += matches(h, r);
    }
  }
  const factor = BETA * BETA;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let n = 0; n < CHAR_ORDER; n++) {
    const [nHyp, nRef, nMatch] = stats.slice(3 * n, 3 * n + 3);
    if (nHyp > 0 && nRef > 0) {
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

/** BLEU as T5 reported it (intl tokenisation). */
export const bleu: Metric = { name: 'bleu', compute: (t, p) => corpusBleu(t, p, { tokenize: 'intl' }).score };
/** BLEU with sacreBLEU's default 13a tokenisation. */
export const bleu13a: Metric = { name: 'bleu13a', compute: (t, p) => corpusBleu(t, p, { tokenize: '13a' }).score };
export const chrf: Metric = { name: 'chrf', compute: corpusChrf };
