/**
 * Evaluation during and after training: validation loss (token-weighted over fixed batches),
 * greedy predictions decoded to text and scored with each task's metrics (spec §A.10: greedy
 * decoding), and ensembles — the paper's Table 13 averages the logits of several models before
 * the softmax, which `ensembleGreedy` does step by step.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Model } from '../model/t5Model.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { evaluateTask } from '../tasks/task.ts';
import { batchTensors, disposeBatch, truncate, type HostBatch } from './batching.ts';
import type { TaskEvalSet } from './trainingData.ts';
import { positiveInt } from '../validation/checks.ts';

/** Mean cross-entropy per non-pad target token over `batches` (no dropout); NaN if there are none. */
export async function validationLoss(model: T5Model, batches: readonly HostBatch[]): Promise<number> {
  return meanTokenLoss(batches, (input) => model.loss(input));
}

/**
 * Mean per-target-token loss over batches: each batch's mean loss weighted by its non-pad target
 * count, so batches of different fill count as the tokens they hold. Shared by single-model and
 * ensemble evaluation.
 */
export async function meanTokenLoss(
  batches: readonly HostBatch[],
  lossOf: (input: ReturnType<typeof batchTensors>) => tf.Scalar,
): Promise<number> {
  let sum = 0;
  let count = 0;
  for (const b of batches) {
    const input = batchTensors(b);
    try {
      const loss = lossOf(input);
      const value = (await loss.data())[0];
      loss.dispose();
      let targets = 0;
      for (let i = 0; i < b.labels.length; i++) if (b.labels[i] !== 0) targets++;
      sum += value * targets;
      count += targets;
    } finally {
      disposeBatch(input);
    }
  }
  return count === 0 ? NaN : sum / count;
}

/** Right-padded int32 [rows, longest] from id sequences (each cut to `maxLength`). */
function padRows(rows: readonly Int32Array[], maxLength: number): tf.Tensor2D {
  const cut = rows.map((r) => truncate(r, maxLength));
  const width = Math.max(1, ...cut.map((r) => r.length));
  const flat = new Int32Array(rows.length * width);
  cut.forEach((r, i) => flat.set(r, i * width));
  return tf.tensor2d(flat, [rows.length, width], 'int32');
}

/**
 * Greedy decoding from the average of the models' logits (an ensemble of one is plain greedy
 * decoding). The decoder re-reads the whole prefix each step: simple and exact; evaluation sets
 * are small. Returns ids per row without the start token, ending with EOS if one was produced.
 */
export async function ensembleGreedy(models: readonly T5Model[], inputIds: tf.Tensor2D, maxSteps: number, eosId = 1): Promise<number[][]> {
  if (models.length === 0) throw new RangeError('ensembleGreedy: models must not be empty');
  const V = models[0].config.vocabSize;
  if (models.some((m) => m.config.vocabSize !== V)) throw new RangeError('ensembleGreedy: every model must have the same vocabSize');
  positiveInt(maxSteps, 'ensembleGreedy: maxSteps');
  const b = inputIds.shape[0];
  const seqs: number[][] = Array.from({ length: b }, () => []);
  const done = new Array<boolean>(b).fill(false);
  for (let t = 0; t < maxSteps && !done.every(Boolean); t++) {
    const next = tf.tidy(() => {
      // Labels [y_0 … y_{t−1}, pad]: the decoder sees [0, y_0 … y_{t−1}] and predicts position t.
      const labels = tf.tensor2d(
        seqs.flatMap((s) => [...s, 0]),
        [b, t + 1],
        'int32',
      );
      const stepLogits = models.map((m) => tf.slice(m.forward({ inputIds, labels }).logits, [0, t, 0], [b, 1, V]));
      return tf.argMax(tf.mean(tf.stack(stepLogits), 0).reshape([b, V]), -1);
    });
    const ids = await next.data();
    next.dispose();
    for (let r = 0; r < b; r++) {
      // Finished rows keep decoding (batch shape) but their extra tokens are discarded.
      if (done[r]) {
        seqs[r].push(0);
        continue;
      }
      seqs[r].push(ids[r]);
      if (ids[r] === eosId) done[r] = true;
    }
  }
  return seqs.map((s) => {
    const end = s.indexOf(eosId);
    return end < 0 ? s : s.slice(0, end + 1);
  });
}

/** Text of generated ids; ids of the model's padding rows (≥ the tokenizer's size) read as unk. */
export function decodeIds(tokenizer: Tokenizer, ids: readonly number[]): string {
  return tokenizer.decode(ids.map((id) => (id < tokenizer.vocabSize ? id : tokenizer.unkId)));
}

export interface TaskEvaluation {
  /** "task/metric" → value (0–100). */
  metrics: Record<string, number>;
  /** A few validation examples with the model's output, per task. */
  samples: { task: string; input: string; target: string; prediction: string }[];
}

/**
 * Decodes every validation example of every task with the model (or the averaged-logit ensemble)
 * and scores the predictions with the task's metrics after its postprocessing.
 */
export async function evaluateTasks(
  models: readonly T5Model[],
  sets: readonly TaskEvalSet[],
  tokenizer: Tokenizer,
  options: { batchSize: number; inputLength: number; maxSteps: number; samples?: number },
): Promise<TaskEvaluation> {
  const metrics: Record<string, number> = {};
  const samples: TaskEvaluation['samples'] = [];
  for (const set of sets) {
    const predictions: string[] = [];
    for (let i = 0; i < set.inputs.length; i += options.batchSize) {
      const ids = padRows(set.inputs.slice(i, i + options.batchSize), options.inputLength);
      try {
        const out =
          models.length === 1
            ? (await models[0].generate(ids, { maxSteps: options.maxSteps })).sequences
            : await ensembleGreedy(models, ids, options.maxSteps, tokenizer.eosId);
        predictions.push(...out.map((seq) => decodeIds(tokenizer, seq)));
      } finally {
        ids.dispose();
      }
    }
    for (const [name, value] of Object.entries(evaluateTask(set.task, set.targets, predictions)))
      metrics[`${set.task.name}/${name}`] = value;
    for (let k = 0; k < Math.min(options.samples ?? 4, predictions.length); k++) {
      samples.push({ task: set.task.name, input: set.inputTexts[k], target: set.targets[k], prediction: predictions[k] });
    }
  }
  return { metrics, samples };
}
