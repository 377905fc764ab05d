import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { helpText, main } from '../../../src/cli/main.ts';

const root = new URL('../../../', import.meta.url).pathname;
mkdirSync(join(root, 'test-results'), { recursive: true });
// Inside the repository, so the bundle's package imports resolve from its node_modules.
const out = mkdtempSync(join(root, 'test-results', 'cli-build-'));

async function capture(run: (io: { stdout: (t: string) => void; stderr: (t: string) => void }) => Promise<number>) {
  let stdout = '';
  let stderr = '';
  const code = await run({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('the compiled CLI (scripts/buildCli.mjs)', () => {
  after(() => rmSync(out, { recursive: true, force: true }));

  it('compiles main.ts into one module that answers like the sources, and records its inputs and --help', async () => {
    const build = spawnSync(process.execPath, ['scripts/buildCli.mjs', out], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const info = JSON.parse(readFileSync(join(out, 'build.json'), 'utf8'));
    assert.ok(info.inputs.includes('src/cli/main.ts') && info.inputs.includes('src/model/t5Model.ts'));
    assert.equal(info.fast['--help'], helpText() + '\n');
    assert.equal(info.fast['--version'], '0.1.0\n');
    const compiled = (await import(pathToFileURL(join(out, 'main.mjs')).href)) as { main: typeof main };
    const args = ['params', '--preset', 't5-small', '--json'];
    const a = await capture((io) => compiled.main(args, io));
    const b = await capture((io) => main(args, io));
    assert.deepEqual(a, b);
    assert.equal(a.code, 0);
  });

  it('bin.mjs prints the same --help and usage errors as main(), whichever build it runs', async () => {
    const help = spawnSync(process.execPath, ['src/cli/bin.mjs', '--help'], { cwd: root, encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.equal(help.stdout, helpText() + '\n');
    const bad = spawnSync(process.execPath, ['src/cli/bin.mjs', 'no-such-command'], { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^t5lab: unknown command "no-such-command"/);
  });
});
