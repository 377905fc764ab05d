/**
 * `t5lab import-run PATH`: an HF Trainer output folder (or the exported recipe's train.py output)
 * becomes a t5lab run directory (runDir.ts layout: run.json, config.json + model.safetensors, the
 * tokenizer), so `t5lab forward/generate --run DIR`, the runs table and the plots read it like a
 * browser run. The curves come from trainer_state.json (hfTrainerState.ts); the model from the
 * folder itself or its last `checkpoint-N/`; the run's settings from the recipe.json next to it
 * when it was exported by t5lab. The run directory is written to a temporary folder and renamed.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../storage/writeFileAtomic.ts';
import { runRecordToJson, newRunId, validateRunRecord, type RunRecord, type RunStatus } from '../runs/runRecord.ts';
import { validateRunConfig, type RunConfig, type RunConfigInput } from '../training/runConfig.ts';
import { t5ConfigFromHf } from '../checkpoint/hfConfig.ts';
import { parameterCount } from '../model/parameterCount.ts';
import type { T5Config } from '../model/config.ts';
import { parseTrainerState, TrainerStateError } from './hfTrainerState.ts';
import type { Recipe } from './recipe.ts';
import { importHfTokenizerJson } from '../tokenizers/hfTokenizer.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import { ByteTokenizer } from '../tokenizers/byteTokenizer.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';

/** A folder that cannot be imported, worded for the PATH the user gave. */
export class ImportRunError extends Error {}

const STATE = 'trainer_state.json';
const MODEL_FILES = ['config.json', 'model.safetensors'];
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'spiece.model', 'tokenizer.t5lab.json'];

function checkpoints(dir: string): string[] {
  return readdirSync(dir)
    .map((n) => /^checkpoint-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && statSync(join(dir, m[0])).isDirectory())
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((m) => join(dir, m[0]));
}

const hasModel = (dir: string) => MODEL_FILES.every((f) => existsSync(join(dir, f)));

/** Where the state and the final model of an HF Trainer folder are. */
export function locateTrainerFolder(path: string): { state: string; model?: string } {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new ImportRunError(`${path}: no such folder`);
  const cps = checkpoints(path);
  const state = [path, ...cps].map((d) => join(d, STATE)).find((p) => existsSync(p));
  if (!state) throw new ImportRunError(`${path}: no ${STATE} there or in a checkpoint-N folder (is it an HF Trainer output folder?)`);
  const model = [path, ...cps].find(hasModel);
  return { state, model };
}

function readRecipe(path: string): Recipe | undefined {
  for (const p of [join(path, 'recipe.json'), join(dirname(resolve(path)), 'recipe.json')]) {
    if (!existsSync(p)) continue;
    try {
      const r = JSON.parse(readFileSync(p, 'utf8')) as Recipe;
      if (r.format === 't5lab-recipe') return r;
    } catch {
      // Not ours (or unreadable): import the curves without the recipe's settings.
    }
  }
  return undefined;
}

/** The checkpoint's tokenizer as t5lab JSON (what resolved.tokenizer holds), or undefined if none loads. */
function checkpointTokenizer(dir: string | undefined, recipe: Recipe | undefined, path: string): TokenizerJSON | undefined {
  // t5lab's own file first (exact), in the checkpoint or in the recipe folder; then a byte
  // recipe's tokenizer (known from its size); an HF tokenizer.json last.
  for (const d of [dir, recipe ? dirname(resolve(path)) : undefined]) {
    if (d && existsSync(join(d, 'tokenizer.t5lab.json'))) {
      try {
        return loadTokenizer(readFileSync(join(d, 'tokenizer.t5lab.json'), 'utf8')).toJSON();
      } catch {
        // Unreadable: try the next source.
      }
    }
  }
  if (recipe?.tokenizer.kind === 'byte') return new ByteTokenizer({ vocabSize: recipe.tokenizer.vocab_size }).toJSON();
  try {
    if (dir && existsSync(join(dir, 'tokenizer.json')))
      return importHfTokenizerJson(readFileSync(join(dir, 'tokenizer.json'), 'utf8')).toJSON();
  } catch {
    // No usable tokenizer: the run is imported without resolved settings.
  }
  return undefined;
}

