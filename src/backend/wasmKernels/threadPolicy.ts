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
 *
 * Like is compared with like. A training step is a cycle of products of different shapes, and a
 * window need not hold the same mix as the next one: a bench-tiny step has ~210 products, so the
 * window on one thread held the forward's large dense products and the window with helpers the
 * backward's small attention ones, and a machine on which helpers doubled every product's speed
 * chose one thread (bench/RESULTS.md). So each product is recorded under its shape, the modes are
 * compared on the shapes both windows ran (each shape's time at each mode's rate for that shape),
 * and a stretch's rate is checked against what that stretch's own shapes ran at when measured.
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

/** Work and time recorded for one shape of product. */
interface Tally {
  flop: number;
  ms: number;
}

/**
 * Below this share of the measured work on shapes both windows ran, the pair of windows is not
 * enough to compare: both are measured again, adding to what they have (say the windows straddle
 * the start of a new model's training, or a benchmark of other shapes), at most
 * `MAX_MEASURING_ROUNDS` times; then all shapes are pooled.
 */
const MIN_MATCHED_SHARE = 0.5;
const MAX_MEASURING_ROUNDS = 4;

/** FLOP per ms of a tally. */
function rateOf(t: Tally): number {
  return t.flop / Math.max(1e-9, t.ms);
}

export class AdaptiveThreadPolicy {
  mode: ThreadingMode;
  private readonly window: number;
  private readonly exploit: number;
  private readonly margin: number;
  private readonly maxStretch: number;
  private readonly slowdown: number;
  /** Consecutive comparisons with the same outcome. */
  private streak = 0;
  /** Pairs of windows measured so far without enough shapes in common to compare. */
  private rounds = 0;
  /** The chosen mode's measured rate (FLOP/ms) over all shapes, and per shape. */
  private chosenRate = 0;
  private chosenRates = new Map<string, number>();
  /** The current stretch's last products: the ms they took, and the ms they took when measured. */
  private recent = { expectedMs: 0, ms: 0, n: 0 };
  // One thread is measured first: it is the safe choice while nothing is known.
  private phase: Phase = 'single';
  private left: number;
  private chosen = false;
  private sums = new Map<string, { threads: Tally; single: Tally }>();
  /** Comparisons so far that chose the helpers, and one thread. */
  readonly decisions = { threads: 0, single: 0 };

  /**
   * What the last comparison chose (null before the first): what products run on between
   * measurements. A profile of a few products should fix this mode (`mode`), else it may catch a
   * measuring window and show one-thread rates where training runs with the helpers.
   */
  get lastChoice(): 'threads' | 'single' | null {
    return this.decisions.threads + this.decisions.single === 0 ? null : this.chosen ? 'threads' : 'single';
  }

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

  /**
   * Records a product run with or without helpers and moves the policy on. `shape` names the
   * product's shape (products of one shape are compared with each other); one name for all pools
   * them.
   */
  record(usedThreads: boolean, flop: number, ms: number, shape = ''): void {
    if (this.mode !== 'adaptive') return;
    if (this.phase !== 'exploit') {
      let entry = this.sums.get(shape);
      if (!entry) this.sums.set(shape, (entry = { threads: { flop: 0, ms: 0 }, single: { flop: 0, ms: 0 } }));
      const s = entry[usedThreads ? 'threads' : 'single'];
      s.flop += flop;
      s.ms += ms;
    } else if (this.rateChanged(shape, flop, ms)) {
      this.left = 1; // measure again now
    }
    if (--this.left > 0) return;
    if (this.phase === 'single') {
      this.phase = 'threads';
      this.left = this.window;
    } else if (this.phase === 'threads') {
      const verdict = this.compare();
      if (verdict === null && ++this.rounds < MAX_MEASURING_ROUNDS) {
        this.phase = 'single';
        this.left = this.window;
        return;
      }
      const chosen = verdict ?? this.comparePooled();
      this.rounds = 0;
      this.streak = this.streak > 0 && chosen === this.chosen ? Math.min(this.maxStretch, 2 * this.streak) : 1;
      this.chosen = chosen;
      const mode = chosen ? 'threads' : 'single';
      const pooled: Tally = { flop: 0, ms: 0 };
      this.chosenRates = new Map();
      for (const [shape, entry] of this.sums) {
        pooled.flop += entry[mode].flop;
        pooled.ms += entry[mode].ms;
        if (entry[mode].ms > 0) this.chosenRates.set(shape, rateOf(entry[mode]));
      }
      this.chosenRate = rateOf(pooled);
      this.decisions[mode]++;
      this.sums = new Map();
      this.recent = { expectedMs: 0, ms: 0, n: 0 };
      this.phase = 'exploit';
      this.left = this.exploit * this.streak;
    } else {
      this.phase = 'single';
      this.left = this.window;
    }
  }

  /**
   * Whether the helpers won the windows just measured: the work of the shapes both windows ran,
   * timed at each mode's rate for each shape; null when those shapes hold too little of the work
   * to tell (see MIN_MATCHED_SHARE).
   */
  private compare(): boolean | null {
    let singleMs = 0;
    let threadsMs = 0;
    let matched = 0;
    let total = 0;
    for (const { single, threads } of this.sums.values()) {
      const work = single.flop + threads.flop;
      total += work;
      if (single.ms > 0 && threads.ms > 0) {
        matched += work;
        singleMs += work / rateOf(single);
        threadsMs += work / rateOf(threads);
      }
    }
    return matched >= MIN_MATCHED_SHARE * total && threadsMs > 0 ? singleMs > this.margin * threadsMs : null;
  }

  /** Whether the helpers won, every product pooled (FLOP per ms of each mode). */
  private comparePooled(): boolean {
    const pooled = { single: { flop: 0, ms: 0 }, threads: { flop: 0, ms: 0 } };
    for (const entry of this.sums.values()) {
      for (const mode of ['single', 'threads'] as const) {
        pooled[mode].flop += entry[mode].flop;
        pooled[mode].ms += entry[mode].ms;
      }
    }
    return rateOf(pooled.threads) > this.margin * rateOf(pooled.single);
  }

  /** Whether the last `window` products of a stretch ran `slowdown` times slower or faster than measured. */
  private rateChanged(shape: string, flop: number, ms: number): boolean {
    const r = this.recent;
    r.expectedMs += flop / Math.max(1e-9, this.chosenRates.get(shape) ?? this.chosenRate);
    r.ms += ms;
    if (++r.n < this.window) return false;
    const ratio = r.expectedMs / Math.max(1e-9, r.ms);
    this.recent = { expectedMs: 0, ms: 0, n: 0 };
    return ratio * this.slowdown < 1 || ratio > this.slowdown;
  }
}
