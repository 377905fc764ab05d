import { assert } from '@esm-bundle/chai';
import '../../../cells/kinds/mixing.ts';
import type { MixingCell, MixingRatesValue } from '../../../cells/kinds/mixing.ts';
import { CellHarness, rendered } from '../cells/harness.ts';
import { examplesProportionalRates, temperatureScaledRates } from '../../../src/tasks/mixingRates.ts';
import { paperTaskSizes } from '../../../src/tasks/paperTasks.ts';
import { rateSweepOverK, rateSweepOverT } from '../../../src/plots/mixingCurves.ts';
import { figureData } from '../../../src/plots/figureRows.ts';

const DEFAULTS = { strategy: 'proportional', log2K: 19, T: 2, paperTasks: true, userSizes: {}, includeTask: false };

function q<E extends Element = HTMLElement>(cell: HTMLElement, selector: string): E {
  const el = cell.shadowRoot!.querySelector<E>(selector);
  if (!el) throw new Error(`no ${selector} in the mixing cell`);
  return el;
}
function tableRate(cell: HTMLElement, task: string): string {
  return q(cell, `tr[data-task="${task}"] td[data-rate]`).textContent!.trim();
}
/** Sets a form control the way a user does (value, then change). */
function change(cell: HTMLElement, selector: string, value: string) {
  const el = q<HTMLInputElement>(cell, selector);
  el.value = value;
  el.dispatchEvent(new Event('change'));
}

