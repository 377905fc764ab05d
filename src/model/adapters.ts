/**
 * Adapter layers (T5 §3.5.1, Houlsby et al. 2019) on an existing model: the adapter weights
 * live in the model like any other weight (`config.adapterDim`, weightShapes.ts, stack.ts);
 * this module adds them to a model that has none (fine-tuning a pre-trained checkpoint with
 * adapters) and splits a model's weights into base and adapter weights (HF export).
 */
import type * as tf from '@tensorflow/tfjs';
import { validateConfig } from './config.ts';
import { initialWeightValues } from './init.ts';
import { T5Model } from './t5Model.ts';
import { isAdapterWeight } from './weightShapes.ts';

/**
 * A new model with the weights of `model` and fresh adapters of inner width `dim` (seeded:
 * down projections drawn like `wi`, up projections with std 10⁻², so the outputs stay within
 * about 1% of `model`'s until training moves them; init.ts). `model` is left as it is (the caller disposes it). A model that already
 * has adapters of another width is refused (they would be thrown away).
 */
export function withAdapters(model: T5Model, dim: number, seed: number): T5Model {
  const current = model.config.adapterDim;
  if (current === dim) return T5Model.fromWeights(model.config, model.getWeights());
  if (current !== undefined)
    throw new RangeError(
      `adapterDim: the starting model already has adapters of width ${current}; cannot train adapters of width ${dim} on it`,
    );
  const config = validateConfig({ ...model.config, adapterDim: dim });
  const fresh = initialWeightValues(config, seed);
  const weights = new Map<string, tf.Tensor | { shape: number[]; values: Float32Array }>(model.getWeights());
  for (const [name, v] of fresh) if (isAdapterWeight(name)) weights.set(name, v);
  return T5Model.fromValues(config, weights);
}

/** The weights of `weights` split into the base model's and the adapters'. */
export function splitAdapterWeights<T>(weights: ReadonlyMap<string, T>): { base: Map<string, T>; adapters: Map<string, T> } {
  const base = new Map<string, T>();
  const adapters = new Map<string, T>();
  for (const [name, w] of weights) (isAdapterWeight(name) ? adapters : base).set(name, w);
  return { base, adapters };
}
