/**
 * The lattice machinery of a unigram (SentencePiece-style) tokenizer, shared by training and
 * encoding: a trie over pieces, Viterbi (best segmentation) and forward–backward (expected piece
 * counts). Words are arrays of dense character indices (−1 = a character no piece contains).
 */

/**
 * Open-addressing hash table from non-negative integer keys (< 2^53) to node ids. A Map did the
 * same job but was the training hot spot (millions of lookups per EM pass).
 */
class ChildTable {
  private keys = new Float64Array(1024).fill(-1);
  private vals = new Int32Array(1024);
  private mask = 1023;
  private size = 0;

  private slot(key: number): number {
    const lo = key % 4294967296;
    const hi = (key - lo) / 4294967296;
    let h = Math.imul(lo | 0, 0x9e3779b1) ^ Math.imul(hi | 0, 0x85ebca77);
    h ^= h >>> 15;
    return h & this.mask;
  }

  get(key: number): number {
    const keys = this.keys;
    let i = this.slot(key);
    for (;;) {
      const k = keys[i];
      if (k === key) return this.vals[i];
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    let i = this.slot(key);
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    if (this.keys[i] === -1) this.size++;
    this.keys[i] = key;
    this.vals[i] = value;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.vals = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i], vals[i]);
  }
}

/** A trie over pieces; node 0 is the root. Children live in one table keyed `node·A + char`. */
export class PieceTrie {
  private readonly children = new ChildTable();
  private readonly nodePiece: number[] = [-1];

  /** `alphabetSize` A bounds the character indices (0 ≤ c < A). */
  constructor(readonly alphabetSize: number) {}

  insert(chars: ArrayLike<number>, piece: number): void {
    let node = 0;
    for (let i = 0; i < chars.length; i++) {
      let next = this.child(node, chars[i]);
      if (next < 0) next = this.insertChild(node, chars[i]);
      node = next;
    }
    this.nodePiece[node] = piece;
  }

  /** Adds a child of `node` by character `c` (which must not exist yet) and returns its id. */
  insertChild(node: number, c: number): number {
    const next = this.nodePiece.length;
    this.nodePiece.push(-1);
    this.children.set(node * this.alphabetSize + c, next);
    return next;
  }

  /** Child of `node` by character `c`, or −1. */
  child(node: number, c: number): number {
    if (c < 0) return -1;
    return this.children.get(node * this.alphabetSize + c);
  }

  /** Piece ending at `node`, or −1. */
  pieceAt(node: number): number {
    return this.nodePiece[node];
  }
}

/** Edges of one word's lattice: piece `piece[e]` spans chars [start[e], end[e]); piece −1 = fallback. */
export class LatticeEdges {
  start = new Int32Array(256);
  end = new Int32Array(256);
  piece = new Int32Array(256);
  length = 0;

  push(s: number, e: number, p: number): void {
    if (this.length === this.start.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.piece = grow(this.piece);
    }
    this.start[this.length] = s;
    this.end[this.length] = e;
    this.piece[this.length] = p;
    this.length++;
  }
}

/**
 * Fills `edges` with every piece occurrence in `word` (in order of start position), plus a
 * fallback edge (piece −1) for every character that no single-character piece covers, so a path
 * always exists. `banned` (a piece id or −1) is left out: used to find a piece's alternative.
 */
export function buildLattice(word: ArrayLike<number>, trie: PieceTrie, maxLen: number, edges: LatticeEdges, banned = -1): void {
  edges.length = 0;
  const n = word.length;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let hasSingle = false;
    const stop = Math.min(n, i + maxLen);
    for (let j = i; j < stop; j++) {
      node = trie.child(node, word[j]);
      if (node < 0) break;
      const p = trie.pieceAt(node);
      if (p >= 0 && p !== banned) {
        edges.push(i, j + 1, p);
        if (j === i) hasSingle = true;
      }
    }
    if (!hasSingle) edges.push(i, i + 1, -1);
  }
}

/**
 * Best segmentation of a lattice of a word of `n` chars: returns the edge indices on the best
 * path (in order) and its score. Fallback edges score `unkScore`.
 */
export function viterbi(
  edges: LatticeEdges,
  n: number,
  scores: ArrayLike<number>,
  unkScore: number,
  best: Float64Array,
  back: Int32Array,
): { path: number[]; score: number } {
  best.fill(-Infinity, 0, n + 1);
  best[0] = 0;
  for (let e = 0; e < edges.length; e++) {
    const s = edges.start[e];
    if (best[s] === -Infinity) continue;
    const p = edges.piece[e];
    const cand = best[s] + (p < 0 ? unkScore : scores[p]);
    const t = edges.end[e];
    if (cand > best[t]) {
      best[t] = cand;
      back[t] = e;
    }
  }
  const path: number[] = [];
  let pos = n;
  while (pos > 0) {
    const e = back[pos];
    path.push(e);
    pos = edges.start[e];
  }
  path.reverse();
  return { path, score: best[n] };
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Forward–backward over a lattice: adds `weight · P(edge)` to `expected[piece]` for every
 * non-fallback edge and returns log Z (the word's log marginal likelihood).
 */
export function accumulateExpected(
  edges: LatticeEdges,
  n: number,
  scores: ArrayLike<number>,
  unkScore: number,
  weight: number,
  expected: Float64Array,
  alpha: Float64Array,
  beta: Float64Array,
): number {
  alpha.fill(-Infinity, 0, n + 1);
  beta.fill(-Infinity, 0, n + 1);
  alpha[0] = 0;
  beta[n] = 0;
  for (let e = 0; e < edges.length; e++) {
    const p = edges.piece[e];
    const s = edges.start[e];
    alpha[edges.end[e]] = logAddExp(alpha[edges.end[e]], alpha[s] + (p < 0 ? unkScore : scores[p]));
  }
  for (let e = edges.length - 1; e >= 0; e--) {
    const p = edges.piece[e];
    const t = edges.end[e];
    beta[edges.start[e]] = logAddExp(beta[edges.start[e]], beta[t] + (p < 0 ? unkScore : scores[p]));
  }
  const logZ = alpha[n];
  for (let e = 0; e < edges.length; e++) {
    const p = edges.piece[e];
    if (p < 0) continue;
    expected[p] += weight * Math.exp(alpha[edges.start[e]] + scores[p] + beta[edges.end[e]] - logZ);
  }
  return logZ;
}
