/**
 * Whether sharing matmuls with helper threads pays off, decided by measuring. On an idle 2-core
 * machine a helper took a bench-nano training step from ~290 to ~190 ms; on the same machine busy
 * with other jobs sharing made it ~2x slower, because waking and waiting for a descheduled worker
 * costs more than its share of the work (bench/RESULTS.md). So the kernel alternates: a window of
 * products on one thread, a window shared with the helpers, then a long stretch in whichever mode
 * moved more FLOP per ms, then it measures again. Windows are consecutive products, so a helper is
 * measured while it is awake (a helper woken once in a while pays a much larger wake-up cost).
 *
 * Measuring costs: the window on one thread runs at half speed on an idle machine. So each time
 * the same mode wins again the stretch doubles (up to `maxStretch` times `exploit`), and a stretch
 * ends early when the chosen mode's rate moves well away from what it was measured at (the machine
 * got busy or freed up), so a change is noticed within a window.
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
  /** Longest stretch, in multiples of `exploit`, after repeated identical choices. Default 8. */
  maxStretch?: number;
  /** A stretch ends early when a window runs this many times slower or faster than measured. Default 1.5. */
  slowdown?: number;
}

type Phase = 'single' | 'threads' | 'exploit';

export class AdaptiveThreadPolicy {
  mode: ThreadingMode;
  private readonly window: number;
  private readonly exploit: number;
  private readonly margin: number;
  private readonly maxStretch: number;
  private readonly slowdown: number;
  /** Consecutive comparisons with the same outcome, and the chosen mode's measured rate (FLOP/ms). */
  private streak = 0;
  private chosenRate = 0;
  private recent = { flop: 0, ms: 0, n: 0 };
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
    this.maxStretch = options.maxStretch ?? 8;
    this.slowdown = options.slowdown ?? 1.5;
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
    } else if (this.rateChanged(flop, ms)) {
      this.left = 1; // measure again now
    }
    if (--this.left > 0) return;
    if (this.phase === 'single') {
      this.phase = 'threads';
      this.left = this.window;
    } else if (this.phase === 'threads') {
      const rate = (k: 'threads' | 'single') => this.sums[k].flop / Math.max(1e-9, this.sums[k].ms);
      const chosen = rate('threads') > this.margin * rate('single');
      this.streak = this.streak > 0 && chosen === this.chosen ? Math.min(this.maxStretch, 2 * this.streak) : 1;
      this.chosen = chosen;
      this.chosenRate = rate(chosen ? 'threads' : 'single');
      this.decisions[chosen ? 'threads' : 'single']++;
      this.sums = { threads: { flop: 0, ms: 0 }, single: { flop: 0, ms: 0 } };
      this.recent = { flop: 0, ms: 0, n: 0 };
      this.phase = 'exploit';
      this.left = this.exploit * this.streak;
    } else {
      this.phase = 'single';
      this.left = this.window;
    }
  }

  /** Whether the last `window` products of a stretch ran `slowdown` times slower or faster than measured. */
  private rateChanged(flop: number, ms: number): boolean {
    const r = this.recent;
    r.flop += flop;
    r.ms += ms;
    if (++r.n < this.window) return false;
    const ratio = r.flop / Math.max(1e-9, r.ms) / Math.max(1e-9, this.chosenRate);
    this.recent = { flop: 0, ms: 0, n: 0 };
    return ratio * this.slowdown < 1 || ratio > this.slowdown;
  }
}
