/**
 * The Python port of the objectives (src/recipes/python/t5lab_objectives.py) against t5lab's own
 * CLI: for every case both print the same bytes on stdout, exit with the same status and, for
 * bad flags, the same message. The CLI runs in-process (its `main`), the port in one python3.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.ts';
import { Rng } from '../../../src/objectives/rng.ts';
import { pythonMissing, runPythonBatch, runPythonCommand, type CommandResult } from './pythonHelpers.ts';

const skip = pythonMissing();

async function runCli(argv: string[]): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const OBJECTIVES = ['prefix_lm', 'bert', 'deshuffle', 'mass', 'iid_replace_spans', 'iid_drop', 'span_corruption', 'bert_80_10_10'];

/** Case lists drawn from a fixed stream, so a failure reproduces. */
function corruptCases(): string[][] {
  const pick = new Rng('python-port-cases');
  const cases: string[][] = [];
  const lengths = [0, 1, 2, 3, 4, 7, 10, 16, 33, 64, 100, 150];
  const vocabs = [5, 6, 12, 100, 32128, 3_000_000_000];
  for (const objective of OBJECTIVES) {
    for (let c = 0; c < 40; c++) {
      const length = lengths[pick.below(lengths.length)];
      const vocab = vocabs[pick.below(vocabs.length)];
      const ids = Array.from({ length }, () => (vocab > 2 ** 31 ? 2 ** 31 + pick.below(2 ** 30) : pick.below(vocab)));
      const argv = ['corrupt', '--objective', objective, '--ids', ids.join(','), '--vocab-size', String(vocab), '--json'];
      if (length === 0) argv[4] = ''; // no ids: the CLI's error for an empty entry
      argv.push('--seed', String(pick.below(3) === 0 ? -pick.below(1e6) : pick.below(2 ** 32) * 2048 + pick.below(2048)));
      const maxDensity = objective === 'prefix_lm' ? 0.5 : 1;
      if (pick.below(2) === 0) argv.push('--density', String(Math.round(pick.float() * maxDensity * 100) / 100));
      if (pick.below(2) === 0) argv.push('--mean-span', String([1, 1.5, 2, 3, 5, 10][pick.below(6)]));
      cases.push(argv);
    }
  }
  return cases;
}

function maskCases(): string[][] {
  const pick = new Rng('python-port-masks');
  const cases: string[][] = [];
  for (const kind of ['spans', 'iid', 'prefix']) {
    for (const length of [0, 1, 2, 3, 5, 8, 13, 20, 64, 114, 512, 568]) {
      for (let c = 0; c < 6; c++) {
        const argv = ['mask', '--kind', kind, '--length', String(length), '--seed', String(pick.below(2 ** 32)), '--json'];
        const max = kind === 'prefix' ? 0.5 : 1;
        if (c > 0) argv.push('--density', String([0, 0.05, 0.15, 0.25, 0.5, 0.9, 1].map((d) => d * max)[pick.below(7)]));
        if (c > 2) argv.push('--mean-span', String([1, 2, 3, 4.5, 8, 20][pick.below(6)]));
        cases.push(argv);
      }
    }
  }
  cases.push(['mask', '--kind', 'spans', '--length', '100', '--seed', String(Number.MAX_SAFE_INTEGER), '--json']);
  cases.push(['mask', '--kind', 'spans', '--length', '100', '--seed', String(-Number.MAX_SAFE_INTEGER), '--json']);
  cases.push(['mask', '--kind', 'iid', '--length', '0x40', '--seed', '1e3', '--json']);
  return cases;
}

function lengthsCases(): string[][] {
  const cases: string[][] = [['lengths', '--json']];
  for (const inputs of [2, 3, 10, 64, 128, 177, 256, 512, 1024, 4096])
    for (const density of [0, 0.05, 0.15, 0.3, 0.5, 0.75, 0.99])
      for (const span of [1, 2, 3, 7, 10])
        cases.push(['lengths', '--inputs-length', String(inputs), '--density', String(density), '--mean-span', String(span), '--json']);
  return cases;
}

