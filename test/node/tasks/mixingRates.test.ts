import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  equalRates,
  examplesProportionalRates,
  mixingRates,
  temperatureScaledRates,
  unnormalisedRate,
  type MixingRates,
} from '../../../src/tasks/mixingRates.ts';
import { PAPER_TASKS, paperTaskNames, paperTaskSizes } from '../../../src/tasks/paperTasks.ts';

/** Spec §C.4: rates in % of examples for the 23 tasks, columns in COLUMNS order (T columns use K = 2^21). */
const COLUMNS = ['equal', 'K16', 'K17', 'K18', 'K19', 'K20', 'K21', 'T2', 'T4', 'T8'] as const;
const TABLE_C4: Record<string, number[]> = {
  glue_cola: [4.35, 1.08, 0.62, 0.37, 0.24, 0.16, 0.1, 1.04, 2.56, 3.53],
  glue_sst2: [4.35, 8.31, 4.9, 2.93, 1.87, 1.28, 0.8, 2.92, 4.29, 4.57],
  glue_mrpc: [4.35, 0.47, 0.27, 0.16, 0.1, 0.07, 0.04, 0.68, 2.07, 3.18],
  glue_qqp: [4.35, 8.31, 9.53, 11.39, 10.09, 6.91, 4.33, 6.78, 6.54, 5.65],
  glue_stsb: [4.35, 0.73, 0.42, 0.25, 0.16, 0.11, 0.07, 0.85, 2.32, 3.36],
  glue_mnli: [4.35, 8.31, 9.53, 11.39, 10.89, 7.46, 4.67, 7.04, 6.67, 5.7],
  glue_qnli: [4.35, 8.31, 7.61, 4.55, 2.9, 1.99, 1.25, 3.64, 4.79, 4.83],
  glue_rte: [4.35, 0.32, 0.18, 0.11, 0.07, 0.05, 0.03, 0.56, 1.88, 3.03],
  sglue_boolq: [4.35, 1.2, 0.69, 0.41, 0.26, 0.18, 0.11, 1.09, 2.62, 3.58],
  sglue_cb: [4.35, 0.03, 0.02, 0.01, 0.01, 0.0, 0.0, 0.18, 1.06, 2.27],
  sglue_copa: [4.35, 0.05, 0.03, 0.02, 0.01, 0.01, 0.0, 0.22, 1.19, 2.41],
  sglue_multirc: [4.35, 3.46, 1.98, 1.18, 0.76, 0.52, 0.32, 1.86, 3.42, 4.09],
  sglue_record: [4.35, 8.31, 9.53, 6.03, 3.85, 2.64, 1.65, 4.19, 5.14, 5.01],
  sglue_rte: [4.35, 0.32, 0.18, 0.11, 0.07, 0.05, 0.03, 0.56, 1.88, 3.03],
  sglue_wic: [4.35, 0.69, 0.39, 0.24, 0.15, 0.1, 0.06, 0.83, 2.29, 3.34],
  wsc_simple: [4.35, 0.03, 0.02, 0.01, 0.01, 0.0, 0.0, 0.18, 1.07, 2.28],
  dpr_simple: [4.35, 0.17, 0.1, 0.06, 0.04, 0.03, 0.02, 0.41, 1.61, 2.8],
  squad: [4.35, 8.31, 6.37, 3.81, 2.43, 1.66, 1.04, 3.33, 4.58, 4.73],
  cnn_dailymail: [4.35, 8.31, 9.53, 11.39, 7.96, 5.45, 3.41, 6.02, 6.17, 5.48],
  wmt_ende: [4.35, 8.31, 9.53, 11.39, 14.54, 19.91, 24.93, 16.28, 10.14, 7.03],
  wmt_enfr: [4.35, 8.31, 9.53, 11.39, 14.54, 19.91, 24.93, 16.28, 10.14, 7.03],
  wmt_enro: [4.35, 8.31, 9.53, 11.39, 14.54, 11.59, 7.26, 8.78, 7.44, 6.03],
  c4: [4.35, 8.31, 9.53, 11.39, 14.54, 19.91, 24.93, 16.28, 10.14, 7.03],
};
const GLUE_SUM = [34.78, 35.86, 33.06, 31.16, 26.32, 18.02, 11.28, 23.51, 31.12, 33.87];
const SUPERGLUE_SUM = [39.13, 14.26, 12.93, 8.07, 5.15, 3.53, 2.21, 9.52, 20.28, 28.8];

