/**
 * The T5 paper's own results (Raffel et al., JMLR 2020), copied from spec §D: validation-set
 * scores of the T5-Base-sized baseline and its variants. These are THE PAPER'S numbers, shown by
 * comparison cells beside a user's small-scale runs; nothing here is computed by t5lab.
 *
 * Columns: GLUE and SuperGLUE = average score, CNN/DM = ROUGE-2-F, SQuAD = exact match, WMT =
 * SacreBLEU. ★ (`baseline: true`) marks the baseline configuration of each table.
 */
import type { MixingStrategy } from '../tasks/mixingRates.ts';
import type { ComputeStrategyId } from '../scaling/computeStrategies.ts';

export const PAPER_BENCHMARKS = ['GLUE', 'CNNDM', 'SQuAD', 'SGLUE', 'EnDe', 'EnFr', 'EnRo'] as const;
export type PaperBenchmark = (typeof PAPER_BENCHMARKS)[number];

/** What each column measures. */
export const PAPER_BENCHMARK_METRICS: Readonly<Record<PaperBenchmark, string>> = Object.freeze({
  GLUE: 'GLUE average score',
  CNNDM: 'CNN/Daily Mail ROUGE-2-F',
  SQuAD: 'SQuAD v1.1 exact match',
  SGLUE: 'SuperGLUE average score',
  EnDe: 'WMT En-De SacreBLEU',
  EnFr: 'WMT En-Fr SacreBLEU',
  EnRo: 'WMT En-Ro SacreBLEU',
});

export interface PaperRow<K = Record<string, unknown>> {
  label: string;
  /** ★ in the paper: the baseline configuration. */
  baseline?: boolean;
  /** Structured description of the row (architecture, rate, strategy …), per table. */
  key: K;
  scores: Readonly<Record<PaperBenchmark, number>>;
}

export interface PaperTable<K = Record<string, unknown>> {
  /** Table number in the paper. */
  table: number;
  title: string;
  /** Always names the paper, so a figure or table that shows these numbers can say whose they are. */
  source: string;
  note?: string;
  rows: readonly PaperRow<K>[];
}

const SOURCE = 'Raffel et al. (2020), "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer", JMLR';

function scores(v: readonly number[]): Record<PaperBenchmark, number> {
  if (v.length !== PAPER_BENCHMARKS.length) throw new Error(`paper row has ${v.length} scores, expected ${PAPER_BENCHMARKS.length}`);
  return Object.freeze(Object.fromEntries(PAPER_BENCHMARKS.map((b, i) => [b, v[i]]))) as Record<PaperBenchmark, number>;
}
function row<K>(label: string, key: K, v: readonly number[], baseline = false): PaperRow<K> {
  return Object.freeze({ label, key, scores: scores(v), ...(baseline ? { baseline: true } : {}) });
}
function table<K>(n: number, title: string, rows: PaperRow<K>[], note?: string): PaperTable<K> {
  return Object.freeze({ table: n, title, source: `${SOURCE}, Table ${n}`, ...(note ? { note } : {}), rows: Object.freeze(rows) });
}

const BASELINE = [83.28, 19.24, 80.88, 71.36, 26.98, 39.82, 27.65];

export const TABLE_1 = table<{ kind: 'mean' | 'std' | 'no-pretraining' }>(
  1,
  'Baseline: average and standard deviation over 10 runs, and no pre-training',
  [
    row('Baseline average', { kind: 'mean' }, BASELINE, true),
    row('Baseline standard deviation', { kind: 'std' }, [0.235, 0.065, 0.343, 0.416, 0.112, 0.09, 0.108]),
    row('No pre-training', { kind: 'no-pretraining' }, [66.22, 17.6, 50.31, 53.04, 25.86, 39.77, 24.04]),
  ],
);

