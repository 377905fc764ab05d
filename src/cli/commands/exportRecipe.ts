import { readFileSync } from 'node:fs';
import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { oneOf, positiveInt, ValidationError } from '../../validation/checks.ts';
import { RECIPE_SCALE_NAMES } from '../../recipes/scales.ts';

const TARGETS = ['hf', 't5x'] as const;

/** The Python files a recipe copies, read next to the sources (the compiled CLI keeps these URLs source-relative). */
function pythonSources() {
  const read = (name: string) => readFileSync(new URL(`../../recipes/python/${name}`, import.meta.url), 'utf8');
  return { objectives: read('t5lab_objectives.py'), train: read('train.py') };
}

export const exportRecipeCommand: Command = {
  name: 'export-recipe',
  summary: 'export a run or experiment as a cluster recipe at paper scale (Hugging Face accelerate or T5X/seqio)',
  usage:
    't5lab export-recipe (--run DIR | --experiment DIR) --target hf|t5x --scale PRESET --out OUT\n' +
    '    [--steps N] [--batch-size N] [--data PATH | --dataset NAME [--dataset-config C]] [--json]\n' +
    `  PRESET: ${RECIPE_SCALE_NAMES.join(', ')} (the step/batch budget is the paper's unless --steps/--batch-size)\n` +
    '  hf: README.md, recipe.json, config.json, tokenizer files, train.py, t5lab_objectives.py  (accelerate launch train.py --config recipe.json)\n' +
    '  t5x: README.md, recipe.json, recipe.gin, tasks.py, config.json  (python -m t5x.train --gin_file=recipe.gin)',
  options: {
    run: { type: 'string' },
    experiment: { type: 'string' },
    target: { type: 'string' },
    scale: { type: 'string' },
    out: { type: 'string' },
    steps: { type: 'string' },
    'batch-size': { type: 'string' },
    data: { type: 'string' },
    dataset: { type: 'string' },
    'dataset-config': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const hasRun = typeof values.run === 'string' && values.run !== '';
    const hasExperiment = typeof values.experiment === 'string' && values.experiment !== '';
    if (hasRun === hasExperiment) throw new UsageError('give exactly one of --run DIR or --experiment DIR');
    let target: (typeof TARGETS)[number];
    let scale: string;
    try {
      target = oneOf(values.target, '--target', TARGETS);
      scale = oneOf(values.scale, '--scale', RECIPE_SCALE_NAMES);
    } catch (err) {
      if (err instanceof ValidationError) throw new UsageError(err.message);
      throw err;
    }
    if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out OUT is required (a new folder)');
    const steps = values.steps === undefined ? undefined : numberFlag(values, 'steps', { integer: true, check: positiveInt });
    const batchSize =
      values['batch-size'] === undefined ? undefined : numberFlag(values, 'batch-size', { integer: true, check: positiveInt });
    if (values.data !== undefined && values.dataset !== undefined)
      throw new UsageError('give either --data PATH or --dataset NAME, not both');
    if (values['dataset-config'] !== undefined && values.dataset === undefined)
      throw new UsageError('--dataset-config goes with --dataset NAME');

    const { runSubject, experimentSubjects } = await import('../../recipes/recipeSources.ts');
    const { exportRecipeFiles } = await import('../../recipes/exportRecipe.ts');
    const { writeRecipeDir } = await import('../../recipes/writeRecipeDir.ts');
    const { RecipeError } = await import('../../recipes/recipe.ts');
    try {
      const subjects = hasRun ? [await runSubject(values.run as string)] : await experimentSubjects(values.experiment as string);
      const files = exportRecipeFiles(subjects, {
        target,
        scale,
        steps,
        batchSize,
        data: {
          path: values.data as string | undefined,
          dataset: values.dataset as string | undefined,
          datasetConfig: values['dataset-config'] as string | undefined,
        },
        experiment: hasExperiment,
        python: pythonSources(),
      });
      const written = writeRecipeDir(values.out, files);
      emit(io, Boolean(values.json), { out: values.out, target, scale, recipes: subjects.length, files: written }, () =>
        [
          `wrote ${values.out} (${target}, ${scale}, ${subjects.length} recipe${subjects.length > 1 ? 's' : ''}):`,
          ...written.map((f) => `  ${f}`),
        ].join('\n'),
      );
    } catch (err) {
      if (err instanceof RecipeError) throw new UsageError(err.message);
      throw err;
    }
    return 0;
  },
};
