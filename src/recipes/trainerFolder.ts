/**
 * The one reader of an HF Trainer output folder, shared by `t5lab import-run PATH` (importRun.ts
 * lists and reads the folder from disk) and the runs cell's drop / "choose folder" import
 * (trainerFolderFiles.ts reads dropped Files or a zip). Pure: relative paths and bytes in, a run
 * record out; no file system, no DOM.
 *
 * Two steps, so a caller reads only what is needed (a Trainer folder holds optimizer states and a
 * model per checkpoint, often gigabytes): {@link planTrainerFolder} picks, from the paths alone,
 * the trainer_state.json, the final model folder and the recipe.json; {@link readTrainerFolder}
 * then takes the bytes of the plan's `read` files. The weight files are never read here (the
 * caller carries them: the CLI copies them, the browser checks them in a worker).
 */
import { newRunId, validateRunRecord, type RunRecord, type RunStatus } from '../runs/runRecord.ts';
import { validateRunConfig, type RunConfig, type RunConfigInput } from '../training/runConfig.ts';
import { t5ConfigFromHf } from '../checkpoint/hfConfig.ts';
import { parameterCount } from '../model/parameterCount.ts';
import type { T5Config } from '../model/config.ts';
import { parseTrainerState, TrainerStateError } from './hfTrainerState.ts';
import type { Recipe } from './recipe.ts';
import { tokenizerFromFile } from '../tokenizers/tokenizerFile.ts';
import { ByteTokenizer } from '../tokenizers/byteTokenizer.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';

/** A folder that cannot be imported, worded for the folder (and file) the user gave. */
export class ImportRunError extends Error {}

export const STATE_FILE = 'trainer_state.json';
/** Files of a model folder the import keeps: the config, the weights (single or sharded), the tokenizer. */
export const MODEL_FILE =
  /^(config\.json|generation_config\.json|model\.safetensors|model\.safetensors\.index\.json|model-\d+-of-\d+\.safetensors|spiece\.model|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|tokenizer\.t5lab\.json)$/;
const WEIGHTS = /^(model\.safetensors|model-\d+-of-\d+\.safetensors)$/;
/** Tokenizer files in the order they are preferred (t5lab's own is exact; train.py copies it into every checkpoint). */
const TOKENIZERS = ['tokenizer.t5lab.json', 'spiece.model', 'tokenizer.json'];

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const parent = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** A relative path as the import keys it: forward slashes, no leading "/" or "./". */
export function normalisePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.?\/)+/, '')
    .replace(/\/{2,}/g, '/');
}

export interface TrainerFolderPlan {
  /** The Trainer's output_dir inside the file set ('' = the top). */
  root: string;
  /** The trainer_state.json the curves come from (the root's, else the newest checkpoint's). */
  state: string;
  /** The final model: the root or the newest checkpoint-N with config.json and safetensors weights. */
  model?: { dir: string; files: string[] };
  recipe?: string;
  /** Every path whose bytes {@link readTrainerFolder} needs (the weights are not among them). */
  read: string[];
}

/**
 * Picks the files of an import from the paths of a folder (or of a drop holding one). `folder`
 * names it in messages (the CLI's PATH; by default the drop's one top folder).
 */