export type PaperArchitecture = 'encoder-decoder' | 'encoder-decoder-shared' | 'encoder-decoder-6-layers' | 'language-model' | 'prefix-lm';
export const TABLE_2 = table<{ architecture: PaperArchitecture; objective: 'denoising' | 'lm'; params: 'P' | '2P'; cost: 'M' | 'M/2' }>(
  2,
  'Architectures × objective',
  [
    row('Encoder-decoder, denoising', { architecture: 'encoder-decoder', objective: 'denoising', params: '2P', cost: 'M' }, BASELINE, true),
    row(
      'Enc-dec, shared, denoising',
      { architecture: 'encoder-decoder-shared', objective: 'denoising', params: 'P', cost: 'M' },
      [82.81, 18.78, 80.63, 70.73, 26.72, 39.03, 27.46],
    ),
    row(
      'Enc-dec, 6 layers, denoising',
      { architecture: 'encoder-decoder-6-layers', objective: 'denoising', params: 'P', cost: 'M/2' },
      [80.88, 18.97, 77.59, 68.42, 26.38, 38.4, 26.95],
    ),
    row(
      'Language model, denoising',
      { architecture: 'language-model', objective: 'denoising', params: 'P', cost: 'M' },
      [74.7, 17.93, 61.14, 55.02, 25.09, 35.28, 25.86],
    ),
    row(
      'Prefix LM, denoising',
      { architecture: 'prefix-lm', objective: 'denoising', params: 'P', cost: 'M' },
      [81.82, 18.61, 78.94, 68.11, 26.43, 37.98, 27.39],
    ),
    row(
      'Encoder-decoder, LM',
      { architecture: 'encoder-decoder', objective: 'lm', params: '2P', cost: 'M' },
      [79.56, 18.59, 76.02, 64.29, 26.27, 39.17, 26.86],
    ),
    row(
      'Enc-dec, shared, LM',
      { architecture: 'encoder-decoder-shared', objective: 'lm', params: 'P', cost: 'M' },
      [79.6, 18.13, 76.35, 63.5, 26.62, 39.17, 27.05],
    ),
    row(
      'Enc-dec, 6 layers, LM',
      { architecture: 'encoder-decoder-6-layers', objective: 'lm', params: 'P', cost: 'M/2' },
      [78.67, 18.26, 75.32, 64.06, 26.13, 38.42, 26.89],
    ),
    row(
      'Language model, LM',
      { architecture: 'language-model', objective: 'lm', params: 'P', cost: 'M' },
      [73.78, 17.54, 53.81, 56.51, 25.23, 34.31, 25.38],
    ),
    row(
      'Prefix LM, LM',
      { architecture: 'prefix-lm', objective: 'lm', params: 'P', cost: 'M' },
      [79.68, 17.84, 76.87, 64.86, 26.28, 37.51, 26.76],
    ),
  ],
  'P = parameters of a 12-layer base-sized stack, M = FLOPs of the encoder-decoder.',
);

export const TABLE_4 = table<{ objective: 'prefix_lm' | 'bert' | 'deshuffling' }>(4, 'Disparate high-level objectives', [
  row('Prefix language modeling', { objective: 'prefix_lm' }, [80.69, 18.94, 77.99, 65.27, 26.86, 39.73, 27.49]),
  row('BERT-style', { objective: 'bert' }, [82.96, 19.17, 80.65, 69.85, 26.78, 40.03, 27.41]),
  row('Deshuffling', { objective: 'deshuffling' }, [73.17, 18.59, 67.61, 58.47, 26.11, 39.3, 25.62]),
]);

export const TABLE_5 = table<{ objective: 'bert' | 'mass' | 'replace_spans' | 'drop_tokens' }>(
  5,
  'Variants of the BERT-style objective',
  [
    row('BERT-style', { objective: 'bert' }, [82.96, 19.17, 80.65, 69.85, 26.78, 40.03, 27.41]),
    row('MASS-style', { objective: 'mass' }, [82.32, 19.16, 80.1, 69.28, 26.79, 39.89, 27.55]),
    row('Replace corrupted spans', { objective: 'replace_spans' }, BASELINE, true),
    row('Drop corrupted tokens', { objective: 'drop_tokens' }, [84.44, 19.31, 80.52, 68.67, 27.07, 39.76, 27.82]),
  ],
  "The first two reconstruct the full text, the last two predict only the corrupted tokens. Drop's GLUE gain comes from CoLA (60.04 vs 53.84).",
);

export const TABLE_6 = table<{ corruptionRate: number }>(6, 'Corruption rate (i.i.d. replace-spans objective)', [
  row('10%', { corruptionRate: 0.1 }, [82.82, 19.0, 80.38, 69.55, 26.87, 39.28, 27.44]),
  row('15%', { corruptionRate: 0.15 }, BASELINE, true),
  row('25%', { corruptionRate: 0.25 }, [83.0, 19.54, 80.96, 70.48, 27.04, 39.83, 27.47]),
  row('50%', { corruptionRate: 0.5 }, [81.27, 19.32, 79.8, 70.33, 27.01, 39.9, 27.49]),
]);

