/**
 * The pre-training objectives compared in the paper's Tables 3–7 (spec §B.5), as the t5 library
 * configures them: a noise mask plus an inputs encoder and a targets encoder (spec §B.3). Inputs and
 * targets always end with EOS, appended after corruption (§B.1 step 6).
 */
import type { Rng } from './rng.ts';
import { iidNoiseMask, randomPrefixNoiseMask, randomSpansNoiseMask, type NoiseMask } from './noiseMasks.ts';
import {
  appendEos,
  dropNoiseTokens,
  dropNonnoiseTokens,
  noiseSpanToUniqueSentinel,
  noiseTokenToBert801010,
  noiseTokenToRandomTokenOrSentinel,
  noiseTokenToSentinel,
  nonnoiseSpanToUniqueSentinel,
  permuteNoiseTokens,
  type Tokens,
} from './encoders.ts';
import { checkVocab, type SentinelVocab } from './vocab.ts';
import { computeInputAndTargetLengths } from './lengths.ts';
import { intAtLeast, numberIn, positiveNumber } from '../validation/checks.ts';

export const OBJECTIVE_NAMES = [
  'prefix_lm',
  'bert',
  'deshuffle',
  'mass',
  'iid_replace_spans',
  'iid_drop',
  'span_corruption',
  'bert_80_10_10',
] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

export interface CorruptOptions {
  /** Fraction of tokens corrupted; default: the objective's (0.15; prefix LM 0.5; deshuffle 1). */
  density?: number;
  /** Mean noise-span length for span corruption (default 3); ignored by the other objectives. */
  meanSpan?: number;
  vocab: SentinelVocab;
  rng: Rng;
}

export interface Corrupted {
  /** Encoder input, ending with EOS. */
  inputs: Int32Array;
  /** Decoder target, ending with EOS. */
  targets: Int32Array;
  /** One entry per original token: 1 = corrupted (prefix LM: 1 = part of the prefix). */
  mask: NoiseMask;
}

export interface Objective {
  name: ObjectiveName;
  /** The row label in the paper's tables. */
  paperLabel: string;
  /** The t5 library gin file / configuration it mirrors. */
  libraryConfig: string;
  /** False only for the clearly-labelled original-BERT 80/10/10 variant. */
  inPaper: boolean;
  maskKind: 'iid' | 'spans' | 'prefix';
  defaults: { density: number; meanSpan: number };
  /** Largest density the mask supports (prefix LM: 0.5). */
  maxDensity: number;
  /** Whether the pipeline concatenates documents before splitting (prefix LM, deshuffle: no). */
  concatenate: boolean;
  /** Raw tokens per segment so corrupted inputs fit in `inputsLength` (EOS included). */
  segmentLength(inputsLength: number, density?: number, meanSpan?: number): number;
  /** Draws this objective's noise mask for a segment of `length` tokens. */
  drawMask(length: number, density: number, meanSpan: number, rng: Rng): NoiseMask;
  /** Builds inputs/targets (with EOS) from a given mask: the deterministic half of `corrupt`. */
  encode(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab, rng: Rng): { inputs: Int32Array; targets: Int32Array };
  /** Draws a mask and encodes: the whole `denoise` step of the library. */
  corrupt(tokens: Tokens, options: CorruptOptions): Corrupted;
}

type Spec = Omit<Objective, 'corrupt' | 'segmentLength' | 'drawMask' | 'encode' | 'maxDensity'> & {
  maxDensity?: number;
  inputsFn(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab, rng: Rng): Int32Array;
  /** null = the target is the whole original segment. */
  targetsFn: ((tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab) => Int32Array) | null;
};

function define(spec: Spec): Objective {
  const { inputsFn, targetsFn, ...meta } = spec;
  const maxDensity = spec.maxDensity ?? 1;
  const obj: Objective = {
    ...meta,
    maxDensity,
    segmentLength(inputsLength, density = spec.defaults.density, meanSpan = spec.defaults.meanSpan) {
      if (spec.maskKind === 'spans') return computeInputAndTargetLengths(inputsLength, density, meanSpan).tokensLength;
      intAtLeast(inputsLength, `${spec.name}: inputsLength`, 2);
      return inputsLength - 1; // one slot reserved for EOS
    },
    drawMask(length, density, meanSpan, rng) {
      if (spec.maskKind === 'spans') return randomSpansNoiseMask(length, density, meanSpan, rng);
      if (spec.maskKind === 'prefix') return randomPrefixNoiseMask(length, density, rng);
      return iidNoiseMask(length, density, rng);
    },
    encode(tokens, mask, vocab, rng) {
      const inputs = appendEos(inputsFn(tokens, mask, vocab, rng), vocab.eosId);
      const targets = appendEos(targetsFn ? targetsFn(tokens, mask, vocab) : tokens, vocab.eosId);
      return { inputs, targets };
    },
    corrupt(tokens, options) {
      if (!options || typeof options !== 'object') throw new TypeError(`${spec.name}.corrupt: options { vocab, rng } are required`);
      checkVocab(options.vocab, `${spec.name}.corrupt`);
      if (!options.rng || typeof options.rng.float !== 'function') throw new TypeError(`${spec.name}.corrupt: options.rng must be an Rng`);
      const density = options.density ?? spec.defaults.density;
      const meanSpan = options.meanSpan ?? spec.defaults.meanSpan;
      numberIn(density, `${spec.name}.corrupt: density`, 0, maxDensity);
      positiveNumber(meanSpan, `${spec.name}.corrupt: meanSpan`);
      const mask = obj.drawMask(tokens.length, density, meanSpan, options.rng);
      return { ...obj.encode(tokens, mask, options.vocab, options.rng), mask };
    },
  };
  return obj;
}

