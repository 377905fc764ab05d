/**
 * A Hugging Face T5 checkpoint folder, from whatever files the user brought (CLI directory,
 * browser file/folder picker, drag and drop): `config.json`, the weights as one
 * `model.safetensors` or a sharded `model.safetensors.index.json` + its shards (F32, F16 or
 * BF16), and optionally `spiece.model` / `tokenizer.json` / t5lab's `tokenizer.t5lab.json` and
 * `generation_config.json`. Browser-safe: files arrive as a name → bytes map. Every problem is a
 * {@link HfFolderError} whose message names the file and what is wrong with it.
 */
import type { T5Config } from '../model/config.ts';
import { parameterCount } from '../model/parameterCount.ts';
import { readHfConfig } from './hfConfig.ts';
import { readSafetensors, type SafetensorsTensor } from './safetensors.ts';
import { tokenizerFromFile } from '../tokenizers/tokenizerFile.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';

export const CONFIG_FILE = 'config.json';
export const WEIGHTS_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';
export const GENERATION_CONFIG_FILE = 'generation_config.json';
/** Tokenizer files in the order they are preferred: t5lab's own, then the exact SentencePiece model, then HF's JSON. */
export const TOKENIZER_FILES = ['tokenizer.t5lab.json', 'spiece.model', 'tokenizer.json'] as const;

export class HfFolderError extends Error {
  override name = 'HfFolderError';
}

/** What was read, for display: every number is counted from the files. */
export interface HfFolderSummary {
  architecture: string;
  /** "v1.0" (ReLU, tied, scaled head) or "v1.1" (gated-GELU). */
  version: 'v1.0' | 'v1.1';
  params: number;
  /** Dtypes of the weight tensors and how many tensors of each. */
  dtypes: Record<string, number>;
  /** Bytes of the weight files. */
  weightBytes: number;
  shards: string[];
  tokenizerFile?: string;
  hasGenerationConfig: boolean;
}

export interface HfFolderReading {
  configJson: string;
  config: T5Config;
  headSharesEmbedding: boolean;
  tensors: Map<string, SafetensorsTensor>;
  tokenizer?: Tokenizer;
  generationConfig?: Record<string, unknown>;
  summary: HfFolderSummary;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function parseJsonFile(name: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(text(bytes));
  } catch (err) {
    throw new HfFolderError(`${name} is not valid JSON (${(err as Error).message})`);
  }
}

/** The shard file of every tensor, from model.safetensors.index.json, checked. */
export function readShardIndex(bytes: Uint8Array): Map<string, string> {
  const json = parseJsonFile(INDEX_FILE, bytes) as { weight_map?: unknown };
  const map = json?.weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new HfFolderError(`${INDEX_FILE} has no "weight_map" object`);
  const out = new Map<string, string>();
  for (const [tensor, file] of Object.entries(map as Record<string, unknown>)) {
    // Shard names are plain file names in the same folder: never a path.
    if (typeof file !== 'string' || file === '' || /[/\\]/.test(file) || file === '..' || file === '.') {
      throw new HfFolderError(
        `${INDEX_FILE}: weight_map["${tensor}"] must be a file name in the same folder (got ${JSON.stringify(file)})`,
      );
    }
    out.set(tensor, file);
  }
  if (out.size === 0) throw new HfFolderError(`${INDEX_FILE}: weight_map is empty`);
  return out;
}

