import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  architecturePlan,
  multiTaskPlan,
  runsOfSeed,
  seedRange,
  seededKey,
  sweepPlan,
  withSeed,
} from '../../../src/experiments/seededPlans.ts';
import { TINY_MULTITASK_BUDGET } from '../../../src/experiments/multiTask.ts';
import { TINY_ARCHITECTURE_BUDGET, architectureArms } from '../../../src/experiments/architectureComparison.ts';
import { TINY_SWEEP_BASE, sweepPoints } from '../../../src/experiments/scalingSweep.ts';
import { experimentPlan } from '../../../src/experiments/presets.ts';
import { namedBudget } from '../../../src/experiments/budgets.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';

test('seedRange counts consecutive seeds from the first (the notebook seed or the cell own)', () => {
  assert.deepEqual(seedRange(42, 3), [42, 43, 44]);
  assert.deepEqual(seedRange(1, 1), [1]);
});

test('withSeed suffixes every key and initFrom with the seed, and runsOfSeed undoes it for one seed only', () => {
  const seeded = withSeed(
    [
      { key: 'pre-a', config: {} },
      { key: 'ft-a', config: {}, initFrom: 'pre-a' },
    ] as never,
    7,
  );
  assert.deepEqual(
    seeded.map((e) => [e.key, e.initFrom]),
    [
      ['pre-a@s7', undefined],
      ['ft-a@s7', 'pre-a@s7'],
    ],
  );
  const runs = new Map([
    [seededKey('x', 7), { id: 'r7' } as RunRecord],
    [seededKey('x', 17), { id: 'r17' } as RunRecord],
  ]);
  assert.deepEqual(
    [...runsOfSeed(runs, 7)].map(([k, r]) => [k, r.id]),
    [['x', 'r7']],
  );
});

test("the multi-task cell's plan trains each strategy once per seed with that seed, compared against the first strategy", () => {
  const plan = multiTaskPlan(
    [{ kind: 'equal' }, { kind: 'proportional', K: 256 }],
    (seed) => ({ ...TINY_MULTITASK_BUDGET, tasks: ['sentiment', 'define'], seed }),
    ['sentiment/accuracy', 'define/token_f1'],
  );
  assert.equal(plan.baseline, 'equal');
  assert.deepEqual(
    plan.entries(5).map((e) => [e.key, e.config.seed]),
    [
      ['equal@s5', 5],
      ['proportional-K256@s5', 5],
    ],
  );
  assert.equal(plan.lowerIsBetter, false);
});

test("the architecture cell's plan gives every arm the seed, and the preset uses the same plan", () => {
  const arms = architectureArms('equal-compute', ['denoising'], 2);
  const plan = architecturePlan(arms, (seed) => ({ ...TINY_ARCHITECTURE_BUDGET, seed }));
  assert.deepEqual(
    plan.entries(3).map((e) => e.config.seed),
    arms.map(() => 3),
  );
  assert.equal(plan.baseline, arms[0].key);
  const preset = experimentPlan('architectures', namedBudget('tiny'));
  assert.ok(preset.entries(2).every((e) => e.key.endsWith('@s2') && e.config.seed === 2));
});

test('a sweep plan scores an ensemble by the logit-averaged loss the caller gives, else by its members mean', () => {
  const points = sweepPoints('four-x', TINY_SWEEP_BASE);
  const ens = points.find((p) => p.members > 1)!;
  const run = (loss: number, i: number): RunRecord =>
    ({
      id: `r${i}`,
      step: 2,
      config: { batch: { size: 2, inputLength: 8, targetLength: 4 } },
      resolved: { modelConfig: { ...TINY_SWEEP_BASE.model, vocabSize: 260 } },
      history: [{ step: 2, loss, valLoss: loss }],
    }) as unknown as RunRecord;
  const runs = new Map<string, RunRecord>();
  let i = 0;
  for (const p of points)
    for (let m = 0; m < p.members; m++)
      runs.set(seededKey(p.members > 1 ? `${p.key}#${m}` : p.key, 1), run(p.members > 1 ? 2 + m : 3, i++));
  const plain = sweepPlan('compute-strategies', 't', points, (seed) => ({ ...TINY_SWEEP_BASE, seed })).measure(1, runs);
  assert.equal(plain.get(ens.key)!.value, (2 + 3 + 4 + 5) / 4);
  const averaged = sweepPlan(
    'compute-strategies',
    't',
    points,
    (seed) => ({ ...TINY_SWEEP_BASE, seed }),
    (s, k) => (s === 1 && k === ens.key ? 1.25 : undefined),
  );
  assert.equal(averaged.measure(1, runs).get(ens.key)!.value, 1.25);
  // Ensemble members of seed s use seeds s·1000 + i, so no two seeds share a member.
  const seedsOfEnsemble = averaged
    .entries(2)
    .filter((e) => e.key.startsWith(`${ens.key}#`))
    .map((e) => e.config.seed);
  assert.deepEqual(seedsOfEnsemble, [2000, 2001, 2002, 2003]);
});
