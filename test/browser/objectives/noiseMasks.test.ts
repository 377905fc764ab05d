import { assert } from '@esm-bundle/chai';
import { Rng } from '../../../src/objectives/rng.ts';
import { iidNoiseMask, randomComposition, randomPrefixNoiseMask, randomSpansNoiseMask } from '../../../src/objectives/noiseMasks.ts';

/** Lengths of the maximal runs of `value` in a mask. */
function runs(mask: Uint8Array, value: number): number[] {
  const out: number[] = [];
  let cur = 0;
  for (let i = 0; i <= mask.length; i++) {
    if (i < mask.length && mask[i] === value) cur++;
    else if (cur > 0) {
      out.push(cur);
      cur = 0;
    }
  }
  return out;
}
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
const str = (m: Uint8Array) => Array.from(m).join('');

describe('randomSpansNoiseMask (spec §B.2, §B.7)', () => {
  it('a 568-token segment always has exactly 85 noise tokens in exactly 28 spans (500 seeds)', () => {
    const rng = new Rng(568);
    for (let s = 0; s < 500; s++) {
      const m = randomSpansNoiseMask(568, 0.15, 3, rng);
      assert.equal(sum(m), 85);
      assert.equal(runs(m, 1).length, 28);
      assert.equal(runs(m, 0).length, 28);
    }
  });

  it('every mask starts clean, ends with noise and has no empty span, at many lengths and densities', () => {
    const rng = new Rng(11);
    for (const density of [0.1, 0.15, 0.25, 0.5, 0.9]) {
      for (const meanSpan of [1, 2, 3, 5, 10]) {
        for (let length = 2; length < 200; length += 7) {
          const m = randomSpansNoiseMask(length, density, meanSpan, rng);
          assert.equal(m.length, length);
          assert.equal(m[0], 0, `starts clean (length ${length})`);
          assert.equal(m[length - 1], 1, `ends with noise (length ${length})`);
          assert.equal(runs(m, 1).length, runs(m, 0).length, 'as many clean runs as noise runs');
        }
      }
    }
  });

  it('short segments get the edge-case masks of §B.7 for every seed', () => {
    const expected: Record<number, string> = {
      1: '0',
      2: '01',
      3: '001',
      5: '00001',
      10: '0'.repeat(8) + '11',
      20: '0'.repeat(17) + '111',
      30: '0'.repeat(26) + '1111',
    };
    for (let seed = 0; seed < 50; seed++) {
      const rng = new Rng(seed);
      for (const [len, mask] of Object.entries(expected))
        assert.equal(str(randomSpansNoiseMask(Number(len), 0.15, 3, rng)), mask, `length ${len}`);
    }
  });

  it('length 31 is the first to get two spans: 5 noise tokens (4.65 → 5) in round(5/3) = 2 spans', () => {
    const rng = new Rng(31);
    for (let s = 0; s < 50; s++) {
      const m = randomSpansNoiseMask(31, 0.15, 3, rng);
      assert.equal(sum(m), 5);
      assert.equal(runs(m, 1).length, 2);
    }
  });

  it('density 0 gives an all-clean mask and length 0 an empty one', () => {
    assert.equal(sum(randomSpansNoiseMask(100, 0, 3, new Rng(0))), 0);
    assert.equal(randomSpansNoiseMask(0, 0.15, 3, new Rng(0)).length, 0);
  });

  it('is deterministic under a seed and varies across seeds', () => {
    assert.equal(str(randomSpansNoiseMask(568, 0.15, 3, new Rng(9))), str(randomSpansNoiseMask(568, 0.15, 3, new Rng(9))));
    assert.notEqual(str(randomSpansNoiseMask(568, 0.15, 3, new Rng(9))), str(randomSpansNoiseMask(568, 0.15, 3, new Rng(10))));
  });

  it('rejects density outside [0, 1], a non-integer length and a non-positive meanSpan, by name', () => {
    const rng = new Rng(0);
    assert.throws(() => randomSpansNoiseMask(10, 1.5, 3, rng), /density/);
    assert.throws(() => randomSpansNoiseMask(10, -0.1, 3, rng), /density/);
    assert.throws(() => randomSpansNoiseMask(10.5, 0.15, 3, rng), /length/);
    assert.throws(() => randomSpansNoiseMask(10, 0.15, 0, rng), /meanSpan/);
  });
});

