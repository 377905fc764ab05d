/**
 * A run on disk (Node, the `t5lab train` output directory):
 *
 *   run.json                    the run record (config, environment, status, history)
 *   trainer-state.safetensors   the resumable checkpoint (weights + optimizer + data cursor + RNG)
 *   config.json, model.safetensors   the final model as an HF checkpoint (`t5lab forward` loads it)
 *   tokenizer.t5lab.json        the tokenizer (fine-tuning with `--from DIR` reuses it)
 *
 * Every file is written to a temporary name and renamed, so an interrupted write never leaves a
 * half-written run.json or checkpoint behind (the previous one stays valid).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../storage/writeFileAtomic.ts';
import { join } from 'node:path';
import { runRecordFromJson, runRecordToJson, type RunRecord } from './runRecord.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';

export const RUN_FILE = 'run.json';
export const TRAINER_STATE_FILE = 'trainer-state.safetensors';
export const TOKENIZER_FILE = 'tokenizer.t5lab.json';
/** Hugging Face's tokenizer file, accepted when a checkpoint directory comes from elsewhere. */
export const HF_TOKENIZER_FILE = 'tokenizer.json';

const writeAtomic = writeFileAtomic;

/** HF checkpoint files a finished run leaves (checkpointDir.ts writes them). */
const HF_MODEL_FILES = ['config.json', 'model.safetensors'];

/**
 * Removes what an earlier run in `dir` left that a new run must not inherit: its trainer state
 * (a later --resume would load it into the new config) and its exported model. run.json and the
 * tokenizer are rewritten by the new run right after.
 */
export function removeRunOutputs(dir: string): void {
  for (const file of [TRAINER_STATE_FILE, ...HF_MODEL_FILES]) rmSync(join(dir, file), { force: true });
}

export function writeRunRecord(dir: string, record: RunRecord): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, RUN_FILE), runRecordToJson(record));
}

/** The run record of `dir`, or undefined when there is none. Invalid records throw, naming the field. */
export function readRunRecord(dir: string): RunRecord | undefined {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return runRecordFromJson(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}

export function writeTrainerState(dir: string, bytes: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, TRAINER_STATE_FILE), bytes);
}

export function readTrainerState(dir: string): Uint8Array | undefined {
  const path = join(dir, TRAINER_STATE_FILE);
  if (!existsSync(path)) return undefined;
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function writeTokenizer(dir: string, json: TokenizerJSON): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, TOKENIZER_FILE), JSON.stringify(json));
}

/**
 * The tokenizer saved next to a checkpoint: t5lab's own file, else an HF tokenizer.json (as text,
 * for importHfTokenizerJson), else undefined.
 */
export function readDirTokenizer(dir: string): { t5lab: TokenizerJSON } | { hf: string } | undefined {
  const own = join(dir, TOKENIZER_FILE);
  if (existsSync(own)) return { t5lab: JSON.parse(readFileSync(own, 'utf8')) as TokenizerJSON };
  const hf = join(dir, HF_TOKENIZER_FILE);
  if (existsSync(hf)) return { hf: readFileSync(hf, 'utf8') };
  return undefined;
}
