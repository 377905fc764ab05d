/**
 * The paper's pre-training data experiments (§3.4) at browser scale:
 * - Table 8, which corpus: the same model pre-trained for the same steps on each corpus, then
 *   fine-tuned on the same task. Arms are any corpus values — the bundled corpora by default,
 *   plus the user's (a stored dataset id in the browser, a file path in Node) or the cleaned /
 *   unfiltered pair the C4-cleaning cell publishes — so "cleaned vs unfiltered" is one more arm
 *   of {@link CorpusArm} with `paperLabel: 'C4'` / `'C4, unfiltered'`.
 * - Table 9, repetition: the same step budget over the first 1/2^k of the corpus's training
 *   documents (`data.corpusFraction`), so smaller slices are seen more times; the validation
 *   text is the whole corpus's held-out split for every arm, so a slice that is memorised shows
 *   it as a higher validation loss. Each arm reports the repeats it actually made
 *   (non-pad tokens trained on / tokens of its slice).
 */
import type { T5Config } from '../model/config.ts';
import { TABLE_8, TABLE_9, type PaperRow } from '../paper/tables.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { runCompute } from '../scaling/runCompute.ts';
import { defaultTargetLength, type RunConfigInput } from '../training/runConfig.ts';
import type { QueueEntry } from './queue.ts';

/** One corpus of the Table 8 comparison: any corpus reference a run config accepts. */
export interface CorpusArm {
  key: string;
  label: string;
  /** data.corpus: a bundled name, a stored dataset id (browser) or a file path (Node). */
  corpus: string;
  /** The Table 8 row this corpus stands for (e.g. "C4" for a cleaned corpus), if any. */
  paperLabel?: string;
}

/** The bundled corpora as arms (data/manifest.json, kind "corpus"). */
export const BUNDLED_CORPUS_ARMS: readonly CorpusArm[] = [
  { key: 'sotu', label: 'State of the Union addresses (bundled)', corpus: 'pretrain_sotu' },
  { key: 'factbook', label: 'CIA World Factbook prose (bundled)', corpus: 'pretrain_factbook' },
];

export function table8Row(label: string | undefined): PaperRow<unknown> | undefined {
  if (label === undefined) return undefined;
  const r = TABLE_8.rows.find((x) => x.label === label);
  if (!r) throw new RangeError(`paperLabel "${label}" is not a Table 8 row (${TABLE_8.rows.map((x) => x.label).join(', ')})`);
  return r as PaperRow<unknown>;
}

/** Checks extra corpus arms (keys unique, non-empty corpus), naming the bad one. */
export function corpusArms(extra: readonly CorpusArm[] = [], bundled: readonly CorpusArm[] = BUNDLED_CORPUS_ARMS): CorpusArm[] {
  const arms = [...bundled, ...extra];
  const seen = new Set<string>();
  for (const [i, a] of arms.entries()) {
    if (!a || typeof a.key !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(a.key))
      throw new RangeError(`corpora[${i}].key must be lower-case letters, digits and "-" (got ${JSON.stringify(a?.key)})`);
    if (seen.has(a.key)) throw new RangeError(`corpora[${i}].key "${a.key}" is used twice`);
    if (typeof a.corpus !== 'string' || a.corpus === '') throw new RangeError(`corpora[${i}].corpus must name a corpus`);
    table8Row(a.paperLabel);
    seen.add(a.key);
  }
  return arms;
}

export interface DataBudget {
  model: Partial<T5Config>;
  corpus: string;
  task: string;
  pretrainSteps: number;
  finetuneSteps: number;
  batchSize: number;
  inputLength: number;
  targetLength: number;
  learningRate: number;
  evalExamples: number;
  seed: number;
}

function common(b: DataBudget, steps: number): Partial<RunConfigInput> {
  return {
    model: { overrides: b.model },
    schedule: { kind: 'constant', value: b.learningRate },
    steps,
    seed: b.seed,
    logEvery: Math.max(1, Math.floor(steps / 10)),
    evalEvery: 0,
    evalExamples: b.evalExamples,
    checkpointEvery: Math.max(1, Math.ceil(steps / 2)),
    keepCheckpoints: 1,
  };
}

function pretrainEntry(key: string, b: DataBudget, corpus: string, corpusFraction?: number): QueueEntry {
  const data = { kind: 'pretrain' as const, corpus, objective: 'span_corruption' as const, ...(corpusFraction ? { corpusFraction } : {}) };
  return {
    key,
    config: {
      ...common(b, b.pretrainSteps),
      data,
      batch: { size: b.batchSize, inputLength: b.inputLength, targetLength: defaultTargetLength(data, b.inputLength) },
    },
  };
}

/** Table 8: `pre-KEY` on each corpus, then `ft-KEY` on the task from it. */
export function corpusEntries(arms: readonly CorpusArm[], b: DataBudget): QueueEntry[] {
  return arms.flatMap((arm) => [
    pretrainEntry(`pre-${arm.key}`, b, arm.corpus),
    {
      key: `ft-${arm.key}`,
      initFrom: `pre-${arm.key}`,
      config: {
        ...common(b, b.finetuneSteps),
        data: { kind: 'tasks' as const, tasks: [b.task] },
        batch: { size: b.batchSize, inputLength: b.inputLength, targetLength: b.targetLength },
      },
    },
  ]);
}

export interface RepetitionArm {
  key: string;
  label: string;
  /** k of the 1/2^k slice (0: the whole corpus). */
  k: number;
  paperRow?: PaperRow<unknown>;
}

/** The repeats Table 9 steps through (each 4× the last, like its 2^29 … 2^23-token slices). */
export const TARGET_REPEATS = [1, 4, 16, 64] as const;

