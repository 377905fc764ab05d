import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt, validateSchedule, PAPER_PRETRAINING_SCHEDULE } from '../../../src/training/schedules.ts';

describe('learning-rate schedules', () => {
  it("the paper's 1/√max(step, 10^4) is 0.01 for the first 10^4 steps, then decays as 1/√step", () => {
    const s = PAPER_PRETRAINING_SCHEDULE;
    assert.equal(learningRateAt(s, 0), 0.01);
    assert.equal(learningRateAt(s, 9_999), 0.01);
    assert.equal(learningRateAt(s, 10_000), 0.01);
    assert.equal(learningRateAt(s, 40_000), 1 / 200);
    assert.equal(learningRateAt(s, 2 ** 19), 1 / Math.sqrt(2 ** 19));
    assert.equal(learningRateAt({ kind: 'inverse-sqrt', warmupSteps: 100, scale: 0.5 }, 400), 0.5 / 20);
  });

  it('constant returns its value at every step', () => {
    for (const step of [0, 1, 1e6]) assert.equal(learningRateAt({ kind: 'constant', value: 0.001 }, step), 0.001);
  });

  it('warm-up + cosine rises linearly to the peak, halves at mid-decay and ends at final', () => {
    const s = validateSchedule({ kind: 'warmup-cosine', peak: 0.02, warmupSteps: 10, totalSteps: 110, final: 1e-5 });
    assert.equal(learningRateAt(s, 0), 0.002);
    assert.equal(learningRateAt(s, 4), 0.01);
    assert.equal(learningRateAt(s, 10), 0.02);
    assert.ok(Math.abs(learningRateAt(s, 60) - (1e-5 + (0.02 - 1e-5) / 2)) < 1e-15);
    assert.equal(learningRateAt(s, 110), 1e-5);
    assert.equal(learningRateAt(s, 500), 1e-5);
    for (let t = 11; t < 110; t++) assert.ok(learningRateAt(s, t) < learningRateAt(s, t - 1), `decreasing at ${t}`);
  });

  it('invalid schedules are rejected with the field named', () => {
    assert.throws(() => validateSchedule({ kind: 'inverse-sqrt', warmupSteps: 0 }), /schedule\.warmupSteps must be ≥ 1/);
    assert.throws(() => validateSchedule({ kind: 'constant', value: -1 }), /schedule\.value must be a positive number \(got -1\)/);
    assert.throws(
      () => validateSchedule({ kind: 'warmup-cosine', peak: 1, warmupSteps: 10, totalSteps: 5 }),
      /schedule\.totalSteps \(5\) must be ≥ warmupSteps \(10\)/,
    );
    assert.throws(() => validateSchedule({ kind: 'linear' }), /schedule\.kind must be one of inverse-sqrt, constant, warmup-cosine/);
    assert.throws(() => learningRateAt(PAPER_PRETRAINING_SCHEDULE, -1), /step must be an integer ≥ 0/);
  });
});
