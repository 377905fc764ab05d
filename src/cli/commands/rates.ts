import { mixingRates, strategyLabel, type MixingStrategy } from '../../tasks/mixingRates.ts';
import { paperTaskSizes } from '../../tasks/paperTasks.ts';
import { parseAmount, parseTaskSizes } from '../../tasks/taskSizesText.ts';
import { emit, UsageError, type Command } from '../command.ts';

function positiveFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = parseAmount(String(raw));
  if (Number.isNaN(n) || !(n > 0) || (name === 'T' && !Number.isFinite(n)))
    throw new UsageError(`--${name} must be a number > 0, e.g. 65536 or 2^16 (got "${String(raw)}")`);
  return n;
}

/** Parses `name=n,name=n`, naming --sizes in errors. */
function sizesFlag(text: string): Record<string, number> {
  try {
    return parseTaskSizes(text);
  } catch (err) {
    throw new UsageError(`--sizes: ${(err as Error).message}`);
  }
}

export const ratesCommand: Command = {
  name: 'rates',
  summary: 'multi-task mixing rates: equal, examples-proportional (K) or temperature-scaled (T) (spec §C)',
  usage:
    't5lab rates --strategy equal|proportional|temperature [--K n] [--T t] (--sizes name=n,... | --paper) [--json]\n' +
    "  --K   artificial dataset size limit (e.g. 2^19). proportional: no limit when omitted; temperature: 2^21 (the paper's)\n" +
    '  --T   temperature (temperature strategy only)\n' +
    "  --paper  use the paper's 23 tasks and their training-set sizes instead of --sizes",
  options: {
    strategy: { type: 'string' },
    K: { type: 'string' },
    T: { type: 'string' },
    sizes: { type: 'string' },
    paper: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const kind = values.strategy;
    if (kind === undefined) throw new UsageError('--strategy is required (equal, proportional or temperature)');
    if (kind !== 'equal' && kind !== 'proportional' && kind !== 'temperature')
      throw new UsageError(`--strategy must be equal, proportional or temperature (got "${String(kind)}")`);
    const K = positiveFlag(values, 'K');
    const T = positiveFlag(values, 'T');
    if (kind === 'equal' && K !== undefined) throw new UsageError('--K does not apply to --strategy equal');
    if (kind !== 'temperature' && T !== undefined) throw new UsageError('--T applies only to --strategy temperature');
    if (kind === 'temperature' && T === undefined) throw new UsageError('--T is required with --strategy temperature');
    if (values.paper && values.sizes !== undefined) throw new UsageError('give either --sizes or --paper, not both');
    if (!values.paper && values.sizes === undefined)
      throw new UsageError("--sizes is required (name=examples,...), or --paper for the paper's 23 tasks");
    const sizes = values.paper ? paperTaskSizes() : sizesFlag(String(values.sizes));

    const strategy: MixingStrategy =
      kind === 'equal'
        ? { kind }
        : kind === 'proportional'
          ? { kind, K: K ?? Infinity }
          : { kind, T: T!, ...(K !== undefined ? { K } : {}) };
    const rates = mixingRates(strategy, sizes);
    emit(io, Boolean(values.json), { rates }, () => {
      const width = Math.max(...Object.keys(rates).map((n) => n.length));
      return [
        `${strategyLabel(strategy)}`,
        ...Object.entries(rates).map(([n, r]) => `${n.padEnd(width)}  ${(r * 100).toFixed(2).padStart(6)} %`),
      ].join('\n');
    });
    return 0;
  },
};
