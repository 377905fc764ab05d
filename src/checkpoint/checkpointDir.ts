/**
 * HF checkpoint directories on disk (`config.json` + `model.safetensors`), for Node only: the
 * one checkpoint module that touches node:fs, so the rest of src/checkpoint stays browser-safe.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../storage/writeFileAtomic.ts';
import { join } from 'node:path';
import type { T5Model } from '../model/t5Model.ts';
import { exportHfCheckpoint, importHfCheckpoint } from './hfCheckpoint.ts';

export const CONFIG_FILE = 'config.json';
export const WEIGHTS_FILE = 'model.safetensors';

/** A checkpoint directory that is missing or incomplete; the message names the path. */
export class CheckpointDirError extends Error {
  override name = 'CheckpointDirError';
}

/** Reads `dir/config.json` and `dir/model.safetensors` into a model. Sharded checkpoints are not supported. */
export function loadCheckpointDir(dir: string): T5Model {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CheckpointDirError(`checkpoint directory ${dir} does not exist`);
  }
  if (!isDir) throw new CheckpointDirError(`checkpoint ${dir} is not a directory`);
  const configJson = readIn(dir, CONFIG_FILE, 'utf8');
  if (!existsSync(join(dir, WEIGHTS_FILE)) && existsSync(join(dir, `${WEIGHTS_FILE}.index.json`))) {
    throw new CheckpointDirError(`checkpoint ${dir} is sharded (${WEIGHTS_FILE}.index.json); t5lab reads single-file checkpoints only`);
  }
  let weights: Buffer;
  try {
    weights = readFileSync(join(dir, WEIGHTS_FILE));
  } catch {
    throw new CheckpointDirError(`checkpoint ${dir} has no ${WEIGHTS_FILE}`);
  }
  try {
    return importHfCheckpoint(configJson, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  } catch (err) {
    // Name the file itself when the problem is in config.json ("DIR/config.json has no "d_model"").
    const message = (err as Error).message;
    throw new CheckpointDirError(message.startsWith(`${CONFIG_FILE} `) ? `${join(dir, CONFIG_FILE)}${message.slice(CONFIG_FILE.length)}` : `checkpoint ${dir}: ${message}`);
  }
}

function readIn(dir: string, file: string, encoding: 'utf8'): string {
  try {
    return readFileSync(join(dir, file), encoding);
  } catch {
    throw new CheckpointDirError(`checkpoint ${dir} has no ${file}`);
  }
}

/**
 * Writes the model as `dir/config.json` + `dir/model.safetensors` (creating `dir`); returns the
 * file paths. Each file is written atomically (temporary file, then rename), weights first, so
 * an interrupted export leaves the previous checkpoint whole.
 */
export async function saveCheckpointDir(model: T5Model, dir: string): Promise<{ config: string; weights: string; bytes: number }> {
  const { configJson, safetensors } = await exportHfCheckpoint(model);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, CONFIG_FILE);
  const weights = join(dir, WEIGHTS_FILE);
  writeFileAtomic(weights, safetensors);
  writeFileAtomic(config, configJson);
  return { config, weights, bytes: safetensors.length };
}
