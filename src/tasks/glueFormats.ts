/**
 * How T5 casts GLUE / SuperGLUE / SQuAD / WMT / CNN-DM examples to text (spec §E; t5
 * `data/preprocessors.py`), as pure functions so the notebook can show any of them.
 *
 * GLUE rule: "<benchmark> " + "<key>: <value>" for each feature, keys sorted alphabetically unless
 * the benchmark fixes an order, joined by single spaces; target = the label name, "<unk>" for −1.
 */
import { roundHalfEven } from '../objectives/rng.ts';

export interface TextExample {
  inputs: string;
  targets: string;
}

function str(x: Record<string, unknown>, key: string, where: string): string {
  const v = x[key];
  if (typeof v !== 'string')
    throw new TypeError(`${where}: field "${key}" must be a string (got ${v === undefined ? 'nothing' : typeof v})`);
  return v;
}

function labelName(label: unknown, names: readonly string[], where: string): string {
  if (label === -1) return '<unk>';
  if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= names.length) {
    throw new RangeError(`${where}: field "label" must be −1 or an integer in [0, ${names.length}) (got ${String(label)})`);
  }
  return names[label];
}

/**
 * The generic GLUE text format. `keys` (default: alphabetical) lists the text features in order.
 * @example glueText('rte', { sentence1: 'A', sentence2: 'B', label: 1 }, ['entailment', 'not_entailment'])
 *   → { inputs: 'rte sentence1: A sentence2: B', targets: 'not_entailment' }
 */
export function glueText(
  benchmark: string,
  example: Record<string, unknown>,
  labelNames: readonly string[],
  keys?: readonly string[],
): TextExample {
  if (typeof benchmark !== 'string' || benchmark === '') throw new TypeError('glueText: benchmark must be a non-empty string');
  if (example === null || typeof example !== 'object') throw new TypeError(`${benchmark}: example must be an object`);
  const where = `format ${benchmark}`;
  const order =
    keys ??
    Object.keys(example)
      .filter((k) => k !== 'label' && k !== 'idx')
      .sort();
  const parts = [benchmark];
  for (const k of order) parts.push(`${k}:`, str(example, k, where));
  return { inputs: parts.join(' '), targets: labelName(example.label, labelNames, where) };
}

export const GLUE_LABELS = {
  cola: ['unacceptable', 'acceptable'],
  sst2: ['negative', 'positive'],
  mrpc: ['not_equivalent', 'equivalent'],
  qqp: ['not_duplicate', 'duplicate'],
  mnli: ['entailment', 'neutral', 'contradiction'],
  qnli: ['entailment', 'not_entailment'],
  rte: ['entailment', 'not_entailment'],
  wnli: ['not_entailment', 'entailment'],
  boolq: ['False', 'True'],
  cb: ['entailment', 'contradiction', 'neutral'],
  // The paper's appendix shows "True" for COPA label 1 (spec §E); TFDS itself names them by number.
  copa: ['False', 'True'],
  multirc: ['False', 'True'],
  wic: ['False', 'True'],
  wsc: ['False', 'True'],
} as const;

type Labelled = { label: number };

export const formatCola = (x: { sentence: string } & Labelled) => glueText('cola', x, GLUE_LABELS.cola, ['sentence']);
export const formatSst2 = (x: { sentence: string } & Labelled) => glueText('sst2', x, GLUE_LABELS.sst2, ['sentence']);
export const formatMrpc = (x: { sentence1: string; sentence2: string } & Labelled) =>
  glueText('mrpc', x, GLUE_LABELS.mrpc, ['sentence1', 'sentence2']);
export const formatQqp = (x: { question1: string; question2: string } & Labelled) =>
  glueText('qqp', x, GLUE_LABELS.qqp, ['question1', 'question2']);
/** Hypothesis first (alphabetical), as in the code and the paper's appendix. */
export const formatMnli = (x: { premise: string; hypothesis: string } & Labelled) =>
  glueText('mnli', x, GLUE_LABELS.mnli, ['hypothesis', 'premise']);
export const formatQnli = (x: { question: string; sentence: string } & Labelled) =>
  glueText('qnli', x, GLUE_LABELS.qnli, ['question', 'sentence']);
export const formatRte = (x: { sentence1: string; sentence2: string } & Labelled) =>
  glueText('rte', x, GLUE_LABELS.rte, ['sentence1', 'sentence2']);
export const formatBoolq = (x: { passage: string; question: string } & Labelled) =>
  glueText('boolq', x, GLUE_LABELS.boolq, ['passage', 'question']);
export const formatCb = (x: { premise: string; hypothesis: string } & Labelled) =>
  glueText('cb', x, GLUE_LABELS.cb, ['hypothesis', 'premise']);
export const formatCopa = (x: { premise: string; choice1: string; choice2: string; question: string } & Labelled) =>
  glueText('copa', x, GLUE_LABELS.copa, ['choice1', 'choice2', 'premise', 'question']);
/** Code order (sentence1, sentence2, word); the appendix's extra `pos:` field is not used by the code. */
export const formatWic = (x: { sentence1: string; sentence2: string; word: string } & Labelled) =>
  glueText('wic', x, GLUE_LABELS.wic, ['sentence1', 'sentence2', 'word']);

/** MultiRC: explicit order question, answer, paragraph; `<br>` → space and `<b>`/`</b>` removed. */
export function formatMultirc(x: { question: string; answer: string; paragraph: string } & Labelled): TextExample {
  const out = glueText('multirc', x, GLUE_LABELS.multirc, ['question', 'answer', 'paragraph']);
  return { inputs: out.inputs.replace(/<br>/g, ' ').replace(/<(\/)?b>/g, ''), targets: out.targets };
}