/**
 * The slices of a corpus: the whole, then 1/2^k with k chosen so the run's tokens
 * (steps × batch × input length) cover the slice about 1, 4, 16, 64 times — from the corpus
 * size (bytes ≈ byte-tokenizer tokens, 90% of it in the training split). Slices that would hold
 * less than one document are dropped (they would repeat the same one document). Without a
 * size (a user corpus), k = 2, 4, 6, 8. The paper's rows are matched by rank: the full
 * corpus, then its truncations from largest to smallest.
 */
export function repetitionArms(run?: { tokens: number; corpusTokens: number; documents: number }): RepetitionArm[] {
  let ks = [2, 4, 6, 8];
  if (run) {
    const train = 0.9;
    ks = TARGET_REPEATS.map((r) => Math.max(1, Math.round(Math.log2((r * run.corpusTokens * train) / run.tokens))));
    ks = [...new Set(ks)].filter((k) => run.documents * train * 2 ** -k >= 1);
  }
  return [0, ...ks].map((k, i) => ({
    key: k === 0 ? 'full' : `slice-${k}`,
    label: k === 0 ? 'Full corpus' : `1/2^${k} of the corpus`,
    k,
    paperRow: TABLE_9.rows[i] as PaperRow<unknown> | undefined,
  }));
}

/** Table 9: one pre-training run per slice, all with the same steps. */
export function repetitionEntries(arms: readonly RepetitionArm[], b: DataBudget): QueueEntry[] {
  return arms.map((a) => pretrainEntry(`pre-${a.key}`, b, b.corpus, a.k === 0 ? undefined : 2 ** -a.k));
}

export interface DataRow {
  key: string;
  label: string;
  pretrainValLoss: number;
  /** Fine-tuned metrics (Table 8 arms). */
  metrics: Record<string, number>;
  finetuneValLoss: number | null;
  flops: number;
  /** Training documents and tokens of the (sliced) corpus, and how often they were seen. */
  documents: number;
  trainTokens: number | null;
  repeats: number | null;
}

const lastVal = (r: RunRecord) => [...r.history].reverse().find((h) => h.valLoss !== undefined)?.valLoss ?? NaN;

function flopsOf(r: RunRecord): number {
  if (!r.resolved) return NaN;
  const b = r.config.batch;
  return runCompute(r.resolved.modelConfig, { steps: r.step, batch: b.size, inputLength: b.inputLength, targetLength: b.targetLength })
    .flops;
}

/** The data facts of one pre-training run: documents, tokens and repeats. */
function dataFacts(pre: RunRecord) {
  const documents = Object.values(pre.resolved?.trainSizes ?? {})[0] ?? NaN;
  const trainTokens = pre.resolved?.trainTokens ?? null;
  const seen = pre.history.at(-1)?.tokensSeen;
  return { documents, trainTokens, repeats: trainTokens && seen !== undefined ? seen / trainTokens : null };
}

/** Rows of either experiment from the runs of one seed (unseeded keys); `ft-KEY` is optional. */
export function dataRows(arms: readonly { key: string; label: string }[], runs: ReadonlyMap<string, RunRecord>): DataRow[] {
  return arms.map((arm) => {
    const pre = runs.get(`pre-${arm.key}`);
    if (!pre?.resolved) throw new RangeError(`arm "${arm.key}" has no completed pre-training run`);
    const ft = runs.get(`ft-${arm.key}`);
    const last = ft ? [...ft.history].reverse().find((h) => h.metrics !== undefined || h.valLoss !== undefined) : undefined;
    return {
      key: arm.key,
      label: arm.label,
      pretrainValLoss: lastVal(pre),
      metrics: last?.metrics ?? {},
      finetuneValLoss: ft ? (last?.valLoss ?? NaN) : null,
      flops: flopsOf(pre) + (ft ? flopsOf(ft) : 0),
      ...dataFacts(pre),
    };
  });
}

/** A short stable hash of a corpus reference, so an arm's key (and so its stored runs) follows the corpus. */
function refHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).slice(0, 6);
}

/** The bundled raw web pages of the C4-cleaning cell (datasets/c4_raw_web.jsonl), unfiltered. */
export const RAW_WEB_CORPUS = 'c4_raw_web';
/** The name the C4-cleaning cell gives a cleaned corpus (src/c4/pageDocuments.ts cleanedCorpusName). */
const CLEANED_SUFFIX = ' (C4-cleaned)';

/**
 * The Table 8 arm of a corpus value a notebook cell publishes (`{name, source?}`: the dataset
 * cell's `corpus`, the C4-cleaning cell's cleaned or unfiltered pages). A C4-cleaned corpus
 * stands for the paper's "C4" row and the bundled raw pages for "C4, unfiltered"; any other
 * corpus has no paper row. The key carries a hash of the corpus reference, so a different
 * corpus is a different arm with its own stored runs.
 */
export function notebookCorpusArm(value: { name: string; source?: string }): CorpusArm {
  if (!value || typeof value.name !== 'string' || value.name === '')
    throw new RangeError('the followed corpus value has no name (is it a corpus, e.g. a dataset or C4 cell output?)');
  const corpus = value.source ?? value.name;
  const cleaned = value.name.endsWith(CLEANED_SUFFIX);
  const raw = !cleaned && value.name === RAW_WEB_CORPUS && value.source === undefined;
  const kind = cleaned ? 'c4' : raw ? 'c4-unfiltered' : 'corpus';
  return {
    key: `${kind}-${refHash(corpus)}`,
    label: cleaned ? `${value.name} (notebook)` : raw ? `${value.name}, unfiltered (notebook)` : `${value.name} (notebook)`,
    corpus,
    ...(cleaned ? { paperLabel: 'C4' } : raw ? { paperLabel: 'C4, unfiltered' } : {}),
  };
}
