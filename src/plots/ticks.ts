/**
 * Axis ticks and tick labels shared by the figures. Plot's defaults fail in two places the
 * workbench hits all the time: a log scale spanning less than a decade gets no labelled tick
 * (a loss from 2.1 to 6.8 shows a bare axis), and `.1e` labels on a log axis are too wide for the
 * many ticks Plot draws inside a decade ("7.0e+88.0e+8"). `axisTicks` picks a few round values in
 * the domain and `siFormat` writes them short ("700M", "2.4T", "0.005"). Pure: no DOM.
 */

const SI_PREFIXES: [number, string][] = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** Trims a fixed-point string's trailing zeros ("2.50" → "2.5", "3.0" → "3"). */
function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A short label for `x` with at most `digits` significant digits: SI prefixes from a thousand up
 * ("200k", "2.4T"; 'G' for 10^9, as on instruments), plain decimals in between ("12", "0.5"), and
 * for values below 10^-3 a short exponent ("5e-4"), never the "+" of JavaScript's exponent form.
 */
export function siFormat(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  for (const [scale, prefix] of SI_PREFIXES) {
    // Round first so 999,950 becomes "1M", not "1000k".
    if (Number((a / scale).toPrecision(digits)) >= 1) return `${sign}${trim((a / scale).toPrecision(digits))}${prefix}`;
  }
  if (a >= 1e-3) return sign + trim(Number(a.toPrecision(digits)).toString());
  const [m, e] = a.toExponential(digits - 1).split('e');
  return `${sign}${trim(m)}e${Number(e)}`;
}

/** Round linear ticks (1, 2, 5 × 10^k steps) covering [lo, hi], about `count` of them. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12) + 1e-12 * Math.abs(hi); k++)
    out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * Ticks for an axis over [lo, hi]. Linear: `linearTicks`. Log: whole decades when the domain
 * spans at least `count` of them (thinned to every 2nd, 3rd… decade), else 1-3 or 1-2-5 values
 * when that gives 3 or more, else round linear ticks, so an axis always has 2 or more labelled ticks
 * and never more than about `count` + 1.
 */
export function axisTicks(lo: number, hi: number, opts: { type?: 'linear' | 'log'; count?: number } = {}): number[] {
  const count = opts.count ?? 5;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (opts.type !== 'log') return linearTicks(lo, hi, count);
  if (!(lo > 0)) throw new RangeError(`a log axis needs a positive domain (got ${lo} to ${hi})`);
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const decades = last - first + 1;
  if (decades >= count) {
    const every = Math.ceil(decades / count);
    const out: number[] = [];
    for (let e = first; e <= last; e += every) out.push(10 ** e);
    return out;
  }
  for (const mantissas of [
    [1, 3],
    [1, 2, 5],
  ]) {
    const out: number[] = [];
    for (let e = first - 1; e <= last; e++)
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    if (out.length >= 3 && out.length <= count + 1) return out;
  }
  return linearTicks(lo, hi, count).filter((v) => v > 0);
}

/** The [min, max] of the finite values, or undefined when there are none. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * `siFormat` with just enough significant digits (3 to 8) that the given ticks get distinct labels:
 * a nearly flat loss (6.935 to 6.95) needs "6.935", a sweep over 700M to 800M needs only "720M".
 */
export function siTickFormat(ticks: readonly number[]): (x: number) => string {
  let digits = 3;
  while (digits < 8 && new Set(ticks.map((t) => siFormat(t, digits))).size < ticks.length) digits++;
  return (x) => siFormat(x, digits);
}

/** Every multiple of `step` from `from` to `to` (explicit ticks for a band or a long linear axis). */
export function ticksEvery(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to; v += step) out.push(v);
  return out;
}
