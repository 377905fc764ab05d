/**
 * Node: a task or corpus given as a file path (`t5lab train --task PATH.tsv`, `--corpus PATH.txt`)
 * becomes a dataset reference a run config can hold: the absolute path (so `--resume` works from
 * any folder) and, for a task, its user task spec, with the name and prefix taken from the file
 * or from flags and the metric picked from the targets or by the user (src/tasks/userTask.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseJsonlPages } from '../c4/jsonlPages.ts';
import { resolve } from 'node:path';
import { parseCorpus, parseTsvTask } from './parseDataset.ts';
import {
  detectPrefix,
  METRIC_CHOICES,
  metricsFor,
  taskNameFromFile,
  userTaskName,
  type MetricChoice,
  type UserTaskSpec,
} from '../tasks/userTask.ts';

/** True when `ref` names a file rather than a bundled dataset or task. */
export function isFileRef(ref: string): boolean {
  return /\.(tsv|txt|jsonl)$/i.test(ref) || ref.includes('/') || ref.includes('\\') || (existsSync(ref) && statSync(ref).isFile());
}

function readChecked(path: string, flag: string): Uint8Array {
  if (!existsSync(path)) throw new RangeError(`${flag} ${path}: no such file`);
  if (!statSync(path).isFile()) throw new RangeError(`${flag} ${path}: not a file`);
  return new Uint8Array(readFileSync(path));
}

export interface FileTaskOptions {
  /** The task name (default: the file name without extension). */
  name?: string;
  /** The prefix (default: the one every input already starts with, else "NAME: "). */
  prefix?: string;
  metric?: MetricChoice;
}

/** A `.tsv` task file as a user task: its name and spec (source = absolute path). Throws naming `flag`. */
export function userTaskFromFile(
  path: string,
  options: FileTaskOptions = {},
  flag = '--task',
): { name: string; spec: UserTaskSpec; header?: string } {
  if (!/\.tsv$/i.test(path)) throw new RangeError(`${flag} ${path}: a task file must be a .tsv (input<TAB>target per line)`);
  if (options.metric !== undefined && !METRIC_CHOICES.includes(options.metric))
    throw new RangeError(`--metric must be one of ${METRIC_CHOICES.join(', ')} (got "${options.metric}")`);
  const parsed = parseTsvTask(readChecked(path, flag), path);
  if (!parsed.ok) throw new RangeError(parsed.errors.map(String).join('\n'));
  const ds = parsed.value;
  const name = options.name?.trim() || userTaskName(taskNameFromFile(path));
  const prefix = options.prefix ?? (detectPrefix(ds.examples) || `${name}: `);
  return {
    name,
    spec: { source: resolve(path), prefix, metrics: metricsFor(options.metric ?? 'auto', ds.examples) },
    ...(ds.header !== undefined ? { header: ds.header } : {}),
  };
}

/** A `.txt` corpus file as a dataset reference (its absolute path), checked to parse. */
export function corpusRefFromFile(path: string, flag = '--corpus'): string {
  // C4-style pages (`t5lab clean` output): one {"text": …} per line, each page one document.
  if (/\.jsonl$/i.test(path)) {
    parseJsonlPages(new TextDecoder().decode(readChecked(path, flag)), `${flag} ${path}`);
    return resolve(path);
  }
  const parsed = parseCorpus(readChecked(path, flag), path);
  if (!parsed.ok) throw new RangeError(parsed.errors.map(String).join('\n'));
  return resolve(path);
}