const DEFAULTS = { density: 0.15, meanSpan: 3 };

/** Every objective by name. */
export const OBJECTIVES: Record<ObjectiveName, Objective> = {
  prefix_lm: define({
    name: 'prefix_lm',
    paperLabel: 'Prefix language modeling',
    libraryConfig: 'prefix_lm.gin',
    inPaper: true,
    maskKind: 'prefix',
    defaults: { density: 0.5, meanSpan: 3 },
    maxDensity: 0.5,
    concatenate: false,
    inputsFn: (t, m) => dropNonnoiseTokens(t, m), // keep the prefix
    targetsFn: (t, m) => dropNoiseTokens(t, m), // keep the continuation
  }),
  bert: define({
    name: 'bert',
    paperLabel: 'BERT-style',
    libraryConfig: 'iid_15_r10s90_f.gin',
    inPaper: true,
    maskKind: 'iid',
    defaults: DEFAULTS,
    concatenate: true,
    inputsFn: (t, m, v, r) => noiseTokenToRandomTokenOrSentinel(t, m, v, r, 0.1),
    targetsFn: null,
  }),
  deshuffle: define({
    name: 'deshuffle',
    paperLabel: 'Deshuffling',
    libraryConfig: 'all_permute.gin',
    inPaper: true,
    maskKind: 'iid',
    defaults: { density: 1, meanSpan: 3 },
    concatenate: false,
    inputsFn: (t, m, _v, r) => permuteNoiseTokens(t, m, r),
    targetsFn: null,
  }),
  mass: define({
    name: 'mass',
    paperLabel: 'MASS-style',
    libraryConfig: 'iid_15_m_f.gin',
    inPaper: true,
    maskKind: 'iid',
    defaults: DEFAULTS,
    concatenate: true,
    inputsFn: (t, m, v) => noiseTokenToSentinel(t, m, v),
    targetsFn: null,
  }),
  iid_replace_spans: define({
    name: 'iid_replace_spans',
    paperLabel: 'I.i.d. noise, replace spans',
    libraryConfig: 'iid_15_u_u.gin',
    inPaper: true,
    maskKind: 'iid',
    defaults: DEFAULTS,
    concatenate: true,
    inputsFn: (t, m, v) => noiseSpanToUniqueSentinel(t, m, v),
    targetsFn: (t, m, v) => nonnoiseSpanToUniqueSentinel(t, m, v),
  }),
  iid_drop: define({
    name: 'iid_drop',
    paperLabel: 'I.i.d. noise, drop tokens',
    libraryConfig: 'iid_15_d_d.gin',
    inPaper: true,
    maskKind: 'iid',
    defaults: DEFAULTS,
    concatenate: true,
    inputsFn: (t, m) => dropNoiseTokens(t, m),
    targetsFn: (t, m) => dropNonnoiseTokens(t, m),
  }),
  span_corruption: define({
    name: 'span_corruption',
    paperLabel: 'Random spans',
    libraryConfig: 'span.gin (span_corruption)',
    inPaper: true,
    maskKind: 'spans',
    defaults: DEFAULTS,
    concatenate: true,
    inputsFn: (t, m, v) => noiseSpanToUniqueSentinel(t, m, v),
    targetsFn: (t, m, v) => nonnoiseSpanToUniqueSentinel(t, m, v),
  }),
  bert_80_10_10: define({
    name: 'bert_80_10_10',
    paperLabel: 'Original BERT 80/10/10 (not run in the paper)',
    libraryConfig: '(none: T5 has no unchanged branch)',
    inPaper: false,
    maskKind: 'iid',
    defaults: DEFAULTS,
    concatenate: true,
    inputsFn: (t, m, v, r) => noiseTokenToBert801010(t, m, v, r),
    targetsFn: null,
  }),
};

/** Looks an objective up by name; the error lists the valid names. */
export function getObjective(name: string): Objective {
  if (!(OBJECTIVE_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`unknown objective "${name}" (one of: ${OBJECTIVE_NAMES.join(', ')})`);
  }
  return OBJECTIVES[name as ObjectiveName];
}