export function planTrainerFolder(paths: Iterable<string>, folder?: string): TrainerFolderPlan {
  const all = new Set([...paths].map(normalisePath).filter((p) => p !== '' && !p.endsWith('/')));
  const tops = new Set([...all].filter((p) => p.includes('/')).map((p) => p.split('/')[0]));
  const label = folder ?? (tops.size === 1 ? [...tops][0] : 'the dropped files');
  if (all.size === 0)
    throw new ImportRunError(`${label}: empty — no ${STATE_FILE} there or in a checkpoint-N folder (is it an HF Trainer output folder?)`);
  // The output_dir is the folder of a trainer_state.json, or the parent of its checkpoint-N: the
  // shallowest one wins, so a recipe folder holding output/ imports output/.
  const roots = [...all]
    .filter((p) => base(p) === STATE_FILE)
    .map((p) => (/^checkpoint-\d+$/.test(base(parent(p))) ? parent(parent(p)) : parent(p)))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (roots.length === 0)
    throw new ImportRunError(`${label}: no ${STATE_FILE} there or in a checkpoint-N folder (is it an HF Trainer output folder?)`);
  const root = roots[0].replace(/^\/+/, '');
  const cps = [
    ...new Set(
      [...all]
        .map((p) => (root === '' ? p : p.startsWith(`${root}/`) ? p.slice(root.length + 1) : ''))
        .map((rel) => rel.split('/'))
        .filter((parts) => parts.length > 1 && /^checkpoint-\d+$/.test(parts[0]))
        .map((parts) => parts[0]),
    ),
  ]
    .sort((a, b) => Number(b.slice(11)) - Number(a.slice(11)))
    .map((c) => join(root, c));
  const dirs = [root, ...cps];
  const state = dirs.map((d) => join(d, STATE_FILE)).find((p) => all.has(p))!;
  const inDir = (d: string) => [...all].filter((p) => parent(p) === d && MODEL_FILE.test(base(p))).sort();
  const modelDir = dirs.find((d) => all.has(join(d, 'config.json')) && inDir(d).some((p) => WEIGHTS.test(base(p))));
  const model = modelDir !== undefined ? { dir: modelDir, files: inDir(modelDir) } : undefined;
  const recipe = [join(root, 'recipe.json'), ...(root ? [join(parent(root), 'recipe.json')] : [])].find((p) => all.has(p));
  const read = [state, ...(recipe ? [recipe] : []), ...(model?.files.filter((p) => !WEIGHTS.test(base(p))) ?? [])];
  const recipeTokenizer = recipe ? join(parent(recipe), 'tokenizer.t5lab.json') : undefined;
  if (recipeTokenizer && all.has(recipeTokenizer) && !read.includes(recipeTokenizer)) read.push(recipeTokenizer);
  return { root, state, model, recipe, read };
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

function readRecipe(bytes: Uint8Array | undefined): Recipe | undefined {
  if (!bytes) return undefined;
  try {
    const r = JSON.parse(decode(bytes)) as Recipe;
    return r?.format === 't5lab-recipe' ? r : undefined;
  } catch {
    // Not ours (or unreadable): import the curves without the recipe's settings.
    return undefined;
  }
}

/** The checkpoint's tokenizer as t5lab JSON (what resolved.tokenizer holds), or undefined if none loads. */
function checkpointTokenizer(
  files: Map<string, Uint8Array>,
  plan: TrainerFolderPlan,
  recipe: Recipe | undefined,
): TokenizerJSON | undefined {
  // t5lab's own file first (exact), in the checkpoint or in the recipe folder; then a byte
  // recipe's tokenizer (known from its size); the checkpoint's SentencePiece or HF file last.
  const fromFiles = (paths: string[]) => {
    for (const p of paths) {
      const bytes = files.get(p);
      if (!bytes) continue;
      try {
        return tokenizerFromFile(bytes).toJSON();
      } catch {
        // Unreadable: try the next source.
      }
    }
    return undefined;
  };
  const dir = plan.model?.dir;
  const own = fromFiles([
    ...(dir !== undefined ? [join(dir, TOKENIZERS[0])] : []),
    ...(plan.recipe ? [join(parent(plan.recipe), TOKENIZERS[0])] : []),
  ]);
  if (own) return own;
  if (recipe?.tokenizer.kind === 'byte') return new ByteTokenizer({ vocabSize: recipe.tokenizer.vocab_size }).toJSON();
  return dir !== undefined ? fromFiles(TOKENIZERS.slice(1).map((t) => join(dir, t))) : undefined;
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

export interface TrainerFolderOptions {
  /** The folder the paths are relative to, for messages (the CLI's PATH's parent; '' for a drop, whose paths start with the folder's name). */
  where?: string;
  /** The folder for messages about the whole set (the CLI's PATH); see {@link planTrainerFolder}. */
  folder?: string;
  /** Where the run came from, for the record's message (an absolute path, "the dropped folder t5-run"). */
  source?: string;
  /**
   * The plan made from every path of the folder, when `files` holds only the plan's `read` files
   * (without it the plan is made from the keys of `files`, which must then include the weights).
   */
  plan?: TrainerFolderPlan;
  /** The runtime that imported it (the record's environment). */
  runtime?: 'node' | 'browser';
  now?: number;
}

export interface TrainerFolderImport {
  record: RunRecord;
  plan: TrainerFolderPlan;
  /** The final model's config, when the folder has a model. */
  modelConfig?: T5Config;
}

/**
 * Reads an HF Trainer folder from `files` (relative path → bytes: the whole folder, or the plan's
 * `read` files with `options.plan`) into a run record. Throws ImportRunError naming the file and what is wrong with it.
 */
export function readTrainerFolder(files: Map<string, Uint8Array>, options: TrainerFolderOptions = {}): TrainerFolderImport {
  const byPath = new Map([...files].map(([p, b]) => [normalisePath(p), b]));
  const where = options.where ?? '';
  const label = (p: string) => (where && where !== '.' ? `${where}/${p}` : p);
  const plan = options.plan ?? planTrainerFolder(byPath.keys(), options.folder);
  const recipe = readRecipe(plan.recipe ? byPath.get(plan.recipe) : undefined);
  const stateBytes = byPath.get(plan.state);
  if (!stateBytes) throw new ImportRunError(`${label(plan.state)}: listed but not read`);
  let reading;
  try {
    reading = parseTrainerState(decode(stateBytes), {
      globalBatchSize: recipe?.batch_size,
      tokensPerExample: recipe ? recipe.lengths.inputs + recipe.lengths.targets : undefined,
    });
  } catch (err) {
    if (err instanceof TrainerStateError) throw new ImportRunError(`${label(plan.state)}: ${err.message}`);
    throw err;
  }
  let model: T5Config | undefined;
  if (plan.model) {
    const configPath = join(plan.model.dir, 'config.json');
    try {
      model = t5ConfigFromHf(decode(byPath.get(configPath) ?? new Uint8Array()));
    } catch (err) {
      throw new ImportRunError(`${label(configPath)}: not a T5 checkpoint (${(err as Error).message})`);
    }
  }
  const folder = base(plan.root) || 'folder';
  const name = recipe ? `${recipe.name} (${recipe.scale.preset}, cluster)` : `HF Trainer run ${folder}`;
  const { config, known } = importedConfig(recipe, name, reading.globalStep, reading.trainBatchSize ?? 1, model);
  const tokenizer = checkpointTokenizer(byPath, plan, recipe);
  const finished = reading.maxSteps === undefined || reading.globalStep >= reading.maxSteps;
  const notes = [
    `Imported from the HF Trainer folder ${options.source ?? folder} (${base(plan.state)}: ${reading.history.length} log entries).`,
    known ? '' : ' No t5lab recipe.json was found: the data, objective and lengths of this config are placeholders, not what the run used.',
    reading.tokensFrom === 'unknown' ? ' Tokens seen are unknown (the log has no num_input_tokens_seen).' : '',
    plan.model ? '' : ' No checkpoint with config.json + model.safetensors was found: curves only.',
  ].join('');
  const now = options.now ?? Date.now();
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
      runtime: options.runtime ?? 'node',
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
  return { record, plan, ...(model ? { modelConfig: model } : {}) };
}
