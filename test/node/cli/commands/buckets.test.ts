import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';

const bin = new URL('../../../../src/cli/bin.mjs', import.meta.url).pathname;
const t5lab = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('t5lab CLI', () => {
  it('t5lab --help lists the buckets command', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    assert.match(out, /Usage: t5lab <command>/);
    assert.match(out, /buckets/);
  });

  it('t5lab buckets --json prints the spec §A.8 bidirectional buckets around zero', () => {
    const r = t5lab('buckets', '--num-buckets', '32', '--max-distance', '128', '--bidirectional', '--from', '-9', '--to', '9', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.relative, [-9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(out.bucket, [8, 8, 7, 6, 5, 4, 3, 2, 1, 0, 17, 18, 19, 20, 21, 22, 23, 24, 24]);
  });

  it('t5lab buckets puts every causal distance of 113 or more in the last bucket', () => {
    const r = t5lab('buckets', '--from', '-115', '--to', '-111', '--json');
    assert.deepEqual(JSON.parse(r.stdout).bucket, [31, 31, 31, 30, 30]);
  });

  it('an impossible bucket count is refused with a message naming the flag and exit code 2', () => {
    const r = t5lab('buckets', '--num-buckets', '7', '--bidirectional');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--num-buckets must be even/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });

  it('an unknown command exits 2 and points to --help', () => {
    const r = t5lab('fly');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command "fly".*--help/);
  });
});
