/**
 * Training compute of a run, from the model core's own counts (no typed-in estimates).
 *
 * Exact count (what t5lab plots as "compute"):
 *   FLOPs = flopsPerToken(config, {inputLength, targetLength}).trainingPerToken × tokens,
 *   tokens = steps · batch · (inputLength + targetLength),
 * where trainingPerToken = 3 × forward FLOPs per token (backward ≈ 2 × forward) and the forward
 * count is the per-layer matmul count of src/model/parameterCount.ts: encoder tokens only pass
 * through the encoder (plus the cross-attention K/V projections they feed), decoder tokens only
 * through the decoder and the output layer, and attention scores are counted at their real lengths.
 *
 * The "6N" rule (6 · parameters · tokens, as in decoder-only scaling-law papers) is reported
 * beside it for comparison. For an encoder–decoder it roughly doubles the true cost, because
 * each token sees only one of the two stacks — the point of the paper's Table 2, where the
 * encoder–decoder has 2P parameters but the cost M of a P-parameter language model.
 */
import type { T5Config } from '../model/config.ts';
import { flopsPerToken, parameterCount } from '../model/parameterCount.ts';
import { fail, positiveInt } from '../validation/checks.ts';

export interface RunShape {
  steps: number;
  batch: number;
  inputLength: number;
  targetLength: number;
}

export interface RunCompute {
  params: number;
  /** steps · batch · (inputLength + targetLength). */
  tokens: number;
  /** Exact training FLOPs: trainingPerToken × tokens. */
  flops: number;
  /** 6 · params · tokens, the decoder-only rule of thumb, for comparison. */
  sixNFlops: number;
  /** Training FLOPs of one step (flops / steps). */
  flopsPerStep: number;
}

/** Checks a run shape, naming the bad field. */
export function validateRunShape(shape: RunShape, where = 'run'): RunShape {
  if (!shape || typeof shape !== 'object') fail(where, '{steps, batch, inputLength, targetLength}', shape);
  for (const field of ['steps', 'batch', 'inputLength', 'targetLength'] as const) positiveInt(shape[field], `${where}.${field}`);
  return shape;
}

/** Parameters, tokens and training FLOPs (exact and 6N-style) of one training run. */
export function runCompute(config: T5Config, shape: RunShape): RunCompute {
  validateRunShape(shape);
  const { steps, batch, inputLength, targetLength } = shape;
  const params = parameterCount(config);
  const tokens = steps * batch * (inputLength + targetLength);
  const perToken = flopsPerToken(config, { inputLength, targetLength }).trainingPerToken;
  const flops = perToken * tokens;
  return { params, tokens, flops, sixNFlops: 6 * params * tokens, flopsPerStep: flops / steps };
}
