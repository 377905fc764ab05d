import { median, type BenchRow, type BenchSuite } from '../suite.ts';
import { Rng } from '../../src/objectives/rng.ts';
import { randomSpansNoiseMask } from '../../src/objectives/noiseMasks.ts';
import { PretrainingStream } from '../../src/objectives/pipeline.ts';
import { vocabOfSize } from '../../src/objectives/vocab.ts';
import type { ObjectiveName } from '../../src/objectives/objectives.ts';

/**
 * Throughput of the pre-training data pipeline (spec §B.1): documents → 568-token segments →
 * span corruption → 512/114-token examples, in raw tokens per second. Goal: ≥ 10 M tokens/s in
 * the browser, so data preparation never limits a training step. Pure JS, so backend "cpu".
 */
const TOTAL_TOKENS = 4_000_000;

function syntheticCorpus(totalTokens: number): Int32Array[] {
  const rng = new Rng('bench-corpus');
  const docs: Int32Array[] = [];
  let left = totalTokens;
  while (left > 0) {
    // C4-like document lengths: a few hundred to a few thousand tokens.
    const len = Math.min(left, 100 + rng.below(2000));
    const doc = new Int32Array(len);
    for (let i = 0; i < len; i++) doc[i] = 3 + rng.below(32000);
    docs.push(doc);
    left -= len;
  }
  return docs;
}

function timePipeline(docs: Int32Array[], objective: ObjectiveName, reps: number): { ms: number; examples: number } {
  const vocab = vocabOfSize(32100);
  const once = () => {
    const t0 = performance.now();
    let examples = 0;
    for (const _ of new PretrainingStream(docs, { objective, inputsLength: 512, vocab, seed: examples })) examples++;
    return { ms: performance.now() - t0, examples };
  };
  once(); // warm-up: JIT
  const runs = Array.from({ length: reps }, once);
  return { ms: median(runs.map((r) => r.ms)), examples: runs[0].examples };
}

function timeMasks(count: number, reps: number): number {
  const rng = new Rng(1);
  const once = () => {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) randomSpansNoiseMask(568, 0.15, 3, rng);
    return performance.now() - t0;
  };
  once();
  return median(Array.from({ length: reps }, once));
}

export const objectivesSuite: BenchSuite = {
  name: 'objectives',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const docs = syntheticCorpus(TOTAL_TOKENS);
    const reps = 5;
    for (const objective of ['span_corruption', 'iid_replace_spans'] as const) {
      const { ms, examples } = timePipeline(docs, objective, reps);
      const rate = TOTAL_TOKENS / (ms / 1000);
      ctx.log(`${objective} pipeline: ${(rate / 1e6).toFixed(2)} M tokens/s (${examples} examples in ${ms.toFixed(0)} ms)`);
      rows.push({
        suite: 'objectives',
        case: `${objective} pipeline 512 (docs → examples)`,
        backend: 'cpu',
        env: ctx.env,
        value: rate / 1e6,
        unit: 'M tokens/s',
        note: `median of ${reps}, ${(TOTAL_TOKENS / 1e6).toFixed(0)} M tokens, ${examples} examples`,
      });
    }
    const masks = 20000;
    const ms = timeMasks(masks, reps);
    rows.push({
      suite: 'objectives',
      case: 'randomSpansNoiseMask 568 / 0.15 / 3',
      backend: 'cpu',
      env: ctx.env,
      value: (masks * 568) / (ms / 1000) / 1e6,
      unit: 'M tokens/s',
      note: `median of ${reps}, ${masks} masks, ${((ms * 1000) / masks).toFixed(2)} µs per mask`,
    });
    return rows;
  },
};
