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
import { loadTokenizer } from '../tokenizers/loadTokenizer.ts';
import type { Tokenizer, TokenizerJSON } from '../tokenizers/tokenizer.ts';
import type { TokenizerSpec } from '../training/runConfig.ts';
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

// A saved tokenizer is rebuilt once per JSON object, not once per entry and render (a cell
// estimates every entry of every seed each time it draws).
const loaded = new WeakMap<TokenizerJSON, Tokenizer>();

/** The tokenizer whose vocabulary sizes the model: the saved one, else bytes (a unigram trained at start is sized by its vocabSize). */
function costTokenizer(spec: TokenizerSpec): Pick<Tokenizer, 'vocabSize'> {
  if (spec.kind === 'byte') return new ByteTokenizer({ vocabSize: spec.vocabSize });
  if (spec.kind === 'unigram') return { vocabSize: spec.vocabSize };
  let t = loaded.get(spec.json);
  if (!t) loaded.set(spec.json, (t = loadTokenizer(spec.json)));
  return t;
}

/** FLOPs and tokens of one entry, on the model its tokenizer sizes. */
export function entryCost(entry: QueueEntry): EntryCost {
  const config = validateRunConfig(entry.config);
  const tokenizer = costTokenizer(config.tokenizer);
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
