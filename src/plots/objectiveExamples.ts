/**
 * Real examples of a pre-training objective for the objectives cell: corpus segments cut as the
 * pipeline cuts them (spec §B.1), corrupted by the library-exact objective, with every input and
 * target token annotated with where it comes from (which original token, which noise span, which
 * sentinel), so a view can colour a sentinel and the span it replaces alike.
 */
import type { Tokenizer } from '../tokenizers/tokenizer.ts';
import { sentinelIndex } from '../tokenizers/tokenizer.ts';
import type { Objective, ObjectiveName } from '../objectives/objectives.ts';
import type { NoiseMask } from '../objectives/noiseMasks.ts';
import type { SentinelVocab } from '../objectives/vocab.ts';
import { positiveInt } from '../validation/checks.ts';

/** How an output token relates to the original segment. */
export type TokenRole = 'clean' | 'noise' | 'mask' | 'random' | 'kept' | 'sentinel' | 'eos' | 'shuffled';

export interface AnnotatedToken {
  id: number;
  role: TokenRole;
  /** Index of the original token it shows (−1 for sentinels, masks, EOS, shuffled tokens). */
  source: number;
  /** Noise span (0, 1, …) the token belongs to or stands for; −1 if none. */
  span: number;
  /** k of `<extra_id_k>`, else −1. */
  sentinel: number;
}

export interface CorruptionExample {
  original: AnnotatedToken[];
  inputs: AnnotatedToken[];
  targets: AnnotatedToken[];
  /** False if the annotation could not be matched to the outputs (then roles are plain). */
  aligned: boolean;
}

/** Tokenizes documents until `tokens` tokens are collected (the whole corpus is not needed). */
export function tokenizeDocuments(tokenizer: Tokenizer, documents: Iterable<string>, tokens: number): number[][] {
  const out: number[][] = [];
  let total = 0;
  for (const d of documents) {
    if (total >= tokens) break;
    const ids = tokenizer.encode(d);
    if (ids.length === 0) continue;
    out.push(ids);
    total += ids.length;
  }
  return out;
}

/**
 * Up to `count` segments of `length` tokens: from the concatenated documents (`concatenate`), or
 * the first `length` tokens of each document (prefix LM and deshuffle skip concatenation).
 */
export function corpusSegments(docs: readonly number[][], length: number, concatenate: boolean, count: number): Int32Array[] {
  positiveInt(length, 'segment length');
  const out: Int32Array[] = [];
  if (!concatenate) {
    for (const d of docs) {
      if (out.length >= count) break;
      out.push(Int32Array.from(d.slice(0, length)));
    }
    return out;
  }
  let buf: number[] = [];
  for (const d of docs) {
    for (const id of d) {
      buf.push(id);
      if (buf.length === length) {
        out.push(Int32Array.from(buf));
        buf = [];
        if (out.length >= count) return out;
      }
    }
  }
  return out;
}

/** Noise-span index of every token (runs of mask = 1 numbered 0, 1, …), −1 for clean tokens. */
export function noiseSpans(mask: NoiseMask): Int32Array {
  const span = new Int32Array(mask.length).fill(-1);
  let k = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && (i === 0 || !mask[i - 1])) k++;
    if (mask[i]) span[i] = k;
  }
  return span;
}

const token = (id: number, role: TokenRole, source: number, span: number, sentinel = -1): AnnotatedToken => ({
  id,
  role,
  source,
  span,
  sentinel,
});

/** The expected structure of inputs and targets (without EOS) for each kind of encoder. */
function expected(
  name: ObjectiveName,
  tokens: ArrayLike<number>,
  mask: NoiseMask,
  vocab: SentinelVocab,
  inputs: Int32Array,
): { inputs: AnnotatedToken[]; targets: AnnotatedToken[] } {
  const n = tokens.length;
  const span = noiseSpans(mask);
  const all = Array.from({ length: n }, (_, i) => token(tokens[i], mask[i] ? 'noise' : 'clean', i, span[i]));
  switch (name) {
    case 'prefix_lm':
      return {
        inputs: all.filter((_, i) => mask[i]).map((t) => ({ ...t, role: 'clean' })),
        targets: all.filter((_, i) => !mask[i]).map((t) => ({ ...t, role: 'noise' })),
      };
    case 'bert':
    case 'bert_80_10_10':
    case 'mass':
      return {
        inputs: all.map((t, i) => {
          if (!mask[i]) return t;
          const id = inputs[i];
          if (id === vocab.maskId) return token(id, 'mask', -1, t.span);
          return id === tokens[i] ? { ...t, role: 'kept' as const } : token(id, 'random', -1, t.span);
        }),
        targets: all,
      };
    case 'deshuffle':
      return { inputs: Array.from(inputs.subarray(0, n), (id, i) => (mask[i] ? token(id, 'shuffled', -1, -1) : all[i])), targets: all };
    case 'iid_drop':
      return { inputs: all.filter((_, i) => !mask[i]), targets: all.filter((_, i) => mask[i]) };
    case 'iid_replace_spans':
    case 'span_corruption': {
      const ins: AnnotatedToken[] = [];
      const tgs: AnnotatedToken[] = [];
      let kIn = 0;
      let kOut = 0;
      for (let i = 0; i < n; i++) {
        const runStart = i === 0 || mask[i] !== mask[i - 1];
        if (mask[i]) {
          if (runStart) ins.push(token(vocab.sentinel(kIn), 'sentinel', -1, span[i], kIn++));
          tgs.push(all[i]);
        } else {
          // A clean run's sentinel in the targets precedes the noise span that follows it.
          if (runStart) tgs.push(token(vocab.sentinel(kOut), 'sentinel', -1, nextSpan(span, i), kOut++));
          ins.push(all[i]);
        }
      }
      return { inputs: ins, targets: tgs };
    }
  }
}

function nextSpan(span: Int32Array, from: number): number {
  for (let i = from; i < span.length; i++) if (span[i] >= 0) return span[i];
  return -1;
}

/** Annotates one corrupted segment; checks the annotation against the real outputs. */
export function describeCorruption(
  objective: Objective,
  tokens: ArrayLike<number>,
  mask: NoiseMask,
  out: { inputs: Int32Array; targets: Int32Array },
  vocab: SentinelVocab,
  numSentinels: number,
): CorruptionExample {
  const span = noiseSpans(mask);
  const original = Array.from({ length: tokens.length }, (_, i) => token(tokens[i], mask[i] ? 'noise' : 'clean', i, span[i]));
  const eos = token(vocab.eosId, 'eos', -1, -1);
  const exp = expected(objective.name, tokens, mask, vocab, out.inputs);
  const matches = (ann: AnnotatedToken[], ids: Int32Array) =>
    ann.length + 1 === ids.length && ann.every((t, i) => t.id === ids[i]) && ids[ids.length - 1] === vocab.eosId;
  if (matches(exp.inputs, out.inputs) && matches(exp.targets, out.targets)) {
    return { original, inputs: [...exp.inputs, eos], targets: [...exp.targets, eos], aligned: true };
  }
  const plain = (ids: Int32Array) =>
    Array.from(ids, (id, i) => {
      const k = sentinelIndex(id, vocab.vocabSize, numSentinels);
      return i === ids.length - 1 && id === vocab.eosId ? eos : token(id, k >= 0 ? 'sentinel' : 'clean', -1, -1, k);
    });
  return { original, inputs: plain(out.inputs), targets: plain(out.targets), aligned: false };
}
