/**
 * Which notebook values an experiment cell follows (issue 10 item 13). A reactive notebook
 * promises that its seed (and, where the experiment allows, its model shape) flow into the
 * experiment cells; each cell keeps its own override. The cell declares an input only for what
 * it follows, so a notebook without a model cell still runs an experiment that uses the budget's.
 */
import type { T5Config } from '../model/config.ts';
import { intIn, oneOf } from '../validation/checks.ts';
import { VALUE } from '../notebook/valueNames.ts';
import { sha256Hex } from '../storage/sha256.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import type { TokenizerSpec } from '../training/runConfig.ts';
import type { ExperimentPlan } from './plan.ts';

/** `'notebook'`: the notebook's seed; a number: this cell's own seed. */
export type SeedSource = 'notebook' | number;
/** `'notebook'`: train the notebook's modelConfig shape; `'budget'`: the budget's model. */
export type ModelSource = 'notebook' | 'budget';
/**
 * `'notebook'`: every run of the experiment uses the notebook's tokenizer (saved into each run's
 * config); `'bytes'`: the budget's byte tokenizer, with which the budgets were measured.
 */
export type TokenizerSource = 'notebook' | 'bytes';

export const seedSource = (v: unknown, label: string): SeedSource => (v === 'notebook' ? 'notebook' : intIn(v, label, 0, 2 ** 31 - 1));
export const modelSource = (v: unknown, label: string): ModelSource => oneOf(v, label, ['notebook', 'budget'] as const);
export const tokenizerSource = (v: unknown, label: string): TokenizerSource => oneOf(v, label, ['notebook', 'bytes'] as const);

/** What an experiment cell follows: each absent field takes its default (seed: notebook; model, tokenizer: the budget's). */
export interface NotebookUse {
  seed?: SeedSource;
  model?: ModelSource;
  tokenizer?: TokenizerSource;
}

/** The notebook value names a cell with these sources reads (its program's inputs). */
export function followedInputs(use: NotebookUse): string[] {
  return [
    ...((use.seed ?? 'notebook') === 'notebook' ? [VALUE.seed] : []),
    ...(use.model === 'notebook' ? [VALUE.modelConfig] : []),
    ...(use.tokenizer === 'notebook' ? [VALUE.tokenizer] : []),
  ];
}

/** The first seed of the experiment: the notebook's when followed (1 if it has none), else the cell's own. */
export function resolveSeed(source: SeedSource | undefined, inputs: Record<string, unknown>): number {
  if (source !== undefined && source !== 'notebook') return source;
  const s = inputs[VALUE.seed];
  return typeof s === 'number' && Number.isInteger(s) ? s : 1;
}

const SHAPE_FIELDS = [
  'dModel',
  'dFf',
  'numHeads',
  'dKv',
  'numLayers',
  'numDecoderLayers',
  'relativeAttentionNumBuckets',
  'relativeAttentionMaxDistance',
  'feedForwardProj',
] as const;

/**
 * The model shape an experiment trains: the notebook's modelConfig shape fields when followed
 * (vocabSize still comes from the experiment's tokenizer, so runs stay self-contained and
 * resumable), else the budget's. A followed but missing modelConfig is a clear error.
 */
export function resolveModel(
  source: ModelSource | undefined,
  budgetModel: Partial<T5Config>,
  inputs: Record<string, unknown>,
): Partial<T5Config> {
  if (source !== 'notebook') return budgetModel;
  const c = inputs[VALUE.modelConfig] as Partial<T5Config> | undefined;
  if (!c || typeof c !== 'object')
    throw new Error('model: the notebook has no model cell publishing modelConfig — choose "the budget\'s" model instead');
  const out: Record<string, unknown> = {};
  for (const f of SHAPE_FIELDS) if (c[f] !== undefined) out[f] = c[f];
  return out as Partial<T5Config>;
}

/** A one-line description for the cell's form, e.g. "the notebook's (d 64, 2+2 layers)". */
export function modelSourceText(source: ModelSource | undefined, model: Partial<T5Config> | undefined): string {
  if (source !== 'notebook') return "the budget's";
  if (!model) return "the notebook's (not run yet)";
  return `the notebook's (d_model ${model.dModel}, ${model.numLayers}+${model.numDecoderLayers ?? model.numLayers} layers)`;
}

/** The notebook's tokenizer as an experiment uses it: the spec saved in every run, and a fingerprint for the experiment's id. */
export interface FollowedTokenizer {
  spec: TokenizerSpec;
  /** 16 hex digits of the SHA-256 of the tokenizer's JSON: another tokenizer is another experiment. */
  fingerprint: string;
  kind: string;
  vocabSize: number;
}

/**
 * The tokenizer an experiment's runs use: the notebook's when followed (a missing one is a clear
 * error naming the choice to make instead), else undefined (each run's default, the byte tokenizer).
 */
export function resolveTokenizer(source: TokenizerSource | undefined, inputs: Record<string, unknown>): FollowedTokenizer | undefined {
  if (source !== 'notebook') return undefined;
  const t = inputs[VALUE.tokenizer] as Tokenizer | undefined;
  if (!t || typeof t.toJSON !== 'function')
    throw new Error('tokenizer: the notebook has no tokenizer cell publishing tokenizer — choose "bytes" instead');
  const json = t.toJSON();
  return { spec: { kind: 'saved', json }, fingerprint: sha256Hex(JSON.stringify(json)).slice(0, 16), kind: t.kind, vocabSize: t.vocabSize };
}

/** The plan with every run's tokenizer replaced by `tokenizer` (the plan itself when undefined). */
export function withTokenizer(plan: ExperimentPlan, tokenizer: FollowedTokenizer | undefined): ExperimentPlan {
  if (!tokenizer) return plan;
  return { ...plan, entries: (seed) => plan.entries(seed).map((e) => ({ ...e, config: { ...e.config, tokenizer: tokenizer.spec } })) };
}

/** A one-line description for the cell's form, e.g. "the notebook's (unigram, 2,048 ids)". */
export function tokenizerSourceText(source: TokenizerSource | undefined, tokenizer: FollowedTokenizer | undefined): string {
  if (source !== 'notebook') return "bytes (the budget's)";
  if (!tokenizer) return "the notebook's (not run yet)";
  return `the notebook's (${tokenizer.kind}, ${tokenizer.vocabSize.toLocaleString('en-US')} ids)`;
}
