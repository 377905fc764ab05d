/**
 * Writes a recipe folder atomically (Node): every file goes into a hidden temporary folder next to
 * `out`, each through writeFileAtomic (flushed), and the folder is renamed to `out` at the end. A
 * crash or a full disk leaves no half-written recipe; an existing non-empty `out` is never touched.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../storage/writeFileAtomic.ts';
import { RecipeError } from './recipe.ts';
import type { RecipeFiles } from './hfRecipe.ts';

/** Writes `files` (paths relative to `out`, "/"-separated) as the folder `out`; returns the written paths, sorted. */
export function writeRecipeDir(out: string, files: RecipeFiles): string[] {
  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new RecipeError('--out', `--out ${out} already exists and is not empty; choose a new folder (nothing was written)`);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    for (const [name, data] of files) {
      if (name.split('/').some((part) => part === '' || part === '.' || part === '..'))
        throw new Error(`recipe file name "${name}" is not a plain relative path`);
      const path = join(tmp, ...name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, data);
    }
    if (existsSync(target)) rmdirSync(target); // empty (checked above)
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return [...files.keys()].sort();
}
