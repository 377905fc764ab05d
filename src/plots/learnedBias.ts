/**
 * The learned relative position bias of a model (spec §A.8): each stack's [buckets, heads] table,
 * read once from the model, and the two views the buckets cell draws, bucket × head and
 * offset × head (each offset key − query looked up through the bucket function).
 */
import type { T5Model } from '../model/t5Model.ts';
import { relativeBiasName, type StackKind } from '../model/weightShapes.ts';
import { relativePositionBucket } from '../model/relativePositionBucket.ts';
import { positiveInt } from '../validation/checks.ts';

export interface BiasTable {
  stack: StackKind;
  numBuckets: number;
  maxDistance: number;
  heads: number;
  /** Row-major [bucket, head]. */
  values: Float32Array;
}

export interface BiasBucketRow {
  stack: StackKind;
  bucket: number;
  head: number;
  bias: number;
}

export interface BiasOffsetRow extends BiasBucketRow {
  /** key − query (negative: the key is earlier). */
  offset: number;
}

/** Copies both stacks' bias tables out of the model (async read, safe on every backend). */
export async function readBiasTables(model: T5Model): Promise<BiasTable[]> {
  const c = model.config;
  const weights = model.getWeights();
  return Promise.all(
    (['encoder', 'decoder'] as const).map(async (stack) => ({
      stack,
      numBuckets: c.relativeAttentionNumBuckets,
      maxDistance: c.relativeAttentionMaxDistance,
      heads: c.numHeads,
      values: Float32Array.from(await weights.get(relativeBiasName(stack))!.data()),
    })),
  );
}

/** One row per (bucket, head). */
export function biasBucketRows(t: BiasTable): BiasBucketRow[] {
  const rows: BiasBucketRow[] = [];
  for (let b = 0; b < t.numBuckets; b++)
    for (let h = 0; h < t.heads; h++) rows.push({ stack: t.stack, bucket: b, head: h, bias: t.values[b * t.heads + h] });
  return rows;
}

/**
 * One row per (offset, head) for offsets −span … span (encoder) or −span … 0 (decoder: later keys
 * are masked, so only the past has a bias that matters).
 */
export function biasOffsetRows(t: BiasTable, span: number): BiasOffsetRow[] {
  positiveInt(span, 'span');
  const bidirectional = t.stack === 'encoder';
  const rows: BiasOffsetRow[] = [];
  for (let offset = -span; offset <= (bidirectional ? span : 0); offset++) {
    const bucket = relativePositionBucket(offset, { bidirectional, numBuckets: t.numBuckets, maxDistance: t.maxDistance });
    for (let h = 0; h < t.heads; h++) rows.push({ stack: t.stack, offset, bucket, head: h, bias: t.values[bucket * t.heads + h] });
  }
  return rows;
}

/** Largest |bias| over the tables, for one symmetric colour scale across views. */
export function biasExtent(tables: readonly BiasTable[]): number {
  let m = 0;
  for (const t of tables) for (const v of t.values) m = Math.max(m, Math.abs(v));
  return m || 1;
}

/** One symmetric diverging colour scale (blue negative, red positive) over every table, so encoder and decoder compare. */
export function biasColorScale(tables: readonly BiasTable[]) {
  const m = biasExtent(tables);
  return { type: 'linear' as const, scheme: 'BuRd' as const, domain: [-m, m], label: 'bias (added to the logit)', legend: true };
}
