/**
 * A model as a complete Hugging Face folder, the files `from_pretrained` reads unchanged:
 * `config.json`, `model.safetensors` (F32, or F16/BF16 on request), `tokenizer.json` +
 * `tokenizer_config.json` (and `spiece.model` when the tokenizer is one), `generation_config.json`
 * and a README model card. Browser-safe: returns name → contents; the CLI writes them to a
 * directory (checkpointDir.ts), the runs cell zips them.
 */
import type { T5Model } from '../model/t5Model.ts';
import type { T5Config } from '../model/config.ts';
import { splitAdapterWeights } from '../model/adapters.ts';
import { parameterCount } from '../model/parameterCount.ts';
import { assertHfExportable, hfConfigJsonText } from './hfConfig.ts';
import { hfTensorsFromWeights, modelWeightValues, transpose2d } from './hfCheckpoint.ts';
import { writeSafetensors } from './safetensors.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { hfTokenizerConfig, hfTokenizerJson } from '../tokenizers/hfTokenizerExport.ts';
import { SentencePieceTokenizer } from '../tokenizers/sentencepieceTokenizer.ts';

/** The version written into model cards (package.json "version"). */
export const T5LAB_VERSION = '0.1.0';

/** What the model card says about how the model was made; every field is optional. */
export interface ModelCardFacts {
  name?: string;
  objective?: string;
  data?: string;
  steps?: number;
  seed?: number;
  /** Final validation loss, if known. */
  loss?: number;
}

export interface HfExportOptions {
  tokenizer?: Tokenizer;
  dtype?: 'F32' | 'F16' | 'BF16';
  card?: ModelCardFacts;
}

/** The adapter layers of an adapter model (T5 §3.5.1), written beside the base model: HF's T5 has no adapters. */
export const ADAPTERS_FILE = 'adapters.safetensors';
export const ADAPTER_CONFIG_FILE = 'adapter_config.json';

/** The config of the base model (without adapters): what config.json and model.safetensors describe. */
export function baseModelConfig(config: Readonly<T5Config>): T5Config {
  const base: T5Config = { ...config };
  delete base.adapterDim;
  return base;
}

/** What adapter_config.json says: the width and exactly where the adapters sit. */
export function adapterConfigJson(config: Readonly<T5Config>): Record<string, unknown> {
  return {
    format: 't5lab-adapters',
    adapter_dim: config.adapterDim,
    d_model: config.dModel,
    placement:
      'after every feed-forward block: y = DenseReluDense(layer_norm(x)); x = x + dropout(y + relu(y @ adapter.wi.T) @ adapter.wo.T)',
    tensors:
      'names are the feed-forward sub-layer prefix + ".adapter.wi.weight" [adapter_dim, d_model] and ".adapter.wo.weight" [d_model, adapter_dim] (torch layout)',
    merged: false,
    why_not_merged: 'a ReLU sits between the two adapter projections, so no change of the base weights computes the same function',
  };
}

/** generation_config.json as transformers writes it for T5. */
export function generationConfigJson(): Record<string, unknown> {
  return { decoder_start_token_id: 0, eos_token_id: 1, pad_token_id: 0 };
}

/** The README model card: config, objective, data, steps, seed, t5lab version, and how to load it. */
export function modelCard(model: T5Model, options: HfExportOptions): string {
  const c = model.config;
  const card = options.card ?? {};
  const row = (k: string, v: unknown) => (v === undefined || v === '' ? [] : [`| ${k} | ${String(v)} |`]);
  return [
    '---',
    'library_name: transformers',
    'tags: [t5, t5lab]',
    '---',
    `# ${card.name ?? 'T5 model trained with t5lab'}`,
    '',
    'Exported by t5lab, a browser workbench for the T5 paper (Raffel et al., 2020).',
    '',
    '| | |',
    '|---|---|',
    ...row('Parameters', parameterCount(c).toLocaleString('en-US')),
    ...row('Layers (encoder + decoder)', `${c.numLayers} + ${c.numDecoderLayers}`),
    ...row('d_model / d_ff / heads × d_kv', `${c.dModel} / ${c.dFf} / ${c.numHeads} × ${c.dKv}`),
    ...row('Feed-forward', c.feedForwardProj),
    ...row('Vocabulary', c.vocabSize),
    ...row('Position buckets / max distance', `${c.relativeAttentionNumBuckets} / ${c.relativeAttentionMaxDistance}`),
    ...row('Tied embeddings', c.tieWordEmbeddings),
    ...row('Weights dtype', options.dtype ?? 'F32'),
    ...row(
      'Tokenizer',
      options.tokenizer
        ? `${options.tokenizer.kind} (${options.tokenizer.vocabSize} ids, ${options.tokenizer.numSentinels} sentinels)`
        : undefined,
    ),
    ...row('Objective', card.objective),
    ...row('Data', card.data),
    ...row('Steps', card.steps),
    ...row('Seed', card.seed),
    ...row('Validation loss', card.loss),
    ...row('t5lab version', T5LAB_VERSION),
    ...row(
      'Adapter layers',
      c.adapterDim === undefined ? undefined : `d = ${c.adapterDim}, in ${ADAPTERS_FILE} (not in model.safetensors)`,
    ),
    '',
    ...(c.adapterDim === undefined ? [] : adapterCardSection(c)),
    '## Loading',
    '',
    '```python',
    'from transformers import AutoTokenizer, T5ForConditionalGeneration',
    'model = T5ForConditionalGeneration.from_pretrained("path/to/this/folder")',
    'tokenizer = AutoTokenizer.from_pretrained("path/to/this/folder")',
    '```',
    '',
  ].join('\n');
}

