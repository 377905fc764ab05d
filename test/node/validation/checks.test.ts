import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ValidationError,
  arrayOf,
  bool,
  finiteNumber,
  fromText,
  intIn,
  nonNegativeInt,
  numberIn,
  oneOf,
  optional,
  parseFields,
  plainObject,
  positiveInt,
  positiveNumber,
  string,
} from '../../../src/validation/checks.ts';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.ok(err instanceof RangeError, 'a ValidationError is a RangeError');
    return err.message;
  }
  throw new assert.AssertionError({ message: 'expected the check to throw' });
}

describe('validation checks', () => {
  it('positiveInt returns a positive integer and names the field for anything else', () => {
    assert.equal(positiveInt(3, 'Batch size'), 3);
    assert.equal(
      message(() => positiveInt(0, 'Batch size')),
      'Batch size must be a positive integer (got 0)',
    );
    assert.equal(
      message(() => positiveInt(1.5, '--steps')),
      '--steps must be a positive integer (got 1.5)',
    );
    assert.equal(
      message(() => positiveInt('4', 'steps')),
      'steps must be a positive integer (got "4")',
    );
    assert.equal(
      message(() => positiveInt(NaN, 'steps')),
      'steps must be a positive integer (got NaN)',
    );
    assert.equal(
      message(() => positiveInt(undefined, 'steps')),
      'steps must be a positive integer (got nothing)',
    );
  });

  it('nonNegativeInt, positiveNumber and finiteNumber accept their ranges only', () => {
    assert.equal(nonNegativeInt(0, 'seed'), 0);
    assert.match(
      message(() => nonNegativeInt(-1, 'seed')),
      /seed must be a non-negative integer \(got -1\)/,
    );
    assert.equal(positiveNumber(0.5, 'lr'), 0.5);
    assert.match(
      message(() => positiveNumber(0, 'lr')),
      /lr must be a positive number/,
    );
    assert.match(
      message(() => finiteNumber(Infinity, 'x')),
      /x must be a finite number \(got Infinity\)/,
    );
  });

  it('numberIn and intIn describe inclusive and exclusive bounds', () => {
    assert.equal(numberIn(0, 'Dropout', 0, 1, { maxExclusive: true }), 0);
    assert.equal(
      message(() => numberIn(1, 'Dropout', 0, 1, { maxExclusive: true })),
      'Dropout must be a number in [0, 1) (got 1)',
    );
    assert.equal(
      message(() => numberIn(0, 'rate', 0, 1, { minExclusive: true })),
      'rate must be a number in (0, 1] (got 0)',
    );
    assert.equal(
      message(() => intIn(3, '--num-buckets', 4, Infinity)),
      '--num-buckets must be an integer at least 4 (got 3)',
    );
    assert.equal(intIn(7, 'k', 1, 10), 7);
  });

  it('oneOf lists the allowed values', () => {
    assert.equal(oneOf('wasm', '--backend', ['wasm', 'cpu']), 'wasm');
    assert.equal(
      message(() => oneOf('gpu', '--backend', ['wasm', 'cpu'])),
      '--backend must be "wasm" or "cpu" (got "gpu")',
    );
    assert.equal(
      message(() => oneOf('x', 'mode', ['a', 'b', 'c'])),
      'mode must be one of "a", "b", "c" (got "x")',
    );
  });

  it('bool, string and plainObject refuse look-alikes', () => {
    assert.equal(bool(false, 'tied'), false);
    assert.match(
      message(() => bool('true', 'tied')),
      /tied must be true or false \(got "true"\)/,
    );
    assert.equal(string('', 'name'), '');
    assert.match(
      message(() => string('  ', 'name', { nonEmpty: true })),
      /name must be a non-empty string/,
    );
    assert.match(
      message(() => plainObject([1], 'config')),
      /config must be an object \(got \[1\]\)/,
    );
    assert.match(
      message(() => plainObject(null, 'config')),
      /config must be an object \(got null\)/,
    );
  });

  it('arrayOf names the bad item by its index', () => {
    assert.deepEqual(arrayOf([1, 2], 'Multipliers', positiveInt), [1, 2]);
    assert.equal(
      message(() => arrayOf([1, 0], 'Multipliers', positiveInt)),
      'Multipliers[1] must be a positive integer (got 0)',
    );
    assert.equal(
      message(() => arrayOf('1,2', 'Multipliers', positiveInt)),
      'Multipliers must be a list (got "1,2")',
    );
    assert.match(
      message(() => arrayOf([], 'Seeds', positiveInt, { minLength: 1 })),
      /Seeds must be a non-empty list/,
    );
  });

  it('optional skips undefined and fromText parses flag text before checking', () => {
    assert.equal(optional(undefined, 'x', positiveInt), undefined);
    assert.equal(fromText('12', '--steps', positiveInt), 12);
    assert.equal(
      message(() => fromText('abc', '--steps', positiveInt)),
      '--steps must be a number (got "abc")',
    );
    assert.equal(
      message(() => fromText('0', '--steps', positiveInt)),
      '--steps must be a positive integer (got 0)',
    );
  });

  it('parseFields keeps good fields, falls back to defaults for bad ones and reports each by label', () => {
    const schema = {
      steps: { label: 'Steps', check: positiveInt },
      multipliers: { label: 'Multipliers', check: (v: unknown, l: string) => arrayOf(v, l, positiveInt) },
    };
    const ok = parseFields({ steps: 5, extra: 1 }, schema, { steps: 10, multipliers: [1, 2] });
    assert.deepEqual(ok.value, { steps: 5, multipliers: [1, 2] });
    assert.deepEqual(ok.errors, []);
    const bad = parseFields({ steps: 'x', multipliers: 'a,b' }, schema, { steps: 10, multipliers: [1, 2] });
    assert.deepEqual(bad.value, { steps: 10, multipliers: [1, 2] });
    assert.deepEqual(
      bad.errors.map((e) => e.field),
      ['Steps', 'Multipliers'],
    );
    assert.match(bad.errors[1].message, /Multipliers must be a list/);
    const notObject = parseFields('nope', schema, { steps: 10, multipliers: [1] });
    assert.equal(notObject.errors.length, 1);
    assert.match(notObject.errors[0].message, /parameters must be an object/);
  });
});

describe('integer checks added for the CLI and run configs', () => {
  it('integer accepts negative integers and refuses fractions; intAtLeast words the bound with ≥', async () => {
    const { integer, intAtLeast } = await import('../../../src/validation/checks.ts');
    assert.equal(integer(-20, '--from'), -20);
    assert.equal(
      message(() => integer(1.5, '--from')),
      '--from must be an integer (got 1.5)',
    );
    assert.equal(intAtLeast(0, 'evalEvery', 0), 0);
    assert.equal(
      message(() => intAtLeast(-1, 'evalEvery', 0)),
      'evalEvery must be an integer ≥ 0 (got -1)',
    );
    assert.equal(
      message(() => intAtLeast(2.5, 'steps', 1)),
      'steps must be an integer ≥ 1 (got 2.5)',
    );
    const { safeInteger } = await import('../../../src/validation/checks.ts');
    assert.equal(safeInteger(-7, '--seed'), -7);
    assert.equal(
      message(() => safeInteger(2 ** 60, '--seed')),
      `--seed must be a safe integer (got ${2 ** 60})`,
    );
  });
});
