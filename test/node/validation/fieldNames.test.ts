import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { positiveInt, positiveNumber, ValidationError } from '../../../src/validation/checks.ts';
import { renamedError, userNameFor } from '../../../src/validation/fieldNames.ts';
import { TRAIN_FLAGS, toUsageError } from '../../../src/cli/flagNames.ts';
import { UsageError } from '../../../src/cli/command.ts';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new assert.AssertionError({ message: 'expected a throw' });
};

describe('field names at the boundary', () => {
  it('the longest prefix wins: schedule.value is --lr, schedule.peak is --schedule', () => {
    assert.equal(userNameFor('schedule.value', TRAIN_FLAGS), '--lr');
    assert.equal(userNameFor('schedule.peak', TRAIN_FLAGS), '--schedule');
    assert.equal(userNameFor('batch.size', TRAIN_FLAGS), '--batch-size');
    assert.equal(userNameFor('model.overrides.dropoutRate', TRAIN_FLAGS), '--dropout');
    assert.equal(userNameFor('batchy', { batch: 'x' }), undefined, 'a prefix must end at a dot');
  });

  it('renames a ValidationError, keeping the original, and leaves other errors alone', () => {
    const e = renamedError(
      thrown(() => positiveNumber(-1, 'schedule.value')),
      TRAIN_FLAGS,
    ) as ValidationError;
    assert.equal(e.field, '--lr');
    assert.equal(e.message, '--lr: schedule.value must be a positive number (got -1)');
    const plain = new Error('disk full');
    assert.equal(renamedError(plain, TRAIN_FLAGS), plain);
    const unmapped = thrown(() => positiveInt(0, 'keepCheckpoints'));
    assert.equal(renamedError(unmapped, TRAIN_FLAGS), unmapped);
  });

  it('toUsageError turns any input error into a usage error (exit 2) naming the flag', () => {
    const u = toUsageError(thrown(() => positiveInt(0, 'batch.size')));
    assert.ok(u instanceof UsageError);
    assert.equal(u.message, '--batch-size: batch.size must be a positive integer (got 0)');
    assert.equal(toUsageError(new RangeError('x')).message, 'x');
  });
});
