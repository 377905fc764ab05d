#!/usr/bin/env node
// Entry point of the `t5lab` command: runs the TypeScript core directly through tsx, so the CLI
// and the browser share one source tree with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
