/**
 * Whether sharing matmuls with helper threads pays off, decided by measuring. On an idle 2-core
 * machine a helper took a bench-nano training step from ~290 to ~190 ms; on the same machine busy
 * with other jobs sharing made it ~2x slower, because waking and waiting for a descheduled worker
 * costs more than its share of the work (bench/RESULTS.md). So the kernel alternates: a window of
 * products on one thread, a window shared with the helpers, then a long stretch in whichever mode
 * moved more FLOP per ms, then it measures again. Windows are consecutive products, so a helper is
 * measured while it is awake (a helper woken once in a while pays a much larger wake-up cost).
 */

/** `adaptive` measures (the default); `always` and `never` fix the choice (benchmarks, tests). */
export type ThreadingMode = 'adaptive' | 'always' | 'never';

export interface ThreadPolicyOptions {
  mode?: ThreadingMode;
  /** Products measured in each mode per comparison. Default 128 (about 1.5 bench-nano steps). */
  window?: number;
  /** Products run in the winning mode before measuring again. Default 1024. */
  exploit?: number;
  /** Helpers must beat one thread by this factor to be chosen (stability). Default 1.1. */
  margin?: number;
}

type Phase = 'single' | 'threads' | 'exploit';

export class AdaptiveThreadPolicy {
  mode: ThreadingMode;
  private readonly window: number;
  private readonly exploit: number;
  private readonly margin: number;
  // One thread is measured first: it is the safe choice while nothing is known.
  private phase: Phase = 'single';
  private left: number;
  private chosen = false;
  private sums = { threads: { flop: 0, ms: 0 }, single: { flop: 0, ms: 0 } };
  /** Comparisons so far that chose the helpers, and one thread. */
  readonly decisions = { threads: 0, single: 0 };

  constructor(options: ThreadPolicyOptions = {}) {
    this.mode = options.mode ?? 'adaptive';
    this.window = options.window ?? 128;
    this.exploit = options.exploit ?? 1024;
    this.margin = options.margin ?? 1.1;
    this.left = this.window;
  }

  /** Whether the next product (large enough to share) should use the helpers. */
  useThreads(): boolean {
    if (this.mode !== 'adaptive') return this.mode === 'always';
    return this.phase === 'threads' || (this.phase === 'exploit' && this.chosen);
  }

  /** Records a product run with or without helpers and moves the policy on. */
  record(usedThreads: boolean, flop: number, ms: number): void {
    if (this.mode !== 'adaptive') return;
    if (this.phase !== 'exploit') {
      const s = this.sums[usedThreads ? 'threads' : 'single'];
      s.flop += flop;
      s.ms += ms;
    }
    if (--this.left > 0) return;
    if (this.phase === 'single') {
      this.phase = 'threads';
      this.left = this.window;
    } else if (this.phase === 'threads') {
      const rate = (k: 'threads' | 'single') => this.sums[k].flop / Math.max(1e-9, this.sums[k].ms);
      this.chosen = rate('threads') > this.margin * rate('single');
      this.decisions[this.chosen ? 'threads' : 'single']++;
      this.sums = { threads: { flop: 0, ms: 0 }, single: { flop: 0, ms: 0 } };
      this.phase = 'exploit';
      this.left = this.exploit;
    } else {
      this.phase = 'single';
      this.left = this.window;
    }
  }
}
