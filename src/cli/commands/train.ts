import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emit, numberFlag, UsageError, type Command } from '../command.ts';
import { activateBackend, backendOptions } from '../modelArgs.ts';
import { parseSchedule, runConfigFromFlags, trainOptions } from '../trainArgs.ts';
import {
  RUN_FILE,
  readRunRecord,
  readTrainerState,
  removeRunOutputs,
  writeRunRecord,
  writeTokenizer,
  writeTrainerState,
} from '../../runs/runDir.ts';
import { asUsageError, toUsageError } from '../flagNames.ts';
import type { HistoryEntry } from '../../training/trainerState.ts';
import type { RunConfig } from '../../training/runConfig.ts';
import type { Dataset } from '../../data/parseDataset.ts';

/** Datasets by bundled name, or a file path (`.tsv` task, `.jsonl` pages as a corpus, anything else a corpus). */
async function loadDataset(name: string): Promise<Dataset> {
  const { bundledDatasets } = await import('../../data/bundled.ts');
  if (bundledDatasets().some((d) => d.name === name)) {
    const { loadBundled } = await import('../../data/bundledFiles.node.ts');
    return loadBundled(name);
  }
  if (!existsSync(name))
    throw new UsageError(
      `dataset "${name}" is neither a bundled dataset (${bundledDatasets()
        .map((d) => d.name)
        .join(', ')}) nor a file`,
    );
  const { parseCorpus, parseTsvTask } = await import('../../data/parseDataset.ts');
  const bytes = new Uint8Array(readFileSync(name));
  if (name.endsWith('.jsonl')) {
    // C4-style pages (`t5lab clean` output): each page one document, its lines joined by spaces.
    const [{ parseJsonlPages }, { pageDocuments }] = await Promise.all([
      import('../../c4/jsonlPages.ts'),
      import('../../c4/pageDocuments.ts'),
    ]);
    return { kind: 'corpus', name, documents: pageDocuments(parseJsonlPages(new TextDecoder().decode(bytes), name).map((p) => p.text)) };
  }
  const parsed = name.endsWith('.tsv') ? parseTsvTask(bytes, name) : parseCorpus(bytes, name);
  if (!parsed.ok) throw new UsageError(parsed.errors.map(String).join('\n'));
  return parsed.value;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** `[#####-----] 120/300 loss 3.21 lr 1.0e-2 1,234 tok/s ETA 2m10s` */
function progressLine(step: number, total: number, last: HistoryEntry | undefined, startedAt: number, startStep: number): string {
  const width = 24;
  const filled = Math.max(0, Math.min(width, Math.round((width * step) / total)));
  const parts = [`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${step}/${total}`];
  if (last) {
    parts.push(`loss ${last.loss.toFixed(4)}`);
    if (last.valLoss !== undefined) parts.push(`val ${last.valLoss.toFixed(4)}`);
    for (const [k, v] of Object.entries(last.metrics ?? {})) parts.push(`${k} ${v.toFixed(1)}`);
    parts.push(`lr ${last.learningRate.toExponential(1)}`);
    if (last.tokensPerSecond) parts.push(`${Math.round(last.tokensPerSecond).toLocaleString('en-US')} tok/s`);
  }
  const elapsed = performance.now() - startedAt;
  if (step > startStep) parts.push(`ETA ${duration((elapsed / (step - startStep)) * (total - step))}`);
  return parts.join('  ');
}

/** The model of a run started without --model: small enough to train in minutes on a CPU. */
export const DEFAULT_TRAIN_PRESET = 'workbench-small';

/** Model fields that set its shape: a --config with these needs no preset. */
const SHAPE_FIELDS = ['dModel', 'dFf', 'numHeads', 'dKv', 'numLayers', 'numDecoderLayers'];

/** Flags a resumed run may change: its length, and its recipe from the resume step on (e.g. after a NaN). */
const RESUME_FLAGS = ['steps', 'lr', 'schedule', 'clip-norm'];
const DATA_FLAGS = Object.keys(trainOptions).filter((f) => !RESUME_FLAGS.includes(f));

export const trainCommand: Command = {
  name: 'train',
  summary: 'pre-train or fine-tune a T5 model (resumable); writes DIR/run.json and an HF checkpoint',
  usage: [
    't5lab train --model PRESET --corpus NAME|PATH.txt [--objective span_corruption] --steps N --batch-size B --seed S --out DIR',
    '       t5lab train --model PRESET --task NAME|PATH.tsv [--task NAME --mixing equal|proportional:K|temperature:T] [--from DIR] --out DIR',
    '       a task file: --task-name NAME (default: the file name) --task-prefix "P: " (default: the inputs\' own, else "NAME: ") --metric auto|accuracy|exact_match|bleu',
    '       t5lab train --config run.json --out DIR        t5lab train --resume DIR [--steps N]',
    '  more: --input-length --target-length --pack --optimizer adafactor|adamw --lr X | --schedule inverse-sqrt[:W]|constant:X|cosine:PEAK:W[:FINAL]',
    '        --clip-norm N --dropout R --tokenizer byte[:N]|unigram:N|FILE --log-every --eval-every --eval-examples --checkpoint-every',
    '        --architecture encoder-decoder|encoder-decoder-shared|decoder-only|prefix-lm (only encoder-decoder writes an HF checkpoint)',
    '        --finetune-strategy full|adapters|gradual-unfreezing (--adapter-dim D | --unfreeze-every K): which weights train (T5 §3.5.1)',
    '        --backend cpu|wasm|webgpu|auto --json --quiet   (webgpu: Dawn via the optional webgpu package)',
  ].join('\n'),
  options: {
    ...trainOptions,
    ...backendOptions,
    out: { type: 'string' },
    resume: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
  async run(values, io) {
    const resumeDir = values.resume as string | undefined;
    let dir: string;
    let config: RunConfig;
    const { validateRunConfig } = await import('../../training/runConfig.ts');
    const { createRunRecord, currentEnvironment } = await import('../../runs/runRecord.ts');
    let record;
    let state: Uint8Array | undefined;
    let defaultedModel = false;
    let replacing = false;
    if (resumeDir !== undefined) {
      const extra = DATA_FLAGS.filter((f) => values[f] !== undefined);
      if (extra.length)
        throw new UsageError(
          `--resume continues a run with its saved config; drop --${extra.join(', --')} (only --steps, --lr, --schedule and --clip-norm may change)`,
        );
      if (values.out !== undefined && values.out !== resumeDir) throw new UsageError('--resume DIR writes into DIR; drop --out');
      dir = resumeDir;
      record = readRunRecord(dir);
      if (!record) throw new UsageError(`--resume ${dir}: no ${RUN_FILE} there`);
      state = readTrainerState(dir);
      if (!state) throw new UsageError(`--resume ${dir}: the run has no checkpoint yet (it stopped before its first one); start it again`);
      const steps = values.steps === undefined ? record.config.steps : numberFlag(values, 'steps', { integer: true });
      // Checked before anything is written: a resume that cannot train leaves the run as it is.
      const { decodeTrainerState } = await import('../../training/trainerState.ts');
      let savedStep: number;
      try {
        savedStep = decodeTrainerState(state).meta.step;
      } catch (err) {
        throw new Error(`--resume ${dir}: the checkpoint cannot be read: ${(err as Error).message}`, { cause: err });
      }
      if (steps <= savedStep) {
        throw new UsageError(
          values.steps === undefined
            ? `--resume ${dir}: the run is already at step ${savedStep} of its ${steps}; give --steps N with N above ${savedStep} to train longer`
            : `--resume ${dir} --steps ${steps}: the run's checkpoint is at step ${savedStep} already; give --steps N with N above ${savedStep} (nothing was changed)`,
        );
      }
      if (values.lr !== undefined && values.schedule !== undefined)
        throw new UsageError('give either --lr (a constant rate) or --schedule, not both');
      const schedule =
        values.lr !== undefined
          ? { kind: 'constant' as const, value: numberFlag(values, 'lr') }
          : typeof values.schedule === 'string'
            ? parseSchedule(values.schedule, steps)
            : record.config.schedule;
      const clipGradientNorm = values['clip-norm'] !== undefined ? numberFlag(values, 'clip-norm') : record.config.clipGradientNorm;
      try {
        config = validateRunConfig({ ...record.config, steps, schedule, clipGradientNorm });
      } catch (err) {
        throw toUsageError(err);
      }
      record.config = config;
    } else {
      if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out DIR is required');
      dir = values.out;
      replacing = existsSync(join(dir, RUN_FILE));
      if (replacing && !values.force)
        throw new UsageError(
          `--out ${dir} already holds a run (${RUN_FILE}); use --resume ${dir} to continue it, --force to replace it, or another directory`,
        );
      try {
        const input = await runConfigFromFlags(values);
        // No --model (and no shape in --config, no --from): a small preset, said out loud, not
        // DEFAULT_CONFIG's 44 M parameters.
        const init = input.init?.kind ?? 'scratch';
        const shaped = Object.keys(input.model?.overrides ?? {}).some((k) => SHAPE_FIELDS.includes(k));
        if (init === 'scratch' && input.model?.preset === undefined && !shaped) {
          input.model = { ...input.model, preset: DEFAULT_TRAIN_PRESET };
          defaultedModel = true;
        }
        config = validateRunConfig(input);
      } catch (err) {
        throw toUsageError(err);
      }
    }

    const backend = await activateBackend(values);
    const { TrainingSession } = await import('../../training/trainingSession.ts');
    const { runTraining } = await import('../../training/trainingLoop.ts');
    const { loadCheckpointDir, saveCheckpointDir } = await import('../../checkpoint/checkpointDir.ts');
    const { parameterCount } = await import('../../model/parameterCount.ts');
    const env = {
      loadDataset,
      loadInitialModel: async (init: RunConfig['init']) => {
        if (init.kind !== 'checkpoint-dir') throw new UsageError(`init "${init.kind}" is not available in Node; use --from DIR`);
        return loadCheckpointDir(init.path);
      },
    };
    let session;
    try {
      session = state ? await TrainingSession.resume(config, env, state) : await TrainingSession.start(config, env);
    } catch (err) {
      // e.g. an unknown task (data.tasks) is the user's --task.
      throw asUsageError(err);
    }
    const startStep = session.step;
    if (defaultedModel)
      io.stderr(
        `t5lab train: no --model given; using the ${DEFAULT_TRAIN_PRESET} preset (${parameterCount(session.model.config).toLocaleString('en-US')} parameters); pass --model PRESET for another\n`,
      );
    for (const w of session.data.warnings) io.stderr(`t5lab train: warning: ${w}\n`);
    try {
      const environment = currentEnvironment('node', { backend });
      if (!record) record = createRunRecord(config, environment);
      else if (record.environment.backend !== backend)
        record.previousEnvironments = [...(record.previousEnvironments ?? []), record.environment];
      record.environment = environment;
      record.resolved = {
        modelConfig: { ...session.model.config },
        tokenizer: session.tokenizer.toJSON(),
        parameters: parameterCount(session.model.config),
        ...session.resolvedExtras,
        trainSizes: session.data.trainSizes,
        rates: session.data.rates,
      };
      record.status = 'running';
      record.message = undefined;
      record.finishedAt = undefined;
      record.history = session.history;
      const save = () => {
        record!.updatedAt = Date.now();
        record!.step = session.step;
        writeRunRecord(dir, record!);
      };
      // --force over an old run: its trainer state and model go now, so a later --resume can
      // never load them into this run's config (nothing was removed if the run could not start).
      if (replacing) removeRunOutputs(dir);
      writeTokenizer(dir, session.tokenizer.toJSON());
      save();

      const quiet = Boolean(values.quiet);
      const tty = Boolean(process.stderr.isTTY) && !quiet;
      const startedAt = performance.now();
      let last: HistoryEntry | undefined = session.history[session.history.length - 1];
      const progress = (final: boolean) => {
        const line = progressLine(session.step, config.steps, last, startedAt, startStep);
        if (tty) io.stderr(`\r${line}\x1b[K${final ? '\n' : ''}`);
        else if (!quiet && final) io.stderr(`${line}\n`);
      };
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      let outcome;
      try {
        outcome = await runTraining(
          session,
          {
            onStep: () => progress(false),
            onMetrics: (entry) => {
              last = entry;
              progress(true);
              save();
            },
            onEval: (e) => {
              last = session.history[session.history.length - 1];
              if (e.samples) record!.samples = e.samples;
              progress(true);
              save();
            },
            onCheckpoint: async (bytes, step) => {
              writeTrainerState(dir, bytes);
              record!.checkpoints = [{ step, savedAt: Date.now(), bytes: bytes.length }];
              save();
            },
            onCheckpointError: (err) => io.stderr(`t5lab train: could not write the checkpoint: ${(err as Error).message}\n`),
          },
          { signal: controller.signal, resumedFromStep: state ? startStep : undefined },
        );
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      record.status = outcome.status;
      record.message = outcome.error;
      record.finishedAt = Date.now();
      // HF's T5 format holds only the encoder-decoder; other architectures keep the trainer state.
      // A failed or diverged run's weights are not a model to keep: the HF files stay as they were.
      const exported =
        (outcome.status === 'completed' || outcome.status === 'stopped') &&
        (session.model.config.architecture ?? 'encoder-decoder') === 'encoder-decoder';
      if (exported) await saveCheckpointDir(session.model, dir);
      if (outcome.status === 'diverged')
        record.message = `${outcome.error}; e.g. t5lab train --resume ${dir} --lr ${(session.trainer.learningRate(Math.max(0, session.step - 1)) / 10).toPrecision(2)} (or --clip-norm 1)`;
      save();
      const final = session.history[session.history.length - 1];
      const summary = {
        out: dir,
        status: outcome.status,
        step: session.step,
        loss: final?.loss,
        valLoss: final?.valLoss,
        metrics: final?.metrics,
        model: config.model.preset,
        parameters: record.resolved.parameters,
        ...(config.finetune ? { finetune: config.finetune, trainedParameters: record.resolved.trainedParameters } : {}),
        backend,
        message: record.message,
        exported,
      };
      emit(io, Boolean(values.json), summary, () => summaryText(summary, config));
      return outcome.status === 'completed' ? 0 : outcome.status === 'stopped' ? 130 : 1;
    } finally {
      session.dispose();
    }
  },
};

function summaryText(
  s: {
    out: string;
    status: string;
    step: number;
    loss?: number;
    valLoss?: number;
    metrics?: Record<string, number>;
    parameters: number;
    trainedParameters?: number;
    backend: string;
    message?: string;
    exported: boolean;
  },
  config: RunConfig,
): string {
  const lines = [
    `${config.name}: ${s.status} at step ${s.step}/${config.steps} (${s.parameters.toLocaleString('en-US')} parameters${s.trainedParameters !== undefined ? `, ${s.trainedParameters.toLocaleString('en-US')} trained (${config.finetune!.strategy})` : ''}, ${s.backend})`,
  ];
  if (s.loss !== undefined)
    lines.push(`loss ${s.loss.toFixed(4)}${s.valLoss !== undefined ? `, validation loss ${s.valLoss.toFixed(4)}` : ''}`);
  for (const [k, v] of Object.entries(s.metrics ?? {})) lines.push(`${k} ${v.toFixed(2)}`);
  if (s.message) lines.push(s.message);
  const adapters =
    s.exported && config.finetune?.strategy === 'adapters' ? ' (the base model) + adapters.safetensors (the adapters, not mergeable)' : '';
  lines.push(`wrote ${join(s.out, RUN_FILE)}${s.exported ? ` and ${join(s.out, 'config.json')} + model.safetensors${adapters}` : ''}`);
  return lines.join('\n');
}
