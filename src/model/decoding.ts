/**
 * Autoregressive decoding (spec §A.9, §A.10): greedy and beam search with the GNMT length
 * penalty ((5+len)/6)^α, over any architecture's {@link Stepper}: the search knows tokens and
 * logits only. Every architecture steps with a key/value cache by default (encoderDecoder.ts,
 * decoderOnly.ts); `useCache: false` re-runs the whole prefix each step. Steps are async (results are
 * read with `await data()`, never dataSync, so webgpu works).
 */
import * as tf from '@tensorflow/tfjs';
import { EOS_ID, PAD_ID } from './config.ts';
import { bool, fail, numberIn, optional, plainObject, positiveInt } from '../validation/checks.ts';

export interface GenerateOptions {
  /** Maximum number of generated tokens (EOS included). */
  maxSteps: number;
  /** 1 = greedy (default); the paper uses 4 for WMT and CNN/DM. */
  beamSize?: number;
  /** GNMT α; default 0.6 (paper). Only beam search uses it. */
  lengthPenalty?: number;
  /** Use the key/value cache where the architecture has one (default true); false re-runs the decoder on the whole prefix each step. */
  useCache?: boolean;
  /** Greedy only: also return the logits [batch·vocab] of every step (for tests and cells). */
  returnStepLogits?: boolean;
}

export interface GenerateResult {
  /** Generated ids per example, without the start token, ending with EOS (1) if one was produced. */
  sequences: number[][];
  /** Greedy: sum of token log-probabilities. Beam: that sum divided by ((5+len)/6)^α. */
  scores: number[];
  /** Per step, logits [batch·vocab] (greedy with `returnStepLogits`). */
  stepLogits?: Float32Array[];
}

/** Checked {@link GenerateOptions} with their defaults filled in. */
export interface DecodingOptions {
  maxSteps: number;
  beamSize: number;
  alpha: number;
  useCache: boolean;
  returnStepLogits: boolean;
}

