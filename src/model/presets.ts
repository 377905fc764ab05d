/**
 * Named model shapes: every row of spec §A.11, small workbench models, and the two benchmark
 * models with their batch shapes. All go through `validateConfig`, so each is a full `T5Config`.
 */
import { validateConfig, type T5Config } from './config.ts';

const V1_0 = { feedForwardProj: 'relu', tieWordEmbeddings: true, dropoutRate: 0.1, vocabSize: 32128 } as const;
const V1_1 = { feedForwardProj: 'gated-gelu', tieWordEmbeddings: false, dropoutRate: 0, vocabSize: 32128 } as const;

function shape(dModel: number, dFf: number, numHeads: number, dKv: number, layers: number) {
  return { dModel, dFf, numHeads, dKv, numLayers: layers, numDecoderLayers: layers };
}

const RAW: Record<string, Partial<T5Config>> = {
  't5-small': { ...V1_0, ...shape(512, 2048, 8, 64, 6) },
  't5-base': { ...V1_0, ...shape(768, 3072, 12, 64, 12) },
  't5-large': { ...V1_0, ...shape(1024, 4096, 16, 64, 24) },
  't5-3b': { ...V1_0, ...shape(1024, 16384, 32, 128, 24) },
  't5-11b': { ...V1_0, ...shape(1024, 65536, 128, 128, 24) },
  'paper-2x': { ...V1_0, ...shape(1024, 4096, 16, 64, 16) },
  'paper-4x': { ...V1_0, ...shape(1024, 4096, 16, 64, 32) },
  'paper-6-layers': { ...V1_0, ...shape(768, 3072, 12, 64, 6) },
  't5-v1_1-small': { ...V1_1, ...shape(512, 1024, 6, 64, 8) },
  't5-v1_1-base': { ...V1_1, ...shape(768, 2048, 12, 64, 12) },
  't5-v1_1-large': { ...V1_1, ...shape(1024, 2816, 16, 64, 24) },
  't5-v1_1-xl': { ...V1_1, ...shape(2048, 5120, 32, 64, 24) },
  't5-v1_1-xxl': { ...V1_1, ...shape(4096, 10240, 64, 64, 24) },
  't5-efficient-tiny': { ...V1_0, ...shape(256, 1024, 4, 64, 4) },
  't5-efficient-mini': { ...V1_0, ...shape(384, 1536, 8, 64, 4) },
  't5-efficient-small': { ...V1_0, ...shape(512, 2048, 8, 64, 6) },
  't5-efficient-base': { ...V1_0, ...shape(768, 3072, 12, 64, 12) },
  't5-efficient-xxl': { ...V1_0, ...shape(1024, 65536, 128, 128, 24) },
  't5.1.1-tiny': { ...V1_1, ...shape(32, 64, 2, 64, 2) },
  // Workbench sizes: train in seconds to minutes in a browser tab.
  'workbench-micro': { ...V1_0, ...shape(64, 256, 4, 16, 2), vocabSize: 512 },
  'workbench-small': { ...V1_0, ...shape(128, 512, 4, 32, 2), vocabSize: 2048 },
  // Benchmark models (bench/suites/training.ts).
  'bench-nano': { ...V1_0, ...shape(128, 512, 4, 32, 2), vocabSize: 2048 },
  'bench-tiny': { ...V1_0, ...shape(256, 1024, 4, 64, 4), vocabSize: 8192 },
};

/** Spec §A.11 rows, in table order, with the exact parameter count the spec prints. */
export const SPEC_TABLE_PARAMS: ReadonlyArray<readonly [name: string, params: number]> = [
  ['t5-small', 60_506_624],
  ['t5-base', 222_903_552],
  ['t5-large', 737_668_096],
  ['t5-3b', 2_851_598_336],
  ['t5-11b', 11_307_321_344],
  ['paper-2x', 502_746_112],
  ['paper-4x', 972_590_080],
  ['paper-6-layers', 123_790_080],
  ['t5-v1_1-small', 76_961_152],
  ['t5-v1_1-base', 247_577_856],
  ['t5-v1_1-large', 783_150_080],
  ['t5-v1_1-xl', 2_849_757_184],
  ['t5-v1_1-xxl', 11_135_332_352],
  ['t5-efficient-tiny', 15_570_688],
  ['t5-efficient-mini', 31_220_480],
  ['t5-efficient-small', 60_506_624],
  ['t5-efficient-base', 222_903_552],
  ['t5-efficient-xxl', 11_307_321_344],
  ['t5.1.1-tiny', 2_179_584],
];

/** Every preset, validated once. */
export const PRESETS: Readonly<Record<string, Readonly<T5Config>>> = Object.freeze(
  Object.fromEntries(Object.entries(RAW).map(([name, c]) => [name, Object.freeze(validateConfig(c))])),
);

export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

/** A copy of a preset, optionally with fields overridden (validated). Unknown names are listed. */
export function preset(name: string, overrides: Partial<T5Config> = {}): T5Config {
  const base = PRESETS[name];
  if (!base) throw new RangeError(`preset "${name}" is unknown; expected one of ${PRESET_NAMES.join(', ')}`);
  return validateConfig({ ...base, ...overrides });
}

/** A training batch shape: `batch` sequences of `inputLength` encoder and `targetLength` decoder tokens. */
export interface BatchShape {
  batch: number;
  inputLength: number;
  targetLength: number;
}

/** The batch each benchmark model is measured with; tokens per step = batch·(input + target). */
export const BENCH_BATCH_SHAPES: Readonly<Record<'bench-nano' | 'bench-tiny', Readonly<BatchShape>>> = Object.freeze({
  'bench-nano': Object.freeze({ batch: 16, inputLength: 128, targetLength: 32 }),
  'bench-tiny': Object.freeze({ batch: 32, inputLength: 128, targetLength: 32 }),
});
