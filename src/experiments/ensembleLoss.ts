/**
 * Validation loss of an ensemble whose logits are averaged before the softmax, as the paper's
 * Table 13 ensembles do (the decoding counterpart is `ensembleGreedy` in src/training/evaluation.ts).
 * Token-weighted over fixed batches like `validationLoss`, so a one-model ensemble gives exactly
 * that model's validation loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Model } from '../model/t5Model.ts';
import { maskedCrossEntropy } from '../model/loss.ts';
import { batchTensors, disposeBatch, type HostBatch } from '../training/batching.ts';

/** Mean cross-entropy per non-pad target token of the logit-averaged ensemble; NaN without batches. */
export async function ensembleValidationLoss(models: readonly T5Model[], batches: readonly HostBatch[]): Promise<number> {
  if (models.length === 0) throw new RangeError('ensembleValidationLoss: models must not be empty');
  const V = models[0].config.vocabSize;
  if (models.some((m) => m.config.vocabSize !== V)) throw new RangeError('ensembleValidationLoss: every model must have the same vocabSize');
  let sum = 0;
  let count = 0;
  for (const b of batches) {
    const input = batchTensors(b);
    try {
      const loss = tf.tidy(() => {
        const logits = tf.mean(tf.stack(models.map((m) => m.forward(input).logits)), 0);
        return maskedCrossEntropy(logits.reshape([-1, V]) as tf.Tensor2D, input.labels.reshape([-1]) as tf.Tensor1D);
      });
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
