/**
 * Input/target encoders (spec §B.3, the t5 library's `inputs_fn`/`targets_fn`): each turns a token
 * segment and its noise mask into a new sequence. Letter codes from the library's objectives README
 * are given per function. Outputs are fresh Int32Arrays; inputs are never modified.
 */
import type { Rng } from './rng.ts';
import { NUM_RESERVED_TOKENS, type SentinelVocab } from './vocab.ts';
import type { NoiseMask } from './noiseMasks.ts';

export type Tokens = ArrayLike<number>;

function checkAligned(tokens: Tokens, mask: NoiseMask, where: string): void {
  if (tokens.length !== mask.length) throw new RangeError(`${where}: mask length ${mask.length} must equal tokens length ${tokens.length}`);
}

function copyOf(tokens: Tokens): Int32Array {
  return Int32Array.from(tokens as ArrayLike<number>);
}

function randomToken(vocab: SentinelVocab, rng: Rng): number {
  return NUM_RESERVED_TOKENS + rng.below(vocab.vocabSize - NUM_RESERVED_TOKENS);
}

/** "m": every noise token → the mask id (vocabSize − 1). */
export function noiseTokenToSentinel(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab): Int32Array {
  checkAligned(tokens, mask, 'noiseTokenToSentinel');
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = vocab.maskId;
  return out;
}

/** "r": every noise token → a uniform random id in [3, vocabSize) (sentinel range included). */
export function noiseTokenToRandomToken(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab, rng: Rng): Int32Array {
  checkAligned(tokens, mask, 'noiseTokenToRandomToken');
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = randomToken(vocab, rng);
  return out;
}

/**
 * "r10s90" with randomProb 0.1 (T5's BERT-style): an independent coin per noise token picks a
 * random id (prob. randomProb) or the mask id. There is no "keep unchanged" branch (spec §B.5).
 */
export function noiseTokenToRandomTokenOrSentinel(
  tokens: Tokens,
  mask: NoiseMask,
  vocab: SentinelVocab,
  rng: Rng,
  randomProb = 0.1,
): Int32Array {
  checkAligned(tokens, mask, 'noiseTokenToRandomTokenOrSentinel');
  if (!(randomProb >= 0 && randomProb <= 1))
    throw new RangeError(`noiseTokenToRandomTokenOrSentinel: randomProb must be in [0, 1] (got ${randomProb})`);
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    out[i] = rng.float() < randomProb ? randomToken(vocab, rng) : vocab.maskId;
  }
  return out;
}

/**
 * Original BERT's 80/10/10 (NOT what T5 ran; a separately labelled option): per noise token, 80%
 * mask id, 10% random id, 10% left unchanged.
 */
export function noiseTokenToBert801010(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab, rng: Rng): Int32Array {
  checkAligned(tokens, mask, 'noiseTokenToBert801010');
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    const u = rng.float();
    if (u < 0.8) out[i] = vocab.maskId;
    else if (u < 0.9) out[i] = randomToken(vocab, rng);
  }
  return out;
}

/** "g": every noise token → a token copied from a uniformly random position of the same sequence. */
export function noiseTokenToGatheredToken(tokens: Tokens, mask: NoiseMask, rng: Rng): Int32Array {
  checkAligned(tokens, mask, 'noiseTokenToGatheredToken');
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = tokens[rng.below(tokens.length)];
  return out;
}

/** "p": the noise tokens are shuffled among the noise positions; clean tokens stay put. */
export function permuteNoiseTokens(tokens: Tokens, mask: NoiseMask, rng: Rng): Int32Array {
  checkAligned(tokens, mask, 'permuteNoiseTokens');
  const out = copyOf(tokens);
  const positions: number[] = [];
  for (let i = 0; i < out.length; i++) if (mask[i]) positions.push(i);
  const values = Int32Array.from(positions, (p) => out[p]);
  rng.shuffle(values);
  for (let j = 0; j < positions.length; j++) out[positions[j]] = values[j];
  return out;
}

/** Keeps the tokens where mask[i] === keep. */
function keepWhere(tokens: Tokens, mask: NoiseMask, keep: 0 | 1): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === keep) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === keep) out[j++] = tokens[i];
  return out;
}

/** "d": delete the noise tokens. */
export function dropNoiseTokens(tokens: Tokens, mask: NoiseMask): Int32Array {
  checkAligned(tokens, mask, 'dropNoiseTokens');
  return keepWhere(tokens, mask, 0);
}

/** "d" (targets): keep only the noise tokens (for prefix LM: only the prefix). */
export function dropNonnoiseTokens(tokens: Tokens, mask: NoiseMask): Int32Array {
  checkAligned(tokens, mask, 'dropNonnoiseTokens');
  return keepWhere(tokens, mask, 1);
}

/**
 * Replaces each maximal run of positions where mask[i] === target by one id from `idOf(k)`
 * (k = index of the run), deleting the rest of the run.
 */
function runsToIds(tokens: Tokens, mask: NoiseMask, target: 0 | 1, idOf: (k: number) => number): Int32Array {
  const out = new Int32Array(tokens.length);
  let j = 0;
  let k = 0;
  let prev = -1;
  for (let i = 0; i < tokens.length; i++) {
    const m = mask[i];
    if (m !== target) out[j++] = tokens[i];
    else if (prev !== target) out[j++] = idOf(k++);
    prev = m;
  }
  return out.slice(0, j);
}

/** "s": each noise run → one shared mask id. */
export function noiseSpanToSentinel(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab): Int32Array {
  checkAligned(tokens, mask, 'noiseSpanToSentinel');
  return runsToIds(tokens, mask, 1, () => vocab.maskId);
}

/** "u": the k-th noise run → `<extra_id_k>`; the later tokens of the run are deleted. */
export function noiseSpanToUniqueSentinel(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab): Int32Array {
  checkAligned(tokens, mask, 'noiseSpanToUniqueSentinel');
  return runsToIds(tokens, mask, 1, (k) => vocab.sentinel(k));
}

/**
 * "u" (targets): the k-th CLEAN run → `<extra_id_k>`. A span mask starts clean, so the k-th noise
 * run of the inputs and the k-th clean run of the targets share a sentinel (spec §B.3 alignment).
 */
export function nonnoiseSpanToUniqueSentinel(tokens: Tokens, mask: NoiseMask, vocab: SentinelVocab): Int32Array {
  checkAligned(tokens, mask, 'nonnoiseSpanToUniqueSentinel');
  return runsToIds(tokens, mask, 0, (k) => vocab.sentinel(k));
}

/** A copy of `seq` with `eosId` appended (the library appends EOS after corruption, §F.5). */
export function appendEos(seq: ArrayLike<number>, eosId: number): Int32Array {
  const out = new Int32Array(seq.length + 1);
  out.set(seq as ArrayLike<number>);
  out[seq.length] = eosId;
  return out;
}
