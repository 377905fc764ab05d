/**
 * The paper-sized models an exported recipe can swap in (`t5lab export-recipe --scale`), each with
 * a step/batch budget: the T5 paper's baseline (§3.1: pre-training 2^19 steps of 128 × 512 tokens,
 * fine-tuning 2^18 steps of 128) for the v1.0 sizes, and the same steps for the v1.1 sizes (the
 * T5 v1.1 checkpoints were pre-trained on C4 only, without mixing in supervised tasks).
 */
import { PRESETS } from '../model/presets.ts';
import type { T5Config } from '../model/config.ts';

export interface RecipeScale {
  /** The --scale name, equal to the model preset (src/model/presets.ts). */
  name: string;
  /** T5X's model gin for this size (t5x/examples/t5/…). */
  t5xModelGin: string;
  /** The HF hub name of the published checkpoint of this shape (for the README only; nothing is downloaded). */
  hfName: string;
  pretrain: { steps: number; batchSize: number };
  finetune: { steps: number; batchSize: number };
}

const PAPER_BUDGET = { pretrain: { steps: 2 ** 19, batchSize: 128 }, finetune: { steps: 2 ** 18, batchSize: 128 } };

function scale(name: string, gin: string, hfName: string): RecipeScale {
  return { name, t5xModelGin: gin, hfName, ...PAPER_BUDGET };
}

/** Every --scale preset, in the order `--help` lists them. */
export const RECIPE_SCALES: readonly RecipeScale[] = Object.freeze([
  scale('t5-small', 't5x/examples/t5/t5_1_0/small.gin', 'google-t5/t5-small'),
  scale('t5-base', 't5x/examples/t5/t5_1_0/base.gin', 'google-t5/t5-base'),
  scale('t5-large', 't5x/examples/t5/t5_1_0/large.gin', 'google-t5/t5-large'),
  scale('t5-v1_1-small', 't5x/examples/t5/t5_1_1/small.gin', 'google/t5-v1_1-small'),
  scale('t5-v1_1-base', 't5x/examples/t5/t5_1_1/base.gin', 'google/t5-v1_1-base'),
  scale('t5-v1_1-large', 't5x/examples/t5/t5_1_1/large.gin', 'google/t5-v1_1-large'),
]);

export const RECIPE_SCALE_NAMES: readonly string[] = RECIPE_SCALES.map((s) => s.name);

/** The scale called `name`, or undefined. */
export function recipeScale(name: string): RecipeScale | undefined {
  return RECIPE_SCALES.find((s) => s.name === name);
}

/**
 * The run's model at a paper size: the preset's shape, feed-forward flavour and embedding tying
 * (what the size names), the run's vocabulary (its tokenizer and sentinels must keep working)
 * and every other field the run set explicitly (dropout, position buckets, ε).
 */
export function scaledModelConfig(scaleName: string, run: T5Config, explicit: Partial<T5Config> = {}): T5Config {
  const base = PRESETS[scaleName];
  if (!base) throw new RangeError(`unknown scale "${scaleName}"`);
  const kept: Partial<T5Config> = {};
  for (const key of ['dropoutRate', 'relativeAttentionNumBuckets', 'relativeAttentionMaxDistance', 'layerNormEpsilon'] as const) {
    if (explicit[key] !== undefined) (kept as Record<string, unknown>)[key] = run[key];
  }
  return { ...base, ...kept, vocabSize: run.vocabSize };
}
