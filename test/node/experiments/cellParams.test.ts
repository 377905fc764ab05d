import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ARCHITECTURE_COMPARISON_SCHEMA, MULTITASK_SCHEMA, SCALING_SCHEMA } from '../../../src/experiments/cellParams.ts';
import { parseCellParams } from '../../../src/validation/cellParams.ts';

const SCALING = { sweep: 'width' as const, multipliers: [1, 2, 4], steps: 30 };

describe('experiment cell parameters', () => {
  it('falls back to the default for a wrong-typed field and names it (multipliers as text)', () => {
    const r = parseCellParams({ sweep: 'width', multipliers: '1,2', steps: 10 }, SCALING_SCHEMA, SCALING);
    assert.deepEqual(r.value, { sweep: 'width', multipliers: [1, 2, 4], steps: 10 });
    assert.equal(r.messages.length, 1);
    assert.match(r.messages[0], /^multipliers must be a list/);
  });

  it('names bad items of lists and unknown choices', () => {
    const mt = parseCellParams({ strategies: [{ kind: 'proportional', K: -1 }], tasks: ['sentiment', 'nope'] }, MULTITASK_SCHEMA, {
      strategies: [{ kind: 'equal' }],
      tasks: ['sentiment', 'define'],
      steps: 5,
      evaluations: 2,
    });
    assert.match(mt.messages.join('\n'), /strategies\[0\]\.K must be a positive number/);
    assert.match(mt.messages.join('\n'), /tasks\[1\] must be one of/);
    assert.deepEqual(mt.value.tasks, ['sentiment', 'define']);
    const arch = parseCellParams({ mode: 'bigger', objectives: 'lm', steps: 3 }, ARCHITECTURE_COMPARISON_SCHEMA, {
      mode: 'equal-compute',
      objectives: ['denoising'],
      steps: 30,
      layers: 2,
    });
    assert.match(arch.messages[0], /^compare at must be one of/);
    assert.match(arch.messages[1], /^objectives must be a list/);
    assert.equal(arch.value.steps, 3);
  });

  it('accepts good parameters without messages and does not share the defaults object', () => {
    const r = parseCellParams({ sweep: 'depth', multipliers: [1, 3] }, SCALING_SCHEMA, SCALING);
    assert.deepEqual(r.messages, []);
    r.value.multipliers.push(9);
    assert.deepEqual(SCALING.multipliers, [1, 2, 4]);
  });
});
