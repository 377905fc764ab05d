/**
 * Flags shared by the model commands (params, init, forward, generate): choosing a config by
 * preset or file, reading JSON input files, and picking the tfjs backend. Every user mistake
 * becomes a {@link UsageError} that names the flag or file.
 */
import { readFileSync } from 'node:fs';
import { validateConfig, type T5Config } from '../model/config.ts';
import { PRESET_NAMES, preset } from '../model/presets.ts';
import { t5ConfigFromHf } from '../checkpoint/hfConfig.ts';
import { UsageError } from './command.ts';
import { oneOf } from '../validation/checks.ts';
import type { T5Model } from '../model/t5Model.ts';

/** Options fragment for `--preset NAME | --config FILE`. */
export const configOptions = {
  preset: { type: 'string' },
  config: { type: 'string' },
} as const;

/**
 * The config named by `--preset` or `--config`. A config file may be a Hugging Face config.json
 * (snake_case, what `t5lab init` writes) or a t5lab T5Config object (camelCase fields).
 */
export function configFromFlags(values: Record<string, unknown>): T5Config {
  const name = values.preset;
  const file = values.config;
  if (name !== undefined && file !== undefined) throw new UsageError('give either --preset or --config, not both');
  if (typeof name === 'string') {
    if (!PRESET_NAMES.includes(name)) throw new UsageError(`--preset "${name}" is unknown; expected one of ${PRESET_NAMES.join(', ')}`);
    return preset(name);
  }
  if (typeof file === 'string') {
    const obj = readJsonFile(file, '--config');
    try {
      return isCamelCaseConfig(obj) ? validateConfig(obj as Partial<T5Config>) : t5ConfigFromHf(obj, { requireShape: true });
    } catch (err) {
      throw new UsageError(`--config ${file}: ${(err as Error).message}`);
    }
  }
  throw new UsageError('--preset NAME or --config FILE is required');
}

function isCamelCaseConfig(obj: unknown): boolean {
  return obj !== null && typeof obj === 'object' && Object.keys(obj).some((k) => /^[a-z]+[A-Z]/.test(k));
}

/** Reads and parses a JSON file; errors name the flag and file. */
export function readJsonFile(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} ${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** Options fragment for `--backend cpu|wasm|webgpu|auto` (webgpu: Dawn, the optional `webgpu` package). */
export const backendOptions = { backend: { type: 'string' } } as const;

/** Activates the Node tfjs backend the user asked for (default: wasm, else cpu). */
export async function activateBackend(values: Record<string, unknown>): Promise<string> {
  const requested = oneOf(values.backend ?? 'auto', '--backend', ['auto', 'cpu', 'wasm', 'webgpu']);
  // Imported lazily: `params` must not pay for loading tfjs.
  const { initNodeBackend } = await import('../backend/nodeBackends.ts');
  const decision = await initNodeBackend(requested);
  if (requested !== 'auto' && decision.active !== requested) {
    const reason = decision.skipped.find((s) => s.name === requested)?.reason ?? decision.why;
    throw new Error(`--backend ${requested} is not usable here: ${reason}`);
  }
  return decision.active;
}

/**
 * A rectangular int matrix from an input file field (`input_ids`, `labels`): rows must be
 * non-empty, equally long (right-pad with 0), and hold integers in [0, vocabSize).
 */
export function tokenMatrix(value: unknown, field: string, vocabSize: number): number[][] {
  if (!Array.isArray(value) || value.length === 0) throw new UsageError(`${field} must be a non-empty array of rows`);
  const width = Array.isArray(value[0]) ? value[0].length : -1;
  value.forEach((row, r) => {
    if (!Array.isArray(row)) throw new UsageError(`${field}[${r}] must be an array of token ids`);
    if (row.length === 0) throw new UsageError(`${field}[${r}] is empty`);
    if (row.length !== width)
      throw new UsageError(
        `${field} rows must all have the same length (row 0 has ${width}, row ${r} has ${row.length}); right-pad with 0`,
      );
    row.forEach((id, c) => {
      if (!Number.isInteger(id) || id < 0)
        throw new UsageError(`${field}[${r}][${c}] must be a non-negative integer token id (got ${JSON.stringify(id)})`);
      if (id >= vocabSize) throw new UsageError(`${field}[${r}][${c}] = ${id} is not below vocab_size ${vocabSize}`);
    });
  });
  return value as number[][];
}

/** Loads the model from `--checkpoint DIR` (needs an active backend): a missing directory or file is a usage error. */
export async function modelFromCheckpointFlag(values: Record<string, unknown>): Promise<T5Model> {
  const dir = values.checkpoint;
  if (typeof dir !== 'string' || dir === '') throw new UsageError('--checkpoint DIR is required');
  const { loadCheckpointDir, CheckpointDirError } = await import('../checkpoint/checkpointDir.ts');
  try {
    return loadCheckpointDir(dir);
  } catch (err) {
    if (err instanceof CheckpointDirError && /does not exist|is not a directory|has no /.test(err.message))
      throw new UsageError(`--checkpoint: ${err.message}`);
    throw err;
  }
}
