// Over 400 lines on purpose: a cell kind is one file (cells/kinds/ is loaded file by file), and this one
// holds its scoped styles and the train form (model, data, optimizer, schedule, fine-tuning strategy), the
// live curves, timing and run controls of one run; the training itself is src/training and src/worker.
import { html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { T5Cell } from '../widgets/t5-cell.ts';
import { defineCellKind } from '../shell/registry.ts';
import { ProgramMemo } from '../widgets/program-memo.ts';
import { formatBytes, formatCount } from '../../src/format/units.ts';
import { RUNS_CHANGED_EVENT } from '../widgets/runs-events.ts';
import { trainLossFigure } from '../../src/figures/trainLoss.ts';
import { learningRateFigure } from '../../src/figures/learningRate.ts';
import { OBJECTIVE_NAMES } from '../../src/objectives/objectives.ts';
import {
  buildTrainRunConfig,
  trainInputNames,
  trainParams,
  DEFAULT_TRAIN_PARAMS,
  type TrainInputs,
  type TrainParams,
} from '../../src/training/trainCellConfig.ts';
import { resumeRun, startRun, type RunHandle } from '../../src/worker/trainingClient.ts';
import type { MemoryInfo, RunEvent, RunOutcome } from '../../src/worker/protocol.ts';
import type { EvaluationResult } from '../../src/training/trainingSession.ts';
import type { HistoryEntry } from '../../src/training/trainerState.ts';
import { modelFromTrainerState } from '../../src/training/trainerState.ts';
import { RunStore } from '../../src/runs/runStore.ts';
import type { RunRecord } from '../../src/runs/runRecord.ts';
import { VALUE } from '../../src/notebook/valueNames.ts';
import type { T5Model } from '../../src/model/t5Model.ts';
import type { CellProgram, Outputs } from '../../src/notebook/notebookRuntime.ts';
import '../widgets/figure-toolbar.ts';
import { trainCellParams } from '../../src/training/trainCellParams.ts';
import { paramErrorsView } from '../widgets/param-errors.ts';

/** Window event sent when a run starts or ends, so the runs cell refreshes its table. */

const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Step time split and achieved matmul GFLOP/s against the backend's measured peak (issue 15). */
function speedStats(h: HistoryEntry, peak: number | undefined) {
  const t = h.stepTime;
  const split = t
    ? html`<span title="mean of the logging window; on webgpu/webgl the GPU's queued work shows up in backward"
        >step <b data-stat="step-ms">${ms(t.forwardMs + t.backwardMs + t.optimizerMs)}</b> ms = forward
        <b data-stat="forward-ms">${ms(t.forwardMs)}</b> + backward <b data-stat="backward-ms">${ms(t.backwardMs)}</b> + optimizer
        <b data-stat="optimizer-ms">${ms(t.optimizerMs)}</b></span
      >`
    : nothing;
  const g = h.achievedGflops;
  const rate =
    g !== undefined
      ? html`<span title="matmul FLOPs per second (3 × forward); the peak is a square matmul measured on this backend"
          ><b data-stat="achieved-gflops">${g.toPrecision(3)}</b> GFLOP/s${
            peak
              ? html` of <b data-stat="matmul-peak">${peak.toPrecision(3)}</b> peak (<b data-stat="peak-fraction"
                    >${Math.round((100 * g) / peak)}%</b
                  >)`
              : nothing
          }</span
        >`
      : nothing;
  return html`${split}${rate}`;
}
const RESUMABLE = new Set(['interrupted', 'stopped', 'failed', 'diverged']);

/** What the cell shows while a run is live (from the worker's events). */
interface LiveRun {
  runId: string;
  name: string;
  handle: RunHandle;
  state: 'starting' | 'running' | 'paused' | 'stopping' | 'done';
  step: number;
  totalSteps: number;
  history: HistoryEntry[];
  /** A resumed run's stored history (cut at the checkpoint it resumes from once known). */
  earlier: HistoryEntry[];
  memory?: MemoryInfo;
  backend?: string;
  /** The worker backend's measured matmul GFLOP/s (src/backend/matmulPeak.ts). */
  matmulPeak?: number;
  evaluation?: EvaluationResult;
  warnings: string[];
  error?: string;
  outcome?: RunOutcome;
  /** Parameters of the model and those the fine-tuning strategy trains (from the run's resolved shape). */
  parameters?: { total: number; trained?: number };
}

/**
 * The train cell (lazy: waits for Run): pre-trains (an objective over the notebook's `corpus`)
 * or fine-tunes (its `task`, or the tasks of `mixingRates`) a model of the notebook's
 * `modelConfig` with its `tokenizer`, in a training worker. Live loss and learning-rate curves,
 * tokens/s, tokens seen, memory and progress while it runs; Pause/Resume/Stop; validation loss,
 * metrics and decoded predictions. Publishes `run` (the stored record) and `trainedModel` (a
 * T5Model from the run's last checkpoint, disposed when replaced). The last run's id is kept in
 * the cell's params, so a run interrupted by a reload shows with a Resume button.
 */
export class TrainCell extends T5Cell {
  readonly kind = 'train' as const;
  /** IndexedDB name (tests use throwaway databases). */
  @property({ attribute: false }) dbName?: string;

  private readonly memo = new ProgramMemo();
  private live?: LiveRun;
  /** The stored record of `params.runId` when no run is live (to offer Resume). */
  private stored?: RunRecord;
  private storedFor?: string;
  private resumeRequest?: { runId: string; backend: TrainParams['backend'] };
  private resumeBackend: TrainParams['backend'] = 'wasm';
  private figuresFor = -1;
  private figures: unknown = nothing;

  static override styles = [
    T5Cell.baseStyles,
    css`
      select {
        font: inherit;
        font-size: 13px;
      }
      input[type='number'] {
        width: 5.5em;
      }
      .group {
        display: contents;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        margin: 4px 0 10px;
        flex-wrap: wrap;
      }
      button {
        font: inherit;
        font-size: 13px;
        padding: 4px 12px;
        border-radius: 6px;
        border: 1px solid #c4c9d0;
        background: #fff;
        cursor: pointer;
      }
      button.primary {
        background: #0072b2;
        border-color: #0072b2;
        color: #fff;
      }
      button:disabled {
        opacity: 0.5;
        cursor: default;
      }
      .stats {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 20px;
        font-size: 13px;
        margin: 6px 0;
        align-items: baseline;
      }
      .stats b {
        font-variant-numeric: tabular-nums;
        font-size: 14px;
      }
      progress {
        width: 220px;
        height: 10px;
        vertical-align: middle;
      }
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
        align-items: flex-start;
      }
      figure {
        position: relative;
      }
      .note {
        font-size: 12.5px;
        color: #555;
        margin: 4px 0;
      }
      .warning {
        font-size: 12.5px;
        color: #8a5a00;
        background: #fff8e6;
        border-radius: 6px;
        padding: 4px 8px;
        margin: 4px 0;
      }
      .error {
        background: #fff5f5;
        border-radius: 6px;
        padding: 4px 8px;
      }
      table {
        border-collapse: collapse;
        font-size: 12.5px;
        margin-top: 6px;
      }
      th,
      td {
        text-align: left;
        padding: 3px 8px;
        border-bottom: 1px solid #eee;
        vertical-align: top;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      h4 {
        font-size: 12px;
        font-weight: 600;
        color: #555;
        margin: 12px 0 2px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
    `,
  ];

  /** The params, type-checked at the boundary (wrong types take the default and are named); ranges: validateRunConfig. */
  get params(): TrainParams {
    return trainParams(trainCellParams(this.spec?.params ?? {}).value as unknown as Record<string, unknown>);
  }

  /** Id of the last run this cell started (saved with the notebook; exported with it). */
  get runId(): string | undefined {
    const id = this.spec?.params.runId;
    return typeof id === 'string' && id ? id : undefined;
  }

  /** The live run's handle (tests and scripts). */
  get handle(): RunHandle | undefined {
    return this.live && this.live.state !== 'done' ? this.live.handle : undefined;
  }

  override program(): CellProgram {
    const p = this.params;
    return this.memo.get(p, () => ({
      inputs: trainInputNames(p),
      outputs: [VALUE.run, VALUE.trainedModel],
      lazy: true,
      run: (inputs: Outputs, ctx) => this.train(p, inputs as TrainInputs, ctx.signal),
      dispose: (outputs: Outputs) => (outputs[VALUE.trainedModel] as T5Model | undefined)?.dispose(),
    }))!;
  }

  override willUpdate(): void {
    const id = this.runId;
    if (id !== this.storedFor) {
      this.storedFor = id;
      this.stored = undefined;
      if (id) void this.refreshStored(id);
    }
  }

  private async refreshStored(id: string): Promise<void> {
    // listRuns, not getRun: it is what turns a dead "running" record into "interrupted".
    const all = await new RunStore(this.dbName).listRuns().catch(() => [] as RunRecord[]);
    if (this.runId !== id) return;
    this.stored = all.find((r) => r.id === id);
    this.requestUpdate();
  }

  private async train(p: TrainParams, inputs: TrainInputs, signal: AbortSignal): Promise<Outputs> {
    const resume = this.resumeRequest;
    this.resumeRequest = undefined;
    let handle: RunHandle;
    let name: string;
    let totalSteps: number;
    /** The curve before the resume point, so a resumed run's curves start at step 0 like the runs cell's. */
    let earlier: HistoryEntry[] = [];
    if (resume) {
      const record = await new RunStore(this.dbName).getRun(resume.runId);
      if (!record) throw new RangeError(`run ${resume.runId} is no longer stored`);
      handle = await resumeRun(resume.runId, { backend: resume.backend, dbName: this.dbName });
      name = record.name;
      totalSteps = record.config.steps;
      earlier = record.history;
    } else {
      const config = buildTrainRunConfig(p, inputs);
      handle = await startRun(config, { backend: p.backend, dbName: this.dbName });
      name = config.name;
      totalSteps = config.steps;
      this.setParam('runId', handle.runId);
    }
    const live: LiveRun = { runId: handle.runId, name, handle, state: 'starting', step: 0, totalSteps, history: [], earlier, warnings: [] };
    this.live = live;
    this.stored = undefined;
    handle.subscribe((e) => this.onEvent(live, e));
    dispatchEvent(new CustomEvent(RUNS_CHANGED_EVENT, { detail: { runId: handle.runId } }));
    // A superseded run (an input changed, the cell was deleted) is stopped, keeping a checkpoint.
    const onAbort = () => void handle.stop({ checkpoint: true });
    signal.addEventListener('abort', onAbort, { once: true });
    const outcome = await handle.done;
    signal.removeEventListener('abort', onAbort);
    const store = new RunStore(this.dbName);
    const record = await store.getRun(handle.runId);
    dispatchEvent(new CustomEvent(RUNS_CHANGED_EVENT, { detail: { runId: handle.runId } }));
    // A stopped or failed run can be continued (e.g. on wasm after a lost WebGPU device).
    this.storedFor = handle.runId;
    void this.refreshStored(handle.runId);
    if (!record) throw new Error(outcome.message ?? `run ${handle.runId} was not stored`);
    const checkpoint = await store.loadCheckpoint(handle.runId);
    if (!checkpoint)
      throw new Error(`${outcome.message ?? `the run ${outcome.status}`}; it left no checkpoint, so there is no trained model`);
    const trainedModel = modelFromTrainerState(checkpoint.bytes);
    return { [VALUE.run]: record, [VALUE.trainedModel]: trainedModel, outcome };
  }

  private onEvent(live: LiveRun, e: RunEvent): void {
    switch (e.type) {
      case 'backend':
        live.backend = e.environment.backend;
        live.matmulPeak = e.environment.matmulPeakGflops;
        break;
      case 'started':
        live.state = 'running';
        live.step = e.step;
        live.parameters = { total: e.resolved.parameters, trained: e.resolved.trainedParameters };
        // Entries logged after the checkpoint are trained again, so they are replaced, not kept.
        if (live.history.length === 0) live.history = live.earlier.filter((h) => h.step <= e.step);
        break;
      case 'step':
        live.step = e.step;
        if (live.state === 'starting') live.state = 'running';
        break;
      case 'metrics':
        live.history = [...live.history, e.entry];
        live.memory = e.memory;
        break;
      case 'eval': {
        live.evaluation = e.evaluation;
        const h = live.history.find((x) => x.step === e.evaluation.step);
        if (h) h.valLoss = e.evaluation.valLoss;
        else
          live.history = [
            ...live.history,
            {
              step: e.evaluation.step,
              loss: NaN,
              learningRate: NaN,
              gradNorm: NaN,
              tokensSeen: NaN,
              examplesSeen: NaN,
              valLoss: e.evaluation.valLoss,
            },
          ];
        this.figuresFor = -1;
        break;
      }
      case 'paused':
        live.state = 'paused';
        break;
      case 'resumed':
        live.state = 'running';
        break;
      case 'warning':
        live.warnings = [...live.warnings, e.message];
        break;
      case 'device-lost':
        live.error = e.message;
        break;
      case 'error':
        live.error = e.message;
        break;
      case 'done':
        live.state = 'done';
        live.outcome = e.outcome;
        if (e.outcome.message && e.outcome.status !== 'completed') live.error ??= e.outcome.message;
        break;
    }
    this.requestUpdate();
  }

  /** First press: stop after this step with a checkpoint. Second press: terminate the worker at once. */
  private stop(live: LiveRun): void {
    if (live.state === 'stopping') {
      void live.handle.stop();
      return;
    }
    live.state = 'stopping';
    this.requestUpdate();
    void live.handle.stop({ checkpoint: true });
  }

  /** Asks the notebook to run this cell (the frame's Run button does the same). */
  private requestRun(): void {
    this.dispatchEvent(new CustomEvent('cell-action', { detail: { id: this.spec.id, action: 'run' }, bubbles: true, composed: true }));
  }

  private resume(runId: string): void {
    this.resumeRequest = { runId, backend: this.resumeBackend };
    this.requestRun();
  }

  private field(name: keyof TrainParams, label: string, value: number, opts: { step?: string; min?: string; placeholder?: string } = {}) {
    return html`<label
      >${label}<input
        type="number"
        name=${name}
        min=${opts.min ?? '1'}
        step=${opts.step ?? '1'}
        placeholder=${opts.placeholder ?? ''}
        .value=${Number.isFinite(value) ? String(value) : ''}
        @change=${(e: Event) => {
          const v = (e.target as HTMLInputElement).value;
          this.setParam(name, v === '' ? (name === 'seed' ? null : DEFAULT_TRAIN_PARAMS[name]) : Number(v));
        }}
    /></label>`;
  }

  private select(name: keyof TrainParams, label: string, value: string, options: readonly (string | [string, string])[]) {
    return html`<label
      >${label}<select name=${name} @change=${(e: Event) => this.setParam(name, (e.target as HTMLSelectElement).value)}>
        ${options.map((o) => {
          const [v, l] = typeof o === 'string' ? [o, o] : o;
          return html`<option value=${v} ?selected=${v === value}>${l}</option>`;
        })}
      </select></label
    >`;
  }

  private renderControls(p: TrainParams) {
    return html`<div class="controls">
      ${this.select('mode', 'train', p.mode, [
        ['pretrain', 'pre-train (objective on corpus)'],
        ['finetune', 'fine-tune (task)'],
      ])}
      ${
        p.mode === 'pretrain'
          ? html`${this.select('objective', 'objective', p.objective, OBJECTIVE_NAMES)}${this.field('density', 'corruption rate', p.density, { step: '0.05', min: '0.01' })}${p.objective === 'span_corruption' || p.objective === 'iid_replace_spans' ? this.field('meanSpan', 'mean span', p.meanSpan, { step: '0.5' }) : nothing}`
          : html`<label
                ><input
                  type="checkbox"
                  name="mixture"
                  .checked=${p.mixture}
                  @change=${(e: Event) => this.setParam('mixture', (e.target as HTMLInputElement).checked)}
                />
                mixture from <code>mixingRates</code></label
              >${this.select('finetune', 'fine-tuning', p.finetune, [
                ['full', 'all parameters'],
                ['adapters', 'adapter layers'],
                ['gradual-unfreezing', 'gradual unfreezing'],
              ])}${p.finetune === 'adapters' ? this.field('adapterDim', 'adapter d', p.adapterDim) : nothing}${p.finetune === 'gradual-unfreezing' ? this.field('unfreezeEvery', 'unfreeze every', p.unfreezeEvery) : nothing}`
      }
      ${this.select('optimizer', 'optimizer', p.optimizer, [
        ['adafactor', 'Adafactor'],
        ['adamw', 'AdamW'],
      ])}
      ${this.select('schedule', 'schedule', p.schedule, [
        ['constant', 'constant'],
        ['inverse-sqrt', '1/√max(step, warm-up)'],
        ['warmup-cosine', 'warm-up + cosine'],
      ])}
      ${this.field('learningRate', p.schedule === 'constant' ? 'learning rate' : 'peak rate', p.learningRate, { step: 'any', min: '0' })}
      ${p.schedule !== 'constant' ? this.field('warmupSteps', 'warm-up steps', p.warmupSteps) : nothing}
      ${this.field('batchSize', 'batch', p.batchSize)} ${this.field('inputLength', 'input tokens', p.inputLength)}
      ${this.field('targetLength', 'target tokens', p.targetLength, { min: '0', placeholder: 'auto' })}
      ${this.field('steps', 'steps', p.steps)} ${this.field('seed', 'seed', p.seed ?? NaN, { min: '0', placeholder: 'notebook' })}
      ${this.select('backend', 'backend', p.backend, BACKENDS)}
    </div>`;
  }

  private renderActions(live: LiveRun | undefined) {
    const active = live && live.state !== 'done';
    const stored = !active ? this.stored : undefined;
    const unfinished = stored && RESUMABLE.has(stored.status) ? stored : undefined;
    const resumable = unfinished && unfinished.checkpoints.length > 0;
    return html`<div class="actions">
      ${
        active
          ? html` ${
              live.state === 'paused'
                ? html`<button data-action="resume" @click=${() => live.handle.resume()}>Resume</button>`
                : html`<button data-action="pause" ?disabled=${live.state !== 'running'} @click=${() => live.handle.pause()}>
                      Pause
                    </button>`
            }
              <button
                data-action="stop"
                title=${live.state === 'stopping' ? 'terminate the worker now (the last checkpoint stays)' : 'finish this step, save a checkpoint and stop'}
                @click=${() => this.stop(live)}
              >
                ${live.state === 'stopping' ? 'Stop now' : 'Stop'}
              </button>`
          : html`<button class="primary" data-action="train" @click=${() => this.requestRun()}>
              ${this.runId ? 'Train again' : 'Train'}
            </button>`
      }
      ${unfinished ? html`<span class="note" data-stored-status=${unfinished.status}>Run ${unfinished.name} is <b>${unfinished.status}</b> at step ${unfinished.step}${unfinished.message ? ` (${unfinished.message})` : ''}.</span>` : nothing}
      ${
        resumable
          ? html`<label
                >on
                <select
                  name="resumeBackend"
                  @change=${(e: Event) => (this.resumeBackend = (e.target as HTMLSelectElement).value as TrainParams['backend'])}
                >
                  ${BACKENDS.map((b) => html`<option ?selected=${b === this.resumeBackend}>${b}</option>`)}
                </select></label
              >
              <button data-action="resume-stored" @click=${() => this.resume(unfinished.id)}>
                Resume from step ${unfinished.checkpoints.at(-1)!.step}
              </button>`
          : nothing
      }
    </div>`;
  }

  private renderStats(live: LiveRun) {
    const last = [...live.history].reverse().find((h) => Number.isFinite(h.loss));
    const mem = live.memory;
    return html`<div class="stats" data-stats>
      <span
        >step <b data-stat="step">${live.step}</b> / ${live.totalSteps} <progress max=${live.totalSteps} .value=${live.step}></progress
      ></span>
      <span>${live.state === 'done' ? (live.outcome?.status ?? 'done') : live.state}${live.backend ? ` on ${live.backend}` : ''}</span>
      ${
        last
          ? html`<span>loss <b data-stat="loss">${last.loss.toFixed(3)}</b></span>
              <span>learning rate <b>${last.learningRate.toExponential(2)}</b></span>
              ${last.tokensPerSecond ? html`<span>tokens/s <b data-stat="tokens-per-second">${formatCount(Math.round(last.tokensPerSecond))}</b></span>` : nothing}
              <span>tokens seen <b>${formatCount(last.tokensSeen)}</b></span>
              ${speedStats(last, live.matmulPeak)}`
          : nothing
      }
      ${live.parameters ? html`<span>parameters <b data-stat="parameters">${formatCount(live.parameters.total)}</b>${live.parameters.trained !== undefined ? html`, trained <b data-stat="trained-parameters">${formatCount(live.parameters.trained)}</b>` : nothing}</span>` : nothing}
      ${mem ? html`<span>memory <b>${formatBytes(mem.numBytesInGPU ?? mem.numBytes)}</b> (${mem.numTensors} tensors)</span>` : nothing}
    </div>`;
  }

  private renderFigures(history: readonly HistoryEntry[], name: string) {
    if (history.length === 0) return html`<p class="note">The curves appear after the first ${this.params.logEvery} steps.</p>`;
    const key = history.length * 1000 + history.filter((h) => h.valLoss !== undefined).length;
    if (key !== this.figuresFor) {
      this.figuresFor = key;
      this.figures = html`<div class="figures">
        <figure data-figure="train-loss">${trainLossFigure(history, { name })}<t5-figure-toolbar></t5-figure-toolbar></figure>
        <figure data-figure="learning-rate">${learningRateFigure(history, { name })}<t5-figure-toolbar></t5-figure-toolbar></figure>
      </div>`;
    }
    return this.figures;
  }

  private renderEvaluation(evaluation: Partial<EvaluationResult> | undefined, samples: RunRecord['samples']) {
    const metrics = evaluation?.metrics ? Object.entries(evaluation.metrics) : [];
    const shown = (evaluation?.samples ?? samples ?? []).slice(0, 4);
    if (!evaluation && !shown.length) return nothing;
    return html`<h4>Validation${evaluation?.step !== undefined ? ` at step ${evaluation.step}` : ''}</h4>
      <div class="stats" data-validation>
        ${evaluation && Number.isFinite(evaluation.valLoss) ? html`<span>validation loss <b data-stat="val-loss">${evaluation.valLoss!.toFixed(3)}</b></span>` : nothing}
        ${metrics.map(([k, v]) => html`<span>${k} <b data-metric=${k}>${v.toFixed(1)}</b></span>`)}
      </div>
      ${
        shown.length
          ? html`<table data-samples>
              <thead>
                <tr>
                  <th>input</th>
                  <th>target</th>
                  <th>prediction</th>
                </tr>
              </thead>
              <tbody>
                ${shown.map(
                  (s) =>
                    html`<tr>
                      <td>${s.input}</td>
                      <td>${s.target}</td>
                      <td>${s.prediction}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : nothing
      }`;
  }

  override render() {
    const p = this.params;
    const live = this.live;
    const st = this.runState;
    const published = st?.outputs?.[VALUE.run] as RunRecord | undefined;
    const history = live?.history ?? published?.history ?? this.stored?.history ?? [];
    const name = live?.name ?? published?.name ?? this.stored?.name ?? 'run';
    return html`
      ${paramErrorsView(trainCellParams(this.spec?.params ?? {}).messages)} ${this.renderControls(p)} ${this.renderActions(live)}
      ${st?.status === 'error' || st?.status === 'blocked' ? html`<p class="error" role="alert" data-run-error>${st.error}</p>` : nothing}
      ${live?.error ? html`<p class="error" role="alert" data-live-error>${live.error}${/WebGPU device was lost/.test(live.error) ? ' Pick wasm below and press Resume.' : ''}</p>` : nothing}
      ${live?.warnings.map((w) => html`<p class="warning">${w}</p>`) ?? nothing}
      ${live ? this.renderStats(live) : !st?.outputs && !this.stored ? html`<p class="note">Press <b>Train</b> (or Run, Shift+Enter) to start: training runs in a worker, and the run is stored in this browser.</p>` : nothing}
      ${history.length || live ? this.renderFigures(history, name) : nothing}
      ${this.renderEvaluation(live?.evaluation, live ? undefined : published?.samples)}
    `;
  }
}

defineCellKind(
  {
    kind: 'train',
    order: 140,
    tag: 't5-train-cell',
    label: 'Train',
    description: 'Pre-train or fine-tune the model in a worker: live loss, learning rate, tokens/s; publishes run and trainedModel',
    defaultParams: () => ({ ...DEFAULT_TRAIN_PARAMS }),
    lazy: true,
  },
  TrainCell,
);
