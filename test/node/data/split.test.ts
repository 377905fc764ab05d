import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashText, isValidationKey, splitExamples } from '../../../src/data/split.ts';
import { loadBundled } from '../../../src/data/bundledFiles.node.ts';
import type { TaskExample } from '../../../src/data/parseDataset.ts';

describe('deterministic split', () => {
  it('hashes UTF-8 bytes with FNV-1a + fmix32 to fixed values on every platform', () => {
    // FNV-1a of "" is the offset basis 0x811c9dc5; fmix32 of it, computed by hand in BigInt below.
    const fmix = (h: bigint) => {
      const m = (x: bigint) => x & 0xffffffffn;
      h ^= h >> 16n;
      h = m(h * 0x85ebca6bn);
      h ^= h >> 13n;
      h = m(h * 0xc2b2ae35n);
      h ^= h >> 16n;
      return Number(h);
    };
    const fnv = (bytes: Uint8Array) => {
      let h = 0x811c9dc5n;
      for (const b of bytes) h = ((h ^ BigInt(b)) * 0x01000193n) & 0xffffffffn;
      return h;
    };
    for (const s of ['', 'a', 'define: remove (verb)', 'Äquator ∑ 😀']) {
      assert.equal(hashText(s), fmix(fnv(new TextEncoder().encode(s))), JSON.stringify(s));
    }
  });

  it('puts the same examples in validation on every call, and duplicates of an input together', () => {
    const examples = Array.from({ length: 500 }, (_, i) => ({ inputs: `q${i % 400}`, targets: `a${i}` }));
    const a = splitExamples(examples);
    const b = splitExamples(examples.slice());
    assert.deepEqual(a, b);
    const valInputs = new Set(a.validation.map((e) => e.inputs));
    for (const e of a.train) assert.ok(!valInputs.has(e.inputs), `input ${e.inputs} is in both splits`);
  });

  it('sends close to the requested fraction to validation on a bundled task (19,424 definitions)', async () => {
    const ds = await loadBundled('define');
    assert.equal(ds.kind, 'task');
    if (ds.kind !== 'task') return;
    const examples: TaskExample[] = ds.examples;
    for (const fraction of [0.1, 0.25]) {
      const { train, validation } = splitExamples(examples, { validationFraction: fraction });
      assert.equal(train.length + validation.length, examples.length);
      const share = validation.length / examples.length;
      // Binomial sd at n = 19,424 is ≤ 0.0036; 4 sd of slack.
      assert.ok(Math.abs(share - fraction) < 0.015, `fraction ${fraction} gave ${share}`);
    }
  });

  it('nests splits: an example in validation at 10% is also in validation at 20%', () => {
    for (let i = 0; i < 2000; i++) if (isValidationKey(`k${i}`, 0.1)) assert.ok(isValidationKey(`k${i}`, 0.2));
  });

  it('handles fractions 0 and 1 and rejects others by name', () => {
    const xs = ['a', 'b', 'c'];
    assert.equal(splitExamples(xs, { validationFraction: 0 }).validation.length, 0);
    assert.equal(splitExamples(xs, { validationFraction: 1 }).train.length, 0);
    assert.throws(() => splitExamples(xs, { validationFraction: 1.5 }), /validationFraction/);
    assert.throws(() => splitExamples([{ x: 1 }]), /options\.key/);
  });
});
