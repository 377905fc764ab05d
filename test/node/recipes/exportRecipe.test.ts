/**
 * `t5lab export-recipe` on real t5lab outputs (test/fixtures/recipes: a span-corruption
 * pre-training run and a multi-task fine-tuning run made with `t5lab train`, and a `multitask`
 * experiment directory): golden folders (every file compared; T5LAB_UPDATE_GOLDEN=1 rewrites
 * them), every .py compiles, recipe.json / gin values equal the run's config, tasks.py rates equal
 * `t5lab rates`, and bad inputs exit 2 naming the flag.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.ts';
import { validateOptimizerConfig } from '../../../src/training/optimizerConfig.ts';
import type { RunRecord } from '../../../src/runs/runRecord.ts';
import { pyCompile, pythonMissing } from './pythonHelpers.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'test/fixtures/recipes');
const golden = join(fixtures, 'golden');
mkdirSync(join(root, 'test-results'), { recursive: true });
const work = mkdtempSync(join(root, 'test-results', 'recipes-'));
const UPDATE = process.env.T5LAB_UPDATE_GOLDEN === '1';
/** Copied verbatim from src/recipes/python/ (compared with the sources, not stored as golden copies). */
const COPIED = new Set(['t5lab_objectives.py', 'train.py']);

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** Exports into a fresh folder and compares it with golden/NAME (or rewrites the golden). */
async function exportAndCompare(name: string, args: string[]): Promise<string> {
  const out = join(work, name);
  const r = await cli(['export-recipe', ...args, '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).files, listFiles(out));
  const want = join(golden, name);
  if (UPDATE) {
    rmSync(want, { recursive: true, force: true });
    for (const f of listFiles(out).filter((f) => !COPIED.has(f.split('/').pop()!))) {
      mkdirSync(join(want, f, '..'), { recursive: true });
      writeFileSync(join(want, f), readFileSync(join(out, f)));
    }
  }
  const produced = listFiles(out);
  const stored = listFiles(want);
  assert.deepEqual(
    produced.filter((f) => !COPIED.has(f.split('/').pop()!)),
    stored,
    `${name}: the recipe's file list differs from the golden folder`,
  );
  for (const f of stored)
    assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(want, f))), `${name}/${f} differs from its golden copy`);
  for (const f of produced.filter((f) => COPIED.has(f.split('/').pop()!)))
    assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(root, 'src/recipes/python', f.split('/').pop()!), 'utf8'));
  return out;
}

const readRun = (name: string) => JSON.parse(readFileSync(join(fixtures, name, 'run.json'), 'utf8')) as RunRecord;
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

/** `NAME = VALUE` lines of a gin file. */
function ginValues(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const hit = /^([A-Za-z_][\w.]*)\s*=\s*(.+?)(\s+#.*)?$/.exec(line);
    if (hit) m.set(hit[1], hit[2]);
  }
  return m;
}

/** The MIXING_RATES of a tasks.py, task name → rate. */
function tasksPyRates(text: string): Record<string, number> {
  const block = /MIXING_RATES = \{\n([\s\S]*?)\n\}/.exec(text);
  assert.ok(block, 'tasks.py has a MIXING_RATES block');
  return Object.fromEntries(
    block[1].split('\n').map((l) => {
      const [, k, v] = /^\s+"t5lab_task_(\w+)": (.+),$/.exec(l)!;
      return [k, Number(v)];
    }),
  );
}

function compileAll(dir: string) {
  if (pythonMissing()) return;
  const py = listFiles(dir)
    .filter((f) => f.endsWith('.py'))
    .map((f) => join(dir, f));
  assert.ok(py.length > 0);
  const r = pyCompile(py);
  assert.equal(r.code, 0, r.stderr);
}

