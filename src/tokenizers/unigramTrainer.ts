/**
 * Trains a SentencePiece-style unigram tokenizer on a corpus, in the browser or Node, in seconds.
 *
 * Follows SentencePiece's `unigram_model_trainer.cc`: seed pieces = the most frequent substrings
 * (frequency × length), EM with the Bayesian (digamma) M-step, then rounds of pruning that keep
 * the 75% of pieces whose removal would cost the most likelihood, until 1.1 × the target size is
 * reached; a final EM and the best-scoring pieces fill the vocabulary. Simplifications: words are
 * split before every space (no script/number splitting), and the seed set is 10 × the target
 * (SentencePiece: 1M) because the bundled corpora are a few MB, not GB.
 */
import { accumulateExpected, buildLattice, LatticeEdges, PieceTrie, viterbi } from './pieceLattice.ts';
import { UnigramTokenizer, FIRST_PIECE_ID } from './unigramTokenizer.ts';
import { splitWords } from './unigramWords.ts';
import { intAtLeast } from '../validation/checks.ts';

export interface UnigramTrainOptions {
  /** Total ids, specials + 256 bytes + pieces + sentinels (typical 2,048–8,192). */
  vocabSize: number;
  /** Sentinels `<extra_id_k>` at the top of the vocabulary (default 100, as T5). */
  numSentinels?: number;
  /** Longest piece in characters (default 16, SentencePiece's default). */
  maxPieceLength?: number;
  /** Share of character occurrences the vocabulary must cover (default 0.9995); rarer chars use byte fallback. */
  characterCoverage?: number;
  /** EM iterations per pruning round (default 2). */
  emIterations?: number;
}

export interface UnigramTrainStats {
  words: number;
  uniqueWords: number;
  requiredChars: number;
  seedPieces: number;
  rounds: number;
  learnedPieces: number;
  ms: number;
}

const EXPECTED_FREQUENCY_THRESHOLD = 0.5;
const SHRINKING_FACTOR = 0.75;
/** Seed pieces per target piece (SentencePiece seeds 1M pieces; the bundled corpora are small). */
const SEED_MULTIPLIER = 10;

/** SentencePiece's digamma (asymptotic series after shifting x ≥ 7). */
function digamma(x: number): number {
  let r = 0;
  for (; x < 7; ++x) r -= 1 / x;
  x -= 0.5;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  return r + Math.log(x) + (1 / 24) * xx2 - (7 / 960) * xx4 + (31 / 8064) * xx4 * xx2 - (127 / 30720) * xx4 * xx4;
}

interface Piece {
  chars: Int32Array;
  score: number;
  required: boolean;
}

function checkInt(value: unknown, name: string, min: number): number {
  return intAtLeast(value, `trainUnigram: ${name}`, min);
}

