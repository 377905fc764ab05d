import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { main } from '../../../../src/cli/main.ts';
import { examplesProportionalRates, temperatureScaledRates } from '../../../../src/tasks/mixingRates.ts';
import { paperTaskSizes } from '../../../../src/tasks/paperTasks.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
async function json(...argv: string[]): Promise<any> {
  const r = await run(...argv, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

describe('t5lab rates', () => {
  it('prints {"rates": {...}} with equal rates for every named task', async () => {
    assert.deepEqual(await json('rates', '--strategy', 'equal', '--sizes', 'a=10,b=30,c=60'), { rates: { a: 1 / 3, b: 1 / 3, c: 1 / 3 } });
  });

  it('caps sizes at --K for examples-proportional mixing and accepts K written as 2^n', async () => {
    const { rates } = await json('rates', '--strategy', 'proportional', '--K', '2^4', '--sizes', 'small=8,big=1000');
    assert.deepEqual(rates, { small: 8 / 24, big: 16 / 24 });
    const uncapped = await json('rates', '--strategy', 'proportional', '--sizes', 'small=8,big=1000');
    assert.deepEqual(uncapped.rates, { small: 8 / 1008, big: 1000 / 1008 });
  });

  it('uses K = 2^21 for temperature mixing by default and gives the §C.4 T = 2 rate of WMT En-Ro with --paper', async () => {
    const sizes = { a: 100, b: 3_000_000 };
    const { rates } = await json('rates', '--strategy', 'temperature', '--T', '2', '--sizes', 'a=100,b=3000000');
    assert.deepEqual(rates, temperatureScaledRates(sizes, 2, 2 ** 21));
    const paper = await json('rates', '--strategy', 'temperature', '--T', '2', '--paper');
    assert.equal(Object.keys(paper.rates).length, 23);
    assert.equal((paper.rates.wmt_enro * 100).toFixed(2), '8.78');
    const k19 = await json('rates', '--strategy', 'proportional', '--K', '524288', '--paper');
    assert.deepEqual(k19.rates, examplesProportionalRates(paperTaskSizes(), 2 ** 19));
  });

  it('names the bad flag in a one-line error with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--sizes', 'a=1'], /--strategy is required/],
      [['--strategy', 'softmax', '--sizes', 'a=1'], /--strategy must be/],
      [['--strategy', 'proportional', '--K', '-3', '--sizes', 'a=1'], /--K must be/],
      [['--strategy', 'temperature', '--sizes', 'a=1'], /--T is required/],
      [['--strategy', 'temperature', '--T', 'hot', '--sizes', 'a=1'], /--T must be/],
      [['--strategy', 'equal', '--T', '2', '--sizes', 'a=1'], /--T applies only/],
      [['--strategy', 'equal'], /--sizes is required/],
      [['--strategy', 'equal', '--sizes', 'a=1,b'], /--sizes: task size entries must look like name=examples \(got "b"\)/],
      [['--strategy', 'equal', '--sizes', 'a=1,b=-2'], /--sizes: examples of "b"/],
      [['--strategy', 'equal', '--sizes', 'a=1,a=2'], /--sizes: task "a" is listed twice/],
    ];
    for (const [argv, message] of cases) {
      const r = await run('rates', ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });

  it('runs as a process and prints exactly {"rates": {...}} on stdout', () => {
    const ok = spawnSync(
      process.execPath,
      ['src/cli/bin.mjs', 'rates', '--strategy', 'proportional', '--K', '2', '--sizes', 'x=1,y=9', '--json'],
      { encoding: 'utf8' },
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, '{"rates":{"x":0.3333333333333333,"y":0.6666666666666666}}\n');
  });
});
