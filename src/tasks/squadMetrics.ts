/**
 * SQuAD-style exact match and token F1 (t5 `evaluation/qa_utils.py`: lowercase, strip ASCII
 * punctuation, drop the articles a/an/the, collapse whitespace), on a 0–100 scale.
 */
import { checkPairs, type Metric } from './metric.ts';

const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** The SQuAD answer normalisation. */
export function normalizeSquad(text: string): string {
  let s = text.toLowerCase();
  s = Array.from(s, (ch) => (PUNCTUATION.has(ch) ? '' : ch)).join('');
  s = s.replace(/\b(a|an|the)\b/g, ' ');
  return s.split(/\s+/).filter(Boolean).join(' ');
}

/** Token-overlap F1 between one prediction and one target (0–1). */
export function tokenF1Score(target: string, prediction: string): number {
  const t = normalizeSquad(target).split(' ').filter(Boolean);
  const p = normalizeSquad(prediction).split(' ').filter(Boolean);
  const counts = new Map<string, number>();
  for (const w of t) counts.set(w, (counts.get(w) ?? 0) + 1);
  let same = 0;
  for (const w of p) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      same++;
      counts.set(w, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / t.length;
  return (2 * precision * recall) / (precision + recall);
}

export const exactMatch: Metric = {
  name: 'exact_match',
  compute(targets, predictions) {
    checkPairs('exact_match', targets, predictions);
    if (targets.length === 0) return 0;
    let hits = 0;
    for (let i = 0; i < targets.length; i++) if (normalizeSquad(targets[i]) === normalizeSquad(predictions[i])) hits++;
    return (100 * hits) / targets.length;
  },
};

export const tokenF1: Metric = {
  name: 'token_f1',
  compute(targets, predictions) {
    checkPairs('token_f1', targets, predictions);
    if (targets.length === 0) return 0;
    let sum = 0;
    for (let i = 0; i < targets.length; i++) sum += tokenF1Score(targets[i], predictions[i]);
    return (100 * sum) / targets.length;
  },
};
