import { Rng } from '../../objectives/rng.ts';
import { iidNoiseMask, randomPrefixNoiseMask, randomSpansNoiseMask } from '../../objectives/noiseMasks.ts';
import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { nonNegativeInt, numberIn, positiveNumber, safeInteger } from '../../validation/checks.ts';

const KINDS = ['spans', 'iid', 'prefix'] as const;

export const maskCommand: Command = {
  name: 'mask',
  summary: 'draw a noise mask: random spans, i.i.d. or prefix (spec §B.2)',
  usage: 't5lab mask --kind spans|iid|prefix --length N [--density 0.15] [--mean-span 3] [--seed 0] [--json]',
  options: {
    kind: { type: 'string' },
    length: { type: 'string' },
    density: { type: 'string' },
    'mean-span': { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const kind = values.kind;
    if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got ${kind === undefined ? 'nothing' : `"${kind}"`})`);
    }
    const length = numberFlag(values, 'length', { integer: true, check: nonNegativeInt });
    const maxDensity = kind === 'prefix' ? 0.5 : 1;
    const density = numberFlag(values, 'density', {
      fallback: kind === 'prefix' ? 0.5 : 0.15,
      check: (v, n) => numberIn(v, `${n} (--kind ${kind})`, 0, maxDensity),
    });
    const meanSpan = numberFlag(values, 'mean-span', { fallback: 3, check: positiveNumber });
    const seed = numberFlag(values, 'seed', { integer: true, fallback: 0, check: safeInteger });
    const rng = new Rng(seed);
    const m =
      kind === 'spans'
        ? randomSpansNoiseMask(length, density, meanSpan, rng)
        : kind === 'iid'
          ? iidNoiseMask(length, density, rng)
          : randomPrefixNoiseMask(length, density, rng);
    const mask = Array.from(m, (b) => b === 1);
    emit(io, Boolean(values.json), { mask }, () => {
      const noise = mask.filter(Boolean).length;
      return `${Array.from(m).join('')}\n${noise} of ${length} marked (${kind === 'prefix' ? 'prefix' : 'noise'})`;
    });
    return 0;
  },
};