function ratesCases(): string[][] {
  const sizes = [
    'a=100,b=2000',
    'glue=8551, squad=87599, wmt=4592289, c4=364868892',
    'x=2^16,y=2**20,z=1e6,w=0',
    '10=5, 2=7, b=9, 1=3', // integer-like names: JavaScript orders them first
    'only=1',
    'a=1_000, b=33.5, c=0x10',
  ];
  const cases: string[][] = [];
  for (const s of sizes) {
    cases.push(['rates', '--strategy', 'equal', '--sizes', s, '--json']);
    for (const K of [undefined, '1', '2^10', '65536', '1e9', 'Infinity'])
      cases.push(['rates', '--strategy', 'proportional', '--sizes', s, ...(K ? ['--K', K] : []), '--json']);
    for (const T of ['1', '1.5', '2', '3.7', '4', '8', '100'])
      for (const K of [undefined, '2^19', '2^21', '1000'])
        cases.push(['rates', '--strategy', 'temperature', '--T', T, '--sizes', s, ...(K ? ['--K', K] : []), '--json']);
  }
  for (const T of ['2', '4', '8']) cases.push(['rates', '--strategy', 'temperature', '--T', T, '--paper', '--json']);
  for (const K of ['2^16', '2^17', '2^18', '2^19', '2^20', '2^21'])
    cases.push(['rates', '--strategy', 'proportional', '--K', K, '--paper', '--json']);
  cases.push(['rates', '--strategy', 'equal', '--paper', '--json']);
  return cases;
}

/** Bad flags: same exit status and the same message. */
const BAD_CASES: string[][] = [
  ['mask', '--kind', 'blocks', '--length', '5'],
  ['mask', '--length', '5'],
  ['mask', '--kind', 'spans', '--length', '-1'],
  ['mask', '--kind', 'spans', '--length', '2.5'],
  ['mask', '--kind', 'prefix', '--length', '9', '--density', '0.7'],
  ['mask', '--kind', 'iid', '--length', '9', '--seed', 'abc'],
  ['mask', '--kind', 'iid', '--length', '9', '--mean-span', '0'],
  ['lengths', '--inputs-length', '1'],
  ['lengths', '--density', '1'],
  ['corrupt', '--ids', '5,6'],
  ['corrupt', '--objective', 'nope', '--ids', '5', '--vocab-size', '10'],
  ['corrupt', '--objective', 'bert', '--ids', '5,6', '--vocab-size', '10', '--density', '2'],
  ['corrupt', '--objective', 'bert', '--ids', '5,60', '--vocab-size', '10'],
  ['corrupt', '--objective', 'bert', '--ids', '5,,6', '--vocab-size', '10'],
  ['corrupt', '--objective', 'bert', '--ids', '5,6', '--vocab-size', '4'],
  ['corrupt', '--objective', 'bert', '--ids', '5,6'],
  ['corrupt', '--objective', 'bert'],
  [
    'corrupt',
    '--objective',
    'span_corruption',
    '--ids',
    Array.from({ length: 60 }, (_, i) => 3 + (i % 4)).join(','),
    '--vocab-size',
    '8',
    '--density',
    '0.5',
    '--mean-span',
    '1',
  ],
  [
    'corrupt',
    '--objective',
    'bert_80_10_10',
    '--density',
    '1',
    '--ids',
    Array.from({ length: 30 }, (_, i) => 5 + i).join(','),
    '--vocab-size',
    '5000000000',
  ],
  ['rates', '--sizes', 'a=1'],
  ['rates', '--strategy', 'mixed', '--sizes', 'a=1'],
  ['rates', '--strategy', 'equal', '--K', '5', '--sizes', 'a=1'],
  ['rates', '--strategy', 'temperature', '--sizes', 'a=1'],
  ['rates', '--strategy', 'proportional', '--T', '2', '--sizes', 'a=1'],
  ['rates', '--strategy', 'proportional', '--K', '-3', '--sizes', 'a=1'],
  ['rates', '--strategy', 'proportional', '--K', 'lots', '--sizes', 'a=1'],
  ['rates', '--strategy', 'proportional', '--sizes', 'a=1,a=2'],
  ['rates', '--strategy', 'proportional', '--sizes', 'a'],
  ['rates', '--strategy', 'proportional', '--sizes', 'a=x'],
  ['rates', '--strategy', 'proportional', '--sizes', 'a=0,b=0'],
  ['rates', '--strategy', 'proportional'],
  ['rates', '--strategy', 'proportional', '--paper', '--sizes', 'a=1'],
];

