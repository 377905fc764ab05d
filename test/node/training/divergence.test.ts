import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DivergenceDetector, FLAT_WINDOW, divergenceMessage, warmupStepsOf } from '../../../src/training/divergence.ts';

/** Feeds losses for steps 1, 2, …; returns the first divergence and the detector. */
function feed(losses: number[], options = { vocabSize: 384 }) {
  const d = new DivergenceDetector(options);
  for (let i = 0; i < losses.length; i++) {
    const v = d.observe(i + 1, losses[i]);
    if (v) return { verdict: v, detector: d };
  }
  return { verdict: undefined, detector: d };
}

const falling = (n: number, from = 6, to = 2) =>
  Array.from({ length: n }, (_, i) => from - ((from - to) * i) / (n - 1) + 0.05 * Math.sin(i));

describe('divergence detection', () => {
  it('a loss that falls, with noise and small bumps, is healthy to the end', () => {
    const losses = falling(300);
    losses[150] += 1.5; // one bad batch
    const { verdict, detector } = feed(losses);
    assert.equal(verdict, undefined);
    assert.equal(detector.healthy, true);
  });

  it('a loss that runs away to 1e8 is a divergence that names the minimum', () => {
    const losses = [...falling(40), 5, 50, 1e4, 1e8];
    const { verdict } = feed(losses);
    assert.ok(verdict);
    assert.equal(verdict.kind, 'rising');
    assert.ok(verdict.step > 40 && verdict.step <= 44, `found at step ${verdict.step}`);
    assert.match(verdict.reason, /far above its minimum 2\.\d+ at step \d+/);
  });

  it('a loss that climbs from 2 back above ln V is a divergence, and it stops looking healthy first', () => {
    const d = new DivergenceDetector({ vocabSize: 384 });
    const losses = [...falling(50), ...Array.from({ length: 40 }, (_, i) => 2 + i * 0.5)];
    let unhealthyAt: number | undefined;
    let found;
    for (let i = 0; i < losses.length && !found; i++) {
      found = d.observe(i + 1, losses[i]);
      if (!d.healthy) unhealthyAt ??= i + 1;
    }
    assert.ok(found, 'diverged');
    assert.ok(unhealthyAt !== undefined && unhealthyAt < found.step, 'checkpoints stop before the divergence is declared');
    assert.ok(found.lastHealthyStep < found.step);
  });

  it('a loss pinned at ln V after warm-up is a collapsed run; during warm-up it is not', () => {
    const lnV = Math.log(384);
    const flat = Array.from({ length: FLAT_WINDOW + 20 }, () => lnV + 0.001);
    const { verdict } = feed(flat);
    assert.ok(verdict);
    assert.equal(verdict.kind, 'flat');
    assert.equal(verdict.step, FLAT_WINDOW);
    assert.match(verdict.reason, /≈ ln 384 \(a uniform guess over the vocabulary\) for 50 steps after warm-up/);
    const warm = new DivergenceDetector({ vocabSize: 384, warmupSteps: 1000 });
    for (let s = 1; s <= flat.length; s++) assert.equal(warm.observe(s, flat[s - 1]), undefined);
  });

  it('a resumed run carries the minimum of its history over', () => {
    const d = new DivergenceDetector({ vocabSize: 384, history: [{ step: 100, loss: 1.5 }] });
    let found;
    for (let s = 101; s < 140 && !found; s++) found = d.observe(s, 9);
    assert.ok(found);
    assert.match(found.reason, /minimum 1\.500 at step 100/);
  });

  it('the message says where the last good checkpoint is and what to try', () => {
    const { verdict } = feed([3, 3, 1e6]);
    assert.ok(verdict);
    assert.match(
      divergenceMessage(verdict, 40),
      /^training diverged at step 3: .*; the last good checkpoint is at step 40 \(try a lower learning rate or gradient clipping/,
    );
    assert.match(divergenceMessage(verdict, undefined), /no checkpoint was written yet/);
  });

  it('warm-up is the linear ramp of warmup-cosine; the other schedules start at their peak', () => {
    assert.equal(warmupStepsOf({ kind: 'warmup-cosine', peak: 1e-3, warmupSteps: 30, totalSteps: 100 }), 30);
    assert.equal(warmupStepsOf({ kind: 'constant', value: 1e-3 }), 0);
  });
});

describe('divergence detection and checkpoints', () => {
  it('a run that fell below ln V and came back to it is not healthy; one that starts at ln V is', () => {
    const lnV = Math.log(384);
    const early = new DivergenceDetector({ vocabSize: 384 });
    for (let s = 1; s <= 5; s++) early.observe(s, lnV);
    assert.equal(early.healthy, true, 'early training sits at ln V');
    const collapsed = new DivergenceDetector({ vocabSize: 384, history: [{ step: 10, loss: 3 }] });
    collapsed.observe(11, lnV);
    assert.equal(collapsed.healthy, false);
  });
});

describe('probing a checkpoint before it is kept', () => {
  it('accepts weights near the minimum and refuses exploded, non-finite or collapsed ones', () => {
    const d = new DivergenceDetector({ vocabSize: 384, history: [{ step: 10, loss: 2 }] });
    assert.equal(d.acceptsProbe(2.4), true);
    assert.equal(d.acceptsProbe(NaN), true, 'no validation data: nothing to probe');
    assert.equal(d.acceptsProbe(1e6), false);
    assert.equal(d.acceptsProbe(Infinity), false);
    assert.equal(d.acceptsProbe(Math.log(384)), false, 'back at ln V after reaching 2');
  });
});
