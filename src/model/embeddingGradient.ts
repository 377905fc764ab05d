/**
 * The gradient of an embedding lookup: dTable[v] = Σ_{t: ids[t] = v} dy[t], summed in token order.
 * tf.scatterND does this everywhere, but tfjs-backend-webgpu's ScatterNd adds duplicate ids with
 * float atomics in whatever order the GPU runs them, so two identical webgpu steps differ in the
 * last bit and a resumed run drifts from an uninterrupted one. Backends that register
 * {@link EMBEDDING_GRAD} (webgpu: src/backend/webgpuKernels/embeddingGrad.ts) sum each id's rows
 * in a fixed order instead.
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs {ids [T] int32, dy [T, d] float32}, attrs {vocabSize} → [vocabSize, d]. */
export const EMBEDDING_GRAD = 'T5EmbeddingGrad';

/** Σ of `dy`'s rows per id, as a [vocabSize, d] table; deterministic on every backend. */
export function embeddingGradient(ids: tf.Tensor1D, dy: tf.Tensor2D, vocabSize: number): tf.Tensor2D {
  if (tf.getKernel(EMBEDDING_GRAD, tf.getBackend()) !== undefined) {
    return tf.engine().runKernel(EMBEDDING_GRAD, { ids, dy }, { vocabSize }) as tf.Tensor2D;
  }
  return tf.scatterND(ids.reshape([-1, 1]), dy, [vocabSize, dy.shape[1]]) as tf.Tensor2D;
}
