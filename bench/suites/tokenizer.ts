import { median, type BenchRow, type BenchSuite } from '../suite.ts';
import type { Dataset } from '../../src/data/parseDataset.ts';
import { trainUnigram } from '../../src/tokenizers/unigramTrainer.ts';
import type { UnigramTokenizer } from '../../src/tokenizers/unigramTokenizer.ts';

/**
 * Unigram tokenizer: training time on the bundled corpora at 2,048 and 8,192 ids (goal: seconds,
 * not minutes, in the browser), and encode/decode throughput. Pure JS, so backend "cpu".
 */
async function loader(env: 'browser' | 'node'): Promise<(name: string) => Promise<Dataset>> {
  // Each environment imports only its own file reader (the browser one uses Vite `?url` assets).
  const mod =
    env === 'browser' ? await import('../../src/data/bundledFiles.browser.ts') : await import('../../src/data/bundledFiles.node.ts');
  return mod.loadBundled;
}

const lines = (ds: Dataset) => (ds.kind === 'task' ? ds.examples.flatMap((e) => [e.inputs, e.targets]) : ds.documents);

function timeEncode(tok: UnigramTokenizer, docs: string[]): { ms: number; tokens: number; ids: number[][] } {
  const t0 = performance.now();
  const ids = docs.map((d) => tok.encode(d));
  return { ms: performance.now() - t0, tokens: ids.reduce((s, x) => s + x.length, 0), ids };
}

export const tokenizerSuite: BenchSuite = {
  name: 'tokenizer',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const load = await loader(ctx.env);
    const row = (c: string, value: number, unit: string, note: string) =>
      rows.push({ suite: 'tokenizer', case: c, backend: 'cpu', env: ctx.env, value, unit, note });
    let sotu8192: UnigramTokenizer | undefined;
    for (const corpus of ['pretrain_factbook', 'pretrain_sotu'] as const) {
      const docs = lines(await load(corpus));
      const mb = docs.reduce((s, d) => s + d.length, 0) / 1e6;
      for (const vocabSize of [2048, 8192]) {
        const reps = corpus === 'pretrain_factbook' ? 2 : 1;
        const runs = Array.from({ length: reps }, () => trainUnigram(docs, { vocabSize }));
        const ms = median(runs.map((r) => r.stats.ms));
        const s = runs[0].stats;
        ctx.log(`train ${corpus} ${vocabSize}: ${ms.toFixed(0)} ms (${s.rounds} pruning rounds, ${s.seedPieces} seed pieces)`);
        row(
          `train unigram ${corpus} vocab ${vocabSize}`,
          ms,
          'ms',
          `${reps === 1 ? '1 run' : `median of ${reps}`}; ${mb.toFixed(2)} M chars, ${s.uniqueWords} distinct words, ${s.rounds} pruning rounds`,
        );
        if (corpus === 'pretrain_sotu' && vocabSize === 8192) sotu8192 = runs[0].tokenizer;
      }
    }
    // Throughput of the SOTU-trained 8,192 vocabulary on text it was not trained on (cold word
    // cache), then on the same text again (every word cached), and decoding.
    const tok = sotu8192!;
    const unseen = [...lines(await load('translate_en_de')), ...lines(await load('define'))];
    const chars = unseen.reduce((s, d) => s + d.length, 0);
    const cold = timeEncode(tok, unseen);
    const warm = Array.from({ length: 3 }, () => timeEncode(tok, unseen).ms);
    row(
      'encode, cold word cache (translate_en_de + define)',
      cold.tokens / (cold.ms / 1000) / 1e6,
      'M tokens/s',
      `${cold.tokens} tokens, ${(chars / cold.tokens).toFixed(2)} chars/token, 1 run`,
    );
    row('encode, warm word cache (same text again)', cold.tokens / (median(warm) / 1000) / 1e6, 'M tokens/s', 'median of 3');
    const decodeRuns = Array.from({ length: 3 }, () => {
      const t0 = performance.now();
      for (const ids of cold.ids) tok.decode(ids);
      return performance.now() - t0;
    });
    row('decode', cold.tokens / (median(decodeRuns) / 1000) / 1e6, 'M tokens/s', 'median of 3');
    return rows;
  },
};
