/**
 * The experiment figures of `npm run figures` come from cached results, not from training: each
 * `bench/experiments/<name>.json` in the repo is a `t5lab experiment --json` document, committed
 * when the study ran, and becomes the figure `experiment-seeds-<name>` (experimentSeedsFigure:
 * each seed's value, the mean and its 95% interval per arm). Regenerating figures therefore takes
 * seconds; rerunning a study (`t5lab experiment … --json > bench/experiments/<name>.json`)
 * updates its figure. DOM-free: this checks and names, the browser half draws.
 */
import type { ExperimentReport } from './experimentReport.ts';
import { arrayOf, finiteNumber, integer, plainObject, string, fail } from '../validation/checks.ts';

/** Where the cached experiment documents live, relative to the repository root. */
export const CACHED_EXPERIMENTS_DIR = 'bench/experiments';

export interface CachedExperiment {
  /** Repository path of the JSON document, e.g. `bench/experiments/objectives-study-3seeds.json`. */
  source: string;
  /** Figure file stem: `experiment-seeds-<name>`. */
  file: string;
  report: ExperimentReport;
}

/** `bench/experiments/objectives-study-3seeds.json` → `experiment-seeds-objectives-study-3seeds`. */
export function cachedFigureFile(source: string): string {
  const base = source
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
  return `experiment-seeds-${base.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

const valueOrNull = (v: unknown, n: string): number | null => (v === null ? null : finiteNumber(v, n));

/**
 * Reads one cached document, checking the fields the figure draws (and naming the file and
 * field that is wrong): preset, metric, seeds, and per row key, label, one value (or null)
 * per seed, mean and ci95.
 */
export function parseCachedExperiment(text: string, source: string): CachedExperiment {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(`${source} is not JSON (a \`t5lab experiment --json\` document): ${(err as Error).message}`, { cause: err });
  }
  const doc = plainObject(raw, source);
  string(doc.preset, `${source}: preset`, { nonEmpty: true });
  string(doc.metric, `${source}: metric`, { nonEmpty: true });
  const seeds = arrayOf(doc.seeds, `${source}: seeds`, (s, n) => integer(s, n));
  arrayOf(doc.rows, `${source}: rows`, (r, n) => {
    const row = plainObject(r, n);
    string(row.key, `${n}.key`, { nonEmpty: true });
    string(row.label, `${n}.label`, { nonEmpty: true });
    const values = arrayOf(row.values, `${n}.values`, valueOrNull);
    if (values.length !== seeds.length) fail(`${n}.values`, `one value (or null) per seed (${seeds.length})`, row.values);
    valueOrNull(row.mean, `${n}.mean`);
    if (row.ci95 !== null) arrayOf(row.ci95, `${n}.ci95`, finiteNumber);
    return row;
  });
  return { source, file: cachedFigureFile(source), report: raw as ExperimentReport };
}
