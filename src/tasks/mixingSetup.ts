/**
 * What the mixing cell mixes and how, from its saved parameters: the paper's 23 tasks and/or the
 * user's tasks (a typed size list and the notebook's `task` value), a strategy, and the group of
 * each task for colouring. Validates the parameters, naming the bad one.
 */
import { taskTrainCount } from '../data/datasetValue.ts';
import { PAPER_TASKS, type PaperTaskGroup } from './paperTasks.ts';
import type { MixingStrategy } from './mixingRates.ts';

export type MixingStrategyKind = MixingStrategy['kind'];

export interface MixingParams {
  strategy: MixingStrategyKind;
  /** log2 of the artificial size limit K (10…24 in the cell's slider). */
  log2K: number;
  /** Temperature (1…16 in the cell's slider). */
  T: number;
  /** Mix the paper's 23 tasks (spec §C.3). */
  paperTasks: boolean;
  /** The user's own tasks: name → training examples. */
  userSizes: Record<string, number>;
  /** Also mix the notebook's `task` value (its training split). */
  includeTask: boolean;
}

export const DEFAULT_MIXING_PARAMS: Readonly<MixingParams> = Object.freeze({
  strategy: 'proportional',
  log2K: 19,
  T: 2,
  paperTasks: true,
  userSizes: {},
  includeTask: false,
});

export const GROUP_LABELS: Readonly<Record<PaperTaskGroup | 'user', string>> = Object.freeze({
  glue: 'GLUE',
  superglue: 'SuperGLUE + DPR + WSC',
  squad: 'SQuAD',
  cnndm: 'CNN/DM',
  wmt: 'WMT',
  c4: 'C4 (unsupervised)',
  user: 'your tasks',
});

/** The parameters with defaults filled in; throws naming the first bad field. */
export function mixingParams(raw: Record<string, unknown> = {}): MixingParams {
  const p = { ...DEFAULT_MIXING_PARAMS, ...raw } as Record<string, unknown>;
  if (p.strategy !== 'equal' && p.strategy !== 'proportional' && p.strategy !== 'temperature')
    throw new RangeError(`strategy must be "equal", "proportional" or "temperature" (got ${JSON.stringify(p.strategy)})`);
  const log2K = Number(p.log2K);
  if (!Number.isFinite(log2K) || log2K < 0 || log2K > 40)
    throw new RangeError(`log2K must be a number in [0, 40] (got ${String(p.log2K)})`);
  const T = Number(p.T);
  if (!Number.isFinite(T) || !(T > 0)) throw new RangeError(`T must be a number > 0 (got ${String(p.T)})`);
  const userSizes = p.userSizes ?? {};
  if (typeof userSizes !== 'object' || Array.isArray(userSizes)) throw new TypeError('userSizes must be an object {taskName: examples}');
  for (const [name, n] of Object.entries(userSizes as Record<string, unknown>)) {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw new RangeError(`userSizes["${name}"] must be a finite number ≥ 0 (got ${String(n)})`);
  }
  return {
    strategy: p.strategy,
    log2K,
    T,
    paperTasks: Boolean(p.paperTasks),
    userSizes: { ...(userSizes as Record<string, number>) },
    includeTask: Boolean(p.includeTask),
  };
}

/** The strategy the parameters select (K = 2^log2K; temperature uses the same K). */
export function strategyOf(params: MixingParams): MixingStrategy {
  const K = 2 ** params.log2K;
  if (params.strategy === 'equal') return { kind: 'equal' };
  if (params.strategy === 'proportional') return { kind: 'proportional', K };
  return { kind: 'temperature', T: params.T, K };
}

/** The notebook's task as a size: its name and the number of training examples. */
export interface NotebookTaskSize {
  name: string;
  train: readonly unknown[];
  /** A user's upload: the train split as a view (its length is read without decoding `train`). */
  trainRows?: { length: number };
}

/**
 * The tasks to mix, in order (paper tasks, then the user's, then the notebook's task), and their
 * group labels. A user task may not reuse a paper task's name.
 */
export function mixedTasks(
  params: MixingParams,
  task?: NotebookTaskSize,
): { sizes: Record<string, number>; groups: Record<string, string> } {
  const sizes: Record<string, number> = {};
  const groups: Record<string, string> = {};
  if (params.paperTasks) {
    for (const t of PAPER_TASKS) {
      sizes[t.name] = t.trainExamples;
      groups[t.name] = GROUP_LABELS[t.group];
    }
  }
  const addUser = (name: string, n: number, where: string) => {
    if (Object.hasOwn(sizes, name))
      throw new RangeError(
        `${where}: task "${name}" is already mixed${params.paperTasks && PAPER_TASKS.some((t) => t.name === name) ? " as one of the paper's tasks" : ''}; rename it`,
      );
    sizes[name] = n;
    groups[name] = GROUP_LABELS.user;
  };
  for (const [name, n] of Object.entries(params.userSizes)) addUser(name, n, 'userSizes');
  if (params.includeTask) {
    const trainCount = task ? taskTrainCount(task) : undefined;
    if (!task || typeof task.name !== 'string' || trainCount === undefined)
      throw new TypeError('includeTask: the notebook\'s "task" value has no name and train split');
    addUser(task.name, trainCount, "the notebook's task");
  }
  if (Object.keys(sizes).length === 0) throw new RangeError("nothing to mix: turn on the paper's tasks or list your own");
  return { sizes, groups };
}
