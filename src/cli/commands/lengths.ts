import { computeInputAndTargetLengths } from '../../objectives/lengths.ts';
import { emit, numberFlag, type Command } from '../command.ts';
import { intAtLeast, numberIn, positiveNumber } from '../../validation/checks.ts';

export const lengthsCommand: Command = {
  name: 'lengths',
  summary: 'raw segment length and targets length for span corruption (spec §B.4)',
  usage: 't5lab lengths [--inputs-length 512] [--density 0.15] [--mean-span 3] [--json]',
  options: {
    'inputs-length': { type: 'string' },
    density: { type: 'string' },
    'mean-span': { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const inputsLength = numberFlag(values, 'inputs-length', { integer: true, fallback: 512, check: (v, n) => intAtLeast(v, n, 2) });
    const density = numberFlag(values, 'density', { fallback: 0.15, check: (v, n) => numberIn(v, n, 0, 1, { maxExclusive: true }) });
    const meanSpan = numberFlag(values, 'mean-span', { fallback: 3, check: positiveNumber });
    const { tokensLength, targetsLength } = computeInputAndTargetLengths(inputsLength, density, meanSpan);
    const out = { tokens_length: tokensLength, targets_length: targetsLength };
    emit(io, Boolean(values.json), out, () =>
      [
        `tokens_length   ${tokensLength}   raw tokens per segment before corruption`,
        `targets_length  ${targetsLength}   noise tokens + one sentinel per span + EOS`,
        `(inputs: ${inputsLength} = clean tokens + one sentinel per span + EOS)`,
      ].join('\n'),
    );
    return 0;
  },
};
