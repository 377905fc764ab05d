/**
 * Least-squares fit of a saturating power law L(N) = a·N^−α + c to (N, loss) points, the curve
 * scaling-law plots draw through final loss vs parameters, compute or tokens.
 *
 * Method (variable projection): for a fixed exponent α the model is linear in (a, c) —
 * L = a·x + c with x = N^−α — so a and c have a closed-form least-squares solution and the fit
 * reduces to a 1-D search over α. The sum of squared errors (in loss units, not log units, so
 * every point counts the same) is scanned on a log-spaced grid of α, and the best grid cell is
 * refined by golden-section search. This needs no starting point, never takes the log of L − c
 * (which breaks when a noisy point falls below the asymptote), and finds the global minimum
 * over the scanned α range. N is divided by its geometric mean first so N^−α stays well scaled
 * across many decades.
 */

export interface PowerLawPoint {
  /** The size variable: parameters, FLOPs or tokens (> 0). */
  n: number;
  loss: number;
}

export interface PowerLawFit {
  a: number;
  alpha: number;
  c: number;
  /** Root-mean-square error of the fit, in loss units. */
  rmse: number;
}

export interface PowerLawOptions {
  /** Fix the asymptote c (e.g. 0 for a pure power law) instead of fitting it. */
  c?: number;
  /** Range of exponents searched; default [1e-3, 4]. */
  alphaRange?: readonly [number, number];
}

/** Evaluates a fitted power law at n. */
export function powerLaw(fit: Pick<PowerLawFit, 'a' | 'alpha' | 'c'>, n: number): number {
  return fit.a * n ** -fit.alpha + fit.c;
}

interface Solved {
  a: number; // coefficient of (n / n0)^−α
  c: number;
  sse: number;
}

/** Closed-form (a, c) for a fixed α, on the scaled variable z = n / n0. */
function solveLinear(z: number[], y: number[], alpha: number, fixedC: number | undefined): Solved {
  const x = z.map((v) => v ** -alpha);
  const m = x.length;
  let a: number;
  let c: number;
  if (fixedC !== undefined) {
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < m; i++) {
      sxy += x[i] * (y[i] - fixedC);
      sxx += x[i] * x[i];
    }
    a = sxx > 0 ? sxy / sxx : 0;
    c = fixedC;
  } else {
    // Centered sums avoid cancellation when x is nearly constant (small α).
    const mx = x.reduce((s, v) => s + v, 0) / m;
    const my = y.reduce((s, v) => s + v, 0) / m;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < m; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
    }
    if (!(sxx > 1e-300)) return { a: 0, c: my, sse: Infinity };
    a = sxy / sxx;
    c = my - a * mx;
  }
  let sse = 0;
  for (let i = 0; i < m; i++) sse += (a * x[i] + c - y[i]) ** 2;
  return { a, c, sse };
}

/**
 * Fits L(N) = a·N^−α + c by least squares (see the module comment for the method). Needs at
 * least 3 points with 3 distinct N (2 when c is fixed); names the offending point otherwise.
 */
export function fitPowerLaw(points: readonly PowerLawPoint[], options: PowerLawOptions = {}): PowerLawFit {
  if (!Array.isArray(points)) throw new TypeError('fitPowerLaw: points must be an array of {n, loss}');
  points.forEach((p, i) => {
    if (!p || typeof p.n !== 'number' || !Number.isFinite(p.n) || !(p.n > 0))
      throw new RangeError(`fitPowerLaw: points[${i}].n must be a finite number > 0 (got ${String(p?.n)})`);
    if (typeof p.loss !== 'number' || !Number.isFinite(p.loss))
      throw new RangeError(`fitPowerLaw: points[${i}].loss must be a finite number (got ${String(p.loss)})`);
  });
  const fixedC = options.c;
  if (fixedC !== undefined && !Number.isFinite(fixedC))
    throw new RangeError(`fitPowerLaw: options.c must be a finite number (got ${String(fixedC)})`);
  const needed = fixedC === undefined ? 3 : 2;
  const distinct = new Set(points.map((p) => p.n)).size;
  if (distinct < needed) throw new RangeError(`fitPowerLaw: points must have at least ${needed} distinct n values (got ${distinct})`);
  const [lo, hi] = options.alphaRange ?? [1e-3, 4];
  if (!(lo > 0 && hi > lo && Number.isFinite(hi)))
    throw new RangeError(`fitPowerLaw: options.alphaRange must be [lo, hi] with 0 < lo < hi (got [${lo}, ${hi}])`);

  const n0 = Math.exp(points.reduce((s, p) => s + Math.log(p.n), 0) / points.length);
  const z = points.map((p) => p.n / n0);
  const y = points.map((p) => p.loss);
  const sse = (alpha: number) => solveLinear(z, y, alpha, fixedC).sse;

  // Scan log-spaced α; keep the best grid index.
  const steps = 400;
  const grid = Array.from({ length: steps + 1 }, (_, i) => lo * (hi / lo) ** (i / steps));
  let best = 0;
  let bestSse = Infinity;
  grid.forEach((alpha, i) => {
    const s = sse(alpha);
    if (s < bestSse) {
      bestSse = s;
      best = i;
    }
  });

  // Golden-section search in log α between the neighbours of the best grid point.
  let left = Math.log(grid[Math.max(0, best - 1)]);
  let right = Math.log(grid[Math.min(steps, best + 1)]);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = right - g * (right - left);
  let x2 = left + g * (right - left);
  let f1 = sse(Math.exp(x1));
  let f2 = sse(Math.exp(x2));
  for (let iter = 0; iter < 200 && right - left > 1e-13; iter++) {
    if (f1 <= f2) {
      right = x2;
      x2 = x1;
      f2 = f1;
      x1 = right - g * (right - left);
      f1 = sse(Math.exp(x1));
    } else {
      left = x1;
      x1 = x2;
      f1 = f2;
      x2 = left + g * (right - left);
      f2 = sse(Math.exp(x2));
    }
  }
  let alpha = Math.exp((left + right) / 2);
  let solved = solveLinear(z, y, alpha, fixedC);
  if (!(solved.sse <= bestSse)) {
    alpha = grid[best];
    solved = solveLinear(z, y, alpha, fixedC);
  }
  // Undo the scaling: a'·(n/n0)^−α = (a'·n0^α)·n^−α.
  return { a: solved.a * n0 ** alpha, alpha, c: solved.c, rmse: Math.sqrt(solved.sse / points.length) };
}
