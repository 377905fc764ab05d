// Node side of the cached experiment figures (src/experiments/cachedExperiments.ts): reads every
// bench/experiments/*.json (`t5lab experiment --json` documents; the resumable run folders beside
// them are not read), checked, in file-name order. Used by scripts/figures-pipeline.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHED_EXPERIMENTS_DIR, parseCachedExperiment, type CachedExperiment } from '../src/experiments/cachedExperiments.ts';

/** The cached experiment results under `root` (the repository), or none when the folder is absent. */
export function cachedExperiments(root = process.cwd()): CachedExperiment[] {
  const dir = join(root, CACHED_EXPERIMENTS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((n) => parseCachedExperiment(readFileSync(join(dir, n), 'utf8'), `${CACHED_EXPERIMENTS_DIR}/${n}`));
}
