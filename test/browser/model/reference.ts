/**
 * A plain float64 JS re-implementation of spec §A (no tfjs), written from the spec text and
 * independent of src/model's tensor code, used as the reference in the model tests.
 */
import type { T5Config } from '../../../src/model/config.ts';
import { relativePositionBucket } from '../../../src/model/relativePositionBucket.ts';
import * as tf from '@tensorflow/tfjs';

export type Weights64 = Map<string, { shape: number[]; v: Float64Array }>;
type Mat = number[][]; // rows

export async function readWeights(map: Map<string, tf.Tensor>): Promise<Weights64> {
  const out: Weights64 = new Map();
  for (const [k, t] of map) out.set(k, { shape: t.shape, v: Float64Array.from(await t.data()) });
  return out;
}

function mat(w: Weights64, name: string): Mat {
  const { shape, v } = w.get(name)!;
  return Array.from({ length: shape[0] }, (_, i) => Array.from(v.subarray(i * shape[1], (i + 1) * shape[1])));
}
const vec = (w: Weights64, name: string) => Array.from(w.get(name)!.v);
const mm = (a: Mat, b: Mat): Mat => a.map((r) => b[0].map((_, j) => r.reduce((s, x, k) => s + x * b[k][j], 0)));
const add = (a: Mat, b: Mat): Mat => a.map((r, i) => r.map((x, j) => x + b[i][j]));
function rms(x: Mat, g: number[], eps: number): Mat {
  return x.map((r) => {
    const s = 1 / Math.sqrt(r.reduce((a, v) => a + v * v, 0) / r.length + eps);
    return r.map((v, j) => v * s * g[j]);
  });
}
const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/** Multi-head attention of one example; `bias(h, i, j)` adds position bias and masks. */
function attention(c: T5Config, w: Weights64, pre: string, xq: Mat, xkv: Mat, bias: (h: number, i: number, j: number) => number) {
  const q = mm(xq, mat(w, `${pre}.q.weight`));
  const k = mm(xkv, mat(w, `${pre}.k.weight`));
  const v = mm(xkv, mat(w, `${pre}.v.weight`));
  const probs: number[][][] = [];
  const ctx: Mat = xq.map(() => new Array(c.numHeads * c.dKv).fill(0));
  for (let h = 0; h < c.numHeads; h++) {
    const ph: number[][] = [];
    for (let i = 0; i < xq.length; i++) {
      const s = xkv.map((_, j) => {
        let dot = 0;
        for (let d = 0; d < c.dKv; d++) dot += q[i][h * c.dKv + d] * k[j][h * c.dKv + d];
        return dot + bias(h, i, j); // no 1/sqrt(d_kv)
      });
      const m = Math.max(...s);
      const e = s.map((x) => Math.exp(x - m));
      const z = e.reduce((a, b) => a + b, 0);
      const p = e.map((x) => x / z);
      ph.push(p);
      for (let d = 0; d < c.dKv; d++) ctx[i][h * c.dKv + d] = p.reduce((a, pj, j) => a + pj * v[j][h * c.dKv + d], 0);
    }
    probs.push(ph);
  }
  return { out: mm(ctx, mat(w, `${pre}.o.weight`)), probs };
}

function ff(c: T5Config, w: Weights64, pre: string, x: Mat): Mat {
  const p = `${pre}.DenseReluDense`;
  const hidden =
    c.feedForwardProj === 'gated-gelu'
      ? ((g: Mat, l: Mat) => g.map((r, i) => r.map((x, j) => gelu(x) * l[i][j])))(
          mm(x, mat(w, `${p}.wi_0.weight`)),
          mm(x, mat(w, `${p}.wi_1.weight`)),
        )
      : mm(x, mat(w, `${p}.wi.weight`)).map((r) => r.map((x) => Math.max(0, x)));
  return mm(hidden, mat(w, `${p}.wo.weight`));
}

export interface ReferenceOutput {
  encoded: Mat[]; // per example [L, d]
  logits: Mat[]; // per example [T, V]
  loss: number;
  encProbs: number[][][][][]; // [layer][example][h][i][j]
}

/** Teacher-forced forward of a batch of id arrays (0 = pad). */
export function referenceForward(c: T5Config, w: Weights64, inputIds: number[][], labels: number[][]): ReferenceOutput {
  const E = mat(w, 'shared.weight');
  const bucketOpts = (bidirectional: boolean) => ({
    bidirectional,
    numBuckets: c.relativeAttentionNumBuckets,
    maxDistance: c.relativeAttentionMaxDistance,
  });
  const encTable = mat(w, 'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight');
  const decTable = mat(w, 'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight');
  const encoded: Mat[] = [];
  const logits: Mat[] = [];
  const encProbs: number[][][][][] = Array.from({ length: c.numLayers }, () => []);
  let lossSum = 0;
  let count = 0;
  inputIds.forEach((ids, e) => {
    const pad = (j: number) => (ids[j] === 0 ? -1e9 : 0);
    let x: Mat = ids.map((id) => [...E[id]]);
    for (let l = 0; l < c.numLayers; l++) {
      const xn = rms(x, vec(w, `encoder.block.${l}.layer.0.layer_norm.weight`), c.layerNormEpsilon);
      const r = attention(
        c,
        w,
        `encoder.block.${l}.layer.0.SelfAttention`,
        xn,
        xn,
        (h, i, j) => encTable[relativePositionBucket(j - i, bucketOpts(true))][h] + pad(j),
      );
      encProbs[l].push(r.probs);
      x = add(x, r.out);
      x = add(
        x,
        ff(c, w, `encoder.block.${l}.layer.1`, rms(x, vec(w, `encoder.block.${l}.layer.1.layer_norm.weight`), c.layerNormEpsilon)),
      );
    }
    const enc = rms(x, vec(w, 'encoder.final_layer_norm.weight'), c.layerNormEpsilon);
    encoded.push(enc);
    const lab = labels[e];
    const dec = [0, ...lab.slice(0, -1)];
    let y: Mat = dec.map((id) => [...E[id]]);
    for (let l = 0; l < c.numDecoderLayers; l++) {
      const pre = `decoder.block.${l}`;
      const yn = rms(y, vec(w, `${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon);
      y = add(
        y,
        attention(
          c,
          w,
          `${pre}.layer.0.SelfAttention`,
          yn,
          yn,
          (h, i, j) => decTable[relativePositionBucket(j - i, bucketOpts(false))][h] + (j > i ? -1e9 : 0),
        ).out,
      );
      const yc = rms(y, vec(w, `${pre}.layer.1.layer_norm.weight`), c.layerNormEpsilon);
      y = add(y, attention(c, w, `${pre}.layer.1.EncDecAttention`, yc, enc, (_h, _i, j) => pad(j)).out);
      y = add(y, ff(c, w, `${pre}.layer.2`, rms(y, vec(w, `${pre}.layer.2.layer_norm.weight`), c.layerNormEpsilon)));
    }
    const hfin = rms(y, vec(w, 'decoder.final_layer_norm.weight'), c.layerNormEpsilon);
    const lg = c.tieWordEmbeddings
      ? hfin.map((r) => E.map((er) => er.reduce((s, ev, k) => s + ev * r[k] * c.dModel ** -0.5, 0)))
      : mm(hfin, mat(w, 'lm_head.weight'));
    logits.push(lg);
    lg.forEach((row, t) => {
      if (lab[t] === 0) return;
      const m = Math.max(...row);
      const lz = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      lossSum += lz - row[lab[t]];
      count++;
    });
  });
  return { encoded, logits, loss: lossSum / Math.max(count, 1), encProbs };
}