function ratesFor(column: (typeof COLUMNS)[number]): MixingRates {
  const sizes = paperTaskSizes();
  if (column === 'equal') return equalRates(Object.keys(sizes));
  if (column.startsWith('K')) return examplesProportionalRates(sizes, 2 ** Number(column.slice(1)));
  return temperatureScaledRates(sizes, Number(column.slice(1)));
}
const pct = (r: number) => Math.round(r * 100 * 100) / 100;

describe('mixing rates (spec §C)', () => {
  it('the paper task list has the 23 tasks of spec §C.3 in the §C.4 order', () => {
    assert.deepEqual(
      PAPER_TASKS.map((t) => t.name),
      Object.keys(TABLE_C4),
    );
  });

  for (const [c, column] of COLUMNS.entries()) {
    it(`reproduces every task's rate in the §C.4 column "${column}" to the printed precision`, () => {
      const rates = ratesFor(column);
      for (const [task, row] of Object.entries(TABLE_C4)) assert.equal(pct(rates[task]), row[c], `${task} in column ${column}`);
      const sum = (names: string[]) => pct(names.reduce((s, n) => s + rates[n], 0));
      assert.equal(sum(paperTaskNames('glue')), GLUE_SUM[c], 'GLUE sum');
      assert.equal(sum(paperTaskNames('superglue')), SUPERGLUE_SUM[c], 'SuperGLUE+DPR+WSC sum');
      assert.ok(Math.abs(Object.values(rates).reduce((s, r) => s + r, 0) - 1) < 1e-12);
    });
  }

  it('temperature T = 1 equals examples-proportional with the same K, and large T approaches equal', () => {
    const sizes = { a: 10, b: 1000, c: 5_000_000 };
    assert.deepEqual(temperatureScaledRates(sizes, 1, 2 ** 21), examplesProportionalRates(sizes, 2 ** 21));
    const hot = temperatureScaledRates(sizes, 1e6);
    for (const r of Object.values(hot)) assert.ok(Math.abs(r - 1 / 3) < 1e-4);
  });

  it('caps before applying the temperature (scale → cap → temperature → normalise)', () => {
    // Capped first: both sizes become K, so the rates are equal whatever T is.
    const r = temperatureScaledRates({ big: 9e6, bigger: 4e7 }, 3, 2 ** 20);
    assert.equal(r.big, 0.5);
    assert.equal(unnormalisedRate(10, 4, 2, 3), 2);
  });

  it('returns the tasks in input order and K = Infinity means no cap', () => {
    const r = examplesProportionalRates({ z: 1, a: 3 }, Infinity);
    assert.deepEqual(Object.keys(r), ['z', 'a']);
    assert.deepEqual(r, { z: 0.25, a: 0.75 });
    assert.deepEqual(mixingRates({ kind: 'equal' }, { z: 1, a: 3 }), { z: 0.5, a: 0.5 });
  });

  it('names the bad argument: a negative size names its task, bad K and T name themselves', () => {
    assert.throws(() => examplesProportionalRates({ ok: 3, bad: -1 }, 10), /sizes\["bad"\]/);
    assert.throws(() => examplesProportionalRates({ ok: 3 }, 0), /K must be/);
    assert.throws(() => temperatureScaledRates({ ok: 3 }, Number.NaN), /T must be/);
    assert.throws(() => temperatureScaledRates({}, 2), /sizes must name at least one task/);
    assert.throws(() => examplesProportionalRates({ a: 0, b: 0 }, 10), /0 examples/);
    assert.throws(() => equalRates(['a', 'a']), /"a" twice/);
    assert.throws(() => mixingRates({ kind: 'nope' } as never, { a: 1 }), /strategy\.kind/);
  });
});
