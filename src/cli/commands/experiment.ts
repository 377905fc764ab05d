/**
 * `t5lab experiment`: any experiment preset of the notebook cells, headless, over N seeds, with
 * per-seed values, 95% intervals and verdicts (src/experiments/experimentReport.ts). Resumable:
 * every finished arm × seed is saved in --out DIR as it completes, and `--resume DIR` continues
 * without re-running any of them. Progress (per entry and overall, with ETA) goes to stderr;
 * `--json` prints the report as one JSON document on stdout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError, type Command } from '../command.ts';
import { activateBackend, backendOptions } from '../modelArgs.ts';

function budgetFrom(text: string) {
  return import('../../experiments/budgets.ts').then(({ BUDGET_NAMES, namedBudget, validateExperimentBudget }) => {
    if ((BUDGET_NAMES as string[]).includes(text)) return namedBudget(text);
    if (!existsSync(text)) throw new UsageError(`--budget must be ${BUDGET_NAMES.join(', ')} or a JSON file (no file "${text}")`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(text, 'utf8'));
    } catch (err) {
      throw new UsageError(`--budget ${text}: not valid JSON (${(err as Error).message})`);
    }
    try {
      return validateExperimentBudget(raw);
    } catch (err) {
      throw new UsageError(`--budget ${text}: ${(err as Error).message}`);
    }
  });
}

/** `--corpus NAME|PATH` (repeatable) as extra arms of the pretraining-data preset; other presets refuse it. */
async function corpusArmsFromFlags(values: string[] | undefined, preset: string) {
  if (!values?.length) return undefined;
  if (preset !== 'pretraining-data') throw new UsageError(`--corpus adds arms to --preset pretraining-data only (got --preset ${preset})`);
  const { bundledDatasets } = await import('../../data/bundled.ts');
  const { corpusRefFromFile, isFileRef } = await import('../../data/taskFile.node.ts');
  const { basename } = await import('node:path');
  return values.map((text, i) => {
    const bundled = bundledDatasets().find((d) => d.name === text);
    if (bundled && bundled.kind !== 'corpus') throw new UsageError(`--corpus ${text}: a task, not a corpus`);
    if (!bundled && !isFileRef(text)) throw new UsageError(`--corpus ${text}: not a bundled corpus nor a .txt file`);
    let corpus = text;
    if (!bundled) {
      try {
        corpus = corpusRefFromFile(text);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    const slug =
      basename(text)
        .replace(/\.[^.]*$/, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'corpus';
    return { key: `user-${i + 1}-${slug}`.slice(0, 40), label: `${basename(text)} (given)`, corpus };
  });
}

export const experimentCommand: Command = {
  name: 'experiment',
  summary: 'run an experiment preset (objectives, architectures, multitask, scaling, …) over N seeds with 95% intervals; resumable',
  usage: [
    't5lab experiment --preset NAME --budget tiny|study|FILE.json --seeds N [--backend wasm|cpu] --out DIR [--json]',
    '       t5lab experiment --resume DIR [--json]',
    '  presets: objectives, bert-variants, corruption-rate, span-length, architectures, multitask, scaling, compute-strategies,',
    '           finetuning-strategies (Table 10), pretraining-data (Table 8), repetition (Table 9)',
    '  --corpus NAME|PATH.txt (repeatable, pretraining-data only): another corpus arm beside the bundled ones',
  ].join('\n'),
  options: {
    preset: { type: 'string' },
    budget: { type: 'string' },
    corpus: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
    ...backendOptions,
  },
  async run(values, io) {
    const { EXPERIMENT_PRESET_IDS } = await import('../../experiments/presets.ts');
    const { readExperimentSpec, runExperimentDir } = await import('../../experiments/experimentDir.ts');
    const { reportText } = await import('../../experiments/experimentReport.ts');
    const { formatDuration, formatFlops } = await import('../../experiments/experimentCost.ts');
    const { fromText, intIn, oneOf } = await import('../../validation/checks.ts');
    const check = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    };
    let dir: string;
    let spec;
    const resume = values.resume as string | undefined;
    if (resume !== undefined) {
      const given = ['preset', 'budget', 'seeds', 'out', 'corpus'].filter((f) => values[f] !== undefined);
      if (given.length) throw new UsageError(`--resume continues the experiment saved in ${resume}; drop --${given.join(', --')}`);
      spec = readExperimentSpec(resume);
      if (!spec) throw new UsageError(`--resume ${resume}: no experiment.json there`);
      if (values.backend !== undefined && values.backend !== spec.backend)
        throw new UsageError(
          `--resume ${resume}: the experiment ran on ${spec.backend}; drop --backend (mixing backends would mix numbers)`,
        );
      dir = resume;
      await activateBackend({ backend: spec.backend });
    } else {
      if (typeof values.preset !== 'string') throw new UsageError(`--preset is required (one of ${EXPERIMENT_PRESET_IDS.join(', ')})`);
      const preset = check(() => oneOf(values.preset, '--preset', EXPERIMENT_PRESET_IDS));
      if (typeof values.budget !== 'string') throw new UsageError('--budget tiny|study|FILE.json is required');
      const budget = await budgetFrom(values.budget);
      const n = values.seeds === undefined ? 1 : check(() => fromText(values.seeds, '--seeds', (v, l) => intIn(v, l, 1, 100)));
      if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out DIR is required');
      dir = values.out;
      if (readExperimentSpec(dir))
        throw new UsageError(`--out ${dir} already holds an experiment; continue it with --resume ${dir}, or use another directory`);
      const backend = await activateBackend(values);
      const corpora = await corpusArmsFromFlags(values.corpus as string[] | undefined, preset);
      spec = { preset, budget, seeds: Array.from({ length: n }, (_, i) => i + 1), backend, ...(corpora ? { corpora } : {}) };
    }
    const { experimentPlan } = await import('../../experiments/presets.ts');
    check(() => experimentPlan(spec.preset, spec.budget, { corpora: spec.corpora }));
    const quiet = Boolean(values.quiet);
    const say = (t: string) => {
      if (!quiet) io.stderr(t + '\n');
    };
    const bar = (f: number) => `[${'#'.repeat(Math.round(f * 20)).padEnd(20, '-')}]`;
    let lastPrint = 0;
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    let report;
    try {
      report = await runExperimentDir(dir, spec, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.type === 'estimate')
            say(
              `t5lab experiment ${spec.preset}: ${p.entries} runs (${p.done} already done), ${formatFlops(p.flops)}; measured ${formatFlops(p.flopsPerSecond)}/s on ${spec.backend}; estimated ${formatDuration(p.seconds)} of training (plus evaluation)`,
            );
          else if (p.type === 'skip') say(`  ${p.index + 1}/${p.total} ${p.key}: done earlier, not re-run`);
          else if (p.type === 'start') say(`  ${p.index + 1}/${p.total} ${p.key}: ${formatFlops(p.flops)}`);
          else if (p.type === 'done') say(`  ${p.index + 1}/${p.total} ${p.key}: finished in ${formatDuration(p.seconds)}`);
          else if (p.type === 'step' && (p.step === p.steps || performance.now() - lastPrint > 5000)) {
            lastPrint = performance.now();
            say(
              `    ${bar(p.step / p.steps)} ${p.step}/${p.steps}  run ETA ${formatDuration(p.entrySeconds)}  ${bar((p.index + p.step / p.steps) / p.total)} overall ${p.index + 1}/${p.total} ETA ${formatDuration(p.overallSeconds)}`,
            );
          }
        },
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') {
        io.stderr(`t5lab experiment: stopped; finished runs are kept — continue with --resume ${dir}\n`);
        return 130;
      }
      throw err;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    io.stdout(values.json ? JSON.stringify(report) + '\n' : reportText(report) + '\n');
    return 0;
  },
};
