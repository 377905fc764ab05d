#!/usr/bin/env node
// Entry point of the `t5lab` command. Runs the compiled CLI (dist-cli/main.mjs, built by
// `npm run build:cli` at install time) when it is at least as new as every source file it was
// built from; otherwise (sources edited since, or never built) runs the TypeScript directly
// through tsx, so a developer's edits take effect at once. See scripts/buildCli.mjs.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const argv = process.argv.slice(2);

/** dist-cli/build.json when the compiled CLI is fresh, else null. */
function freshBuild() {
  try {
    const info = JSON.parse(readFileSync(new URL('dist-cli/build.json', root), 'utf8'));
    statSync(new URL('dist-cli/main.mjs', root));
    for (const f of info.inputs) if (statSync(new URL(f, root)).mtimeMs > info.builtAt) return null;
    return info;
  } catch {
    return null; // missing, unreadable, or a source file was removed
  }
}

const build = freshBuild();
let main;
if (build) {
  const fast = argv.length <= 1 ? build.fast[argv[0] ?? ''] : undefined;
  if (fast !== undefined) {
    process.stdout.write(fast);
    process.exit(0);
  }
  ({ main } = await import(new URL('dist-cli/main.mjs', root).href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      't5lab: the compiled CLI is missing or out of date and tsx is not installed: run "npm install" (or "npm run build:cli")\n',
    );
    process.exit(1);
  }
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(argv);
