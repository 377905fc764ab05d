/**
 * HF checkpoint directories on disk, for Node only: the one checkpoint module that touches
 * node:fs, so the rest of src/checkpoint stays browser-safe. Reading accepts what hfFolder.ts
 * accepts (single or sharded safetensors, F32/F16/BF16, a tokenizer file); writing writes the
 * full HF folder of hfExport.ts, each file atomically (temp file in the same folder + rename).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../storage/writeFileAtomic.ts';
import { join } from 'node:path';
import type { T5Model } from '../model/t5Model.ts';
import { modelFromHfTensors } from './hfCheckpoint.ts';
import {
  CONFIG_FILE,
  GENERATION_CONFIG_FILE,
  HfFolderError,
  INDEX_FILE,
  readHfFolder,
  readShardIndex,
  TOKENIZER_FILES,
  WEIGHTS_FILE,
  type HfFolderReading,
} from './hfFolder.ts';
import { ADAPTER_CONFIG_FILE, ADAPTERS_FILE, exportHfFolder, type HfExportOptions } from './hfExport.ts';
import { readSafetensors, type SafetensorsTensor } from './safetensors.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { fromText, positiveInt } from '../validation/checks.ts';

export { CONFIG_FILE, WEIGHTS_FILE };

/** A checkpoint directory that is missing or incomplete; the message names the path. */
export class CheckpointDirError extends Error {
  override name = 'CheckpointDirError';
}

/** The files of `dir` that a checkpoint folder may hold, read into memory. */
function readDirFiles(dir: string): Map<string, Uint8Array> {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CheckpointDirError(`checkpoint directory ${dir} does not exist`);
  }
  if (!isDir) throw new CheckpointDirError(`checkpoint ${dir} is not a directory`);
  const files = new Map<string, Uint8Array>();
  const read = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path)) return;
    const b = readFileSync(path);
    files.set(name, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  };
  for (const name of [CONFIG_FILE, GENERATION_CONFIG_FILE, ...TOKENIZER_FILES]) read(name);
  if (existsSync(join(dir, WEIGHTS_FILE))) read(WEIGHTS_FILE);
  else if (existsSync(join(dir, INDEX_FILE))) {
    read(INDEX_FILE);
    let shards: string[];
    try {
      shards = [...new Set(readShardIndex(files.get(INDEX_FILE)!).values())];
    } catch (err) {
      throw new CheckpointDirError(`checkpoint ${dir}: ${(err as Error).message}`);
    }
    const present = new Set(readdirSync(dir));
    for (const shard of shards) {
      if (!present.has(shard)) throw new CheckpointDirError(`checkpoint ${dir} has no ${shard} (listed in ${INDEX_FILE})`);
      read(shard);
    }
  }
  if (!files.has(CONFIG_FILE)) throw new CheckpointDirError(`checkpoint ${dir} has no ${CONFIG_FILE}`);
  if (!files.has(WEIGHTS_FILE) && !files.has(INDEX_FILE))
    throw new CheckpointDirError(`checkpoint ${dir} has no ${WEIGHTS_FILE} (nor ${INDEX_FILE})`);
  return files;
}

/** Names the file itself when the problem is in config.json ("DIR/config.json has no "d_model""), else the folder. */
function inDir(dir: string, message: string): string {
  return message.startsWith(`${CONFIG_FILE} `)
    ? `${join(dir, CONFIG_FILE)}${message.slice(CONFIG_FILE.length)}`
    : `checkpoint ${dir}: ${message}`;
}

/** Reads a checkpoint folder (weights, tokenizer, generation config) without building the model. */
export function readCheckpointDir(dir: string): HfFolderReading {
  const files = readDirFiles(dir);
  try {
    return readHfFolder(files);
  } catch (err) {
    if (err instanceof HfFolderError) throw new CheckpointDirError(inDir(dir, err.message));
    throw err;
  }
}

/** Reads `dir` (config.json + model.safetensors or its shards) into a model. */
export function loadCheckpointDir(dir: string): T5Model {
  return loadCheckpointFolder(dir).model;
}

