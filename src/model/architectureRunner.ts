/**
 * What the model asks of an architecture family (architecture.ts `stacks`): the hidden states
 * of the target positions for a teacher-forced batch, the encoder (where there is one), and a
 * decoder to generate with. T5Model picks the runner from a table, so forward, loss and
 * generate are one code path for every architecture; each runner is a few calls of the stack
 * runner (stack.ts) with its layouts.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dropout } from './layers.ts';
import type { SegmentIds } from './segments.ts';
import type { FusedSource } from './fusedWeights.ts';
import type { ModelWeights } from './stack.ts';
import type { Stepper } from './decoding.ts';

/**
 * Attention captured by a forward pass. Every tensor belongs to the caller (dispose it, e.g.
 * with {@link disposeAttention}). Probabilities are [batch, H, queries, keys] per layer, before
 * dropout; masked keys are exactly 0. Position biases are [H, queries, keys] without masks.
 * A single-stack model reports its one stack as the decoder's self-attention.
 */
export interface AttentionCapture {
  encoderSelf: tf.Tensor4D[];
  decoderSelf: tf.Tensor4D[];
  cross: tf.Tensor4D[];
  encoderPositionBias: tf.Tensor3D;
  decoderPositionBias: tf.Tensor3D;
}

/** Disposes every tensor of an {@link AttentionCapture}. */
export function disposeAttention(a: AttentionCapture | undefined): void {
  if (!a) return;
  tf.dispose([...a.encoderSelf, ...a.decoderSelf, ...a.cross, a.encoderPositionBias, a.decoderPositionBias]);
}

/** A checked teacher-forcing batch. */
export interface ForwardBatch {
  inputIds: tf.Tensor2D;
  labels: tf.Tensor2D;
  /** Packed rows (only where {@link ArchitectureRunner.packing}). */
  segments?: SegmentIds;
}

export interface ArchitectureRunner {
  /** Accepts packed rows (segment ids). */
  readonly packing: boolean;
  /**
   * Final-norm hidden rows [b·T, d] of the T target positions; fills `capture` when given.
   * Call inside a tidy.
   */
  targetRows(m: ModelWeights, fused: FusedSource, batch: ForwardBatch, dropout: Dropout, capture?: AttentionCapture): tf.Tensor2D;
  /** Encoder rows [b·L, d] (after the final norm); absent when the architecture has no encoder. */
  encodeRows?(m: ModelWeights, fused: FusedSource, inputIds: tf.Tensor2D, dropout: Dropout): tf.Tensor2D;
  /**
   * A decoder over `inputIds` with `repeat` rows per example (beams) for at most `maxSteps`
   * steps; `useCache` where it has one.
   */
  stepper(m: ModelWeights, fused: FusedSource, inputIds: tf.Tensor2D, repeat: number, options: StepperOptions): Stepper;
}

/** How a decoding call steps (see {@link ArchitectureRunner.stepper}). */
export interface StepperOptions {
  useCache: boolean;
  maxSteps: number;
}