/** `meanSpanLength: null` is the i.i.d. baseline (no span structure). */
export const TABLE_7 = table<{ meanSpanLength: number | null }>(7, 'Span corruption: mean span length (15% corrupted)', [
  row('Baseline (i.i.d.)', { meanSpanLength: null }, BASELINE, true),
  row('2', { meanSpanLength: 2 }, [83.54, 19.39, 82.09, 72.2, 26.76, 39.99, 27.63]),
  row('3', { meanSpanLength: 3 }, [83.49, 19.62, 81.84, 72.53, 26.86, 39.65, 27.62]),
  row('5', { meanSpanLength: 5 }, [83.4, 19.24, 82.05, 72.23, 26.88, 39.4, 27.53]),
  row('10', { meanSpanLength: 10 }, [82.85, 19.33, 81.84, 70.44, 26.79, 39.49, 27.69]),
]);

/** `strategy: null` is the pre-train/fine-tune baseline (no multi-task mixing). */
export const TABLE_11 = table<{ strategy: MixingStrategy | null }>(
  11,
  'Multi-task training with different mixing strategies',
  [
    row('Baseline (pre-train/fine-tune)', { strategy: null }, BASELINE, true),
    row('Equal', { strategy: { kind: 'equal' } }, [76.13, 19.02, 76.51, 63.37, 23.89, 34.31, 26.78]),
    row(
      'Examples-proportional, K = 2^16',
      { strategy: { kind: 'proportional', K: 2 ** 16 } },
      [80.45, 19.04, 77.25, 69.95, 24.35, 34.99, 27.1],
    ),
    row(
      'Examples-proportional, K = 2^17',
      { strategy: { kind: 'proportional', K: 2 ** 17 } },
      [81.56, 19.12, 77.0, 67.91, 24.36, 35.0, 27.25],
    ),
    row(
      'Examples-proportional, K = 2^18',
      { strategy: { kind: 'proportional', K: 2 ** 18 } },
      [81.67, 19.07, 78.17, 67.94, 24.57, 35.19, 27.39],
    ),
    row(
      'Examples-proportional, K = 2^19',
      { strategy: { kind: 'proportional', K: 2 ** 19 } },
      [81.42, 19.24, 79.78, 67.3, 25.21, 36.3, 27.76],
    ),
    row(
      'Examples-proportional, K = 2^20',
      { strategy: { kind: 'proportional', K: 2 ** 20 } },
      [80.8, 19.24, 80.36, 67.38, 25.66, 36.93, 27.68],
    ),
    row(
      'Examples-proportional, K = 2^21',
      { strategy: { kind: 'proportional', K: 2 ** 21 } },
      [79.83, 18.79, 79.5, 65.1, 25.82, 37.22, 27.13],
    ),
    row(
      'Temperature-scaled, T = 2',
      { strategy: { kind: 'temperature', T: 2, K: 2 ** 21 } },
      [81.9, 19.28, 79.42, 69.92, 25.42, 36.72, 27.2],
    ),
    row(
      'Temperature-scaled, T = 4',
      { strategy: { kind: 'temperature', T: 4, K: 2 ** 21 } },
      [80.56, 19.22, 77.99, 69.54, 25.04, 35.82, 27.45],
    ),
    row(
      'Temperature-scaled, T = 8',
      { strategy: { kind: 'temperature', T: 8, K: 2 ** 21 } },
      [77.21, 19.1, 77.14, 66.07, 24.55, 35.35, 27.17],
    ),
  ],
  'Multi-task training only, 2^19 + 2^18 steps; temperature rows use K = 2^21. Main-text values (the appendix K = 2^18 row has a shifted cell).',
);

export const TABLE_13 = table<{ strategy: ComputeStrategyId }>(
  13,
  'Scaling the baseline with 4× compute',
  [
    row('Baseline', { strategy: 'baseline' }, BASELINE, true),
    row('1× size, 4× training steps', { strategy: '1x-size-4x-steps' }, [85.33, 19.33, 82.45, 74.72, 27.08, 40.66, 27.93]),
    row('1× size, 4× batch size', { strategy: '1x-size-4x-batch' }, [84.6, 19.42, 82.52, 74.64, 27.07, 40.6, 27.84]),
    row('2× size, 2× training steps', { strategy: '2x-size-2x-steps' }, [86.18, 19.66, 84.18, 77.18, 27.52, 41.03, 28.19]),
    row('4× size, 1× training steps', { strategy: '4x-size-1x-steps' }, [85.91, 19.73, 83.86, 78.04, 27.47, 40.71, 28.1]),
    row('4× ensembled', { strategy: '4x-ensemble' }, [84.77, 20.1, 83.09, 71.74, 28.05, 40.53, 28.57]),
    row('4× ensembled, fine-tune only', { strategy: '4x-ensemble-finetune-only' }, [84.05, 19.57, 82.36, 71.55, 27.55, 40.22, 28.09]),
  ],
  'Main-text values; the appendix disagrees in two cells ("4× ensembled" EnRo 28.09, "fine-tune only" SGLUE 71.56). 2×/4× size = BERT-large dims with 16/32 layers per stack; ensembles average logits.',
);

