import { assert } from '@esm-bundle/chai';
import { computeInputAndTargetLengths, lengthsForTokens } from '../../../src/objectives/lengths.ts';

describe('computeInputAndTargetLengths (random_spans_helper, spec §B.4)', () => {
  const table: [number, number, number, number, number][] = [
    [512, 0.15, 3, 568, 114],
    [512, 0.15, 2, 552, 126],
    [512, 0.15, 5, 581, 105],
    [512, 0.15, 10, 591, 99],
    [512, 0.25, 3, 614, 206],
    [512, 0.5, 3, 766, 512],
    [256, 0.15, 3, 284, 58],
    [128, 0.15, 3, 141, 29],
    [64, 0.15, 3, 70, 14],
    [1024, 0.15, 3, 1137, 229],
  ];
  for (const [inputs, density, span, tokens, targets] of table) {
    it(`inputs ${inputs}, density ${density}, mean span ${span} → ${tokens} raw tokens, targets ${targets}`, () => {
      assert.deepEqual(computeInputAndTargetLengths(inputs, density, span), { tokensLength: tokens, targetsLength: targets });
    });
  }

  it('the chosen raw length is the largest whose inputs still fit', () => {
    const { tokensLength } = computeInputAndTargetLengths(512, 0.15, 3);
    assert.equal(lengthsForTokens(tokensLength, 0.15, 3).inputs, 512);
    assert.isAbove(lengthsForTokens(tokensLength + 1, 0.15, 3).inputs, 512);
  });

  it('rejects a bad inputsLength, density or meanSpan by name', () => {
    assert.throws(() => computeInputAndTargetLengths(51.5, 0.15, 3), /inputsLength/);
    assert.throws(() => computeInputAndTargetLengths(512, 1.2, 3), /density/);
    assert.throws(() => computeInputAndTargetLengths(512, 0.15, 0), /meanSpan/);
  });
});
