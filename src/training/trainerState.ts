/**
 * A resumable checkpoint as ONE safetensors file: the weights (`model/<HF name>`), the optimizer
 * slots (`optimizer/<weight>/<slot>`) and, in the `__metadata__` map, a JSON document with
 * everything else a run needs to continue exactly: step, optimizer step, data cursor (which
 * includes the RNG states), the metric history, the model config and the tokenizer. The same
 * bytes go to IndexedDB in the browser and to `DIR/trainer-state.safetensors` in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { validateConfig, type T5Config } from '../model/config.ts';
import { T5Model } from '../model/t5Model.ts';
import { readSafetensors, writeSafetensors, type Float32TensorInput } from '../checkpoint/safetensors.ts';
import { assertFiniteTensors } from '../checkpoint/finiteWeights.ts';
import type { TokenizerJSON } from '../tokenizers/tokenizer.ts';
import type { OptimizerState, SlotValues } from './optimizer.ts';
import type { DataCursor } from './trainingData.ts';

export const TRAINER_STATE_FORMAT = 't5lab-trainer-state';
export const TRAINER_STATE_VERSION = 1;

/** One line of the metric history (what `run.json`'s `history` holds). */
export interface HistoryEntry {
  step: number;
  /** Mean training loss over the steps since the previous entry. */
  loss: number;
  learningRate: number;
  gradNorm: number;
  /** Non-pad tokens (inputs + targets) trained on so far. */
  tokensSeen: number;
  examplesSeen: number;
  tokensPerSecond?: number;
  /** Mean wall-clock split of the window's steps, ms (src/training/trainer.ts StepTiming). */
  stepTime?: { forwardMs: number; backwardMs: number; optimizerMs: number };
  /** Matmul FLOPs of the window's steps (3 × forward, parameterCount.ts) per wall-clock second, in GFLOP/s. */
  achievedGflops?: number;
  /** tf.memory().numBytes when the entry was made. */
  memoryBytes?: number;
  valLoss?: number;
  /** Task metrics on the validation examples, by "task/metric". */
  metrics?: Record<string, number>;
}

/** Partial sums since the last history entry (so a resume mid-window logs the same means). */
export interface LogWindow {
  steps: number;
  lossSum: number;
  gradNormSum: number;
}

export interface TrainerStateMeta {
  format: typeof TRAINER_STATE_FORMAT;
  version: number;
  step: number;
  optimizer: { kind: string; step: number };
  data: DataCursor;
  window: LogWindow;
  tokensSeen: number;
  examplesSeen: number;
  history: HistoryEntry[];
  modelConfig: T5Config;
  tokenizer: TokenizerJSON;
  savedAt: number;
}

export interface DecodedTrainerState {
  meta: TrainerStateMeta;
  weights: Map<string, SlotValues>;
  optimizer: OptimizerState;
}

/** Serialises model + optimizer + meta (reads every tensor asynchronously). */
export async function encodeTrainerState(
  model: T5Model,
  optimizer: OptimizerState,
  meta: Omit<TrainerStateMeta, 'format' | 'version'>,
): Promise<Uint8Array> {
  const tensors = new Map<string, Float32TensorInput>();
  for (const [name, t] of model.getWeights())
    tensors.set(`model/${name}`, { shape: t.shape, data: new Float32Array((await t.data()) as Float32Array) });
  for (const [key, s] of optimizer.slots) tensors.set(`optimizer/${key}`, { shape: s.shape, data: s.values });
  const full: TrainerStateMeta = { format: TRAINER_STATE_FORMAT, version: TRAINER_STATE_VERSION, ...meta };
  return writeSafetensors(tensors, { t5lab: JSON.stringify(full) });
}

/** Parses bytes from encodeTrainerState; throws a message naming what is wrong. */
export function decodeTrainerState(bytes: Uint8Array): DecodedTrainerState {
  const file = readSafetensors(bytes);
  const raw = file.metadata.t5lab;
  if (typeof raw !== 'string')
    throw new TypeError('trainer state: this safetensors file has no t5lab metadata (is it a plain model checkpoint?)');
  const meta = JSON.parse(raw) as TrainerStateMeta;
  if (meta.format !== TRAINER_STATE_FORMAT)
    throw new TypeError(`trainer state: format is ${JSON.stringify(meta.format)}, expected "${TRAINER_STATE_FORMAT}"`);
  if (meta.version !== TRAINER_STATE_VERSION)
    throw new TypeError(`trainer state: version ${meta.version} is not supported (this build reads version ${TRAINER_STATE_VERSION})`);
  const weights = new Map<string, SlotValues>();
  const slots = new Map<string, SlotValues>();
  // Weights or optimizer slots with NaN/Inf would only continue a diverged run: refuse, naming the tensor.
  assertFiniteTensors(
    [...file.tensors].map(([name, t]) => [name, t.data] as const),
    'trainer state:',
  );
  for (const [name, t] of file.tensors) {
    // Copies: the reader returns views into `bytes`, which the caller may reuse.
    const values = new Float32Array(t.data);
    if (name.startsWith('model/')) weights.set(name.slice(6), { shape: t.shape, values });
    else if (name.startsWith('optimizer/')) slots.set(name.slice(10), { shape: t.shape, values });
    else throw new TypeError(`trainer state: unexpected tensor "${name}"`);
  }
  return { meta, weights, optimizer: { kind: meta.optimizer.kind, step: meta.optimizer.step, slots } };
}

/**
 * The model saved in a trainer state (e.g. a run's latest checkpoint), for fine-tuning from a run
 * or evaluating several runs as an ensemble. The caller owns (and disposes) the model.
 */
export function modelFromTrainerState(state: DecodedTrainerState | Uint8Array): T5Model {
  const s = state instanceof Uint8Array ? decodeTrainerState(state) : state;
  const tensors = new Map([...s.weights].map(([name, w]) => [name, tf.tensor(w.values, w.shape, 'float32')]));
  try {
    return T5Model.fromWeights(validateConfig(s.meta.modelConfig), tensors);
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
