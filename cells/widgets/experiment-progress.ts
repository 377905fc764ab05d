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

  constructor(private readonly changed: () => void) {}

  begin(total: number): void {
    Object.assign(this, { total, index: -1, key: '', step: 0, steps: 0, skipped: 0, startedAt: performance.now(), finishedMs: undefined });
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
    if (p.type === 'start') this.step = 0;
    this.changed();
  }

  end(): number {
    this.finishedMs = performance.now() - this.startedAt;
    this.changed();
    return this.finishedMs;
  }

  render(running: boolean) {
    if (this.total === 0 || (!running && this.finishedMs === undefined)) return nothing;
    if (!running) return nothing;
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(0);
    return html`<p class="progress" role="status" data-progress>
      run ${this.index + 1} of
      ${this.total}${this.key ? html` (<code>${this.key}</code>)` : nothing}${this.steps ? ` · step ${this.step} of ${this.steps}` : ''}${this.skipped ? ` · ${this.skipped} already done` : ''}
      · ${seconds} s
    </p>`;
  }
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
