import { html, nothing } from 'lit';
import type { QueueProgress } from '../../src/experiments/queue.ts';

/**
 * Live progress of an experiment queue for the experiment cells (comparison, multi-task,
 * scaling): which run of how many, its step, and how long the experiment has taken.
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

  /** The progress line with a bar per run and overall, ETAs and Pause (`pause` interrupts; the queue keeps its checkpoints). */
  render(running: boolean, pause?: () => void) {
    if (this.total === 0 || (!running && this.finishedMs === undefined)) return nothing;
    if (!running) return nothing;
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(0);
    const runEta = this.runEta();
    const allEta = this.overallEta();
    const doneRuns = Math.max(0, this.index) + (this.steps ? this.step / this.steps : 0);
    return html`<p class="progress" role="status" data-progress>
      <progress data-run-progress max=${this.steps || 1} .value=${this.step}></progress>
      run ${this.index + 1} of
      ${this.total}${this.key ? html` (<code>${this.key}</code>)` : nothing}${this.steps ? ` · step ${this.step} of ${this.steps}` : ''}${runEta !== undefined ? ` · ETA ${formatSeconds(runEta)}` : ''}
      <br /><progress data-overall-progress max=${this.total} .value=${doneRuns}></progress>
      overall${this.skipped ? ` · ${this.skipped} already done (not re-run)` : ''} · ${seconds}
      s${allEta !== undefined ? ` · ETA ${formatSeconds(allEta)}` : ''}
      ${pause ? html`<button type="button" data-pause @click=${pause} title="Stop now; finished runs and the current run's last checkpoint are kept">Pause</button>` : nothing}
    </p>`;
  }
}

const formatSeconds = (s: number): string => (s < 90 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** The note under an interrupted experiment: what is kept and how to continue. */
export function pausedNote(error: string | undefined, resume: () => void) {
  if (!error || !/interrupted/.test(error)) return nothing;
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
