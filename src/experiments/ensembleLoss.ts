/**
 * Validation loss of an ensemble whose logits are averaged before the softmax, as the paper's
 * Table 13 ensembles do (the decoding counterpart is `ensembleGreedy` in src/training/evaluation.ts).
 * Token-weighted over fixed batches like `validationLoss`, so a one-model ensemble gives exactly
 * that model's validation loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { T5Model } from '../model/t5Model.ts';
import { maskedCrossEntropy } from '../model/loss.ts';
import type { HostBatch } from '../training/batching.ts';
import { meanTokenLoss } from '../training/evaluation.ts';

/** Mean cross-entropy per non-pad target token of the logit-averaged ensemble; NaN without batches. */
export async function ensembleValidationLoss(models: readonly T5Model[], batches: readonly HostBatch[]): Promise<number> {
  if (models.length === 0) throw new RangeError('ensembleValidationLoss: models must not be empty');
  const V = models[0].config.vocabSize;
  if (models.some((m) => m.config.vocabSize !== V))
    throw new RangeError('ensembleValidationLoss: every model must have the same vocabSize');
  return meanTokenLoss(batches, (input) =>
    tf.tidy(() => {
      const logits = tf.mean(tf.stack(models.map((m) => m.forward(input).logits)), 0);
      return maskedCrossEntropy(logits.reshape([-1, V]) as tf.Tensor2D, input.labels.reshape([-1]) as tf.Tensor1D);
    }),
  );
}