function adapterCardSection(c: Readonly<T5Config>): string[] {
  return [
    '## Adapter layers: exported separately',
    '',
    `This model was fine-tuned with adapter layers (T5 §3.5.1): a dense–ReLU–dense block of inner width ${c.adapterDim}`,
    'after every feed-forward block, with only the adapters and layer norms trained.',
    '',
    `- \`model.safetensors\` + \`config.json\`: the **base model without the adapters** (its layer norms as fine-tuned).`,
    `  \`from_pretrained\` loads exactly this, so on its own it does NOT compute what the adapter model computes.`,
    `- \`${ADAPTERS_FILE}\`: the adapter weights (torch layout), placement in \`${ADAPTER_CONFIG_FILE}\`.`,
    '',
    'Merged weights are not possible: a ReLU sits between the two adapter projections, so no change of the base',
    'weights computes the same function. To use the adapters, add the block after each `DenseReluDense` yourself:',
    '`y = ff(layer_norm(x)); x = x + dropout(y + relu(y @ wi.T) @ wo.T)`.',
    '',
  ];
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** Every file of the folder, name → text or bytes. */
export async function exportHfFolder(model: T5Model, options: HfExportOptions): Promise<Map<string, string | Uint8Array>> {
  assertHfExportable(model.config);
  const files = new Map<string, string | Uint8Array>();
  // An adapter model: the base model in the HF files, the adapters in their own file (see the card).
  const base = baseModelConfig(model.config);
  const { base: baseValues, adapters } = splitAdapterWeights(await modelWeightValues(model));
  const tensors = hfTensorsFromWeights(base, baseValues);
  files.set('config.json', hfConfigJsonText(base));
  files.set('model.safetensors', writeSafetensors(tensors, { format: 'pt' }, { dtype: options.dtype ?? 'F32' }));
  if (adapters.size > 0) {
    const torch = new Map(
      [...adapters].map(([name, w]) => [name, { shape: [w.shape[1], w.shape[0]], data: transpose2d(w.values, w.shape[0], w.shape[1]) }]),
    );
    files.set(
      ADAPTERS_FILE,
      writeSafetensors(torch, { format: 'pt', t5lab_adapter_dim: String(model.config.adapterDim) }, { dtype: options.dtype ?? 'F32' }),
    );
    files.set(ADAPTER_CONFIG_FILE, json(adapterConfigJson(model.config)));
  }
  files.set('generation_config.json', json(generationConfigJson()));
  const tok = options.tokenizer;
  if (tok) {
    if (tok.vocabSize > model.config.vocabSize)
      throw new RangeError(`the tokenizer has ${tok.vocabSize} ids but the model's vocab_size is ${model.config.vocabSize}`);
    files.set('tokenizer.json', json(hfTokenizerJson(tok)));
    files.set('tokenizer_config.json', json(hfTokenizerConfig(tok)));
    files.set('special_tokens_map.json', json({ pad_token: '<pad>', eos_token: '</s>', unk_token: '<unk>' }));
    // t5lab re-imports its own file exactly; a spiece.model is itself exact (and is what T5Tokenizer reads).
    if (tok instanceof SentencePieceTokenizer) files.set('spiece.model', tok.modelBytes);
    else files.set('tokenizer.t5lab.json', JSON.stringify(tok.toJSON()));
  }
  files.set('README.md', modelCard(model, options));
  return files;
}
