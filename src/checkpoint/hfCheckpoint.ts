/**
 * Hugging Face checkpoints (`config.json` + `model.safetensors`) ↔ {@link T5Model}.
 *
 * t5lab keys its weights by HF names already (src/model/weightShapes.ts); only the layout
 * differs: torch's `nn.Linear` stores [out, in] where t5lab keeps dense kernels [in, out], and
 * `lm_head.weight` is [V, d] in HF but [d, V] here. `shared.weight` [V, d] and the relative-bias
 * tables [buckets, heads] are the same in both. Files written here load with
 * `T5ForConditionalGeneration.from_pretrained(dir)`; files HF writes load here.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Config } from '../model/config.ts';
import { T5Model } from '../model/t5Model.ts';
import { assertHfExportable, hfConfigJsonText, readHfConfig } from './hfConfig.ts';
import { readSafetensors, writeSafetensors, type SafetensorsTensor } from './safetensors.ts';
import { hfTensorsFromWeights, weightsFromHfTensors, type WeightValues } from './hfWeights.ts';

export { isTransposedInTorch, transpose2d, hfTensorsFromWeights, weightsFromHfTensors, type WeightValues } from './hfWeights.ts';

/** Reads every weight of a model as plain numbers (async: never blocks on webgpu). */
export async function modelWeightValues(model: T5Model): Promise<Map<string, WeightValues>> {
  const out = new Map<string, WeightValues>();
  for (const [name, t] of model.getWeights()) out.set(name, { shape: [...t.shape], values: (await t.data()) as Float32Array });
  return out;
}

/** The files of an HF checkpoint. */
export interface HfCheckpoint {
  /** config.json text. */
  configJson: string;
  /** model.safetensors bytes (float32, torch layout, metadata {"format": "pt"}). */
  safetensors: Uint8Array;
}

/** Exports a model as an HF checkpoint that `T5ForConditionalGeneration.from_pretrained` loads. */
export async function exportHfCheckpoint(model: T5Model): Promise<HfCheckpoint> {
  assertHfExportable(model.config);
  if (model.config.adapterDim !== undefined)
    throw new RangeError(
      'this model has adapter layers, which an HF T5 checkpoint cannot hold (and they cannot be merged into its weights); export the folder (exportHfFolder), which writes the adapters to adapters.safetensors',
    );
  const tensors = hfTensorsFromWeights(model.config, await modelWeightValues(model));
  return { configJson: hfConfigJsonText(model.config), safetensors: writeSafetensors(tensors, { format: 'pt' }) };
}

/** Builds a {@link T5Model} from an HF checkpoint's config.json text and safetensors bytes. */
export function importHfCheckpoint(configJson: string, safetensorsBytes: Uint8Array): T5Model {
  const { config, headSharesEmbedding } = readHfConfig(configJson, { requireShape: true });
  return modelFromHfTensors(config, readSafetensors(safetensorsBytes).tensors, { headSharesEmbedding });
}

/** Builds a {@link T5Model} from HF-layout tensors (one file or merged shards, any float dtype). */
export function modelFromHfTensors(
  config: T5Config,
  hfTensors: Map<string, SafetensorsTensor>,
  options: { headSharesEmbedding?: boolean } = {},
): T5Model {
  return modelFromWeightValues(config, weightsFromHfTensors(config, hfTensors, options));
}

/** Builds a {@link T5Model} from weights already in t5lab layout (e.g. decoded off the main thread by hfParse.ts). */
export function modelFromWeightValues(config: T5Config, values: Map<string, WeightValues>): T5Model {
  const tensors = new Map<string, tf.Tensor>();
  try {
    for (const [name, w] of values) tensors.set(name, tf.tensor(w.values, w.shape, 'float32'));
    return T5Model.fromWeights(config, tensors);
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
