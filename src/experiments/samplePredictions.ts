/**
 * A few validation examples of a trained model as text: input, target and the model's greedy
 * prediction. A comparison table says an arm scored 0.00; these rows say why (the model repeats
 * one token, stops at once, or predicts the input). Works for every architecture (T5Model.generate
 * decodes the single-stack ones too). Pure apart from tfjs: no DOM, no storage.
 */
import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../model/config.ts';
import type { T5Model } from '../model/t5Model.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import type { HostBatch } from '../training/batching.ts';

export interface SamplePrediction {
  input: string;
  target: string;
  prediction: string;
  /** The prediction's ids equal the target's (EOS included). */
  exact: boolean;
  /** What the ids show that the text hides: "only padding (id 0)", "one token repeated". */
  note?: string;
}

/** Trailing padding removed. */
function stripPad(ids: readonly number[]): number[] {
  let end = ids.length;
  while (end > 0 && ids[end - 1] === PAD_ID) end--;
  return ids.slice(0, end);
}

/** A note for the two degenerate outputs of an (under)trained model, which decode to little or no text. */
export function predictionNote(ids: readonly number[]): string | undefined {
  if (ids.length === 0) return undefined;
  if (ids.every((t) => t === PAD_ID)) return `only padding (id ${PAD_ID}) at every step`;
  const body = stripPad(ids).filter((t) => t !== 1);
  if (body.length >= 3 && body.every((t) => t === body[0])) return `token ${body[0]} repeated ${body.length}×`;
  return undefined;
}

/** The rows of a (non-packed) batch without their padding: each example's input and target ids. */
export function batchRows(batch: HostBatch, n = batch.rows): { inputs: number[][]; targets: number[][] } {
  const strip = (flat: Int32Array, width: number, r: number) => stripPad(Array.from(flat.subarray(r * width, (r + 1) * width)));
  const rows = Math.min(n, batch.rows);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let r = 0; r < rows; r++) {
    inputs.push(strip(batch.inputIds, batch.inputLength, r));
    targets.push(strip(batch.labels, batch.targetLength, r));
  }
  return { inputs, targets };
}

/**
 * Ids → text with the tokenizer, where an id the tokenizer does not have (a model's vocabulary
 * is the tokenizer's rounded up to 128, so it can predict one) shows as `⟨id⟩` instead of throwing.
 */
export function decodeIds(tokenizer: Tokenizer, ids: readonly number[]): string {
  let out = '';
  let run: number[] = [];
  for (const id of ids) {
    if (Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize) {
      run.push(id);
      continue;
    }
    out += tokenizer.decode(run) + `⟨${id}⟩`;
    run = [];
  }
  return out + tokenizer.decode(run);
}

/**
 * Greedy predictions for the first `n` examples of `batch`, decoded to text beside their inputs
 * and targets. `maxSteps` defaults to the batch's target length.
 */
export async function samplePredictions(
  model: T5Model,
  tokenizer: Tokenizer,
  batch: HostBatch,
  n = 3,
  maxSteps = batch.targetLength,
): Promise<SamplePrediction[]> {
  const { inputs, targets } = batchRows(batch, n);
  if (inputs.length === 0) return [];
  const width = Math.max(1, ...inputs.map((r) => r.length));
  const ids = tf.tensor2d(
    inputs.map((r) => [...r, ...new Array<number>(width - r.length).fill(PAD_ID)]),
    [inputs.length, width],
    'int32',
  );
  try {
    const { sequences } = await model.generate(ids, { maxSteps, beamSize: 1 });
    return inputs.map((input, i) => {
      const predicted = stripPad(sequences[i]);
      const note = predictionNote(sequences[i]);
      return {
        input: decodeIds(tokenizer, input),
        target: decodeIds(tokenizer, targets[i]),
        prediction: decodeIds(tokenizer, sequences[i]),
        exact: predicted.length === targets[i].length && predicted.every((t, k) => t === targets[i][k]),
        ...(note ? { note } : {}),
      };
    });
  } finally {
    ids.dispose();
  }
}
