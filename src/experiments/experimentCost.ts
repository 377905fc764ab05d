/**
 * What an experiment costs before it runs: the training FLOPs and tokens of every queue entry
 * (from the model core's counts, src/scaling/runCompute.ts, on the config each entry will build),
 * and a time estimate from a measured training throughput in FLOPs per second on the active
 * backend. The estimate counts training only; evaluation (greedy decoding of the validation
 * examples) comes on top, which is why runners refine the ETA from the time completed entries
 * actually took.
 */
import { runCompute } from '../scaling/runCompute.ts';
import { ByteTokenizer } from '../tokenizers/byteTokenizer.ts';
import { resolveModelConfig } from '../training/trainingData.ts';
import { validateRunConfig } from '../training/runConfig.ts';
import type { QueueEntry } from './queue.ts';

export interface EntryCost {
  key: string;
  flops: number;
  tokens: number;
  /** Training FLOPs per token of this entry's model and lengths. */
  flopsPerToken: number;
}

/** FLOPs and tokens of one entry (byte tokenizer unless the entry says otherwise). */
export function entryCost(entry: QueueEntry): EntryCost {
  const config = validateRunConfig(entry.config);
  const tokenizer = config.tokenizer.kind === 'byte' ? new ByteTokenizer({ vocabSize: config.tokenizer.vocabSize }) : new ByteTokenizer();
  const model = resolveModelConfig(config.model, tokenizer);
  const c = runCompute(model, {
    steps: config.steps,
    batch: config.batch.size,
    inputLength: config.batch.inputLength,
    targetLength: config.batch.targetLength,
  });
  return { key: entry.key, flops: c.flops, tokens: c.tokens, flopsPerToken: c.flops / c.tokens };
}

export interface ExperimentCost {
  entries: EntryCost[];
  flops: number;
  tokens: number;
}

export function experimentCost(entries: readonly QueueEntry[]): ExperimentCost {
  const costs = entries.map(entryCost);
  return { entries: costs, flops: costs.reduce((s, c) => s + c.flops, 0), tokens: costs.reduce((s, c) => s + c.tokens, 0) };
}

/** Seconds to train `flops` at a measured `flopsPerSecond`. */
export function estimateSeconds(flops: number, flopsPerSecond: number): number {
  if (!(flopsPerSecond > 0)) return NaN;
  return flops / flopsPerSecond;
}

/** "1h05m", "12m30s", "45s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** "1.2e12 FLOPs". */
export function formatFlops(flops: number): string {
  return `${flops.toExponential(1).replace('e+', 'e')} FLOPs`;
}
