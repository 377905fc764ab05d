/**
 * Text in, text out for a model and its tokenizer (the generate cell, `t5lab generate --text`):
 * greedy or beam search through T5Model's public `generate`, then one teacher-forced pass over
 * the generated sequence to read what the cell shows: the probability the model gave each
 * output token, and the cross-attention of each output token over the input tokens (mean over
 * heads of the last decoder layer).
 */
import * as tf from '@tensorflow/tfjs';
import { disposeAttention, type T5Model } from '../model/t5Model.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { withDynamicShapes } from '../model/dynamicShapes.ts';

export interface TextGenerationOptions {
  maxSteps: number;
  beamSize?: number;
}

export interface TextGeneration {
  text: string;
  inputIds: number[];
  outputIds: number[];
  inputPieces: string[];
  outputPieces: string[];
  /** P(output token t | input, outputs < t) under the model, per output token. */
  probabilities: number[];
  /** Row-major [outputs × inputs]: last-layer cross-attention averaged over heads. */
  crossAttention: Float32Array;
  /** Score `generate` reports (sum of log-probabilities; beam: length-normalised). */
  score: number;
}

/** Encodes `text` (+ EOS), generates, and measures the result (see module comment). */
export async function generateText(
  model: T5Model,
  tokenizer: Tokenizer,
  text: string,
  options: TextGenerationOptions,
): Promise<TextGeneration> {
  if (typeof text !== 'string' || text.trim() === '') throw new RangeError('the input text must not be empty');
  const inputIds = [...tokenizer.encode(text), tokenizer.eosId];
  const V = model.config.vocabSize;
  const tooBig = inputIds.find((id) => id >= V);
  if (tooBig !== undefined) throw new RangeError(`the tokenizer produced id ${tooBig}, but the model's vocab_size is ${V}`);
  const ids = tf.tensor2d([inputIds], undefined, 'int32');
  try {
    const result = await model.generate(ids, { maxSteps: options.maxSteps, beamSize: options.beamSize ?? 1 });
    const outputIds = result.sequences[0];
    const base = {
      text: tokenizer.decode(outputIds),
      inputIds,
      outputIds,
      inputPieces: tokenizer.pieces(inputIds),
      outputPieces: tokenizer.pieces(outputIds),
      score: result.scores[0],
    };
    if (outputIds.length === 0) return { ...base, probabilities: [], crossAttention: new Float32Array(0) };
    const labels = tf.tensor2d([outputIds], undefined, 'int32');
    const out = withDynamicShapes(() => model.forward({ inputIds: ids, labels, captureAttention: true }));
    try {
      const logProbs = tf.tidy(() => tf.logSoftmax(out.logits.reshape([outputIds.length, -1])));
      const lp = (await logProbs.data()) as Float32Array;
      logProbs.dispose();
      const probabilities = outputIds.map((id, t) => Math.exp(lp[t * V + id]));
      const cross = out.attention!.cross;
      const mean = tf.tidy(() => cross[cross.length - 1].mean(1).reshape([outputIds.length, inputIds.length]));
      const crossAttention = (await mean.data()) as Float32Array;
      mean.dispose();
      return { ...base, probabilities, crossAttention };
    } finally {
      tf.dispose([labels, out.logits, out.loss]);
      disposeAttention(out.attention);
    }
  } finally {
    ids.dispose();
  }
}
