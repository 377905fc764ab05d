/**
 * The boundary between the core's field names and the CLI's flags. Core checks name the field
 * they check (`batch.size`, `schedule.value`, `inputsLength`), which is right for a config file
 * but not for someone who typed `--batch-size 0`: {@link asUsageError} turns such a
 * {@link ValidationError} into a usage error that names the flag first.
 */
import { ValidationError } from '../validation/checks.ts';
import { renamedError, userNameFor } from '../validation/fieldNames.ts';
import { UsageError } from './command.ts';

/** Run-config field (or field prefix) → the `t5lab train` flag that sets it. Longest prefix wins. */
export const TRAIN_FLAGS: Readonly<Record<string, string>> = {
  steps: '--steps',
  seed: '--seed',
  'batch.size': '--batch-size',
  'batch.inputLength': '--input-length',
  'batch.targetLength': '--target-length',
  'batch.pack': '--pack',
  inputsLength: '--input-length',
  'schedule.value': '--lr',
  schedule: '--schedule',
  clipGradientNorm: '--clip-norm',
  optimizer: '--optimizer',
  'model.preset': '--model',
  'model.overrides.dropoutRate': '--dropout',
  'model.overrides.architecture': '--architecture',
  'model.overrides': '--model',
  'data.corpus': '--corpus',
  'data.objective': '--objective',
  'data.tasks': '--task',
  'data.mixing': '--mixing',
  tokenizer: '--tokenizer',
  init: '--from',
  logEvery: '--log-every',
  evalEvery: '--eval-every',
  evalExamples: '--eval-examples',
  checkpointEvery: '--checkpoint-every',
  'finetune.strategy': '--finetune-strategy',
  'finetune.adapterDim': '--adapter-dim',
  'finetune.unfreezeEvery': '--unfreeze-every',
  finetune: '--finetune-strategy',
};

/** The flag that sets `field`, by the longest matching prefix of `map`. */
export const flagFor = userNameFor;

/**
 * A ValidationError from the core as a UsageError that starts with the flag the user set
 * (`--lr: schedule.value must be a positive number (got -1)`); other errors pass through.
 * The field stays in the message: it is also what `--config FILE` and run.json call it.
 */
export function asUsageError(err: unknown, map: Readonly<Record<string, string>> = TRAIN_FLAGS): unknown {
  if (!(err instanceof ValidationError)) return err;
  return new UsageError((renamedError(err, map) as ValidationError).message);
}

/** Any error from checking the user's input as a UsageError (exit 2), flags named where known. */
export function toUsageError(err: unknown, map: Readonly<Record<string, string>> = TRAIN_FLAGS): UsageError {
  if (err instanceof UsageError) return err;
  const mapped = asUsageError(err, map);
  return mapped instanceof UsageError ? mapped : new UsageError((err as Error).message);
}
