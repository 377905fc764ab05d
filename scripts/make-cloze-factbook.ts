/**
 * Derives datasets/cloze_factbook.tsv from datasets/pretrain_factbook.txt: a closed-book cloze
 * task whose answers are in the pre-training corpus, so a model can only answer a validation
 * question from what pre-training put in its weights (the fine-tuning split never holds the
 * validation sentences: each sentence gives one question, and the task's hash split keeps a
 * sentence on one side).
 *
 * Each sentence of 40–100 characters gives one example: one word (4–14 letters, not the first
 * word, chosen by a hash of the sentence so the file is reproducible) is replaced by "___":
 *   fill in the blank: The capital of ___ is Algiers.<TAB>Algeria
 *
 *   node --import tsx scripts/make-cloze-factbook.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hashText } from '../src/data/split.ts';

const dir = new URL('../datasets/', import.meta.url);
const corpus = readFileSync(new URL('pretrain_factbook.txt', dir), 'utf8');
const PREFIX = 'fill in the blank: ';
const seen = new Set<string>();
const lines: string[] = [];
for (const doc of corpus.split('\n')) {
  for (const raw of doc.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
    const sentence = raw.trim();
    if (sentence.length < 40 || sentence.length > 100 || /[\t"]/.test(sentence) || seen.has(sentence)) continue;
    seen.add(sentence);
    const words = [...sentence.matchAll(/[A-Za-z]+/g)].filter((m) => m.index! > 0 && m[0].length >= 4 && m[0].length <= 14);
    if (words.length === 0) continue;
    const pick = words[hashText(sentence) % words.length];
    const input = `${sentence.slice(0, pick.index)}___${sentence.slice(pick.index! + pick[0].length)}`;
    lines.push(`${PREFIX}${input}\t${pick[0]}`);
  }
}
// A fixed-seed shuffle (like the other TSV files), by hash of the line.
lines.sort((a, b) => hashText(`cloze/${a}`) - hashText(`cloze/${b}`));
writeFileSync(new URL('cloze_factbook.tsv', dir), lines.join('\n') + '\n');
console.log(`wrote ${lines.length} cloze examples to datasets/cloze_factbook.tsv`);
