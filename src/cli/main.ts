import { parseCommandArgs, UsageError, type CliIO, type Command } from './command.ts';
import { bucketsCommand } from './commands/buckets.ts';
import { lengthsCommand } from './commands/lengths.ts';
import { corruptCommand } from './commands/corrupt.ts';
import { maskCommand } from './commands/mask.ts';
import { paramsCommand } from './commands/params.ts';
import { initCommand } from './commands/init.ts';
import { forwardCommand } from './commands/forward.ts';
import { generateCommand } from './commands/generate.ts';
import { ratesCommand } from './commands/rates.ts';
import { trainCommand } from './commands/train.ts';
import { ValidationError } from '../validation/checks.ts';
import { tokenizeCommand } from './commands/tokenize.ts';
import { exportCommand } from './commands/export.ts';
import { experimentCommand } from './commands/experiment.ts';
import { cleanCommand } from './commands/clean.ts';
import { exportRecipeCommand } from './commands/exportRecipe.ts';
import { importRunCommand } from './commands/importRun.ts';

/** Every subcommand, in the order `--help` lists them. Later issues add theirs here. */
export const commands: Command[] = [
  bucketsCommand,
  paramsCommand,
  initCommand,
  forwardCommand,
  generateCommand,
  trainCommand,
  lengthsCommand,
  maskCommand,
  corruptCommand,
  ratesCommand,
  tokenizeCommand,
  exportCommand,
  experimentCommand,
  cleanCommand,
  exportRecipeCommand,
  importRunCommand,
];

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    't5lab: the T5 workbench core on the command line',
    '',
    'Usage: t5lab <command> [options]    (t5lab <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command prints JSON on stdout with --json.',
  ].join('\n');
}

/** Runs the CLI; returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText() + '\n');
    return 0;
  }
  if (name === '--version') {
    io.stdout('0.1.0\n');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`t5lab: unknown command "${name}". Run "t5lab --help" for the list.\n`);
    return 2;
  }
  try {
    const values = parseCommandArgs(cmd, rest);
    if (values.help) {
      io.stdout(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run(values, io);
  } catch (err) {
    // A ValidationError is a bad value the user gave (a flag, a file): a usage error too.
    if (err instanceof UsageError || err instanceof ValidationError) {
      io.stderr(`t5lab ${cmd.name}: ${err.message}\n`);
      return 2;
    }
    io.stderr(`t5lab ${cmd.name}: ${(err as Error).message}\n`);
    return 1;
  }
}
