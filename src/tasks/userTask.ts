/**
 * The user's own tasks as first-class tasks, and the one place a task name resolves: a bundled
 * task, or a user task described by a {@link UserTaskSpec} (where its examples come from, its
 * prefix and its metrics). A spec travels inside the run config (`data.userTasks`), so the
 * training worker, the experiments and the CLI resolve a task the same way, by
 * {@link resolveTask}, and a resumed run knows its task without the page that defined it.
 */
import type { TaskExample } from '../data/parseDataset.ts';
import { bundledTasks } from './bundledTasks.ts';
import { accuracy, type Metric } from './metric.ts';
import { exactMatch, tokenF1 } from './squadMetrics.ts';
import { defineTask, type Task } from './task.ts';
import { bleu, chrf } from './translationMetrics.ts';

/** Every metric a task can be scored with, by its result-table name. */
export const METRICS: Readonly<Record<string, Metric>> = Object.freeze({
  accuracy,
  exact_match: exactMatch,
  token_f1: tokenF1,
  bleu,
  chrf,
});
export type MetricName = 'accuracy' | 'exact_match' | 'token_f1' | 'bleu' | 'chrf';

/** What the user picks in the dataset cell or with `--metric`: a family of metrics, or auto. */
export type MetricChoice = 'auto' | 'accuracy' | 'exact_match' | 'bleu';
export const METRIC_CHOICES: readonly MetricChoice[] = ['auto', 'accuracy', 'exact_match', 'bleu'];
export const METRIC_CHOICE_LABELS: Readonly<Record<MetricChoice, string>> = {
  auto: 'auto (from the targets)',
  accuracy: 'accuracy (labels)',
  exact_match: 'exact match + token F1 (short answers)',
  bleu: 'BLEU + chrF (sentences, translation)',
};

/** A task that is not bundled: its examples' dataset reference, its prefix, its metrics. */
export interface UserTaskSpec {
  /** Dataset reference the run's loader understands: a stored dataset id (browser) or a file path (Node). */
  source: string;
  /** Text prepended to every input unless it is already there, e.g. "my task: ". */
  prefix: string;
  metrics: MetricName[];
}

/** A task name from a file name: `My Task.tsv` → `my_task` (letters, digits, _ and -). */
export function taskNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name || 'my_task';
}

/**
 * The task prefix already present in a file: the longest text ending in ": " that every input
 * starts with (`trivia question: `, `define: `), or '' when the inputs share none.
 */
export function detectPrefix(examples: readonly TaskExample[]): string {
  if (examples.length === 0) return '';
  let common = examples[0].inputs;
  for (const e of examples) {
    let i = 0;
    while (i < common.length && i < e.inputs.length && common[i] === e.inputs[i]) i++;
    common = common.slice(0, i);
    if (common === '') return '';
  }
  const end = common.lastIndexOf(': ');
  return end > 0 ? common.slice(0, end + 2) : '';
}

/** The metrics a choice stands for; `auto` looks at the targets (see {@link autoMetrics}). */
export function metricsFor(choice: MetricChoice, examples: readonly TaskExample[]): MetricName[] {
  if (choice === 'accuracy') return ['accuracy'];
  if (choice === 'exact_match') return ['exact_match', 'token_f1'];
  if (choice === 'bleu') return ['bleu', 'chrf'];
  return autoMetrics(examples);
}

/**
 * Metrics that suit the targets: accuracy for labels (few distinct short targets), exact match and
 * token F1 for other short answers (median ≤ 3 words), BLEU and chrF for sentences.
 */
export function autoMetrics(examples: readonly TaskExample[]): MetricName[] {
  if (examples.length === 0) return ['exact_match', 'token_f1'];
  const words = examples.map((e) => e.targets.trim().split(/\s+/).length).sort((a, b) => a - b);
  const median = words[Math.floor(words.length / 2)];
  if (median > 3) return ['bleu', 'chrf'];
  const distinct = new Set(examples.map((e) => e.targets.trim())).size;
  if (distinct <= 20 && distinct <= examples.length / 2) return ['accuracy'];
  return ['exact_match', 'token_f1'];
}

/** A user task name that cannot be mistaken for a bundled task (`sentiment` → `sentiment_user`). */
export function userTaskName(name: string): string {
  return Object.hasOwn(bundledTasks, name) ? `${name}_user` : name;
}

/** Checks a spec (from a run config or a notebook), naming the bad field. */
export function validateUserTaskSpec(spec: unknown, where: string): UserTaskSpec {
  const o = spec as Record<string, unknown>;
  if (!o || typeof o !== 'object') throw new TypeError(`${where} must be an object { source, prefix, metrics }`);
  if (typeof o.source !== 'string' || o.source === '')
    throw new RangeError(`${where}.source must name a dataset (a stored dataset id or a file)`);
  if (typeof o.prefix !== 'string') throw new RangeError(`${where}.prefix must be a string (got ${JSON.stringify(o.prefix)})`);
  if (!Array.isArray(o.metrics) || o.metrics.length === 0 || !o.metrics.every((m) => typeof m === 'string' && Object.hasOwn(METRICS, m))) {
    throw new RangeError(
      `${where}.metrics must be a non-empty list of ${Object.keys(METRICS).join(', ')} (got ${JSON.stringify(o.metrics)})`,
    );
  }
  return { source: o.source, prefix: o.prefix, metrics: [...(o.metrics as MetricName[])] };
}

/**
 * The task named `name`: a user task of `userTasks` first (its spec is explicit), else a bundled
 * one. The error lists what is known.
 */
export function resolveTask(name: string, userTasks?: Readonly<Record<string, UserTaskSpec>>): Task {
  const spec = userTasks && Object.hasOwn(userTasks, name) ? userTasks[name] : undefined;
  if (spec) return defineTask({ name, source: spec.source, prefix: spec.prefix, metrics: spec.metrics.map((m) => METRICS[m]) });
  if (Object.hasOwn(bundledTasks, name)) return bundledTasks[name];
  const yours = userTasks ? Object.keys(userTasks) : [];
  throw new RangeError(
    `unknown task "${name}": not bundled (${Object.keys(bundledTasks).join(', ')})${yours.length ? ` nor one of yours (${yours.join(', ')})` : ' and no dataset defines it (add a dataset cell with your .tsv, or give a .tsv file)'}`,
  );
}

/** True if `name` resolves (bundled, or defined in `userTasks`). */
export function isKnownTask(name: string, userTasks?: Readonly<Record<string, UserTaskSpec>>): boolean {
  return Object.hasOwn(bundledTasks, name) || (!!userTasks && Object.hasOwn(userTasks, name));
}

/** A notebook `task` value (or the like) that may describe a user task. */
export interface TaskValueLike {
  name: string;
  source?: string;
  prefix?: string;
  metrics?: readonly string[];
}

/**
 * The user task specs of notebook task values (those with a `source`), by name; undefined when
 * none is a user task. Cells pass these on in run configs (`data.userTasks`) and mixtures.
 */
export function userTasksOf(values: ReadonlyArray<TaskValueLike | undefined>): Record<string, UserTaskSpec> | undefined {
  const out: Record<string, UserTaskSpec> = {};
  for (const v of values) {
    if (!v?.source) continue;
    out[v.name] = validateUserTaskSpec(
      { source: v.source, prefix: v.prefix ?? '', metrics: v.metrics ?? ['exact_match', 'token_f1'] },
      `task "${v.name}"`,
    );
  }
  return Object.keys(out).length ? out : undefined;
}