/** Table 8's corpora (§3.4.1); `corpus` names the paper's data set. */
export const TABLE_8 = table<{ corpus: 'c4' | 'c4-unfiltered' | 'realnews' | 'webtext' | 'wikipedia' | 'wikipedia-tbc'; size: string }>(
  8,
  'Pre-training data set',
  [
    row('C4', { corpus: 'c4', size: '745GB' }, BASELINE, true),
    row('C4, unfiltered', { corpus: 'c4-unfiltered', size: '6.1TB' }, [81.46, 19.14, 78.78, 68.04, 26.55, 39.34, 27.21]),
    row('RealNews-like', { corpus: 'realnews', size: '35GB' }, [83.83, 19.23, 80.39, 72.38, 26.75, 39.9, 27.48]),
    row('WebText-like', { corpus: 'webtext', size: '17GB' }, [84.03, 19.31, 81.42, 71.4, 26.8, 39.74, 27.59]),
    row('Wikipedia', { corpus: 'wikipedia', size: '16GB' }, [81.85, 19.31, 81.29, 68.01, 26.94, 39.69, 27.67]),
    row('Wikipedia + TBC', { corpus: 'wikipedia-tbc', size: '20GB' }, [83.65, 19.28, 82.08, 73.24, 26.77, 39.63, 27.57]),
  ],
  'Each corpus pre-trained for the same 2^35 tokens; the smaller ones are therefore repeated (see Table 9).',
);

/** Table 9: C4 truncated to 2^k tokens and repeated to fill the same 2^35-token budget. */
export const TABLE_9 = table<{ tokens: number | null; repeats: number }>(9, 'Pre-training on truncated C4 (repeated data)', [
  row('Full data set', { tokens: null, repeats: 0 }, BASELINE, true),
  row('2^29 tokens (64 repeats)', { tokens: 2 ** 29, repeats: 64 }, [82.87, 19.19, 80.97, 72.03, 26.83, 39.74, 27.63]),
  row('2^27 tokens (256 repeats)', { tokens: 2 ** 27, repeats: 256 }, [82.62, 19.2, 79.78, 69.97, 27.02, 39.71, 27.33]),
  row('2^25 tokens (1,024 repeats)', { tokens: 2 ** 25, repeats: 1024 }, [79.55, 18.57, 76.27, 64.76, 26.38, 39.56, 26.8]),
  row('2^23 tokens (4,096 repeats)', { tokens: 2 ** 23, repeats: 4096 }, [76.34, 18.33, 70.92, 59.29, 26.37, 38.84, 25.81]),
]);

/** Table 10: which parameters fine-tuning updates (§3.5.1). */
export const TABLE_10 = table<{ strategy: 'full' | 'adapters' | 'gradual-unfreezing'; adapterDim?: number }>(
  10,
  'Parameter-efficient fine-tuning',
  [
    row('All parameters', { strategy: 'full' }, BASELINE, true),
    row('Adapter layers, d = 32', { strategy: 'adapters', adapterDim: 32 }, [80.52, 15.08, 79.32, 60.4, 13.84, 17.88, 15.54]),
    row('Adapter layers, d = 128', { strategy: 'adapters', adapterDim: 128 }, [81.51, 16.62, 79.47, 63.03, 19.83, 27.5, 22.63]),
    row('Adapter layers, d = 512', { strategy: 'adapters', adapterDim: 512 }, [81.54, 17.78, 79.18, 64.3, 23.45, 33.98, 25.81]),
    row('Adapter layers, d = 2048', { strategy: 'adapters', adapterDim: 2048 }, [82.62, 18.3, 79.4, 68.61, 25.64, 36.92, 26.93]),
    row('Gradual unfreezing', { strategy: 'gradual-unfreezing' }, [82.5, 18.95, 79.17, 70.79, 26.71, 39.02, 26.93]),
  ],
  "The d = 2048 row is the appendix table's (the main-text row duplicates d = 128 by mistake). Gradual unfreezing: 12 episodes of 2^18/12 steps, encoder and decoder unfrozen top-down in parallel.",
);

/**
 * Every table t5lab shows, by number. Tables 8 and 9 are printed inline in the spec (not as
 * markdown tables), so they are exported above and checked by their own test.
 */
export const PAPER_TABLES: Readonly<Record<number, PaperTable<unknown>>> = Object.freeze({
  1: TABLE_1,
  2: TABLE_2,
  4: TABLE_4,
  5: TABLE_5,
  6: TABLE_6,
  7: TABLE_7,
  10: TABLE_10,
  11: TABLE_11,
  13: TABLE_13,
});
