import { html, nothing } from 'lit';
import type { QueueProgress } from '../../src/experiments/queue.ts';

/** What an experiment cell's progress element says it is doing (its `data-state`). */
export type ProgressState = 'running' | 'pausing' | 'paused' | 'done';

/**
 * Live progress of an experiment queue for the experiment cells (comparison, multi-task,
 * scaling, architectures): which run of how many, its step, and how long the experiment has taken.
 * The progress element (`[data-progress]`) carries stable hooks for tests and scripts
 * (docs/ARCHITECTURE.md, "Experiment progress hooks"): `data-state` (running | pausing | paused |
 * done; `pausing` between Pause and the queue having stopped its run, `paused` once nothing trains),
 * `data-completed-arms` (the experiment's arm runs finished so far — one arm's pre-training or
 * fine-tuning for one seed, those found already done included), `data-total-arms` and
 * `data-run` and `data-step` (the current run, 1-based, and its step). While paused they stay
 * put: nothing is training.
 */
export class ExperimentProgress {
  total = 0;
  index = -1;
  key = '';
  step = 0;
  steps = 0;
  skipped = 0;
  startedAt = 0;
  finishedMs?: number;
  /** When the current run started (for its ETA) and how many runs were trained (not skipped) before it. */
  private runStartedAt = 0;
  private trained = 0;
  private trainedMs = 0;
  /** Whether the queue followed by `settling` has not settled yet (it may still be stopping a run). */
  private active = false;

  constructor(private readonly changed: () => void) {}

  begin(total: number): void {
    Object.assign(this, {
      total,
      index: -1,
      key: '',
      step: 0,
      steps: 0,
      skipped: 0,
      startedAt: performance.now(),
      finishedMs: undefined,
      trained: 0,
      trainedMs: 0,
    });
    this.changed();
  }

  /** Whether a queue is still settling (after Pause: still stopping its run, so Resume must wait). */
  get stopping(): boolean {
    return this.active;
  }

  /** Follows the queue's promise: until it settles, an interrupted experiment shows `pausing`, not `paused`. */
  async settling<T>(work: Promise<T>): Promise<T> {
    this.active = true;
    try {
      return await work;
    } finally {
      this.active = false;
      this.changed();
    }
  }

  /** Runs of the experiment finished so far: trained in this attempt or found already done. */
  get completed(): number {
    return this.skipped + this.trained;
  }

  update(p: QueueProgress): void {
    this.index = p.index;
    this.key = p.key;
    if (p.type === 'skip') this.skipped++;
    if (p.type === 'step') {
      this.step = p.step;
      this.steps = p.steps;
    }
    if (p.type === 'start') {
      this.step = 0;
      this.runStartedAt = performance.now();
    }
    if (p.type === 'done') {
      this.trained++;
      this.trainedMs += performance.now() - this.runStartedAt;
    }
    this.changed();
  }

  end(): number {
    this.finishedMs = performance.now() - this.startedAt;
    this.changed();
    return this.finishedMs;
  }

  /** Seconds left in the current run, from its steps so far (undefined before its first step). */
  runEta(now = performance.now()): number | undefined {
    if (!this.steps || this.step < 1) return undefined;
    return (((now - this.runStartedAt) / this.step) * (this.steps - this.step)) / 1000;
  }

  /** Seconds left in the experiment: the current run's ETA plus the runs after it at the mean time of a trained run. */
  overallEta(now = performance.now()): number | undefined {
    const run = this.runEta(now);
    if (run === undefined) return undefined;
    const perRunMs = this.trained ? this.trainedMs / this.trained : (now - this.runStartedAt) * (this.steps / this.step);
    return run + ((this.total - this.index - 1) * perRunMs) / 1000;
  }

  /**
   * The progress line: while running, a bar per run and overall, ETAs and Pause (`pause`
   * interrupts; the queue keeps its checkpoints); once paused or done, one line saying how far it got.
   */
  render(running: boolean, pause?: () => void, paused = false) {
    if (this.total === 0) return nothing;
    const state: ProgressState | undefined = running
      ? 'running'
      : paused
        ? this.active
          ? 'pausing'
          : 'paused'
        : this.finishedMs !== undefined
          ? 'done'
          : undefined;
    if (!state) return nothing;
    const hooks = (body: unknown) =>
      html`<p
        class="progress"
        role="status"
        data-progress
        data-state=${state}
        data-completed-arms=${this.completed}
        data-total-arms=${this.total}
        data-run=${this.index + 1}
        data-step=${this.step}
      >
        ${body}
      </p>`;
    if (state === 'pausing') return hooks(html`Pausing: stopping run ${this.index + 1} of ${this.total}…`);
    if (state === 'paused')
      return hooks(
        html`Paused at run ${this.index + 1} of ${this.total}${this.key ? html` (<code>${this.key}</code>)` : nothing}${
          this.steps ? ` · step ${this.step} of ${this.steps}` : ''
        }
        · ${this.completed} of ${this.total} runs finished.`,
      );
    if (state === 'done')
      return hooks(
        html`Done: ${this.total} runs${this.skipped ? ` (${this.skipped} already done, not re-run)` : ''} in
        ${((this.finishedMs ?? 0) / 1000).toFixed(0)} s.`,
      );
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(0);
    const runEta = this.runEta();
    const allEta = this.overallEta();
    const doneRuns = Math.max(0, this.index) + (this.steps ? this.step / this.steps : 0);
    return hooks(html`<progress data-run-progress max=${this.steps || 1} .value=${this.step}></progress>
      run ${this.index + 1} of
      ${this.total}${this.key ? html` (<code>${this.key}</code>)` : nothing}${this.steps ? ` · step ${this.step} of ${this.steps}` : ''}${runEta !== undefined ? ` · ETA ${formatSeconds(runEta)}` : ''}
      <br /><progress data-overall-progress max=${this.total} .value=${doneRuns}></progress>
      overall${this.skipped ? ` · ${this.skipped} already done (not re-run)` : ''} · ${seconds}
      s${allEta !== undefined ? ` · ETA ${formatSeconds(allEta)}` : ''}
      ${pause ? html`<button type="button" data-pause @click=${pause} title="Stop now; finished runs and the current run's last checkpoint are kept">Pause</button>` : nothing}`);
  }
}

const formatSeconds = (s: number): string => (s < 90 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** Whether a cell's error is an interrupt (Pause), not a failure. */
export const isPaused = (error: string | undefined): boolean => Boolean(error && /interrupted/.test(error));

/**
 * The note under an interrupted experiment: what is kept and how to continue. While the queue is
 * still `stopping` its run there is no Resume yet (a resume then would find that run still live).
 */
export function pausedNote(error: string | undefined, resume: () => void, stopping = false) {
  if (!isPaused(error)) return nothing;
  if (stopping) return html`<p class="note" data-pausing>Pausing: stopping the current run and storing its status…</p>`;
  return html`<p class="note" data-paused>
    Paused. Finished runs and the current run's last checkpoint are stored; Resume continues where it stopped (finished runs are not
    re-run).
    <button type="button" data-resume @click=${resume}>Resume</button>
  </p>`;
}

/** A short stable hash of JSON, so an experiment's id (and so its stored runs) follows its params. */
export function paramsHash(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export const formatFlops = (f: number): string => {
  if (!Number.isFinite(f)) return '—';
  const e = Math.floor(Math.log10(f));
  return `${(f / 10 ** e).toFixed(2)}e${e}`;
};

export const formatNumber = (v: number | undefined, digits = 3): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
