import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareArms,
  formatSummary,
  normalQuantile,
  sampleSd,
  studentTQuantile,
  summarize,
  verdictOf,
} from '../../../src/experiments/statistics.ts';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

describe('experiment statistics', () => {
  it('computes Student t 0.975 quantiles for small and large degrees of freedom', () => {
    // Reference values: the standard t table (and scipy.stats.t.ppf(0.975, df)).
    const table: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837078],
      [10, 2.228138851986274],
      [30, 2.0422724563012378],
    ];
    for (const [df, t] of table) close(studentTQuantile(0.975, df), t, 1e-8, `t(0.975, ${df})`);
    close(studentTQuantile(0.975, Infinity), 1.959963984540054, 1e-6, 't(0.975, ∞)');
    close(normalQuantile(0.975), 1.959963984540054, 1e-6, 'z(0.975)');
    close(studentTQuantile(0.025, 3), -3.1824463052837078, 1e-8, 'lower tail is symmetric');
    // Welch-Satterthwaite gives non-integer df.
    close(studentTQuantile(0.975, 4.07547169811), 2.756284874360407, 1e-8, 't(0.975, 4.075)');
  });

  it('summarizes values with the sample sd and a t interval, and gives no interval for one seed', () => {
    const s = summarize([1, 2, 3, 4]);
    assert.equal(s.mean, 2.5);
    close(s.sd, Math.sqrt(5 / 3), 1e-12, 'sd');
    // 2.5 ± 3.18245 · 1.29099 / 2
    close(s.ci95![0], 0.4457397432394794, 1e-8, 'lo');
    close(s.ci95![1], 4.554260256760521, 1e-8, 'hi');
    const one = summarize([0.7]);
    assert.equal(one.ci95, null);
    assert.ok(Number.isNaN(sampleSd([0.7])));
    assert.match(formatSummary(one), /one seed: no interval/);
    assert.match(formatSummary(s, 2), /^2\.50 ± 2\.05 \(95% CI, 4 seeds\)$/);
  });

  it('pairs arms that share seeds and calls a clear gain better', () => {
    // Per-seed differences 0.10, 0.07, 0.07: mean 0.08, sd 0.01732, half-width 4.30265 · 0.01 = 0.0430265.
    const c = compareArms([0.8, 0.82, 0.78], [0.7, 0.75, 0.71], { seedsA: [1, 2, 3], seedsB: [1, 2, 3] });
    assert.equal(c.method, 'paired');
    close(c.diff, 0.08, 1e-12, 'diff');
    close(c.ci95![0], 0.03697347270250529, 1e-8, 'lo');
    close(c.ci95![1], 0.12302652729749478, 1e-8, 'hi');
    assert.equal(c.verdict, 'better');
    assert.equal(compareArms([0.7, 0.75, 0.71], [0.8, 0.82, 0.78]).verdict, 'worse');
    assert.equal(
      compareArms([0.7, 0.75, 0.71], [0.8, 0.82, 0.78], { lowerIsBetter: true }).verdict,
      'better',
      'for a loss, lower is better',
    );
  });

  it('uses Welch intervals for arms with different seeds and says within noise when the interval spans zero', () => {
    const c = compareArms([1, 2, 3], [2, 4, 6, 8]);
    assert.equal(c.method, 'welch');
    assert.equal(c.diff, -3);
    close(c.ci95![0], -6.897975451083128, 1e-7, 'lo');
    close(c.ci95![1], 0.8979754510831279, 1e-7, 'hi');
    assert.equal(c.verdict, 'within noise');
    const single = compareArms([0.9], [0.5]);
    assert.equal(single.ci95, null);
    assert.equal(single.verdict, 'within noise', 'one seed cannot show a difference');
    assert.equal(verdictOf([-0.1, 0.2]), 'within noise');
  });
});