describe('randomComposition', () => {
  it('returns positive parts that sum to the item count', () => {
    const rng = new Rng(2);
    for (const [items, parts] of [
      [85, 28],
      [483, 28],
      [5, 5],
      [7, 1],
      [1, 1],
    ]) {
      const c = randomComposition(items, parts, rng);
      assert.equal(c.length, parts);
      assert.equal(sum(c), items);
      assert.isTrue(Array.from(c).every((x) => x >= 1));
    }
  });

  it('is uniform over all compositions: each of the 6 compositions of 5 into 3 parts about 1/6 of 12,000 draws', () => {
    const rng = new Rng(12345);
    const counts = new Map<string, number>();
    for (let i = 0; i < 12000; i++) {
      const key = Array.from(randomComposition(5, 3, rng)).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), ['1,1,3', '1,2,2', '1,3,1', '2,1,2', '2,2,1', '3,1,1']);
    // Expected 2000 each; binomial sd ≈ 41, so ±200 is a ~5 sd band.
    for (const [k, c] of counts) assert.isTrue(c > 1800 && c < 2200, `${k}: ${c}`);
  });

  it('span lengths of a 568-token mask average 85/28 noise and 483/28 clean tokens per span', () => {
    const rng = new Rng(77);
    let noiseRuns = 0,
      noise = 0,
      cleanRuns = 0,
      clean = 0;
    for (let s = 0; s < 200; s++) {
      const m = randomSpansNoiseMask(568, 0.15, 3, rng);
      const n = runs(m, 1),
        c = runs(m, 0);
      noiseRuns += n.length;
      noise += sum(n);
      cleanRuns += c.length;
      clean += sum(c);
    }
    assert.closeTo(noise / noiseRuns, 85 / 28, 1e-9);
    assert.closeTo(clean / cleanRuns, 483 / 28, 1e-9);
  });

  it('every noise position of a span mask is equally likely apart from the fixed ends', () => {
    // With a uniform composition, positions in the middle of a 100-token segment are noise with
    // nearly equal frequency; a biased shuffle would skew them.
    const rng = new Rng(4242);
    const freq = new Array(100).fill(0);
    const draws = 4000;
    for (let s = 0; s < draws; s++) {
      const m = randomSpansNoiseMask(100, 0.15, 3, rng);
      for (let i = 0; i < 100; i++) freq[i] += m[i];
    }
    const middle = freq.slice(20, 80).map((f) => f / draws);
    const mean = sum(middle) / middle.length;
    for (const f of middle) assert.closeTo(f, mean, 0.04);
  });
});

describe('iidNoiseMask', () => {
  it('marks about density of the positions, independently', () => {
    const m = iidNoiseMask(100000, 0.15, new Rng(1));
    assert.closeTo(sum(m) / 100000, 0.15, 0.005);
    assert.equal(sum(iidNoiseMask(50, 1, new Rng(1))), 50);
    assert.equal(sum(iidNoiseMask(50, 0, new Rng(1))), 0);
  });
});

describe('randomPrefixNoiseMask', () => {
  it('marks a non-empty prefix and leaves at least one token, uniform over 1…length−1 at density 0.5', () => {
    const rng = new Rng(8);
    const counts = new Array(10).fill(0);
    for (let s = 0; s < 9000; s++) {
      const m = randomPrefixNoiseMask(10, 0.5, rng);
      const k = sum(m);
      assert.equal(str(m), '1'.repeat(k) + '0'.repeat(10 - k), 'a prefix');
      counts[k]++;
    }
    assert.equal(counts[0], 0);
    for (let k = 1; k < 10; k++) assert.isTrue(counts[k] > 850 && counts[k] < 1150, `k=${k}: ${counts[k]}`);
  });

  it('follows the kmin rule at lower densities: density 0.25, length 11 → k in 5…10', () => {
    const rng = new Rng(9);
    const seen = new Set<number>();
    for (let s = 0; s < 2000; s++) seen.add(sum(randomPrefixNoiseMask(11, 0.25, rng)));
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [5, 6, 7, 8, 9, 10],
    );
  });

  it('rejects density above 0.5', () => {
    assert.throws(() => randomPrefixNoiseMask(10, 0.6, new Rng(0)), /density/);
  });
});
