/**
 * Multi-task mixing rates of the T5 paper (§3.5.2; spec §C.1–C.2). Every function returns
 * normalised rates (they sum to 1) keyed by task name, in the order of the input.
 *
 * The order of operations is seqio's `mixing_rate_num_examples`: scale → cap at K → temperature →
 * normalise, i.e. r_m ∝ min(e_m, K)^(1/T). Equal mixing is r_m = 1/N.
 */

/** Training-set sizes (number of examples) by task name. */
export type TaskSizes = Readonly<Record<string, number>>;
/** Normalised mixing rates by task name (sum 1). */
export type MixingRates = Record<string, number>;

/** The paper's artificial dataset size limit for all temperature-scaled runs. */
export const PAPER_TEMPERATURE_K = 2 ** 21;

/** A mixing strategy as data (what the CLI and the mixing cell pass around). */
export type MixingStrategy = { kind: 'equal' } | { kind: 'proportional'; K: number } | { kind: 'temperature'; T: number; K?: number };

function checkSizes(fn: string, sizes: TaskSizes): string[] {
  if (sizes === null || typeof sizes !== 'object' || Array.isArray(sizes))
    throw new TypeError(`${fn}: sizes must be an object {taskName: trainingExamples}`);
  const names = Object.keys(sizes);
  if (names.length === 0) throw new RangeError(`${fn}: sizes must name at least one task`);
  for (const name of names) {
    const e = sizes[name];
    if (typeof e !== 'number' || !Number.isFinite(e) || e < 0)
      throw new RangeError(`${fn}: sizes["${name}"] must be a finite number ≥ 0 (got ${String(e)})`);
  }
  return names;
}

function checkK(fn: string, K: number): void {
  // K = Infinity means "no artificial limit" (seqio's maximum=None).
  if (typeof K !== 'number' || Number.isNaN(K) || !(K > 0)) throw new RangeError(`${fn}: K must be a number > 0 (got ${String(K)})`);
}

function normalise(fn: string, names: string[], raw: number[]): MixingRates {
  const total = raw.reduce((s, r) => s + r, 0);
  if (!(total > 0)) throw new RangeError(`${fn}: every task in sizes has 0 examples, so no rate can be formed`);
  const out: MixingRates = {};
  names.forEach((n, i) => (out[n] = raw[i] / total));
  return out;
}

/**
 * seqio's un-normalised rate of one task: `min(size · scale, K) ^ (1/T)`.
 * K = Infinity disables the cap; T = 1 leaves the capped size unchanged.
 */
export function unnormalisedRate(size: number, K = Infinity, T = 1, scale = 1): number {
  let r = size * scale;
  r = Math.min(r, K);
  if (T !== 1) r = r ** (1 / T);
  return r;
}

/** Equal mixing: every task gets 1/N. Names must be distinct non-empty strings. */
export function equalRates(names: readonly string[]): MixingRates {
  if (!Array.isArray(names) || names.length === 0) throw new RangeError('equalRates: names must be a non-empty array of task names');
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string' || n === '') throw new TypeError(`equalRates: names must be non-empty strings (got ${JSON.stringify(n)})`);
    if (seen.has(n)) throw new RangeError(`equalRates: names lists "${n}" twice`);
    seen.add(n);
  }
  return Object.fromEntries(names.map((n) => [n, 1 / names.length]));
}

/** Examples-proportional mixing with artificial limit K: r_m = min(e_m, K) / Σ_n min(e_n, K). */
export function examplesProportionalRates(sizes: TaskSizes, K: number): MixingRates {
  const fn = 'examplesProportionalRates';
  const names = checkSizes(fn, sizes);
  checkK(fn, K);
  return normalise(
    fn,
    names,
    names.map((n) => unnormalisedRate(sizes[n], K)),
  );
}

/**
 * Temperature-scaled mixing: r_m ∝ min(e_m, K)^(1/T). T = 1 is examples-proportional; large T
 * approaches equal mixing. The paper used K = 2^21 for every temperature run (the default).
 */
export function temperatureScaledRates(sizes: TaskSizes, T: number, K: number = PAPER_TEMPERATURE_K): MixingRates {
  const fn = 'temperatureScaledRates';
  const names = checkSizes(fn, sizes);
  if (typeof T !== 'number' || !Number.isFinite(T) || !(T > 0))
    throw new RangeError(`${fn}: T must be a finite number > 0 (got ${String(T)})`);
  checkK(fn, K);
  return normalise(
    fn,
    names,
    names.map((n) => unnormalisedRate(sizes[n], K, T)),
  );
}

/** Rates for a strategy given as data; equal mixing uses only the task names of `sizes`. */
export function mixingRates(strategy: MixingStrategy, sizes: TaskSizes): MixingRates {
  if (!strategy || typeof strategy !== 'object')
    throw new TypeError('mixingRates: strategy must be {kind: "equal" | "proportional" | "temperature", ...}');
  switch (strategy.kind) {
    case 'equal':
      return equalRates(checkSizes('mixingRates', sizes));
    case 'proportional':
      return examplesProportionalRates(sizes, strategy.K);
    case 'temperature':
      return temperatureScaledRates(sizes, strategy.T, strategy.K ?? PAPER_TEMPERATURE_K);
    default:
      throw new RangeError(
        `mixingRates: strategy.kind must be "equal", "proportional" or "temperature" (got ${JSON.stringify((strategy as { kind: unknown }).kind)})`,
      );
  }
}

/** A short human label for a strategy, e.g. "examples-proportional, K = 2^19". */
export function strategyLabel(strategy: MixingStrategy): string {
  const k = (K: number) => (Number.isFinite(K) && Number.isInteger(Math.log2(K)) ? `2^${Math.log2(K)}` : String(K));
  if (strategy.kind === 'equal') return 'equal';
  if (strategy.kind === 'proportional') return `examples-proportional, K = ${k(strategy.K)}`;
  return `temperature-scaled, T = ${strategy.T}, K = ${k(strategy.K ?? PAPER_TEMPERATURE_K)}`;
}
