/**
 * Which notebook values an experiment cell follows (issue 10 item 13). A reactive notebook
 * promises that its seed (and, where the experiment allows, its model shape) flow into the
 * experiment cells; each cell keeps its own override. The cell declares an input only for what
 * it follows, so a notebook without a model cell still runs an experiment that uses the budget's.
 */
import type { T5Config } from '../model/config.ts';
import { intIn, oneOf } from '../validation/checks.ts';
import { VALUE } from '../notebook/valueNames.ts';

/** `'notebook'`: the notebook's seed; a number: this cell's own seed. */
export type SeedSource = 'notebook' | number;
/** `'notebook'`: train the notebook's modelConfig shape; `'budget'`: the budget's model. */
export type ModelSource = 'notebook' | 'budget';

export const seedSource = (v: unknown, label: string): SeedSource => (v === 'notebook' ? 'notebook' : intIn(v, label, 0, 2 ** 31 - 1));
export const modelSource = (v: unknown, label: string): ModelSource => oneOf(v, label, ['notebook', 'budget'] as const);

/** The notebook value names a cell with these sources reads (its program's inputs). */
export function followedInputs(use: { seed?: SeedSource; model?: ModelSource }): string[] {
  return [...((use.seed ?? 'notebook') === 'notebook' ? [VALUE.seed] : []), ...(use.model === 'notebook' ? [VALUE.modelConfig] : [])];
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
