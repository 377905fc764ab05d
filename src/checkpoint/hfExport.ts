/**
 * A model as a complete Hugging Face folder, the files `from_pretrained` reads unchanged:
 * `config.json`, `model.safetensors` (F32, or F16/BF16 on request), `tokenizer.json` +
 * `tokenizer_config.json` (and `spiece.model` when the tokenizer is one), `generation_config.json`
 * and a README model card. Browser-safe: returns name → contents; the CLI writes them to a
 * directory (checkpointDir.ts), the runs cell zips them.
 */
import type { T5Model } from '../model/t5Model.ts';
import { parameterCount } from '../model/parameterCount.ts';
import { assertHfExportable, hfConfigJsonText } from './hfConfig.ts';
import { hfTensorsFromWeights, modelWeightValues } from './hfCheckpoint.ts';
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
    '',
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

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** Every file of the folder, name → text or bytes. */
export async function exportHfFolder(model: T5Model, options: HfExportOptions): Promise<Map<string, string | Uint8Array>> {
  assertHfExportable(model.config);
  const files = new Map<string, string | Uint8Array>();
  const tensors = hfTensorsFromWeights(model.config, await modelWeightValues(model));
  files.set('config.json', hfConfigJsonText(model.config));
  files.set('model.safetensors', writeSafetensors(tensors, { format: 'pt' }, { dtype: options.dtype ?? 'F32' }));
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
