/**
 * A stored run as a cluster recipe zip (the runs cell's "Export for a cluster"; the CLI writes the
 * same files with `t5lab export-recipe --run DIR`). Browser-safe: the Python sources are passed in
 * (the cell imports them with Vite's `?raw`, the CLI reads them from disk).
 */
import { zipSync } from 'fflate';
import type { RunRecord } from '../runs/runRecord.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import { exportRecipeFiles } from './exportRecipe.ts';
import type { RecipePythonSources } from './hfRecipe.ts';

export interface RunRecipeOptions {
  target: 'hf' | 't5x';
  scale: string;
  python: RecipePythonSources;
}

/** The recipe folder's files for a stored run (throws a sentence when the run cannot be exported). */
export function recipeFilesOfRun(record: RunRecord, options: RunRecipeOptions) {
  if (!record.resolved) throw new RangeError(`run "${record.name}" has not started yet: its model and tokenizer are not resolved`);
  const subject = {
    config: record.config,
    modelConfig: record.resolved.modelConfig,
    tokenizer: loadTokenizer(record.resolved.tokenizer),
    trainSizes: record.resolved.trainSizes,
    source: { kind: 'run' as const, name: record.name, id: record.id },
  };
  return exportRecipeFiles([subject], { target: options.target, scale: options.scale, experiment: false, python: options.python });
}

/** The zip bytes of the recipe folder (files at the top level). */
export function recipeZipOfRun(record: RunRecord, options: RunRecipeOptions): Uint8Array {
  const enc = new TextEncoder();
  const files = recipeFilesOfRun(record, options);
  return zipSync(Object.fromEntries([...files].map(([name, data]) => [name, typeof data === 'string' ? enc.encode(data) : data])), {
    level: 6,
  });
}
