import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axisTicks, extent, linearTicks, siFormat, siTickFormat } from '../../../src/plots/ticks.ts';

describe('axis ticks and tick labels', () => {
  it('writes large numbers with SI prefixes and small ones without a "+" exponent', () => {
    assert.deepEqual(
      [7e8, 8e8, 2e5, 2.4e12, 1e9, 999950, 1234567, -3000].map((v) => siFormat(v)),
      ['700M', '800M', '200k', '2.4T', '1G', '1M', '1.23M', '−3k'],
    );
    assert.deepEqual(
      [0, 1.5, 12, 0.01, 0.008, 5e-4, 1.25e-5].map((v) => siFormat(v)),
      ['0', '1.5', '12', '0.01', '0.008', '5e-4', '1.25e-5'],
    );
    for (const v of [7e8, 3e-7, 0.0012, 4.5e15]) assert.ok(!siFormat(v).includes('+'), siFormat(v));
  });

  it('gives a log axis within one decade several labelled ticks (a loss from 2.1 to 6.8)', () => {
    assert.deepEqual(axisTicks(2.1, 6.8, { type: 'log' }), [3, 4, 5, 6]);
    assert.deepEqual(axisTicks(1.62, 1.75, { type: 'log' }), [1.65, 1.7, 1.75]);
  });

  it('keeps a log axis from 7e8 to 8e8 to a few ticks whose SI labels are short', () => {
    const ticks = axisTicks(7e8, 8e8, { type: 'log' });
    assert.ok(ticks.length >= 2 && ticks.length <= 6, String(ticks));
    assert.ok(ticks.every((t) => t >= 7e8 && t <= 8e8));
    assert.ok(
      ticks.map((t) => siFormat(t)).every((l) => l.length <= 4),
      ticks.map((t) => siFormat(t)).join(' '),
    );
  });

  it('uses whole decades, thinned, on a log axis spanning many of them', () => {
    assert.deepEqual(axisTicks(1, 1e6, { type: 'log' }), [1, 100, 1e4, 1e6]);
    assert.deepEqual(axisTicks(10, 1000, { type: 'log' }), [10, 30, 100, 300, 1000]);
  });

  it('makes round linear ticks and refuses a log axis over a non-positive domain', () => {
    assert.deepEqual(linearTicks(0, 0.01, 5), [0, 0.002, 0.004, 0.006, 0.008, 0.01]);
    assert.deepEqual(axisTicks(0, 100), [0, 20, 40, 60, 80, 100]);
    assert.throws(() => axisTicks(0, 10, { type: 'log' }), /log axis needs a positive domain/);
  });

  it('labels the ticks of a nearly flat loss distinctly (6.93 to 6.95)', () => {
    const ticks = axisTicks(6.93, 6.95, { type: 'log' });
    assert.ok(ticks.length >= 3, String(ticks));
    const labels = ticks.map(siTickFormat(ticks));
    assert.equal(new Set(labels).size, ticks.length, labels.join(' '));
    assert.deepEqual(axisTicks(7e8, 8e8, { type: 'log' }).map(siTickFormat(axisTicks(7e8, 8e8, { type: 'log' }))), [
      '700M',
      '720M',
      '740M',
      '760M',
      '780M',
      '800M',
    ]);
  });

  it('finds the extent of the finite values only', () => {
    assert.deepEqual(extent([3, NaN, 1, Infinity, 2]), [1, 3]);
    assert.equal(extent([NaN]), undefined);
  });
});
