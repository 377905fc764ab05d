/**
 * seqio-like tasks and mixtures. A Task says where its examples come from (a dataset name), how
 * an example becomes (inputs, targets) text, how model output is cleaned up before scoring, and
 * which metrics score it. A Mixture samples tasks in proportion to a rate function.
 */
import type { TaskExample } from '../data/parseDataset.ts';
import type { Metric } from './metric.ts';

export interface Task {
  name: string;
  /** Dataset name (bundled or user) the examples come from. */
  source: string;
  /** Text prepended to every input, e.g. "translate English to German: ". */
  prefix: string;
  preprocess(example: TaskExample): { inputs: string; targets: string };
  /** Cleans decoded model output (and targets) before metrics. */
  postprocess(text: string): string;
  metrics: Metric[];
}

/** Adds `prefix` unless the input already starts with it (the bundled files carry their prefix). */
export function withPrefix(prefix: string, inputs: string): string {
  return inputs.startsWith(prefix) ? inputs : prefix + inputs;
}

/** Builds a Task with the usual pre/postprocessing: prefix the input, trim the output. */
export function defineTask(spec: {
  name: string;
  source: string;
  prefix: string;
  metrics: Metric[];
  postprocess?: (text: string) => string;
}): Task {
  if (!spec || typeof spec.name !== 'string' || spec.name === '') throw new TypeError('defineTask: name must be a non-empty string');
  if (typeof spec.source !== 'string' || spec.source === '')
    throw new TypeError(`defineTask(${spec.name}): source must be a non-empty string`);
  if (typeof spec.prefix !== 'string') throw new TypeError(`defineTask(${spec.name}): prefix must be a string`);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    throw new TypeError(`defineTask(${spec.name}): metrics must be a non-empty array`);
  const prefix = spec.prefix;
  return {
    name: spec.name,
    source: spec.source,
    prefix,
    metrics: spec.metrics,
    preprocess: (ex) => ({ inputs: withPrefix(prefix, ex.inputs), targets: ex.targets }),
    postprocess: spec.postprocess ?? ((text) => text.trim()),
  };
}

/** Scores predictions: postprocesses targets and predictions, then runs every metric of the task. */
export function evaluateTask(task: Task, targets: readonly string[], predictions: readonly string[]): Record<string, number> {
  const t = targets.map((x) => task.postprocess(x));
  const p = predictions.map((x) => task.postprocess(x));
  return Object.fromEntries(task.metrics.map((m) => [m.name, m.compute(t, p)]));
}

export interface Mixture {
  name: string;
  tasks: Task[];
  /** Unnormalised mixing rate of a task (e.g. its example count, spec §C); ≥ 0. */
  rate: (task: Task) => number;
}

/** Normalised mixing proportions by task name; names the task whose rate is invalid. */
export function mixingProportions(mixture: Mixture): Map<string, number> {
  if (!mixture || !Array.isArray(mixture.tasks) || mixture.tasks.length === 0)
    throw new TypeError('mixingProportions: mixture.tasks must be a non-empty array');
  if (typeof mixture.rate !== 'function') throw new TypeError('mixingProportions: mixture.rate must be a function (task) => number');
  const rates = mixture.tasks.map((t) => {
    const r = mixture.rate(t);
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0)
      throw new RangeError(`mixture ${mixture.name}: rate of task "${t.name}" must be a finite number ≥ 0 (got ${r})`);
    return r;
  });
  const sum = rates.reduce((s, r) => s + r, 0);
  if (sum <= 0) throw new RangeError(`mixture ${mixture.name}: rates sum to 0`);
  return new Map(mixture.tasks.map((t, i) => [t.name, rates[i] / sum]));
}

/** Picks a task with probability equal to its proportion, given a uniform number u in [0, 1). */
export function pickTask(mixture: Mixture, u: number): Task {
  if (typeof u !== 'number' || !(u >= 0 && u < 1)) throw new RangeError(`pickTask: u must be in [0, 1) (got ${u})`);
  const props = mixingProportions(mixture);
  let acc = 0;
  for (const t of mixture.tasks) {
    acc += props.get(t.name)!;
    if (u < acc) return t;
  }
  return mixture.tasks[mixture.tasks.length - 1];
}