/** GNMT length penalty ((5 + length) / 6)^α. */
export function lengthPenaltyFactor(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

/** Checks decoding options, the same for every architecture; messages name the option. */
export function checkGenerateOptions(o: GenerateOptions): DecodingOptions {
  plainObject(o, 'generate options');
  const maxSteps = positiveInt(o.maxSteps, 'maxSteps');
  const beamSize = optional(o.beamSize, 'beamSize', positiveInt) ?? 1;
  const alpha = optional(o.lengthPenalty, 'lengthPenalty', (v, n) => numberIn(v, n, 0, Infinity)) ?? 0.6;
  const useCache = optional(o.useCache, 'useCache', bool) ?? true;
  const returnStepLogits = optional(o.returnStepLogits, 'returnStepLogits', bool) ?? false;
  if (returnStepLogits && beamSize !== 1) fail('beamSize', '1 when returnStepLogits is set', beamSize);
  return { maxSteps, beamSize, alpha, useCache, returnStepLogits };
}

/**
 * One architecture's decoder for a batch of rows (examples × beams), advanced one token per
 * row at a time. Row r of example e is e·repeat + r.
 */
export interface Stepper {
  /** Feeds `tokens[r]` as row r's input at position t; returns logits [rows, V] (caller disposes). */
  step(tokens: number[], t: number): tf.Tensor2D;
  /** Row r continues from row `from[r]` (beam search). */
  reorder(from: number[]): void;
  /** Frees what the stepper holds. */
  dispose(): void;
}

/** Makes a stepper with `repeat` rows per example of the batch. */
export type StepperFactory = (repeat: number) => Stepper;

/** Row r of a batch with `repeat` rows per example (beams) reads example ⌊r / repeat⌋. Call inside a tidy. */
export function repeatedRows(examples: number, repeat: number): tf.Tensor1D {
  return tf.tensor1d(
    Array.from({ length: examples * repeat }, (_, r) => Math.floor(r / repeat)),
    'int32',
  );
}

/** Each row's decoder inputs so far, for steppers that re-run the whole prefix. */
export class Prefixes {
  rows: number[][] = [];

  push(tokens: number[]): void {
    this.rows = this.rows.length ? this.rows.map((p, r) => [...p, tokens[r]]) : tokens.map((tok) => [tok]);
  }

  reorder(from: number[]): void {
    this.rows = from.map((r) => [...this.rows[r]]);
  }
}

/** Advances every row by one token; returns log-probabilities [rows·V] (and raw logits if asked). */
async function step(s: Stepper, tokens: number[], t: number, wantLogits: boolean) {
  const logits = s.step(tokens, t);
  const logp = tf.logSoftmax(logits);
  const [lp, raw] = await Promise.all([logp.data() as Promise<Float32Array>, wantLogits ? (logits.data() as Promise<Float32Array>) : null]);
  tf.dispose([logits, logp]);
  return { logp: lp, logits: raw };
}

/** Greedy or beam search over a batch of `batch` examples with `vocabSize` logits per step. */
export async function search(newStepper: StepperFactory, batch: number, vocabSize: number, o: DecodingOptions): Promise<GenerateResult> {
  return o.beamSize === 1 ? greedy(newStepper, batch, vocabSize, o) : beam(newStepper, batch, vocabSize, o);
}

async function greedy(newStepper: StepperFactory, b: number, V: number, o: DecodingOptions): Promise<GenerateResult> {
  const wantLogits = o.returnStepLogits;
  const s = newStepper(1);
  const sequences: number[][] = Array.from({ length: b }, () => []);
  const scores = new Array<number>(b).fill(0);
  const done = new Array<boolean>(b).fill(false);
  const stepLogits: Float32Array[] = [];
  let tokens = new Array<number>(b).fill(PAD_ID);
  try {
    for (let t = 0; t < o.maxSteps && !done.every(Boolean); t++) {
      const { logp, logits } = await step(s, tokens, t, wantLogits);
      if (logits) stepLogits.push(logits);
      tokens = tokens.map((_, r) => {
        let best = 0;
        for (let v = 1; v < V; v++) if (logp[r * V + v] > logp[r * V + best]) best = v;
        if (!done[r]) {
          sequences[r].push(best);
          scores[r] += logp[r * V + best];
          if (best === EOS_ID) done[r] = true;
        }
        return best;
      });
    }
  } finally {
    s.dispose();
  }
  return wantLogits ? { sequences, scores, stepLogits } : { sequences, scores };
}

interface Hypothesis {
  tokens: number[];
  logp: number;
}

async function beam(newStepper: StepperFactory, b: number, V: number, o: DecodingOptions): Promise<GenerateResult> {
  const k = o.beamSize;
  const lp = (len: number) => lengthPenaltyFactor(len, o.alpha);
  const s = newStepper(k);
  // Only the first beam of each example is alive at the start, so beams do not duplicate.
  let alive: Hypothesis[][] = Array.from({ length: b }, () =>
    Array.from({ length: k }, (_, j) => ({ tokens: [], logp: j === 0 ? 0 : -Infinity })),
  );
  const finished: { tokens: number[]; score: number }[][] = Array.from({ length: b }, () => []);
  const done = new Array<boolean>(b).fill(false);
  let tokens = new Array<number>(b * k).fill(PAD_ID);
  try {
    for (let t = 0; t < o.maxSteps && !done.every(Boolean); t++) {
      const { logp } = await step(s, tokens, t, false);
      const from: number[] = [];
      const nextTokens: number[] = [];
      const nextAlive: Hypothesis[][] = [];
      for (let e = 0; e < b; e++) {
        const cands: { row: number; token: number; logp: number }[] = [];
        for (let j = 0; j < k; j++) {
          const h = alive[e][j];
          if (h.logp === -Infinity || done[e]) continue;
          const row = e * k + j;
          for (const [token, l] of topK(logp, row * V, V, 2 * k)) cands.push({ row, token, logp: h.logp + l });
        }
        cands.sort((a, z) => z.logp - a.logp);
        const keep: Hypothesis[] = [];
        for (let rank = 0; rank < cands.length && keep.length < k; rank++) {
          const cand = cands[rank];
          const tokensSoFar = [...alive[e][cand.row - e * k].tokens, cand.token];
          if (cand.token === EOS_ID) {
            if (rank < k) finished[e].push({ tokens: tokensSoFar, score: cand.logp / lp(tokensSoFar.length) });
          } else {
            keep.push({ tokens: tokensSoFar, logp: cand.logp });
            from.push(cand.row);
            nextTokens.push(cand.token);
          }
        }
        while (keep.length < k) {
          // Pad with dead beams (done example, or too few candidates).
          keep.push({ tokens: [], logp: -Infinity });
          from.push(e * k);
          nextTokens.push(PAD_ID);
        }
        nextAlive.push(keep);
        finished[e].sort((a, z) => z.score - a.score);
        finished[e].length = Math.min(finished[e].length, k);
        if (!done[e] && finished[e].length >= k) {
          // No alive beam can still win: future tokens only lower log p, and lp grows to lp(maxSteps).
          const bestAlive = Math.max(...keep.map((h) => h.logp));
          const bound = bestAlive / (bestAlive < 0 ? lp(o.maxSteps) : lp(t + 1));
          if (bound <= finished[e][finished[e].length - 1].score) done[e] = true;
        }
      }
      alive = nextAlive;
      tokens = nextTokens;
      if (t + 1 < o.maxSteps && !done.every(Boolean)) s.reorder(from);
    }
  } finally {
    s.dispose();
  }
  const sequences: number[][] = [];
  const scores: number[] = [];
  for (let e = 0; e < b; e++) {
    const pool = [...finished[e]];
    if (pool.length === 0) {
      for (const h of alive[e]) if (h.logp > -Infinity) pool.push({ tokens: h.tokens, score: h.logp / lp(h.tokens.length) });
    }
    pool.sort((a, z) => z.score - a.score);
    sequences.push(pool[0]?.tokens ?? []);
    scores.push(pool[0]?.score ?? -Infinity);
  }
  return { sequences, scores };
}

/** The `n` largest entries of values[offset, offset+len) as [index, value], best first. */
function topK(values: Float32Array, offset: number, len: number, n: number): [number, number][] {
  const best: [number, number][] = [];
  for (let i = 0; i < len; i++) {
    const v = values[offset + i];
    if (best.length < n || v > best[best.length - 1][1]) {
      let pos = best.length;
      while (pos > 0 && best[pos - 1][1] < v) pos--;
      best.splice(pos, 0, [i, v]);
      if (best.length > n) best.pop();
    }
  }
  return best;
}
