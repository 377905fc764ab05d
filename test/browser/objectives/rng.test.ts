import { assert } from '@esm-bundle/chai';
import { Rng, roundHalfEven } from '../../../src/objectives/rng.ts';

describe('roundHalfEven', () => {
  it('rounds exact halves to the even neighbour like Python round and tf.round', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 4.5, 7.5, 10.5, -0.5, -1.5, -2.5].map(roundHalfEven), [0, 2, 2, 4, 8, 10, 0, -2, -2]);
  });

  it('rounds non-halves to the nearest integer', () => {
    assert.deepEqual([1.49, 1.51, 85.2, 28.333, 1.65, 0.67, -3.7].map(roundHalfEven), [1, 2, 85, 28, 2, 1, -4]);
  });

  it('works on the products the span helper forms: 568·0.15 → 85, 30·0.15 → 4, 70·0.15 → 10, 31·0.15 → 5', () => {
    assert.equal(roundHalfEven(568 * 0.15), 85);
    assert.equal(roundHalfEven(30 * 0.15), 4);
    assert.equal(roundHalfEven(70 * 0.15), 10);
    assert.equal(roundHalfEven(31 * 0.15), 5);
    assert.equal(roundHalfEven(10 * 0.15), 2);
  });
});

describe('Rng', () => {
  it('the same seed gives the same stream and different seeds differ', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const xs = Array.from({ length: 20 }, () => a.uint32());
    assert.deepEqual(
      Array.from({ length: 20 }, () => b.uint32()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 20 }, () => c.uint32()),
      xs,
    );
  });

  it('string seeds and large integer seeds are accepted and distinct', () => {
    assert.notEqual(new Rng('a').uint32(), new Rng('b').uint32());
    assert.notEqual(new Rng(2 ** 40).uint32(), new Rng(0).uint32());
    assert.throws(() => new Rng(1.5), /seed/);
  });

  it('a saved state continues the exact same stream after a JSON round trip', () => {
    const a = new Rng(7);
    for (let i = 0; i < 13; i++) a.float();
    const saved = JSON.parse(JSON.stringify(a.state()));
    const expected = Array.from({ length: 50 }, () => a.below(1000));
    const b = Rng.fromState(saved);
    assert.deepEqual(
      Array.from({ length: 50 }, () => b.below(1000)),
      expected,
    );
  });

  it('fork(key) depends on the key and position, and does not advance the parent', () => {
    const a = new Rng(1);
    const before = a.state();
    const f1 = a.fork('init').uint32();
    assert.deepEqual(a.state(), before);
    assert.equal(new Rng(1).fork('init').uint32(), f1);
    assert.notEqual(a.fork('data').uint32(), f1);
    a.uint32();
    assert.notEqual(a.fork('init').uint32(), f1);
  });

  it('float is in [0, 1) with mean near 1/2 and below(n) covers exactly 0..n−1', () => {
    const r = new Rng(3);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.float();
      assert.isTrue(x >= 0 && x < 1);
      sum += x;
    }
    assert.closeTo(sum / 20000, 0.5, 0.01);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[r.below(7)]++;
    for (const c of counts) assert.isTrue(c > 850 && c < 1150, `count ${c}`);
    assert.throws(() => r.below(0), /n must be/);
  });

  it('int(lo, hi) excludes hi and shuffle returns a permutation', () => {
    const r = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(3, 8));
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
    const xs = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = r.shuffle([...xs]);
    assert.notDeepEqual(shuffled, xs);
    assert.deepEqual(
      [...shuffled].sort((p, q) => p - q),
      xs,
    );
  });
});