/** Trains a unigram tokenizer on `documents` (e.g. the lines of a corpus). */
export function trainUnigram(
  documents: readonly string[],
  options: UnigramTrainOptions,
): { tokenizer: UnigramTokenizer; stats: UnigramTrainStats } {
  const t0 = performance.now();
  if (!Array.isArray(documents)) throw new TypeError('trainUnigram: documents must be an array of strings');
  if (options === null || typeof options !== 'object') throw new TypeError('trainUnigram: options must be an object with vocabSize');
  const numSentinels = checkInt(options.numSentinels ?? 100, 'options.numSentinels', 0);
  const vocabSize = checkInt(options.vocabSize, 'options.vocabSize', FIRST_PIECE_ID + numSentinels + 1);
  const maxLen = checkInt(options.maxPieceLength ?? 16, 'options.maxPieceLength', 1);
  const emIterations = checkInt(options.emIterations ?? 2, 'options.emIterations', 1);
  const coverage = options.characterCoverage ?? 0.9995;
  if (typeof coverage !== 'number' || !(coverage > 0 && coverage <= 1))
    throw new RangeError(`trainUnigram: options.characterCoverage must be in (0, 1] (got ${coverage})`);
  const target = vocabSize - FIRST_PIECE_ID - numSentinels;

  // 1. Word frequencies.
  const wordFreq = new Map<string, number>();
  let totalWords = 0;
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d];
    if (typeof doc !== 'string') throw new TypeError(`trainUnigram: documents[${d}] must be a string`);
    if (doc === '') continue;
    for (const w of splitWords(doc)) {
      wordFreq.set(w, (wordFreq.get(w) ?? 0) + 1);
      totalWords++;
    }
  }
  if (wordFreq.size === 0) throw new RangeError('trainUnigram: documents contain no text');

  // 2. Required characters by coverage; dense indices for them.
  const charFreq = new Map<number, number>();
  let totalChars = 0;
  for (const [w, f] of wordFreq) {
    for (const ch of w) {
      const cp = ch.codePointAt(0)!;
      charFreq.set(cp, (charFreq.get(cp) ?? 0) + f);
      totalChars += f;
    }
  }
  const charsByFreq = [...charFreq].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const alphabet: number[] = [];
  let covered = 0;
  for (const [cp, f] of charsByFreq) {
    if (alphabet.length >= target) break;
    if (alphabet.length > 0 && covered / totalChars >= coverage) break;
    alphabet.push(cp);
    covered += f;
  }
  const charIndex = new Map<number, number>(alphabet.map((cp, i) => [cp, i]));
  const A = alphabet.length;

  const words: Int32Array[] = [];
  const freqs: number[] = [];
  for (const [w, f] of wordFreq) {
    words.push(Int32Array.from(w, (ch) => charIndex.get(ch.codePointAt(0)!) ?? -1));
    freqs.push(f);
  }

  // 3. Seed pieces: count every substring (≤ maxLen chars, no uncovered char) in a counting trie.
  const seedTrie = new PieceTrie(A);
  const counts: number[] = [0];
  const depth: number[] = [0];
  const parent: number[] = [-1];
  const lastChar: number[] = [-1];
  {
    // Trie node ids are handed out in creation order, so node id = index into counts/depth/….
    for (let wi = 0; wi < words.length; wi++) {
      const w = words[wi];
      const f = freqs[wi];
      for (let i = 0; i < w.length; i++) {
        let node = 0;
        for (let j = i; j < Math.min(w.length, i + maxLen); j++) {
          const c = w[j];
          if (c < 0) break;
          let next = seedTrie.child(node, c);
          if (next < 0) {
            const id = counts.length;
            counts.push(0);
            depth.push(depth[node] + 1);
            parent.push(node);
            lastChar.push(c);
            next = seedTrie.insertChild(node, c);
            if (next !== id) throw new Error('trainUnigram: seed trie out of sync');
          }
          counts[next] += f;
          node = next;
        }
      }
    }
  }
  const charsOf = (node: number): Int32Array => {
    const out = new Int32Array(depth[node]);
    for (let k = depth[node] - 1; k >= 0; k--, node = parent[node]) out[k] = lastChar[node];
    return out;
  };
  // Top substrings by frequency × length (ties: first seen), via a native sort of the scores.
  const eligible: number[] = [];
  for (let node = 1; node < counts.length; node++) if (depth[node] >= 2 && counts[node] >= 2) eligible.push(node);
  const seedSize = Math.min(eligible.length, Math.max(SEED_MULTIPLIER * target, 20000));
  const eligibleScores = Float64Array.from(eligible, (node) => counts[node] * depth[node]).sort();
  const threshold = seedSize > 0 ? eligibleScores[eligibleScores.length - seedSize] : Infinity;
  const multi = eligible.filter((node) => counts[node] * depth[node] > threshold);
  for (const node of eligible) {
    if (multi.length >= seedSize) break;
    if (counts[node] * depth[node] === threshold) multi.push(node);
  }

  let pieces: Piece[] = [];
  for (let c = 0; c < A; c++) pieces.push({ chars: Int32Array.of(c), score: charFreq.get(alphabet[c])!, required: true });
  for (let k = 0; k < seedSize; k++) pieces.push({ chars: charsOf(multi[k]), score: counts[multi[k]], required: false });
  const seedPieces = pieces.length;
  {
    const logSum = Math.log(pieces.reduce((s, p) => s + p.score, 0));
    for (const p of pieces) p.score = Math.log(p.score) - logSum;
  }

  // Scratch buffers sized for the longest word.
  const longest = words.reduce((m, w) => Math.max(m, w.length), maxLen) + 1;
  const edges = new LatticeEdges();
  const fa = new Float64Array(longest);
  const fb = new Float64Array(longest);
  const back = new Int32Array(longest);

  const trieOf = (ps: Piece[]) => {
    const t = new PieceTrie(A);
    ps.forEach((p, i) => t.insert(p.chars, i));
    return t;
  };
  const unkScoreOf = (ps: Piece[]) => ps.reduce((m, p) => Math.min(m, p.score), 0) - 10;

  const runEm = () => {
    for (let it = 0; it < emIterations; it++) {
      const trie = trieOf(pieces);
      const scores = Float64Array.from(pieces, (p) => p.score);
      const unk = unkScoreOf(pieces);
      const expected = new Float64Array(pieces.length);
      for (let wi = 0; wi < words.length; wi++) {
        buildLattice(words[wi], trie, maxLen, edges);
        accumulateExpected(edges, words[wi].length, scores, unk, freqs[wi], expected, fa, fb);
      }
      const kept: Piece[] = [];
      const keptExpected: number[] = [];
      for (let i = 0; i < pieces.length; i++) {
        if (!pieces[i].required && expected[i] < EXPECTED_FREQUENCY_THRESHOLD) continue;
        kept.push(pieces[i]);
        keptExpected.push(Math.max(expected[i], EXPECTED_FREQUENCY_THRESHOLD));
      }
      const dSum = digamma(keptExpected.reduce((s, x) => s + x, 0));
      kept.forEach((p, i) => (p.score = digamma(keptExpected[i]) - dSum));
      pieces = kept;
    }
  };

  const prune = () => {
    const trie = trieOf(pieces);
    const scores = Float64Array.from(pieces, (p) => p.score);
    const unk = unkScoreOf(pieces);
    // How each piece would be re-segmented without it; pieces whose own best path is split can go.
    const alternatives: (number[] | null)[] = new Array(pieces.length).fill(null);
    const removable = new Uint8Array(pieces.length);
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p.required) continue;
      buildLattice(p.chars, trie, maxLen, edges, i);
      const alt = viterbi(edges, p.chars.length, scores, unk, fa, back);
      if (alt.score > p.score) removable[i] = 1;
      else alternatives[i] = alt.path.map((e) => edges.piece[e]);
    }
    const freq = new Float64Array(pieces.length);
    let vsum = 0;
    for (let wi = 0; wi < words.length; wi++) {
      buildLattice(words[wi], trie, maxLen, edges);
      const { path } = viterbi(edges, words[wi].length, scores, unk, fa, back);
      vsum += freqs[wi];
      for (const e of path) {
        const p = edges.piece[e];
        if (p >= 0) freq[p] += freqs[wi];
      }
    }
    const sum = freq.reduce((s, x) => s + x, 0);
    const logSum = Math.log(sum);
    const keep: Piece[] = [];
    const candidates: { i: number; loss: number }[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p.required) keep.push(p);
      else if (freq[i] === 0 || removable[i]) continue;
      else {
        const alts = alternatives[i]!;
        if (alts.some((a) => a < 0)) {
          keep.push(p); // no alternative without falling back to bytes
          continue;
        }
        // SentencePiece sums the frequency of the piece's sentence list, one entry per occurrence.
        const F = freq[i] / vsum;
        const logProbSp = Math.log(freq[i]) - logSum;
        const logSumAlt = Math.log(sum + freq[i] * (alts.length - 1));
        let logProbAlt = 0;
        for (const a of alts) logProbAlt += Math.log(freq[a] + freq[i]) - logSumAlt;
        candidates.push({ i, loss: F * (logProbSp - logProbAlt) });
      }
    }
    const prunedSize = Math.max(Math.ceil(target * 1.1), Math.floor(SHRINKING_FACTOR * pieces.length));
    candidates.sort((a, b) => b.loss - a.loss || a.i - b.i);
    for (const c of candidates) {
      if (keep.length >= prunedSize) break;
      keep.push(pieces[c.i]);
    }
    pieces = keep;
  };

  let rounds = 0;
  for (;;) {
    runEm();
    if (pieces.length <= Math.ceil(target * 1.1) || rounds >= 40) break;
    const before = pieces.length;
    prune();
    rounds++;
    if (pieces.length === before) break;
  }
  runEm();

  // Final vocabulary: every required char, then the best-scoring pieces up to the target.
  const required = pieces.filter((p) => p.required);
  const others = pieces.filter((p) => !p.required).sort((a, b) => b.score - a.score);
  const final = [...required, ...others.slice(0, Math.max(0, target - required.length))].sort((a, b) => b.score - a.score);
  const toText = (chars: Int32Array) => String.fromCodePoint(...Array.from(chars, (c) => alphabet[c]));
  const tokenizer = new UnigramTokenizer({
    vocabSize,
    numSentinels,
    maxPieceLength: maxLen,
    pieces: final.map((p) => [toText(p.chars), p.score] as [string, number]),
  });
  return {
    tokenizer,
    stats: {
      words: totalWords,
      uniqueWords: words.length,
      requiredChars: A,
      seedPieces,
      rounds,
      learnedPieces: final.length,
      ms: performance.now() - t0,
    },
  };
}