async function compareAll(cases: string[][]): Promise<number> {
  const py = runPythonBatch(cases);
  let compared = 0;
  for (let i = 0; i < cases.length; i++) {
    const js = await runCli(cases[i]);
    const label = `python3 t5lab_objectives.py ${cases[i].join(' ')}`;
    assert.equal(py[i].stdout, js.stdout, `${label}: stdout differs`);
    assert.equal(py[i].code, js.code, `${label}: exit status differs (CLI stderr: ${js.stderr})`);
    if (js.code !== 0) assert.equal(py[i].stderr, js.stderr, `${label}: message differs`);
    compared++;
  }
  return compared;
}

describe('t5lab_objectives.py prints what the t5lab CLI prints', { skip }, () => {
  it('corrupt: every objective on random ids, seeds, densities, mean spans and vocabulary sizes', async () => {
    const cases = corruptCases();
    assert.equal(await compareAll(cases), cases.length);
    // The cases really ran the objectives (most succeed, and some outputs are long).
    const ok = runPythonBatch(cases).filter((r) => r.code === 0);
    assert.ok(ok.length > cases.length * 0.6, `only ${ok.length} of ${cases.length} cases succeeded`);
  });

  it('mask: span, i.i.d. and prefix masks at many lengths, densities and seeds (extreme seeds too)', async () => {
    const cases = maskCases();
    assert.equal(await compareAll(cases), cases.length);
  });

  it("lengths: the library's random_spans_helper over a grid of inputs lengths, densities and spans", async () => {
    const cases = lengthsCases();
    assert.equal(await compareAll(cases), cases.length);
  });

  it("rates: equal, proportional and temperature rates to the last bit (JavaScript's pow), key order included", async () => {
    const cases = ratesCases();
    assert.equal(await compareAll(cases), cases.length);
  });

  it('bad flags: the same exit status (2, or 1 for an impossible mixture) and the same message', async () => {
    assert.equal(await compareAll(BAD_CASES), BAD_CASES.length);
    const statuses = runPythonBatch(BAD_CASES).map((r) => r.code);
    assert.ok(statuses.every((c) => c === 1 || c === 2));
  });

  it('human-readable output (no --json) matches too', async () => {
    const cases = [
      ['mask', '--kind', 'spans', '--length', '30', '--seed', '7'],
      ['lengths', '--inputs-length', '512'],
      ['corrupt', '--objective', 'span_corruption', '--ids', '5,6,7,8,9,10,11,12,13,14,15,16', '--vocab-size', '100', '--seed', '2'],
      ['rates', '--strategy', 'temperature', '--T', '2', '--paper'],
      ['rates', '--strategy', 'proportional', '--K', '2^19', '--sizes', 'a=0.125,b=0.375'],
    ];
    assert.equal(await compareAll(cases), cases.length);
  });

  it('runs as a command: python3 t5lab_objectives.py mask … --json', async () => {
    const argv = ['mask', '--kind', 'spans', '--length', '40', '--seed', '11', '--json'];
    const py = runPythonCommand(argv);
    assert.equal(py.code, 0, py.stderr);
    assert.deepEqual(py, { ...(await runCli(argv)), stderr: '' });
    assert.equal(runPythonCommand(['shuffle']).code, 2);
  });
});
