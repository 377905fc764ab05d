/**
 * `t5lab import-run PATH`: an HF Trainer output folder (or the exported recipe's train.py output)
 * becomes a t5lab run directory (runDir.ts layout: run.json, config.json + model.safetensors, the
 * tokenizer), so `t5lab forward/generate --run DIR`, the runs table and the plots read it like a
 * browser run. This module is the file-system side: it lists PATH, reads the files the shared
 * reader (trainerFolder.ts, also behind the runs cell's drop) asks for, and writes the run
 * directory to a temporary folder that it renames.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../storage/writeFileAtomic.ts';
import { runRecordToJson, type RunRecord } from '../runs/runRecord.ts';
import { ImportRunError, planTrainerFolder, readTrainerFolder, STATE_FILE } from './trainerFolder.ts';

export { ImportRunError };

/** Folders below PATH that are listed: output_dir/checkpoint-N/file, and a recipe folder's output/checkpoint-N/file. */
const DEPTH = 3;

function listFiles(dir: string, rel: string, depth: number, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory() && depth > 0) listFiles(join(dir, entry.name), path, depth - 1, out);
    else if (entry.isFile()) out.push(path);
  }
}

/**
 * PATH's files keyed relative to PATH's parent (so the recipe.json and tokenizer next to PATH, as
 * an exported recipe folder has them, are found), plus that parent folder.
 */
function folderPaths(path: string): { top: string; paths: string[] } {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new ImportRunError(`${path}: no such folder`);
  const abs = resolve(path);
  const top = dirname(abs);
  const name = basename(abs);
  const paths: string[] = [];
  listFiles(abs, name, DEPTH, paths);
  for (const f of ['recipe.json', 'tokenizer.t5lab.json']) if (existsSync(join(top, f)) && statSync(join(top, f)).isFile()) paths.push(f);
  return { top, paths };
}

export interface ImportedRun {
  record: RunRecord;
  out: string;
  files: string[];
}

/** Imports `path` into the new run directory `out`; nothing is written when it fails. */
export function importHfTrainerRun(path: string, out: string, now = Date.now()): ImportedRun {
  const { top, paths } = folderPaths(path);
  // Messages name files as the user spelled PATH: PATH/checkpoint-40/trainer_state.json.
  const where = dirname(path);
  const plan = planTrainerFolder(paths, path);
  const files = new Map(plan.read.map((p) => [p, new Uint8Array(readFileSync(join(top, p)))]));
  const { record } = readTrainerFolder(files, { plan, where, folder: path, source: resolve(path), runtime: 'node', now });

  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new ImportRunError(`--out ${out} already exists and is not empty; choose a new folder`);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${now}`);
  const written: string[] = [];
  try {
    mkdirSync(tmp, { recursive: true });
    for (const p of plan.model?.files ?? []) {
      copyFileSync(join(top, p), join(tmp, basename(p)));
      written.push(basename(p));
    }
    copyFileSync(join(top, plan.state), join(tmp, STATE_FILE));
    writeFileAtomic(join(tmp, 'run.json'), runRecordToJson(record));
    written.push(STATE_FILE, 'run.json');
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { record, out: target, files: written.sort() };
}
