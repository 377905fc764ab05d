import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mixedTasks, mixingParams, strategyOf, GROUP_LABELS } from '../../../src/tasks/mixingSetup.ts';
import { formatTaskSizes, parseAmount, parseTaskSizes } from '../../../src/tasks/taskSizesText.ts';
import { groupTotals, rateSweepOverK, rateSweepOverT, rateTable } from '../../../src/plots/mixingCurves.ts';
import { examplesProportionalRates, temperatureScaledRates } from '../../../src/tasks/mixingRates.ts';
import { paperTaskSizes } from '../../../src/tasks/paperTasks.ts';

describe('task sizes as text', () => {
  it('parses name=n lists with plain numbers, exponents and powers of two, and formats them back', () => {
    const sizes = parseTaskSizes('a=10, b=1e3\nc=2^4, d=1_000');
    assert.deepEqual(sizes, { a: 10, b: 1000, c: 16, d: 1000 });
    assert.deepEqual(parseTaskSizes(formatTaskSizes(sizes)), sizes);
    assert.equal(parseAmount('2**21'), 2 ** 21);
    assert.ok(Number.isNaN(parseAmount('')));
  });

  it('quotes the bad entry', () => {
    assert.throws(() => parseTaskSizes('a=1, b'), /"b"/);
    assert.throws(() => parseTaskSizes('a=x'), /examples of "a"/);
    assert.throws(() => parseTaskSizes('a=1,a=2'), /"a" is listed twice/);
    assert.throws(() => parseTaskSizes(' , '), /at least one/);
  });
});

describe('mixing setup and sweeps', () => {
  it('fills defaults, names a bad parameter and builds the strategy with K = 2^log2K', () => {
    const p = mixingParams({});
    assert.deepEqual(strategyOf(p), { kind: 'proportional', K: 2 ** 19 });
    assert.deepEqual(strategyOf(mixingParams({ strategy: 'temperature', T: 4, log2K: 21 })), { kind: 'temperature', T: 4, K: 2 ** 21 });
    assert.throws(() => mixingParams({ strategy: 'softmax' }), /strategy/);
    assert.throws(() => mixingParams({ T: 0 }), /T must be/);
    assert.throws(() => mixingParams({ userSizes: { x: -1 } }), /userSizes\["x"\]/);
  });

  it('mixes paper tasks, typed tasks and the notebook task in that order, refusing a clash of names', () => {
    const { sizes, groups } = mixedTasks(mixingParams({ userSizes: { mine: 5 }, includeTask: true }), {
      name: 'sentiment',
      train: [1, 2, 3],
    });
    const names = Object.keys(sizes);
    assert.equal(names.length, 25);
    assert.deepEqual(names.slice(-2), ['mine', 'sentiment']);
    assert.equal(sizes.sentiment, 3);
    assert.equal(groups.mine, GROUP_LABELS.user);
    assert.equal(groups.glue_cola, GROUP_LABELS.glue);
    assert.throws(
      () => mixedTasks(mixingParams({ userSizes: { glue_cola: 5 } })),
      /"glue_cola" is already mixed as one of the paper's tasks/,
    );
    assert.throws(() => mixedTasks(mixingParams({ paperTasks: false })), /nothing to mix/);
  });

  it('sweeps K from 2^10 to 2^24 and T from 1 to 16 through the rate functions', () => {
    const sizes = paperTaskSizes();
    const k = rateSweepOverK(sizes);
    const Ks = [...new Set(k.map((r) => r.log2K))];
    assert.equal(Ks[0], 10);
    assert.equal(Ks.at(-1), 24);
    const at19 = Object.fromEntries(k.filter((r) => r.log2K === 19).map((r) => [r.task, r.rate]));
    assert.deepEqual(at19, examplesProportionalRates(sizes, 2 ** 19));
    const t = rateSweepOverT(sizes, { K: 2 ** 21 });
    assert.equal(t[0].T, 1);
    assert.equal(t.at(-1)!.T, 16);
    const at4 = Object.fromEntries(t.filter((r) => r.T === 4).map((r) => [r.task, r.rate]));
    assert.deepEqual(at4, temperatureScaledRates(sizes, 4, 2 ** 21));
  });

  it('tabulates the rates with the capped tasks marked and sums each group', () => {
    const rows = rateTable({ a: 10, b: 100 }, { kind: 'proportional', K: 50 }, { groups: { a: 'g', b: 'g' } });
    assert.deepEqual(
      rows.map((r) => [r.task, r.capped]),
      [
        ['a', false],
        ['b', true],
      ],
    );
    assert.deepEqual(groupTotals(rows), [{ group: 'g', rate: 1, tasks: 2 }]);
  });
});
