/**
 * Named experiment budgets: how big a model, how many steps, what batch, lengths, learning rate
 * and evaluation size every experiment preset uses. Each named budget is a documented JSON file
 * in ./budgets/ (`tiny`: a one-minute demo; `study`: the smallest budget at which the paper's
 * large effects show outside the seed-to-seed noise on a 2-core machine, found empirically —
 * bench/RESULTS.md "Experiment budgets"). A user budget is the same JSON, checked field by field
 * with the shared validation vocabulary so a bad file names the bad field.
 */
import type { T5Config } from '../model/config.ts';
import {
  arrayOf,
  numberIn,
  parseFields,
  plainObject,
  positiveInt,
  positiveNumber,
  string,
  ValidationError,
  type Schema,
} from '../validation/checks.ts';
import tiny from './budgets/tiny.json';
import study from './budgets/study.json';

export interface ExperimentBudget {
  name: string;
  description: string;
  /** Model shape (fields of T5Config); vocabSize comes from the tokenizer. */
  model: Partial<T5Config>;
  /** Pre-training corpus. */
  corpus: string;
  /** Fine-tuning task of the objective comparisons ("does pre-training help on it?"). */
  task: string;
  /** Tasks mixed by the multi-task preset. */
  tasks: string[];
  pretrainSteps: number;
  finetuneSteps: number;
  batchSize: number;
  inputLength: number;
  /** Target length of fine-tuning and multi-task batches (pre-training targets follow the objective). */
  targetLength: number;
  learningRate: number;
  /** Validation examples scored per task (and pre-training validation batches' examples). */
  evalExamples: number;
}

const MODEL_FIELDS = [
  'dModel',
  'dFf',
  'numHeads',
  'dKv',
  'numLayers',
  'numDecoderLayers',
  'relativeAttentionNumBuckets',
  'relativeAttentionMaxDistance',
] as const;

function modelShape(v: unknown, label: string): Partial<T5Config> {
  const o = plainObject(v, label);
  const out: Record<string, unknown> = { ...o };
  for (const f of MODEL_FIELDS) if (o[f] !== undefined) out[f] = positiveInt(o[f], `${label}.${f}`);
  if (o.dropoutRate !== undefined) out.dropoutRate = numberIn(o.dropoutRate, `${label}.dropoutRate`, 0, 0.9);
  return out as Partial<T5Config>;
}

const nonEmpty = (v: unknown, label: string) => string(v, label, { nonEmpty: true });

export const BUDGET_SCHEMA: Schema<ExperimentBudget> = {
  name: { label: 'budget.name', check: nonEmpty },
  description: { label: 'budget.description', check: (v, l) => string(v, l) },
  model: { label: 'budget.model', check: modelShape },
  corpus: { label: 'budget.corpus', check: nonEmpty },
  task: { label: 'budget.task', check: nonEmpty },
  tasks: { label: 'budget.tasks', check: (v, l) => arrayOf(v, l, nonEmpty, { minLength: 2 }) },
  pretrainSteps: { label: 'budget.pretrainSteps', check: positiveInt },
  finetuneSteps: { label: 'budget.finetuneSteps', check: positiveInt },
  batchSize: { label: 'budget.batchSize', check: positiveInt },
  inputLength: { label: 'budget.inputLength', check: positiveInt },
  targetLength: { label: 'budget.targetLength', check: positiveInt },
  learningRate: { label: 'budget.learningRate', check: positiveNumber },
  evalExamples: { label: 'budget.evalExamples', check: positiveInt },
};

/**
 * Checks a budget object (a named budget, a user's JSON file): every bad field is named in one
 * error; missing fields are an error too (a budget says everything it runs with).
 */
export function validateExperimentBudget(raw: unknown): ExperimentBudget {
  const missing =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.keys(BUDGET_SCHEMA).filter((k) => (raw as Record<string, unknown>)[k] === undefined && k !== 'description')
      : [];
  const { value, errors } = parseFields(raw, BUDGET_SCHEMA, { ...(NAMED_BUDGETS.tiny as ExperimentBudget), description: '' });
  const problems = [
    ...missing.map((k) => `${BUDGET_SCHEMA[k as keyof ExperimentBudget].label} is missing`),
    ...errors.map((e) => e.message),
  ];
  if (problems.length) throw new ValidationError(errors[0]?.field ?? 'budget', problems.join('; '));
  return value;
}

/** The named budgets, from ./budgets/*.json. */
export const NAMED_BUDGETS: Readonly<Record<'tiny' | 'study', Readonly<ExperimentBudget>>> = Object.freeze({
  tiny: Object.freeze(tiny as ExperimentBudget),
  study: Object.freeze(study as ExperimentBudget),
});

export const BUDGET_NAMES = Object.keys(NAMED_BUDGETS) as (keyof typeof NAMED_BUDGETS)[];

/** A named budget (validated), or throws naming the known ones. */
export function namedBudget(name: string): ExperimentBudget {
  const b = (NAMED_BUDGETS as Record<string, ExperimentBudget>)[name];
  if (!b)
    throw new ValidationError('budget', `budget must be one of ${BUDGET_NAMES.join(', ')} or a JSON file (got ${JSON.stringify(name)})`);
  return validateExperimentBudget(b);
}
