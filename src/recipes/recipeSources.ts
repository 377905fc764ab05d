/**
 * What `t5lab export-recipe` exports, read from disk (Node): a run directory (`t5lab train`
 * output: run.json + tokenizer) or an experiment directory (`t5lab experiment` output:
 * experiment.json, and run.json for each finished entry). Entries that have not run yet are
 * exported from the experiment's plan: their tokenizer and training-set sizes are resolved the way
 * training would resolve them, so their rates equal the rates training would use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDirTokenizer, readRunRecord } from '../runs/runDir.ts';
import type { RunRecord } from '../runs/runRecord.ts';
import { validateRunConfig, type RunConfig } from '../training/runConfig.ts';
import { resolveModelConfig, resolveTokenizer, taskByName } from '../training/trainingData.ts';
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { splitExamples } from '../data/split.ts';
import type { T5Config } from '../model/config.ts';
import { RecipeError, type RecipeSource } from './recipe.ts';

/** One run to export, with what buildRecipe needs. */
export interface ExportSubject {
  config: RunConfig;
  modelConfig: T5Config;
  tokenizer: Tokenizer;
  trainSizes?: Record<string, number>;
  source: RecipeSource;
}

async function loadBundled(name: string) {
  const { loadBundled: load } = await import('../data/bundledFiles.node.ts');
  return load(name);
}

/** Training examples per task, split as training splits them (tasks runs only). */
async function taskTrainSizes(config: RunConfig): Promise<Record<string, number> | undefined> {
  if (config.data.kind !== 'tasks') return undefined;
  const sizes: Record<string, number> = {};
  for (const name of config.data.tasks) {
    const task = taskByName(name, config.data.userTasks);
    const d = await loadBundled(task.source);
    if (d.kind !== 'task') throw new RecipeError('--run', `task "${name}": dataset "${task.source}" is a corpus, not a task file`);
    sizes[name] = splitExamples(d.examples, { validationFraction: config.validationFraction }).train.length;
  }
  return sizes;
}

async function subjectOfRecord(record: RunRecord, dir: string, source: RecipeSource): Promise<ExportSubject> {
  const saved = readDirTokenizer(dir);
  let tokenizer: Tokenizer;
  if (saved && 't5lab' in saved) tokenizer = loadTokenizer(saved.t5lab);
  else if (record.resolved?.tokenizer) tokenizer = loadTokenizer(record.resolved.tokenizer);
  else tokenizer = await resolveTokenizer(record.config, loadBundled);
  return {
    config: record.config,
    modelConfig: record.resolved?.modelConfig ?? resolveModelConfig(record.config.model, tokenizer),
    tokenizer,
    trainSizes: record.resolved?.trainSizes ?? (await taskTrainSizes(record.config)),
    source,
  };
}

/** The run in `dir` (`--run DIR`). */
export async function runSubject(dir: string): Promise<ExportSubject> {
  if (!existsSync(dir)) throw new RecipeError('--run', `--run ${dir}: no such directory`);
  let record: RunRecord | undefined;
  try {
    record = readRunRecord(dir);
  } catch (err) {
    throw new RecipeError('--run', `--run ${dir}: ${(err as Error).message}`);
  }
  if (!record) throw new RecipeError('--run', `--run ${dir}: no run.json there (is it a "t5lab train --out" directory?)`);
  return subjectOfRecord(record, dir, { kind: 'run', name: record.name, id: record.id });
}

/** Every entry of the experiment in `dir` (`--experiment DIR`), all seeds, in plan order. */
export async function experimentSubjects(dir: string): Promise<ExportSubject[]> {
  const specPath = join(dir, 'experiment.json');
  if (!existsSync(specPath))
    throw new RecipeError('--experiment', `--experiment ${dir}: no experiment.json there (is it a "t5lab experiment --out" directory?)`);
  let spec: { preset: string; budget: never; seeds: number[] };
  try {
    spec = JSON.parse(readFileSync(specPath, 'utf8')) as typeof spec;
  } catch (err) {
    throw new RecipeError('--experiment', `--experiment ${dir}: experiment.json is not valid JSON (${(err as Error).message})`);
  }
  const { experimentPlan } = await import('../experiments/presets.ts');
  let plan;
  try {
    plan = experimentPlan(spec.preset, spec.budget);
  } catch (err) {
    throw new RecipeError('--experiment', `--experiment ${dir}: ${(err as Error).message}`);
  }
  const seeds = Array.isArray(spec.seeds) && spec.seeds.length > 0 ? spec.seeds : [1];
  const out: ExportSubject[] = [];
  for (const seed of seeds) {
    for (const entry of plan.entries(seed)) {
      const entryDir = join(dir, 'runs', entry.key);
      const source: RecipeSource = {
        kind: 'experiment',
        name: `${plan.title}: ${entry.key}`,
        id: entry.key,
        ...(entry.initFrom ? { initFrom: entry.initFrom } : {}),
      };
      const record = readRunRecord(entryDir);
      if (record) {
        out.push(await subjectOfRecord(record, entryDir, source));
        continue;
      }
      const config = validateRunConfig({ ...entry.config, name: entry.key, init: { kind: 'scratch' } });
      const tokenizer = await resolveTokenizer(config, loadBundled);
      out.push({
        config,
        modelConfig: resolveModelConfig(config.model, tokenizer),
        tokenizer,
        trainSizes: await taskTrainSizes(config),
        source,
      });
    }
  }
  return out;
}
