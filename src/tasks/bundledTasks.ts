/** Tasks over the bundled datasets (datasets/manifest.json has the same prefixes and metrics). */
import { accuracy } from './metric.ts';
import { exactMatch, tokenF1 } from './squadMetrics.ts';
import { defineTask, type Task } from './task.ts';
import { bleu, chrf } from './translationMetrics.ts';

export const sentimentTask = defineTask({ name: 'sentiment', source: 'sentiment', prefix: 'sentiment review: ', metrics: [accuracy] });
export const defineWordTask = defineTask({ name: 'define', source: 'define', prefix: 'define: ', metrics: [tokenF1, exactMatch] });
export const translateEnDeTask = defineTask({
  name: 'translate_en_de',
  source: 'translate_en_de',
  prefix: 'translate English to German: ',
  metrics: [bleu, chrf],
});
export const qaFactbookTask = defineTask({
  name: 'qa_factbook',
  source: 'qa_factbook',
  prefix: 'trivia question: ',
  metrics: [exactMatch, tokenF1],
});
/** Closed-book cloze over sentences of pretrain_factbook: the answer is in the pre-training corpus, not in the fine-tuning split. */
export const clozeFactbookTask = defineTask({
  name: 'cloze_factbook',
  source: 'cloze_factbook',
  prefix: 'fill in the blank: ',
  metrics: [exactMatch, tokenF1],
});

/** Every bundled task, by name. */
export const bundledTasks: Record<string, Task> = Object.fromEntries(
  [sentimentTask, defineWordTask, translateEnDeTask, qaFactbookTask, clozeFactbookTask].map((t) => [t.name, t]),
);