/**
 * The adapter layers an adapter model's folder holds beside its base model (saveCheckpointDir,
 * hfExport.ts: `adapters.safetensors` in torch layout, the width in its metadata and in
 * `adapter_config.json`), or undefined when the folder has none.
 */
export function readCheckpointAdapters(dir: string): { adapterDim: number; tensors: Map<string, SafetensorsTensor> } | undefined {
  const path = join(dir, ADAPTERS_FILE);
  if (!existsSync(path)) return undefined;
  const b = readFileSync(path);
  try {
    const file = readSafetensors(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    let dim: unknown = file.metadata.t5lab_adapter_dim;
    const configPath = join(dir, ADAPTER_CONFIG_FILE);
    if (dim === undefined && existsSync(configPath))
      dim = String((JSON.parse(readFileSync(configPath, 'utf8')) as { adapter_dim?: unknown }).adapter_dim);
    if (dim === undefined) throw new Error(`no adapter width (metadata t5lab_adapter_dim, or adapter_dim in ${ADAPTER_CONFIG_FILE})`);
    return { adapterDim: fromText(String(dim), 'adapter_dim', positiveInt), tensors: file.tensors };
  } catch (err) {
    throw new CheckpointDirError(`checkpoint ${dir}: ${ADAPTERS_FILE}: ${(err as Error).message}`);
  }
}

/**
 * The model and, when the folder has one, its tokenizer. An adapter model's folder loads with its
 * adapters (config.json describes the base model; adapters.safetensors adds the rest), so
 * continuing from it (`t5lab train --from DIR`) keeps what was trained.
 */
export function loadCheckpointFolder(dir: string): { model: T5Model; tokenizer?: Tokenizer; reading: HfFolderReading } {
  const reading = readCheckpointDir(dir);
  const adapters = readCheckpointAdapters(dir);
  try {
    const config = adapters ? { ...reading.config, adapterDim: adapters.adapterDim } : reading.config;
    const tensors = adapters ? new Map([...reading.tensors, ...adapters.tensors]) : reading.tensors;
    const model = modelFromHfTensors(config, tensors, { headSharesEmbedding: reading.headSharesEmbedding });
    return { model, tokenizer: reading.tokenizer, reading };
  } catch (err) {
    // Name the file itself when the problem is in config.json ("DIR/config.json has no "d_model"").
    throw new CheckpointDirError(inDir(dir, (err as Error).message));
  }
}

/**
 * Writes the model as `dir/config.json` + `dir/model.safetensors` (creating `dir`); returns the
 * file paths. Each file is written atomically (temporary file, then rename), weights first, so
 * an interrupted export leaves the previous checkpoint whole.
 */
export async function saveCheckpointDir(model: T5Model, dir: string): Promise<{ config: string; weights: string; bytes: number }> {
  const files = await exportHfFolder(model, {});
  mkdirSync(dir, { recursive: true });
  const config = join(dir, CONFIG_FILE);
  const weights = join(dir, WEIGHTS_FILE);
  writeFileAtomic(weights, files.get(WEIGHTS_FILE)!);
  // An adapter model's adapters (hfExport.ts): beside the base model, never silently dropped.
  for (const name of [ADAPTERS_FILE, ADAPTER_CONFIG_FILE]) if (files.has(name)) writeFileAtomic(join(dir, name), files.get(name)!);
  writeFileAtomic(config, files.get(CONFIG_FILE)!);
  return { config, weights, bytes: files.get(WEIGHTS_FILE)!.length };
}

/** Writes a full HF folder (config, weights, tokenizer files, generation config, README); returns the written file names. */
export async function saveHfFolder(model: T5Model, dir: string, options: HfExportOptions): Promise<string[]> {
  const files = await exportHfFolder(model, options);
  mkdirSync(dir, { recursive: true });
  // Weights before config.json, so an interrupted export never pairs a new config with old weights.
  const names = [...files.keys()].sort((a, b) => Number(a === CONFIG_FILE) - Number(b === CONFIG_FILE));
  for (const name of names) writeFileAtomic(join(dir, name), files.get(name)!);
  return [...files.keys()];
}