/** Reads the weight tensors of a folder: the single file, or every shard the index lists. */
export function readFolderTensors(files: Map<string, Uint8Array>): {
  tensors: Map<string, SafetensorsTensor>;
  shards: string[];
  bytes: number;
} {
  const single = files.get(WEIGHTS_FILE);
  const index = files.get(INDEX_FILE);
  const readFile = (name: string, bytes: Uint8Array) => {
    try {
      return readSafetensors(bytes).tensors;
    } catch (err) {
      throw new HfFolderError(`${name}: ${(err as Error).message}`);
    }
  };
  if (single) return { tensors: readFile(WEIGHTS_FILE, single), shards: [WEIGHTS_FILE], bytes: single.length };
  if (!index) throw new HfFolderError(`no ${WEIGHTS_FILE} (or sharded ${INDEX_FILE}) among the files`);
  const weightMap = readShardIndex(index);
  const shards = [...new Set(weightMap.values())].sort();
  const tensors = new Map<string, SafetensorsTensor>();
  let bytes = 0;
  for (const shard of shards) {
    const data = files.get(shard);
    if (!data) throw new HfFolderError(`${INDEX_FILE} lists ${shard}, which is missing`);
    bytes += data.length;
    for (const [name, t] of readFile(shard, data)) {
      const listed = weightMap.get(name);
      if (listed === undefined) throw new HfFolderError(`${shard} holds tensor "${name}", which ${INDEX_FILE} does not list`);
      if (listed !== shard) throw new HfFolderError(`${shard} holds tensor "${name}", but ${INDEX_FILE} says it is in ${listed}`);
      tensors.set(name, t);
    }
  }
  for (const [name, shard] of weightMap)
    if (!tensors.has(name)) throw new HfFolderError(`${INDEX_FILE} says tensor "${name}" is in ${shard}, but ${shard} does not hold it`);
  return { tensors, shards, bytes };
}

/** Reads a checkpoint folder (names are base names, e.g. "config.json"). */
export function readHfFolder(files: Map<string, Uint8Array>): HfFolderReading {
  const configBytes = files.get(CONFIG_FILE);
  if (!configBytes) throw new HfFolderError(`${CONFIG_FILE} is missing (every Hugging Face checkpoint folder has one)`);
  const configJson = text(configBytes);
  let reading;
  try {
    reading = readHfConfig(parseJsonFile(CONFIG_FILE, configBytes), { requireShape: true });
  } catch (err) {
    if (err instanceof HfFolderError) throw err;
    const message = (err as Error).message;
    throw new HfFolderError(message.startsWith(CONFIG_FILE) ? message : `${CONFIG_FILE}: ${message}`);
  }
  const { tensors, shards, bytes } = readFolderTensors(files);
  let tokenizer: Tokenizer | undefined;
  let tokenizerFile: string | undefined;
  for (const name of TOKENIZER_FILES) {
    const data = files.get(name);
    if (!data) continue;
    try {
      tokenizer = tokenizerFromFile(data);
    } catch (err) {
      throw new HfFolderError(`${name}: ${(err as Error).message}`);
    }
    tokenizerFile = name;
    break;
  }
  if (tokenizer && tokenizer.vocabSize > reading.config.vocabSize) {
    throw new HfFolderError(`${tokenizerFile} has ${tokenizer.vocabSize} ids but ${CONFIG_FILE} vocab_size is ${reading.config.vocabSize}`);
  }
  let generationConfig: Record<string, unknown> | undefined;
  const gen = files.get(GENERATION_CONFIG_FILE);
  if (gen) {
    const json = parseJsonFile(GENERATION_CONFIG_FILE, gen);
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new HfFolderError(`${GENERATION_CONFIG_FILE} must be a JSON object`);
    generationConfig = json as Record<string, unknown>;
  }
  const dtypes: Record<string, number> = {};
  for (const t of tensors.values()) dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + 1;
  const config = reading.config;
  return {
    configJson,
    config,
    headSharesEmbedding: reading.headSharesEmbedding,
    tensors,
    tokenizer,
    generationConfig,
    summary: {
      architecture: `T5 encoder-decoder, ${config.numLayers}+${config.numDecoderLayers} layers, d_model ${config.dModel}, ${config.numHeads} heads, vocab ${config.vocabSize}`,
      version: config.feedForwardProj === 'gated-gelu' ? 'v1.1' : 'v1.0',
      params: parameterCount(config),
      dtypes,
      weightBytes: bytes,
      shards,
      tokenizerFile,
      hasGenerationConfig: generationConfig !== undefined,
    },
  };
}
