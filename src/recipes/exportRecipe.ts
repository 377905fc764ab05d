/**
 * The files of an exported recipe for one run or for every entry of an experiment (one
 * sub-folder per entry plus an overview README). Browser-safe: the subjects come from disk in the
 * CLI (recipeSources.ts) or from the run store in the browser.
 */
import { hfConfigJsonText } from '../checkpoint/hfConfig.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import type { RunConfig } from '../training/runConfig.ts';
import type { T5Config } from '../model/config.ts';
import { buildRecipe, recipeModelConfig, type RecipeData, type RecipeInput, type RecipeSource } from './recipe.ts';
import { hfRecipeFiles, type RecipeFiles, type RecipePythonSources } from './hfRecipe.ts';
import { t5xRecipeFiles } from './t5xRecipe.ts';

export interface RecipeSubject {
  config: RunConfig;
  modelConfig: T5Config;
  tokenizer: Tokenizer;
  trainSizes?: Record<string, number>;
  source: RecipeSource;
}

export interface ExportRecipeOptions {
  target: 'hf' | 't5x';
  scale: string;
  steps?: number;
  batchSize?: number;
  data?: RecipeData;
  /** One sub-folder per subject (experiments) instead of the folder itself. */
  experiment: boolean;
  python: RecipePythonSources;
}

/** The folder name of an experiment entry ("pre-span@s1" stays readable). */
export function entryFolder(key: string): string {
  return key.replace(/[^A-Za-z0-9@._-]+/g, '_');
}

function subjectFiles(s: RecipeSubject, o: ExportRecipeOptions): RecipeFiles {
  const input: RecipeInput = {
    config: s.config,
    modelConfig: s.modelConfig,
    tokenizer: { kind: s.tokenizer.kind, vocabSize: s.tokenizer.vocabSize, numSentinels: s.tokenizer.numSentinels },
    trainSizes: s.trainSizes,
    scale: o.scale,
    steps: o.steps,
    batchSize: o.batchSize,
    data: o.data,
    source: s.source,
  };
  const recipe = buildRecipe(input);
  const model = recipeModelConfig(input);
  return o.target === 'hf'
    ? hfRecipeFiles(recipe, model, s.tokenizer, o.python)
    : t5xRecipeFiles(recipe, s.tokenizer, hfConfigJsonText(model));
}

/** Every file of the recipe folder (paths relative to it). */
export function exportRecipeFiles(subjects: readonly RecipeSubject[], options: ExportRecipeOptions): RecipeFiles {
  if (!options.experiment) return subjectFiles(subjects[0], options);
  const files: RecipeFiles = new Map();
  const rows: string[] = [];
  for (const s of subjects) {
    const folder = entryFolder(s.source.id);
    for (const [name, data] of subjectFiles(s, options)) files.set(`${folder}/${name}`, data);
    const what = s.config.data.kind === 'pretrain' ? `pre-train, ${s.config.data.objective}` : `tasks: ${s.config.data.tasks.join(', ')}`;
    rows.push(`| \`${folder}/\` | ${what} | ${s.source.initFrom ? `\`${entryFolder(s.source.initFrom)}/\`` : '—'} |`);
  }
  const run =
    options.target === 'hf'
      ? 'accelerate launch train.py --config recipe.json'
      : 'python -m t5x.train --gin_file=recipe.gin (see its README)';
  files.set(
    'README.md',
    [
      `# ${subjects[0]?.source.name.split(':')[0] ?? 'experiment'} at ${options.scale} scale (${options.target === 'hf' ? 'Hugging Face accelerate' : 'T5X'})`,
      '',
      `One recipe per entry of the experiment (${subjects.length}). In each folder: \`${run}\`.`,
      'Entries that fine-tune start from the final checkpoint of the entry named in the last column: run that one first.',
      '',
      '| folder | what | starts from |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  return files;
}
