/**
 * Run-to-run statistics for experiments: every arm is trained over N seeds, and a number is only
 * called a difference when its 95% interval excludes zero (the paper's own rule: Table 1 reports
 * the spread over 10 runs and trusts only differences larger than it).
 *
 * - `summarize(values)`: mean, sample standard deviation (n − 1), and the Student-t 95% interval
 *   mean ± t(0.975, n − 1) · sd / √n; with one value there is no interval (`ci95: null`).
 * - `compareArms(a, b)`: the difference of means a − b with its 95% interval. Arms run with the
 *   same seeds are PAIRED (the same seed gives both arms the same data order and corruption
 *   noise), so the interval is the one-sample t interval of the per-seed differences; arms with
 *   different seed sets fall back to Welch's interval (Welch–Satterthwaite degrees of freedom).
 * - t quantiles are computed (regularised incomplete beta + bisection), not tabulated: exact to
 *   ~1e-10 for every finite degrees of freedom (Welch's are not integers); df = ∞ uses the normal
 *   quantile (~1e-7).
 */

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (divides by n − 1); NaN for n < 2. */
  sd: number;
  /** Student-t 95% confidence interval of the mean; null for n < 2. */
  ci95: [number, number] | null;
}

export type Verdict = 'better' | 'worse' | 'within noise';

export interface Comparison {
  /** Mean of a − mean of b. */
  diff: number;
  ci95: [number, number] | null;
  verdict: Verdict;
  /** How the interval was computed. */
  method: 'paired' | 'welch' | 'none';
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-15). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Standard normal quantile (Acklam's rational approximation refined by one Halley step). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1) (got ${p})`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the CDF.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function (Numerical Recipes' erfcc Chebyshev fit; relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive (got ${df})`);
  if (!Number.isFinite(df)) return 0.5 * erfc(-t / Math.SQRT2);
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (df ≥ 1 real, or Infinity). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1) (got ${p})`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive (got ${df})`);
  if (!Number.isFinite(df) || df > 1e7) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  // The upper tail of t is monotone; bisect in [0, hi] (df = 1, p = 0.9995 is ~637).
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1 in the denominator); NaN for fewer than 2 values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Mean, sample sd and the Student-t 95% interval of the mean (null for n < 2). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  const m = mean(values);
  const sd = sampleSd(values);
  if (n < 2 || !Number.isFinite(sd)) return { n, mean: m, sd, ci95: null };
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, ci95: [m - half, m + half] };
}

/** 'better' / 'worse' when the interval of a − b excludes 0, from a's side; else 'within noise'. */
export function verdictOf(ci: [number, number] | null, lowerIsBetter = false): Verdict {
  if (!ci) return 'within noise';
  const [lo, hi] = ci;
  if (lo > 0) return lowerIsBetter ? 'worse' : 'better';
  if (hi < 0) return lowerIsBetter ? 'better' : 'worse';
  return 'within noise';
}

/**
 * a − b with its 95% interval. `seedsA`/`seedsB` say which seed produced each value: when both
 * arms ran the same seeds the comparison is paired by seed, else Welch's two-sample interval.
 */
export function compareArms(
  a: readonly number[],
  b: readonly number[],
  options: { seedsA?: readonly number[]; seedsB?: readonly number[]; lowerIsBetter?: boolean } = {},
): Comparison {
  const diff = mean(a) - mean(b);
  const { seedsA, seedsB, lowerIsBetter = false } = options;
  const paired =
    a.length === b.length &&
    (seedsA === undefined || seedsB === undefined || (seedsA.length === seedsB.length && seedsA.every((s, i) => s === seedsB[i])));
  if (paired) {
    const d = a.map((v, i) => v - b[i]);
    const s = summarize(d);
    return { diff, ci95: s.ci95, verdict: verdictOf(s.ci95, lowerIsBetter), method: s.ci95 ? 'paired' : 'none' };
  }
  if (a.length < 2 || b.length < 2) return { diff, ci95: null, verdict: 'within noise', method: 'none' };
  const va = sampleSd(a) ** 2 / a.length;
  const vb = sampleSd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { diff, ci95: [diff, diff], verdict: verdictOf([diff, diff], lowerIsBetter), method: 'welch' };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const half = studentTQuantile(0.975, df) * se;
  const ci: [number, number] = [diff - half, diff + half];
  return { diff, ci95: ci, verdict: verdictOf(ci, lowerIsBetter), method: 'welch' };
}

/** "0.412 ± 0.031 (95% CI, 3 seeds)" or "0.412 (one seed: no interval)". */
export function formatSummary(s: Summary, digits = 3): string {
  if (!s.ci95) return `${s.mean.toFixed(digits)} (one seed: no interval)`;
  return `${s.mean.toFixed(digits)} ± ${((s.ci95[1] - s.ci95[0]) / 2).toFixed(digits)} (95% CI, ${s.n} seeds)`;
}
