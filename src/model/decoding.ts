/**
 * Autoregressive decoding (spec §A.9, §A.10): greedy and beam search with the GNMT length
 * penalty ((5+len)/6)^α. Incremental by default: each decoder layer caches its self-attention
 * keys/values, the cross-attention keys/values are computed once from the encoder output, and
 * the relative bias of step t uses queryOffset = t (spec §F.2e). Steps are async (results are
 * read with `await data()`, never dataSync, so webgpu works).
 */
import * as tf from '@tensorflow/tfjs';
import { EOS_ID, PAD_ID } from './config.ts';
import type { T5Model } from './t5Model.ts';
import { Dropout } from './layers.ts';
import { embeddingLookup, matMul, rmsNorm } from './ops.ts';
import { padMaskBias } from './positionBias.ts';
import { attentionCore, splitHeads, type AttentionDims } from './attention.ts';
import { attentionPrefix, relativeBiasName } from './weightShapes.ts';

export interface GenerateOptions {
  /** Maximum number of generated tokens (EOS included). */
  maxSteps: number;
  /** 1 = greedy (default); the paper uses 4 for WMT and CNN/DM. */
  beamSize?: number;
  /** GNMT α; default 0.6 (paper). Only beam search uses it. */
  lengthPenalty?: number;
  /** Use the key/value cache (default true); false re-runs the decoder on the whole prefix each step. */
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

/** GNMT length penalty ((5 + length) / 6)^α. */
export function lengthPenaltyFactor(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

/** State of the decoder for a batch of rows (examples × beams). */
interface DecoderState {
  rows: number;
  encoded: tf.Tensor2D; // [rows·L, d]
  encIds: tf.Tensor2D; // [rows, L]
  crossBias: tf.Tensor4D;
  crossK: tf.Tensor3D[];
  crossV: tf.Tensor3D[];
  selfK: tf.Tensor3D[]; // [rows·H, d_kv, t]
  selfV: tf.Tensor3D[]; // [rows·H, t, d_kv]
  prefix: number[][]; // decoder inputs so far, per row (for the uncached path)
}

function checkOptions(o: GenerateOptions) {
  if (!o || !Number.isInteger(o.maxSteps) || o.maxSteps <= 0) {
    throw new RangeError(`maxSteps must be a positive integer (got ${o?.maxSteps})`);
  }
  const beamSize = o.beamSize ?? 1;
  if (!Number.isInteger(beamSize) || beamSize <= 0) throw new RangeError(`beamSize must be a positive integer (got ${o.beamSize})`);
  const alpha = o.lengthPenalty ?? 0.6;
  if (!Number.isFinite(alpha) || alpha < 0) throw new RangeError(`lengthPenalty must be a non-negative number (got ${o.lengthPenalty})`);
  if (o.returnStepLogits && beamSize !== 1) throw new RangeError('returnStepLogits is only supported with beamSize 1');
  return { maxSteps: o.maxSteps, beamSize, alpha, useCache: o.useCache ?? true };
}

/** Encodes once and prepares the cross-attention keys/values for `repeat` rows per example. */
function initState(model: T5Model, inputIds: tf.Tensor2D, repeat: number): DecoderState {
  const c = model.config;
  const [b, L] = inputIds.shape;
  const rows = b * repeat;
  return tf.tidy(() => {
    const rowOf = tf.tensor1d(Array.from({ length: rows }, (_, r) => Math.floor(r / repeat)), 'int32');
    const encIds = tf.gather(inputIds, rowOf) as tf.Tensor2D;
    const enc1 = model.encodeRows(inputIds, new Dropout(0, false, 0)).reshape([b, L * c.dModel]);
    const encoded = tf.gather(enc1, rowOf).reshape([rows * L, c.dModel]) as tf.Tensor2D;
    const dims: AttentionDims = { batch: rows, heads: c.numHeads, dKv: c.dKv };
    const crossK: tf.Tensor3D[] = [];
    const crossV: tf.Tensor3D[] = [];
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const { kT, v } = model.crossKeyValues(i, encoded, L, dims);
      crossK.push(kT);
      crossV.push(v);
    }
    const empty = (s: [number, number, number]) => tf.zeros(s) as tf.Tensor3D;
    const selfK = Array.from({ length: c.numDecoderLayers }, () => empty([rows * c.numHeads, c.dKv, 0]));
    const selfV = Array.from({ length: c.numDecoderLayers }, () => empty([rows * c.numHeads, 0, c.dKv]));
    return { rows, encoded, encIds, crossBias: padMaskBias(encIds), crossK, crossV, selfK, selfV, prefix: [] } as unknown as tf.TensorContainer;
  }) as unknown as DecoderState & { prefix: number[][] };
}

function stateTensors(s: DecoderState): tf.Tensor[] {
  return [s.encoded, s.encIds, s.crossBias, ...s.crossK, ...s.crossV, ...s.selfK, ...s.selfV];
}

/**
 * One cached decoder step at position t for the given input token per row. Returns logits
 * [rows, V] and the extended self-attention caches (the old ones are left to the caller).
 */
function cachedStep(model: T5Model, s: DecoderState, tokens: number[], t: number) {
  const c = model.config;
  return tf.tidy(() => {
    const dims: AttentionDims = { batch: s.rows, heads: c.numHeads, dKv: c.dKv };
    const ids = tf.tensor2d(tokens, [s.rows, 1], 'int32');
    const bias = model.biasCache.bias(model.w(relativeBiasName('decoder')), 1, t + 1, false, t);
    const none = new Dropout(0, false, 0);
    let y = embeddingLookup(model.w('shared.weight'), ids);
    const selfK: tf.Tensor3D[] = [];
    const selfV: tf.Tensor3D[] = [];
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const pre = `decoder.block.${i}`;
      let normed = rmsNorm(y, model.w(`${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
      const { q, kT, v } = model.projectQkv('decoder', i, normed, 1, dims);
      const K = tf.concat([s.selfK[i], kT], 2) as tf.Tensor3D;
      const V = tf.concat([s.selfV[i], v], 1) as tf.Tensor3D;
      selfK.push(K);
      selfV.push(V);
      const selfOut = attentionCore(q, K, V, bias, dims, none.apply).context;
      y = tf.add(y, matMul(selfOut, model.w(`${attentionPrefix('decoder', i, 'self')}.o.weight`)));
      normed = rmsNorm(y, model.w(`${pre}.layer.1.layer_norm.weight`), c.layerNormEpsilon) as tf.Tensor2D;
      const cp = attentionPrefix('decoder', i, 'cross');
      const cq = splitHeads(matMul(normed, model.w(`${cp}.q.weight`)), 1, dims);
      const crossOut = attentionCore(cq, s.crossK[i], s.crossV[i], s.crossBias, dims, none.apply).context;
      y = tf.add(y, matMul(crossOut, model.w(`${cp}.o.weight`)));
      y = tf.add(y, model.feedForwardOf('decoder', i, y, none));
    }
    const h = rmsNorm(y, model.w('decoder.final_layer_norm.weight'), c.layerNormEpsilon) as tf.Tensor2D;
    return { logits: model.logitsFromHidden(h), selfK, selfV } as unknown as tf.TensorContainer;
  }) as unknown as { logits: tf.Tensor2D; selfK: tf.Tensor3D[]; selfV: tf.Tensor3D[] };
}

/** Uncached step: runs the whole decoder on the prefix (reference path for tests). */
function uncachedStep(model: T5Model, s: DecoderState, t: number): tf.Tensor2D {
  const c = model.config;
  return tf.tidy(() => {
    const ids = tf.tensor2d(s.prefix.flat(), [s.rows, t + 1], 'int32');
    const hidden = model.decodeRows(ids, s.encoded, s.encIds, new Dropout(0, false, 0));
    const last = tf.slice(hidden.reshape([s.rows, t + 1, c.dModel]), [0, t, 0], [s.rows, 1, c.dModel]);
    return model.logitsFromHidden(last.reshape([s.rows, c.dModel]) as tf.Tensor2D);
  });
}

/** Advances every row by one token; returns log-probabilities [rows·V] (and raw logits if asked). */
async function step(model: T5Model, s: DecoderState, tokens: number[], t: number, useCache: boolean, wantLogits: boolean) {
  s.prefix = s.prefix.length ? s.prefix.map((p, r) => [...p, tokens[r]]) : tokens.map((tok) => [tok]);
  let logits: tf.Tensor2D;
  if (useCache) {
    const r = cachedStep(model, s, tokens, t);
    tf.dispose([...s.selfK, ...s.selfV]);
    s.selfK = r.selfK;
    s.selfV = r.selfV;
    logits = r.logits;
  } else {
    logits = uncachedStep(model, s, t);
  }
  const logp = tf.logSoftmax(logits);
  const [lp, raw] = await Promise.all([logp.data() as Promise<Float32Array>, wantLogits ? (logits.data() as Promise<Float32Array>) : null]);
  tf.dispose([logits, logp]);
  return { logp: lp, logits: raw };
}

/** Reorders the self-attention caches so row r continues from row `from[r]`. */
function reorderRows(model: T5Model, s: DecoderState, from: number[]): void {
  const H = model.config.numHeads;
  const next = tf.tidy(() => {
    const idx = tf.tensor1d(from, 'int32');
    const pick = (x: tf.Tensor3D) => {
      const [, a, bDim] = x.shape;
      return tf.gather(x.reshape([s.rows, H * a * bDim]), idx).reshape([s.rows * H, a, bDim]) as tf.Tensor3D;
    };
    return { k: s.selfK.map(pick), v: s.selfV.map(pick) } as unknown as tf.TensorContainer;
  }) as unknown as { k: tf.Tensor3D[]; v: tf.Tensor3D[] };
  tf.dispose([...s.selfK, ...s.selfV]);
  s.selfK = next.k;
  s.selfV = next.v;
  s.prefix = from.map((r) => [...s.prefix[r]]);
}

/** Greedy or beam-search decoding of `inputIds` [batch, L] (int32, right-padded with 0). */
export async function generate(model: T5Model, inputIds: tf.Tensor2D, options: GenerateOptions): Promise<GenerateResult> {
  const o = checkOptions(options);
  return o.beamSize === 1 ? greedy(model, inputIds, o, options.returnStepLogits ?? false) : beam(model, inputIds, o);
}

async function greedy(model: T5Model, inputIds: tf.Tensor2D, o: ReturnType<typeof checkOptions>, wantLogits: boolean) {
  const V = model.config.vocabSize;
  const b = inputIds.shape[0];
  const s = initState(model, inputIds, 1);
  const sequences: number[][] = Array.from({ length: b }, () => []);
  const scores = new Array<number>(b).fill(0);
  const done = new Array<boolean>(b).fill(false);
  const stepLogits: Float32Array[] = [];
  let tokens = new Array<number>(b).fill(PAD_ID);
  try {
    for (let t = 0; t < o.maxSteps && !done.every(Boolean); t++) {
      const { logp, logits } = await step(model, s, tokens, t, o.useCache, wantLogits);
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
    tf.dispose(stateTensors(s));
  }
  return wantLogits ? { sequences, scores, stepLogits } : { sequences, scores };
}

interface Hypothesis {
  tokens: number[];
  logp: number;
}

async function beam(model: T5Model, inputIds: tf.Tensor2D, o: ReturnType<typeof checkOptions>): Promise<GenerateResult> {
  const V = model.config.vocabSize;
  const k = o.beamSize;
  const b = inputIds.shape[0];
  const lp = (len: number) => lengthPenaltyFactor(len, o.alpha);
  const s = initState(model, inputIds, k);
  // Only the first beam of each example is alive at the start, so beams do not duplicate.
  let alive: Hypothesis[][] = Array.from({ length: b }, () =>
    Array.from({ length: k }, (_, j) => ({ tokens: [], logp: j === 0 ? 0 : -Infinity })),
  );
  const finished: { tokens: number[]; score: number }[][] = Array.from({ length: b }, () => []);
  const done = new Array<boolean>(b).fill(false);
  let tokens = new Array<number>(b * k).fill(PAD_ID);
  try {
    for (let t = 0; t < o.maxSteps && !done.every(Boolean); t++) {
      const { logp } = await step(model, s, tokens, t, o.useCache, false);
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
      if (t + 1 < o.maxSteps && !done.every(Boolean)) reorderRows(model, s, from);
    }
  } finally {
    tf.dispose(stateTensors(s));
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
