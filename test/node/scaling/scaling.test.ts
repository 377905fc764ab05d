import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fitPowerLaw, powerLaw, type PowerLawPoint } from '../../../src/scaling/powerLaw.ts';
import { runCompute } from '../../../src/scaling/runCompute.ts';
import { fourTimesComputeStrategies, scaleDepth } from '../../../src/scaling/computeStrategies.ts';
import { flopsPerToken, parameterCount } from '../../../src/model/parameterCount.ts';
import { preset, SPEC_TABLE_PARAMS } from '../../../src/model/presets.ts';
import { Rng } from '../../../src/objectives/rng.ts';
import { PAPER_BENCHMARKS, PAPER_TABLES, TABLE_11, TABLE_13 } from '../../../src/paper/tables.ts';
import { mixingRates } from '../../../src/tasks/mixingRates.ts';

const close = (actual: number, expected: number, rel: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected} (rel tol ${rel})`);

function synthetic(a: number, alpha: number, c: number, ns: number[], noise = 0, seed = 1): PowerLawPoint[] {
  const rng = new Rng(seed);
  return ns.map((n) => ({ n, loss: a * n ** -alpha + c + noise * (2 * rng.float() - 1) }));
}
const sse = (fit: { a: number; alpha: number; c: number }, pts: PowerLawPoint[]) =>
  pts.reduce((s, p) => s + (powerLaw(fit, p.n) - p.loss) ** 2, 0);

describe('power-law fit L(N) = a·N^−α + c', () => {
  const ns = Array.from({ length: 9 }, (_, i) => 10 ** (5 + i * 0.5)); // 1e5 … 1e9

  it('recovers a, α and c exactly from noiseless points over four decades', () => {
    for (const [a, alpha, c] of [
      [400, 0.3, 1.7],
      [12, 0.076, 0.5],
      [5e3, 0.7, 3.2],
    ]) {
      const fit = fitPowerLaw(synthetic(a, alpha, c, ns));
      close(fit.alpha, alpha, 1e-6, 'alpha');
      close(fit.a, a, 1e-5, 'a');
      close(fit.c, c, 1e-6, 'c');
      assert.ok(fit.rmse < 1e-9, `rmse ${fit.rmse}`);
    }
  });

  it('with deterministic noise, recovers the parameters approximately and fits at least as well as the true curve', () => {
    const truth = { a: 400, alpha: 0.3, c: 1.7 };
    const pts = synthetic(
      truth.a,
      truth.alpha,
      truth.c,
      Array.from({ length: 25 }, (_, i) => 10 ** (4 + i / 4)),
      0.002,
      7,
    );
    const fit = fitPowerLaw(pts);
    close(fit.alpha, truth.alpha, 0.05, 'alpha');
    close(fit.c, truth.c, 0.01, 'c');
    assert.ok(sse(fit, pts) <= sse(truth, pts), 'least squares: no worse than the generating curve');
    assert.ok(fit.rmse <= 0.002, `rmse ${fit.rmse} within the noise amplitude`);
  });

  it('fits a pure power law when c is fixed to 0', () => {
    const fit = fitPowerLaw(synthetic(3, 0.5, 0, [10, 100, 1000]), { c: 0 });
    close(fit.alpha, 0.5, 1e-8, 'alpha');
    close(fit.a, 3, 1e-8, 'a');
    assert.equal(fit.c, 0);
  });

  it('names the bad point or option', () => {
    assert.throws(
      () =>
        fitPowerLaw([
          { n: 1, loss: 1 },
          { n: -2, loss: 1 },
          { n: 3, loss: 1 },
        ]),
      /points\[1\]\.n/,
    );
    assert.throws(
      () =>
        fitPowerLaw([
          { n: 1, loss: 1 },
          { n: 2, loss: Number.NaN },
          { n: 3, loss: 1 },
        ]),
      /points\[1\]\.loss/,
    );
    assert.throws(
      () =>
        fitPowerLaw([
          { n: 1, loss: 2 },
          { n: 1, loss: 1 },
          { n: 3, loss: 1 },
        ]),
      /3 distinct n/,
    );
    assert.throws(() => fitPowerLaw(synthetic(1, 1, 0, [1, 2, 3]), { alphaRange: [0, 1] }), /alphaRange/);
  });
});

describe('training compute of a run', () => {
  it('is flopsPerToken.trainingPerToken × steps × batch × (input + target) tokens', () => {
    const config = preset('bench-nano');
    const shape = { steps: 100, batch: 16, inputLength: 128, targetLength: 32 };
    const r = runCompute(config, shape);
    assert.equal(r.tokens, 100 * 16 * 160);
    assert.equal(r.flops, flopsPerToken(config, { inputLength: 128, targetLength: 32 }).trainingPerToken * r.tokens);
    assert.equal(r.params, parameterCount(config));
    assert.equal(r.sixNFlops, 6 * r.params * r.tokens);
  });

  it('counts an encoder-decoder at about half the 6N rule, since each token passes through one stack', () => {
    const r = runCompute(preset('t5-base'), { steps: 1, batch: 1, inputLength: 512, targetLength: 512 });
    const ratio = r.flops / r.sixNFlops;
    assert.ok(ratio > 0.4 && ratio < 0.75, `exact / 6N = ${ratio}`);
  });

  it('names the bad run field', () => {
    assert.throws(() => runCompute(preset('bench-nano'), { steps: 0, batch: 1, inputLength: 8, targetLength: 8 }), /run\.steps/);
    assert.throws(() => runCompute(preset('bench-nano'), { steps: 1, batch: 1.5, inputLength: 8, targetLength: 8 }), /run\.batch/);
  });
});

describe("the paper's 4× compute strategies (Table 13)", () => {
  const run = { steps: 200, batch: 16, inputLength: 128, targetLength: 32 };

  it("builds the baseline and the six Table 13 rows in the paper's order with its labels", () => {
    const s = fourTimesComputeStrategies(preset('bench-nano'), run);
    assert.deepEqual(
      s.map((x) => x.label),
      TABLE_13.rows.map((r) => r.label),
    );
    assert.deepEqual(
      s.map((x) => x.id),
      TABLE_13.rows.map((r) => r.key.strategy),
    );
  });

  it('spends exactly 4× the baseline pre-training FLOPs with more steps, a bigger batch or an ensemble', () => {
    const s = Object.fromEntries(fourTimesComputeStrategies(preset('bench-nano'), run).map((x) => [x.id, x]));
    assert.equal(s['1x-size-4x-steps'].run.steps, 800);
    assert.equal(s['1x-size-4x-batch'].run.batch, 64);
    for (const id of ['1x-size-4x-steps', '1x-size-4x-batch', '4x-ensemble']) close(s[id].computeMultiple, 4, 1e-12, id);
    assert.equal(s['4x-ensemble'].totalParams, 4 * parameterCount(preset('bench-nano')));
    assert.equal(s['4x-ensemble-finetune-only'].computeMultiple, 1);
  });

  it('makes 2× and 4× size by depth: parameter counts from parameterCount, compute ≈ 4× (layers dominate)', () => {
    const base = preset('bench-tiny');
    const s = Object.fromEntries(fourTimesComputeStrategies(base, run).map((x) => [x.id, x]));
    assert.equal(s['2x-size-2x-steps'].config.numLayers, 2 * base.numLayers);
    assert.equal(s['4x-size-1x-steps'].config.numDecoderLayers, 4 * base.numDecoderLayers);
    assert.equal(s['2x-size-2x-steps'].perModel.params, parameterCount(scaleDepth(base, 2)));
    assert.equal(s['4x-size-1x-steps'].perModel.params, parameterCount(scaleDepth(base, 4)));
    for (const id of ['2x-size-2x-steps', '4x-size-1x-steps'])
      assert.ok(s[id].computeMultiple > 3 && s[id].computeMultiple < 4, `${id}: ${s[id].computeMultiple}`);
  });

  it("with the paper's own 2×/4× models over t5-base, has the spec §A.11 parameter counts", () => {
    const params = Object.fromEntries(SPEC_TABLE_PARAMS);
    const s = Object.fromEntries(
      fourTimesComputeStrategies(
        preset('t5-base'),
        { steps: 2 ** 19, batch: 128, inputLength: 512, targetLength: 114 },
        { larger: { x2: preset('paper-2x'), x4: preset('paper-4x') } },
      ).map((x) => [x.id, x]),
    );
    assert.equal(s.baseline.perModel.params, params['t5-base']);
    assert.equal(s['2x-size-2x-steps'].perModel.params, params['paper-2x']);
    assert.equal(s['4x-size-1x-steps'].perModel.params, params['paper-4x']);
  });
});

describe("the paper's tables (spec §D)", () => {
  it('every row has the seven benchmark scores and each table names the paper as its source', () => {
    for (const t of Object.values(PAPER_TABLES)) {
      assert.match(t.source, /Raffel et al\. \(2020\).*Table \d+/);
      for (const r of t.rows) assert.deepEqual(Object.keys(r.scores), [...PAPER_BENCHMARKS], `${t.table} ${r.label}`);
    }
  });

  it('table 11 rows carry strategies the rate functions accept', () => {
    for (const r of TABLE_11.rows) if (r.key.strategy) assert.equal(Object.keys(mixingRates(r.key.strategy, { a: 10, b: 1e7 })).length, 2);
  });

  const specPath = '/work/shared/reference/t5-spec.md';
  it('matches the numbers printed in spec §D', { skip: !existsSync(specPath) && 'spec not present' }, () => {
    const spec = readFileSync(specPath, 'utf8');
    for (const t of Object.values(PAPER_TABLES)) {
      const start = spec.indexOf(`**Table ${t.table} —`);
      assert.ok(start >= 0, `Table ${t.table} in the spec`);
      const block = spec.slice(start, spec.indexOf('\n\n', spec.indexOf('\n|', start)));
      const specRows = block
        .split('\n')
        .filter((l) => /^\| .*\d/.test(l))
        .map((l) =>
          l
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim()),
        );
      const values = specRows.map((cells) => cells.slice(-7).map(Number));
      assert.equal(values.length, t.rows.length, `Table ${t.table} row count`);
      t.rows.forEach((r, i) =>
        assert.deepEqual(
          PAPER_BENCHMARKS.map((b) => r.scores[b]),
          values[i],
          `Table ${t.table} row "${r.label}"`,
        ),
      );
    }
  });
});