/** The STS-B target: label rounded to the nearest 0.2 with round-half-to-even, one decimal ("3.25" → "3.2"). */
export function stsbTarget(label: number): string {
  if (typeof label !== 'number' || !Number.isFinite(label))
    throw new TypeError(`stsb: field "label" must be a finite number (got ${String(label)})`);
  return (roundHalfEven(label * 5) / 5).toFixed(1);
}

export function formatStsb(x: { sentence1: string; sentence2: string; label: number }): TextExample {
  const { inputs } = glueText('stsb', { sentence1: x.sentence1, sentence2: x.sentence2, label: -1 }, [], ['sentence1', 'sentence2']);
  return { inputs, targets: stsbTarget(x.label) };
}

/**
 * ReCoRD: one example per gold answer ("<unk>" if none); "@highlight" lines of the passage are
 * joined into sentences as t5's `record` preprocessor does.
 */
export function formatRecord(x: { passage: string; query: string; entities: string[]; answers: string[] }): TextExample[] {
  const where = 'format record';
  const passage = str(x, 'passage', where)
    .replace(/(\.|\?|!|"|')\n@highlight\n/g, '$1 ')
    .replace(/\n@highlight\n/g, '. ');
  if (!Array.isArray(x.entities)) throw new TypeError(`${where}: field "entities" must be an array of strings`);
  if (!Array.isArray(x.answers)) throw new TypeError(`${where}: field "answers" must be an array of strings`);
  const inputs = ['record query:', str(x, 'query', where), 'entities:', x.entities.join(', '), 'passage:', passage].join(' ');
  const answers = x.answers.length ? x.answers : ['<unk>'];
  return answers.map((a) => ({ inputs, targets: a }));
}

/**
 * WSC "simple" (also used for DPR/WNLI): `wsc: <text with the pronoun as *pronoun*>` → the referent.
 * `span2_index` is the pronoun's word index (split on single spaces).
 */
export function formatWscSimple(
  x: { text: string; span1_text: string; span2_text: string; span2_index: number },
  label = 'wsc:',
): TextExample {
  const where = 'format wsc_simple';
  const words = str(x, 'text', where).split(' ');
  const i = x.span2_index;
  if (!Number.isInteger(i) || i <= 0 || i >= words.length)
    throw new RangeError(`${where}: field "span2_index" must be in [1, ${words.length}) (got ${i})`);
  const pronoun = str(x, 'span2_text', where);
  if (words[i] !== pronoun) throw new RangeError(`${where}: field "span2_text" "${pronoun}" is not word ${i} of text ("${words[i]}")`);
  const inputs = [label, [...words.slice(0, i), `*${pronoun}*`, ...words.slice(i + 1)].join(' ')].join(' ');
  return { inputs, targets: str(x, 'span1_text', where) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function markSpan(text: string, span: string, index: number, mark: string): string {
  return text.replace(new RegExp(`^((?:\\S+\\s){${index}})(${escapeRegExp(span)})`), `$1${mark} $2 ${mark}`);
}

/** WSC classification variant: `wsc text: …` with `* noun *` and `# pronoun #` marked → False/True. */
export function formatWsc(
  x: { text: string; span1_text: string; span1_index: number; span2_text: string; span2_index: number } & Labelled,
): TextExample {
  const where = 'format wsc';
  for (const k of ['span1_index', 'span2_index'] as const) {
    if (!Number.isInteger(x[k]) || x[k] < 0) throw new RangeError(`${where}: field "${k}" must be a non-negative integer (got ${x[k]})`);
  }
  let text = markSpan(str(x, 'text', where), str(x, 'span1_text', where), x.span1_index, '*');
  // Marking span 1 added two "words" before span 2 when it comes first.
  const span2Index = x.span2_index + (x.span1_index < x.span2_index ? 2 : 0);
  text = markSpan(text, str(x, 'span2_text', where), span2Index, '#');
  return { inputs: `wsc text: ${text}`, targets: labelName(x.label, GLUE_LABELS.wsc, where) };
}

/** SQuAD's `_pad_punctuation`: spaces around anything but letters, marks, numbers, `_` and whitespace; whitespace collapsed. */
export function padPunctuation(text: string): string {
  return text.replace(/([^_\s\p{N}\p{L}\p{M}])/gu, ' $1 ').replace(/\s+/g, ' ');
}

/** SQuAD: `question: <q> context: <c>` → first answer (punctuation padded everywhere). */
export function formatSquad(x: { question: string; context: string; answers: string[] }): TextExample {
  const where = 'format squad';
  if (!Array.isArray(x.answers) || x.answers.length === 0 || typeof x.answers[0] !== 'string')
    throw new TypeError(`${where}: field "answers" must be a non-empty array of strings`);
  const q = ['question:', padPunctuation(str(x, 'question', where))].join(' ');
  const c = ['context:', padPunctuation(str(x, 'context', where))].join(' ');
  return { inputs: [q, c].join(' '), targets: padPunctuation(x.answers[0]) };
}

/** WMT: `translate <Source> to <Target>: <text>`. */
export function formatTranslate(x: { source: string; target: string }, sourceLanguage = 'English', targetLanguage = 'German'): TextExample {
  return {
    inputs: `translate ${sourceLanguage} to ${targetLanguage}: ${str(x, 'source', 'format translate')}`,
    targets: str(x, 'target', 'format translate'),
  };
}

/** CNN/Daily Mail: `summarize: <article>` → highlights. */
export function formatSummarize(x: { article: string; highlights: string }): TextExample {
  return { inputs: `summarize: ${str(x, 'article', 'format summarize')}`, targets: str(x, 'highlights', 'format summarize') };
}