describe('mixing cell', () => {
  let h: CellHarness;
  afterEach(() => h?.dispose());

  it('publishes the examples-proportional K = 2^19 rates of the 23 paper tasks and shows the §C.4 values in its table', async () => {
    h = new CellHarness();
    const cell = h.add<MixingCell>('t5-mixing-cell', 'mixing', 'mixing', { ...DEFAULTS });
    const out = await h.ok('mixing');
    const value = out.mixingRates as MixingRatesValue;
    assert.deepEqual(value.strategy, { kind: 'proportional', K: 2 ** 19 });
    assert.deepEqual(value.rates, examplesProportionalRates(paperTaskSizes(), 2 ** 19));
    await rendered(cell);
    assert.equal(cell.getAttribute('data-cell-kind'), 'mixing');
    // Spec §C.4, column K = 2^19.
    assert.equal(tableRate(cell, 'wmt_ende'), '14.54');
    assert.equal(tableRate(cell, 'glue_qqp'), '10.09');
    assert.equal(tableRate(cell, 'sglue_record'), '3.85');
    for (const name of ['mixing-rates-vs-k', 'mixing-rates-vs-t']) assert.ok(q(cell, `figure[data-figure="${name}"] svg`), name);
  });

  it('draws its figures from the real sweeps and re-runs when K, T and the strategy change', async () => {
    h = new CellHarness();
    const cell = h.add<MixingCell>('t5-mixing-cell', 'mixing', 'mixing', { ...DEFAULTS });
    await h.ok('mixing');
    await rendered(cell);
    const sizes = paperTaskSizes();
    assert.deepEqual(
      figureData(q(cell, 'figure[data-figure="mixing-rates-vs-k"]')),
      rateSweepOverK(sizes, { T: 1, groups: (cell as any).runState.outputs.view.groups }),
    );

    change(cell, 'input[name="log2K"]', '16');
    let out = await h.ok('mixing', 1);
    assert.deepEqual((out.mixingRates as MixingRatesValue).rates, examplesProportionalRates(sizes, 2 ** 16));
    await rendered(cell);
    assert.equal(tableRate(cell, 'glue_sst2'), '8.31');
    assert.match(q(cell, '[data-readout="K"]').textContent!, /65,536/);
    const tRows = figureData(q(cell, 'figure[data-figure="mixing-rates-vs-t"]')) as { task: string; T: number; rate: number }[];
    assert.deepEqual(
      tRows.map((r) => r.rate),
      rateSweepOverT(sizes, { K: 2 ** 16 }).map((r) => r.rate),
      'T sweep follows K',
    );

    const runs = h.runtime.state('mixing')!.runs;
    change(cell, 'select[name="strategy"]', 'temperature');
    await h.ok('mixing', runs);
    change(cell, 'input[name="T"]', '4');
    change(cell, 'input[name="log2K"]', '21');
    const isWanted = (v: unknown) =>
      JSON.stringify((v as MixingRatesValue | undefined)?.strategy) === JSON.stringify({ kind: 'temperature', T: 4, K: 2 ** 21 });
    out = (await h.until('mixing', (s) => s.status === 'ok' && isWanted(s.outputs?.mixingRates))).outputs!;
    assert.deepEqual((out.mixingRates as MixingRatesValue).rates, temperatureScaledRates(sizes, 4, 2 ** 21));
    await rendered(cell);
    assert.equal(tableRate(cell, 'sglue_cb'), '1.06'); // §C.4, T = 4
    const kRows = figureData(q(cell, 'figure[data-figure="mixing-rates-vs-k"]')) as { rate: number }[];
    assert.deepEqual(
      kRows.map((r) => r.rate),
      rateSweepOverK(sizes, { T: 4 }).map((r) => r.rate),
      'K sweep tempered with T',
    );
  });

  it("mixes the user's typed tasks and the notebook's task value beside the paper's", async () => {
    h = new CellHarness();
    h.runtime.setCell('dataset', {
      inputs: [],
      outputs: ['task'],
      run: () => ({ task: { name: 'sentiment', prefix: '', train: new Array(2700).fill({ inputs: 'x', targets: 'y' }), validation: [] } }),
    });
    const cell = h.add<MixingCell>('t5-mixing-cell', 'mixing', 'mixing', { ...DEFAULTS, paperTasks: false, includeTask: true });
    await h.ok('mixing');
    await rendered(cell);
    change(cell, 'textarea[name="userSizes"]', 'mine=300, big=2^20');
    const out = await h.ok('mixing', 1);
    const rates = (out.mixingRates as MixingRatesValue).rates;
    assert.deepEqual(rates, examplesProportionalRates({ mine: 300, big: 2 ** 20, sentiment: 2700 }, 2 ** 19));
    await rendered(cell);
    assert.equal(tableRate(cell, 'sentiment'), (rates.sentiment * 100).toFixed(2));

    change(cell, 'textarea[name="userSizes"]', 'mine=300, broken');
    await rendered(cell);
    assert.match(q(cell, '.own [role="alert"]').textContent!, /"broken"/);
  });

  it("passes the notebook's own uploaded task on with the rates, so a train cell can load its examples", async () => {
    h = new CellHarness();
    const task = {
      name: 'colours',
      source: 'ds-123',
      prefix: 'colour: ',
      metrics: ['accuracy'],
      train: new Array(90).fill({ inputs: 'x', targets: 'red' }),
      validation: [],
    };
    h.runtime.setCell('dataset', { inputs: [], outputs: ['task'], run: () => ({ task }) });
    h.add<MixingCell>('t5-mixing-cell', 'mixing', 'mixing', {
      ...DEFAULTS,
      paperTasks: false,
      userSizes: { other: 10 },
      includeTask: true,
    });
    const value = (await h.ok('mixing')).mixingRates as MixingRatesValue;
    assert.deepEqual(Object.keys(value.rates).sort(), ['colours', 'other']);
    assert.deepEqual(value.userTasks, { colours: { source: 'ds-123', prefix: 'colour: ', metrics: ['accuracy'] } });
  });

  it('says which value is missing when the notebook has no task to include', async () => {
    h = new CellHarness();
    const cell = h.add<MixingCell>('t5-mixing-cell', 'mixing', 'mixing', { ...DEFAULTS, includeTask: true });
    await h.until('mixing', (s) => s.status === 'error' || s.status === 'blocked');
    await rendered(cell);
    assert.match(q(cell, '.error[role="alert"]').textContent!, /task/);
  });
});
