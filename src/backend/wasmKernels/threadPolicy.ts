/**
 * Whether sharing a matmul with helper threads pays off, decided by measuring, per job shape. On a
 * machine with idle cores helpers nearly halve a large product; on a busy one (or two vCPUs that
 * are hyperthreads of one core) sharing measured ~15% slower, because waking and waiting for a
 * descheduled worker costs more than its share of the work. Training repeats the same shapes every
 * step, so each shape is timed both ways (one thread first, the safe choice), then runs the faster
 * way, and now and then the other way again so a change in machine load is noticed.
 */

/** `adaptive` measures (the default); `always` and `never` fix the choice (benchmarks, tests). */
export type ThreadingMode = 'adaptive' | 'always' | 'never';

export interface ThreadPolicyOptions {
  mode?: ThreadingMode;
  /** Every this many runs of a shape, the mode not chosen is timed again. Default 32. */
  refresh?: number;
  /** Helpers must beat one thread by this factor to be chosen (stability). Default 1.05. */
  margin?: number;
  /** Weight of a new timing in a shape's running average. Default 0.3. */
  alpha?: number;
}

interface ShapeTimes {
  runs: number;
  /** Running averages (ms); NaN until timed. */
  threads: number;
  single: number;
}

export class AdaptiveThreadPolicy {
  mode: ThreadingMode;
  private readonly refresh: number;
  private readonly margin: number;
  private readonly alpha: number;
  private readonly shapes = new Map<string, ShapeTimes>();

  constructor(options: ThreadPolicyOptions = {}) {
    this.mode = options.mode ?? 'adaptive';
    this.refresh = options.refresh ?? 32;
    this.margin = options.margin ?? 1.05;
    this.alpha = options.alpha ?? 0.3;
  }

  /** Whether the next job of shape `key` (large enough to share) should use the helpers. */
  useThreads(key: string): boolean {
    if (this.mode !== 'adaptive') return this.mode === 'always';
    const s = this.shapes.get(key);
    if (!s || Number.isNaN(s.single)) return false;
    if (Number.isNaN(s.threads)) return true;
    const best = this.prefersThreads(s);
    return s.runs % this.refresh === this.refresh - 1 ? !best : best;
  }

  /** Records how long a job of shape `key` took with or without helpers. */
  record(key: string, usedThreads: boolean, ms: number): void {
    if (this.mode !== 'adaptive') return;
    let s = this.shapes.get(key);
    if (!s) {
      s = { runs: 0, threads: NaN, single: NaN };
      this.shapes.set(key, s);
    }
    const field = usedThreads ? 'threads' : 'single';
    s[field] = Number.isNaN(s[field]) ? ms : s[field] + this.alpha * (ms - s[field]);
    s.runs++;
  }

  /** Shapes currently run with helpers and with one thread (diagnostics). */
  get decisions(): { threads: number; single: number } {
    const out = { threads: 0, single: 0 };
    for (const s of this.shapes.values()) {
      if (Number.isNaN(s.threads) || Number.isNaN(s.single)) continue;
      out[this.prefersThreads(s) ? 'threads' : 'single']++;
    }
    return out;
  }

  private prefersThreads(s: ShapeTimes): boolean {
    return s.threads * this.margin < s.single;
  }
}
