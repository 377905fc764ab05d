import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fromText, integer, finiteNumber, ValidationError } from '../validation/checks.ts';

/** One `t5lab` subcommand. Options use node's parseArgs so flags behave like any Unix tool. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Takes positional arguments (e.g. `t5lab import-run PATH`); they arrive as `values.positionals`. */
  positionals?: boolean;
  run(values: Record<string, string | boolean | string[] | undefined>, io: CliIO): Promise<number> | number;
}

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A user error: printed as one line without a stack trace, exit code 2. */
export class UsageError extends Error {}

/**
 * parseArgs refuses `--from -3` (it reads -3 as a flag). Negative numbers are ordinary values
 * for t5lab (relative positions), so glue them to their string-typed option first.
 */
function joinNegativeNumbers(cmd: Command, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    const opt = a.startsWith('--') ? cmd.options[a.slice(2)] : undefined;
    if (opt?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    const parsed = parseArgs({
      args: joinNegativeNumbers(cmd, argv),
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: cmd.positionals ?? false,
    });
    return cmd.positionals ? { ...parsed.values, positionals: parsed.positionals } : parsed.values;
  } catch (err) {
    throw new UsageError(`${cmd.name}: ${(err as Error).message}`);
  }
}

export interface NumberFlagOptions {
  integer?: boolean;
  required?: boolean;
  fallback?: number;
  /** A check from src/validation/checks.ts (positiveInt, numberIn, …), applied under the flag's name. */
  check?: (v: unknown, name: string) => number;
}

/**
 * Reads a numeric flag through the validation vocabulary, naming it in the error
 * (`--num-buckets must be a positive integer (got 0)`); a missing flag takes `fallback` (which is
 * not checked) or is required.
 */
export function numberFlag(values: Record<string, unknown>, name: string, opts: NumberFlagOptions = {}): number {
  const raw = values[name];
  const flag = `--${name}`;
  if (raw === undefined) {
    if (opts.fallback !== undefined) return opts.fallback;
    throw new UsageError(`${flag} is required`);
  }
  try {
    const n = fromText(typeof raw === 'string' ? raw : String(raw), flag, opts.integer ? integer : finiteNumber);
    return opts.check ? opts.check(n, flag) : n;
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
}

/** Prints JSON (with --json) or a human-readable rendering. */
export function emit(io: CliIO, json: boolean, value: unknown, human: () => string): void {
  io.stdout(json ? JSON.stringify(value) + '\n' : human() + '\n');
}
