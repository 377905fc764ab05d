/**
 * Schema of the train cell's stored parameters with the form's labels. Types and choices are
 * checked here; numeric ranges stay with `validateRunConfig`, whose messages already name the
 * form field (`Batch size must be a positive integer`), so a 0 still explains itself.
 */
import { OBJECTIVE_NAMES } from '../objectives/objectives.ts';
import { bool, finiteNumber, oneOf, safeInteger, type Schema } from '../validation/checks.ts';
import { nullable, parseCellParams } from '../validation/cellParams.ts';
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from './trainCellConfig.ts';
import { FINETUNE_STRATEGIES } from './finetuning.ts';

export const TRAIN_SCHEMA: Schema<TrainParams> = {
  mode: { label: 'train', check: (v, l) => oneOf(v, l, ['pretrain', 'finetune'] as const) },
  objective: { label: 'objective', check: (v, l) => oneOf(v, l, OBJECTIVE_NAMES) },
  density: { label: 'corruption rate', check: finiteNumber },
  meanSpan: { label: 'mean span', check: finiteNumber },
  mixture: { label: 'mixture from mixingRates', check: bool },
  optimizer: { label: 'optimizer', check: (v, l) => oneOf(v, l, ['adafactor', 'adamw'] as const) },
  schedule: { label: 'schedule', check: (v, l) => oneOf(v, l, ['constant', 'inverse-sqrt', 'warmup-cosine'] as const) },
  learningRate: { label: 'learning rate', check: finiteNumber },
  warmupSteps: { label: 'warm-up steps', check: finiteNumber },
  batchSize: { label: 'batch', check: finiteNumber },
  inputLength: { label: 'input tokens', check: finiteNumber },
  targetLength: { label: 'target tokens', check: finiteNumber },
  steps: { label: 'steps', check: finiteNumber },
  seed: { label: 'seed', check: nullable(safeInteger) },
  backend: { label: 'backend', check: (v, l) => oneOf(v, l, ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const) },
  logEvery: { label: 'log every', check: finiteNumber },
  finetune: { label: 'fine-tuning', check: (v, l) => oneOf(v, l, FINETUNE_STRATEGIES) },
  adapterDim: { label: 'adapter d', check: finiteNumber },
  unfreezeEvery: { label: 'unfreeze every', check: finiteNumber },
};

/** The train cell's params, checked: a wrong-typed field takes its default and is named. */
export function trainCellParams(raw: unknown) {
  return parseCellParams(raw, TRAIN_SCHEMA, DEFAULT_TRAIN_PARAMS);
}
