/**
 * Fine-tuning strategies of T5 §3.5.1 (Table 10) as plain run-config data, and which weights
 * each one trains at a step:
 * - `full`: every weight (the paper's baseline);
 * - `adapters`: the model gets adapter layers of inner width `adapterDim` after every
 *   feed-forward block (src/model/stack.ts); only the adapters and the layer norms train;
 * - `gradual-unfreezing`: encoder and decoder are unfrozen in parallel from the top, one more
 *   block of each every `unfreezeEvery` steps. The paper: "we initially only unfreeze the final
 *   layer … then … the second-to-last layer … until the whole network is being fine-tuned",
 *   encoder and decoder "in parallel, starting from the top in both cases", and the shared
 *   input/output embedding matrix "throughout fine-tuning". So `shared`/`lm_head` and the
 *   final norms (above the top block) always train; during steps [e·k, (e+1)·k) the top e+1
 *   blocks of each stack do (the relative-bias table lives in block 0, so it unfreezes last).
 * A frozen weight gets no gradient and so no optimizer slot (the trainer passes only the
 * trainable variables to the tape and the optimizer).
 */
import type { T5Config } from '../model/config.ts';
import { isDecoderOnly } from '../model/architecture.ts';
import { isAdapterWeight, weightShapes } from '../model/weightShapes.ts';
import { oneOf, plainObject, positiveInt, ValidationError } from '../validation/checks.ts';

export const FINETUNE_STRATEGIES = ['full', 'adapters', 'gradual-unfreezing'] as const;
export type FinetuneStrategyName = (typeof FINETUNE_STRATEGIES)[number];

export type FinetuneSpec =
  { strategy: 'full' } | { strategy: 'adapters'; adapterDim: number } | { strategy: 'gradual-unfreezing'; unfreezeEvery: number };

/** Checks a `finetune` field (absent = full), naming `finetune.strategy` / `.adapterDim` / `.unfreezeEvery`. */
export function validateFinetune(v: unknown, field = 'finetune'): FinetuneSpec {
  if (v === undefined) return { strategy: 'full' };
  const o = plainObject(v, field);
  for (const key of Object.keys(o))
    if (!['strategy', 'adapterDim', 'unfreezeEvery'].includes(key))
      throw new ValidationError(`${field}.${key}`, `${field} has an unknown field "${key}"`);
  const strategy = oneOf(o.strategy, `${field}.strategy`, FINETUNE_STRATEGIES);
  const only = (allowed: string | null) => {
    for (const key of ['adapterDim', 'unfreezeEvery'])
      if (key !== allowed && o[key] !== undefined)
        throw new ValidationError(
          `${field}.${key}`,
          `${field}.${key} applies only to the ${key === 'adapterDim' ? '"adapters"' : '"gradual-unfreezing"'} strategy (strategy is "${strategy}")`,
        );
  };
  if (strategy === 'adapters') {
    only('adapterDim');
    return { strategy, adapterDim: positiveInt(o.adapterDim, `${field}.adapterDim`) };
  }
  if (strategy === 'gradual-unfreezing') {
    only('unfreezeEvery');
    return { strategy, unfreezeEvery: positiveInt(o.unfreezeEvery, `${field}.unfreezeEvery`) };
  }
  only(null);
  return { strategy };
}

/** How many blocks of a stack of `layers` are trainable during update `step` (0-based): ⌊step/k⌋+1, at most all. */
export function unfrozenBlocks(layers: number, step: number, unfreezeEvery: number): number {
  return Math.min(layers, Math.floor(step / unfreezeEvery) + 1);
}

/** The number of stored blocks of the stack a weight name belongs to. */
function stackLayers(config: T5Config, stack: string): number {
  return stack === 'encoder' || isDecoderOnly(config) ? config.numLayers : config.numDecoderLayers;
}

/** Whether the weight `name` trains during update `step` under `spec`. */
export function isTrainable(config: T5Config, spec: FinetuneSpec, name: string, step: number): boolean {
  if (spec.strategy === 'full') return true;
  if (spec.strategy === 'adapters') return isAdapterWeight(name) || name.endsWith('layer_norm.weight');
  const m = /^(encoder|decoder)\.block\.(\d+)\./.exec(name);
  if (!m) return true; // embeddings, lm_head, final norms
  const layers = stackLayers(config, m[1]);
  return Number(m[2]) >= layers - unfrozenBlocks(layers, step, spec.unfreezeEvery);
}

/** The stored weights that train during update `step`, in weightShapes order; null = all of them. */
export function trainableWeightNames(config: T5Config, spec: FinetuneSpec, step: number): string[] | null {
  if (spec.strategy === 'full') return null;
  return [...weightShapes(config).keys()].filter((n) => isTrainable(config, spec, n, step));
}

/** Parameters that train during update `step` (for gradual unfreezing the count grows with the step). */
export function trainedParameterCount(config: T5Config, spec: FinetuneSpec, step: number): number {
  let n = 0;
  for (const [name, shape] of weightShapes(config)) if (isTrainable(config, spec, name, step)) n += shape.reduce((a, b) => a * b, 1);
  return n;
}

/** Every parameter of the model (what `full` trains). */
export function totalParameterCount(config: T5Config): number {
  let n = 0;
  for (const shape of weightShapes(config).values()) n += shape.reduce((a, b) => a * b, 1);
  return n;
}

/** The model config a strategy trains: adapters add `adapterDim`; the others leave it as it is. */
export function finetuneModelConfig(config: T5Config, spec: FinetuneSpec): T5Config {
  return spec.strategy === 'adapters' ? { ...config, adapterDim: spec.adapterDim } : config;
}

/** A short human label: "Full fine-tuning", "Adapters, d = 32", "Gradual unfreezing, k = 10". */
export function finetuneLabel(spec: FinetuneSpec): string {
  if (spec.strategy === 'adapters') return `Adapter layers, d = ${spec.adapterDim}`;
  if (spec.strategy === 'gradual-unfreezing') return `Gradual unfreezing, every ${spec.unfreezeEvery} steps`;
  return 'All parameters';
}