describe('t5lab export-recipe', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('exports the span-corruption pre-training run for Hugging Face at t5-base scale, equal to its golden folder', async () => {
    const out = await exportAndCompare('span-hf-t5-base', ['--run', join(fixtures, 'span-run'), '--target', 'hf', '--scale', 't5-base']);
    compileAll(out);
    const run = readRun('span-run');
    const recipe = readJson(join(out, 'recipe.json'));
    const cfg = run.config;
    assert.equal(cfg.data.kind, 'pretrain');
    assert.deepEqual(recipe.lengths, { inputs: cfg.batch.inputLength, targets: cfg.batch.targetLength });
    assert.equal(recipe.seed, cfg.seed);
    assert.deepEqual(recipe.optimizer, validateOptimizerConfig(cfg.optimizer));
    assert.deepEqual(recipe.schedule, cfg.schedule);
    assert.equal(recipe.clip_gradient_norm, cfg.clipGradientNorm);
    assert.equal(recipe.data.name, 'span_corruption');
    assert.equal(recipe.data.density, 0.15);
    assert.equal(recipe.data.mean_span, 3);
    // random_spans_helper for the run's inputs length, as `t5lab lengths` prints it.
    const lengths = JSON.parse((await cli(['lengths', '--inputs-length', String(cfg.batch.inputLength), '--json'])).stdout);
    assert.equal(recipe.data.tokens_length, lengths.tokens_length);
    assert.equal(lengths.targets_length, cfg.batch.targetLength);
    // t5-base's shape, the run's vocabulary; the paper's pre-training budget.
    const hf = readJson(join(out, 'config.json'));
    assert.deepEqual([hf.d_model, hf.d_ff, hf.num_layers, hf.num_heads], [768, 3072, 12, 12]);
    assert.equal(hf.vocab_size, run.resolved!.modelConfig.vocabSize);
    assert.deepEqual([recipe.steps, recipe.batch_size], [2 ** 19, 128]);
    assert.match(readFileSync(join(out, 'README.md'), 'utf8'), /accelerate launch train\.py --config recipe\.json/);
    assert.equal(readJson(join(out, 'tokenizer.json')).model.type !== undefined, true);
  });

  it('exports the same run for T5X at t5-v1_1-base scale: gin values are the run config, tasks.py uses span_corruption', async () => {
    const out = await exportAndCompare('span-t5x-v1_1-base', [
      '--run',
      join(fixtures, 'span-run'),
      '--target',
      't5x',
      '--scale',
      't5-v1_1-base',
      '--steps',
      '1000',
    ]);
    compileAll(out);
    const cfg = readRun('span-run').config;
    const gin = ginValues(readFileSync(join(out, 'recipe.gin'), 'utf8'));
    assert.equal(gin.get('TASK_FEATURE_LENGTHS'), `{"inputs": ${cfg.batch.inputLength}, "targets": ${cfg.batch.targetLength}}`);
    assert.equal(gin.get('TRAIN_STEPS'), '1000');
    assert.equal(gin.get('BATCH_SIZE'), '128');
    assert.equal(gin.get('RANDOM_SEED'), String(cfg.seed));
    assert.equal(gin.get('utils.create_learning_rate_scheduler.warmup_steps'), '10000');
    assert.ok(readFileSync(join(out, 'recipe.gin'), 'utf8').includes("include 't5x/configs/runs/pretrain.gin'"));
    assert.ok(readFileSync(join(out, 'recipe.gin'), 'utf8').includes("include 't5x/examples/t5/t5_1_1/base.gin'"));
    assert.ok(
      readFileSync(join(out, 'tasks.py'), 'utf8').includes(
        'functools.partial(preprocessors.span_corruption, noise_density=0.15, mean_noise_span_length=3.0)',
      ),
    );
  });

  it('exports the multi-task fine-tuning run: rates equal `t5lab rates` for its sizes, fine-tuning budget and --init', async () => {
    const hfOut = await exportAndCompare('multitask-finetune-hf-t5-small', [
      '--run',
      join(fixtures, 'multitask-run'),
      '--target',
      'hf',
      '--scale',
      't5-small',
      '--data',
      'data/tasks',
    ]);
    compileAll(hfOut);
    const run = readRun('multitask-run');
    assert.equal(run.config.data.kind, 'tasks');
    const recipe = readJson(join(hfOut, 'recipe.json'));
    const sizes = run.resolved!.trainSizes;
    const sizesFlag = Object.entries(sizes)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const rates = JSON.parse((await cli(['rates', '--strategy', 'temperature', '--T', '2', '--sizes', sizesFlag, '--json'])).stdout).rates;
    assert.deepEqual(recipe.data.rates, rates);
    assert.deepEqual(recipe.data.rates, run.resolved!.rates);
    assert.deepEqual(recipe.init, { kind: 'checkpoint', from: '../span-run' });
    assert.deepEqual([recipe.steps, recipe.batch_size], [2 ** 18, 128]);
    assert.equal(recipe.data_source.path, 'data/tasks');

    const t5xOut = await exportAndCompare('multitask-finetune-t5x-t5-small', [
      '--run',
      join(fixtures, 'multitask-run'),
      '--target',
      't5x',
      '--scale',
      't5-small',
    ]);
    compileAll(t5xOut);
    assert.deepEqual(tasksPyRates(readFileSync(join(t5xOut, 'tasks.py'), 'utf8')), rates);
    const ginText = readFileSync(join(t5xOut, 'recipe.gin'), 'utf8');
    assert.ok(ginText.includes("include 't5x/configs/runs/finetune.gin'"));
    assert.equal(
      ginValues(ginText).get('utils.create_learning_rate_scheduler.base_learning_rate'),
      String(run.config.schedule.kind === 'constant' ? run.config.schedule.value : NaN),
    );
  });

  it('exports every entry of a multi-task experiment (T5X), each tasks.py with the rates `t5lab rates` gives', async () => {
    const out = await exportAndCompare('multitask-experiment-t5x-t5-base', [
      '--experiment',
      join(fixtures, 'multitask-experiment'),
      '--target',
      't5x',
      '--scale',
      't5-base',
    ]);
    compileAll(out);
    const folders = readdirSync(out).filter((f) => statSync(join(out, f)).isDirectory());
    assert.equal(folders.length, 4);
    for (const folder of folders) {
      const recipe = readJson(join(out, folder, 'recipe.json'));
      const m = recipe.data.mixing;
      const sizes = Object.entries(recipe.data.sizes as Record<string, number>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const flags =
        m.kind === 'equal'
          ? []
          : m.kind === 'proportional'
            ? m.K === null
              ? []
              : ['--K', String(m.K)]
            : ['--T', String(m.T), '--K', String(m.K)];
      const rates = JSON.parse((await cli(['rates', '--strategy', m.kind, ...flags, '--sizes', sizes, '--json'])).stdout).rates;
      assert.deepEqual(tasksPyRates(readFileSync(join(out, folder, 'tasks.py'), 'utf8')), rates, folder);
    }
  });

  it('refuses what an engine cannot run: BERT 80/10/10 on T5X, a decoder-only run anywhere', async () => {
    const record = readRun('span-run');
    const variants: [string, (r: RunRecord) => void, string, RegExp][] = [
      [
        'bert801010',
        (r) => (r.config.data = { ...r.config.data, objective: 'bert_80_10_10' } as RunRecord['config']['data']),
        't5x',
        /no preprocessor for "bert_80_10_10".*--target hf/,
      ],
      [
        'decoder-only',
        (r) => (r.config.model = { ...r.config.model, overrides: { ...r.config.model.overrides, architecture: 'decoder-only' } }),
        'hf',
        /"decoder-only" architecture/,
      ],
    ];
    for (const [name, change, target, message] of variants) {
      const dir = join(work, `run-${name}`);
      mkdirSync(dir, { recursive: true });
      const r = structuredClone(record);
      change(r);
      writeFileSync(join(dir, 'run.json'), JSON.stringify(r));
      writeFileSync(join(dir, 'tokenizer.t5lab.json'), readFileSync(join(fixtures, 'span-run/tokenizer.t5lab.json')));
      const res = await cli(['export-recipe', '--run', dir, '--target', target, '--scale', 't5-small', '--out', join(work, `out-${name}`)]);
      assert.equal(res.code, 2, res.stderr);
      assert.match(res.stderr, message);
      assert.equal(existsSync(join(work, `out-${name}`)), false);
    }
  });

  it('refuses bad inputs with exit status 2 and a message naming the flag, writing nothing', async () => {
    const missing = join(work, 'no-run-here');
    mkdirSync(missing, { recursive: true });
    const base = ['--target', 'hf', '--scale', 't5-small'];
    const cases: [string[], RegExp][] = [
      [['--run', missing, ...base, '--out', join(work, 'x1')], /--run .*no run\.json there/],
      [['--run', join(work, 'nowhere'), ...base, '--out', join(work, 'x2')], /--run .*no such directory/],
      [['--run', join(fixtures, 'span-run'), '--target', 'hf', '--scale', 't5-huge', '--out', join(work, 'x3')], /--scale must be one of/],
      [
        ['--run', join(fixtures, 'span-run'), '--target', 'jax', '--scale', 't5-small', '--out', join(work, 'x4')],
        /--target must be "hf" or "t5x"/,
      ],
      [['--run', join(fixtures, 'span-run'), ...base], /--out OUT is required/],
      [[...base, '--out', join(work, 'x5')], /exactly one of --run DIR or --experiment DIR/],
      [['--experiment', missing, ...base, '--out', join(work, 'x6')], /--experiment .*no experiment\.json/],
      [['--run', join(fixtures, 'span-run'), ...base, '--steps', '0', '--out', join(work, 'x7')], /--steps must be a positive integer/],
      [['--run', join(fixtures, 'span-run'), ...base, '--out', join(fixtures, 'span-run')], /--out .* already exists and is not empty/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['export-recipe', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    for (const x of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']) assert.equal(existsSync(join(work, x)), false, `${x} was created`);
    assert.equal(readdirSync(work).filter((f) => f.includes('.tmp-')).length, 0, 'no temporary folder is left behind');
  });
});