/** The run config: the recipe's settings when there is one, else what the folder itself says. */
function importedConfig(
  recipe: Recipe | undefined,
  name: string,
  steps: number,
  batch: number,
  model?: T5Config,
): { config: RunConfig; known: boolean } {
  const overrides = model ? { ...model } : undefined;
  if (recipe) {
    const d = recipe.data;
    const input: RunConfigInput = {
      name,
      model: { overrides },
      tokenizer:
        recipe.tokenizer.kind === 'byte'
          ? { kind: 'byte', vocabSize: recipe.tokenizer.vocab_size }
          : { kind: 'unigram', vocabSize: Math.max(360, recipe.tokenizer.vocab_size) },
      data:
        d.kind === 'pretrain'
          ? { kind: 'pretrain', corpus: d.corpus, objective: d.name as never, density: d.density, meanSpan: d.mean_span }
          : {
              kind: 'tasks',
              tasks: d.names,
              mixing: d.mixing.kind === 'proportional' ? { kind: 'proportional', K: d.mixing.K ?? Infinity } : d.mixing,
            },
      batch: { size: recipe.batch_size, inputLength: recipe.lengths.inputs, targetLength: recipe.lengths.targets },
      optimizer: recipe.optimizer,
      schedule: recipe.schedule,
      clipGradientNorm: recipe.clip_gradient_norm,
      zLoss: recipe.z_loss,
      steps: Math.max(1, steps),
      seed: recipe.seed,
      validationFraction: recipe.validation_fraction,
    };
    try {
      return { config: validateRunConfig(input), known: true };
    } catch {
      // e.g. the user's own tasks, which the recipe names but t5lab here does not know.
    }
  }
  const config = validateRunConfig({
    name,
    model: { overrides },
    data: { kind: 'pretrain', corpus: `hf-trainer:${name}`, objective: 'span_corruption' },
    batch: { size: Math.max(1, batch), inputLength: 512, targetLength: 114 },
    steps: Math.max(1, steps),
  });
  return { config, known: false };
}

export interface ImportedRun {
  record: RunRecord;
  out: string;
  files: string[];
}

/** Imports `path` into the new run directory `out`; nothing is written when it fails. */
export function importHfTrainerRun(path: string, out: string, now = Date.now()): ImportedRun {
  const where = locateTrainerFolder(path);
  const recipe = readRecipe(path);
  let reading;
  try {
    reading = parseTrainerState(readFileSync(where.state, 'utf8'), {
      globalBatchSize: recipe?.batch_size,
      tokensPerExample: recipe ? recipe.lengths.inputs + recipe.lengths.targets : undefined,
    });
  } catch (err) {
    if (err instanceof TrainerStateError) throw new ImportRunError(`${where.state}: ${err.message}`);
    throw err;
  }
  let model: T5Config | undefined;
  if (where.model) {
    try {
      model = t5ConfigFromHf(readFileSync(join(where.model, 'config.json'), 'utf8'));
    } catch (err) {
      throw new ImportRunError(`${join(where.model, 'config.json')}: not a T5 config (${(err as Error).message})`);
    }
  }
  const name = recipe ? `${recipe.name} (${recipe.scale.preset}, cluster)` : `HF Trainer run ${basename(resolve(path))}`;
  const { config, known } = importedConfig(recipe, name, reading.globalStep, reading.trainBatchSize ?? 1, model);
  const tokenizer = checkpointTokenizer(where.model, recipe, path);
  const finished = reading.maxSteps === undefined || reading.globalStep >= reading.maxSteps;
  const notes = [
    `Imported from the HF Trainer folder ${resolve(path)} (${basename(where.state)}: ${reading.history.length} log entries).`,
    known ? '' : ' No t5lab recipe.json was found: the data, objective and lengths of this config are placeholders, not what the run used.',
    reading.tokensFrom === 'unknown' ? ' Tokens seen are unknown (the log has no num_input_tokens_seen).' : '',
    where.model ? '' : ' No checkpoint with config.json + model.safetensors was found: curves only.',
  ].join('');
  const record = validateRunRecord({
    id: newRunId(now),
    name,
    config,
    ...(model && tokenizer
      ? {
          resolved: {
            modelConfig: model,
            tokenizer,
            parameters: parameterCount(model),
            trainSizes: recipe?.data.kind === 'tasks' ? recipe.data.sizes : {},
            ...(recipe?.data.kind === 'tasks' ? { rates: recipe.data.rates } : {}),
          },
        }
      : {}),
    environment: {
      runtime: 'node',
      backend: 'hf-transformers',
      tfjsVersion: 'none',
      backendWhy: 'trained outside t5lab (HF Trainer / accelerate)',
    },
    status: (finished ? 'completed' : 'stopped') as RunStatus,
    message: notes,
    createdAt: now,
    updatedAt: now,
    finishedAt: now,
    step: reading.globalStep,
    history: reading.history,
    checkpoints: [],
  });

  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new ImportRunError(`--out ${out} already exists and is not empty; choose a new folder`);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${now}`);
  const files: string[] = [];
  try {
    mkdirSync(tmp, { recursive: true });
    if (where.model) {
      for (const f of [...MODEL_FILES, ...TOKENIZER_FILES]) {
        if (!existsSync(join(where.model, f))) continue;
        copyFileSync(join(where.model, f), join(tmp, f));
        files.push(f);
      }
    }
    copyFileSync(where.state, join(tmp, STATE));
    writeFileAtomic(join(tmp, 'run.json'), runRecordToJson(record));
    files.push(STATE, 'run.json');
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { record, out: target, files: files.sort() };
}
