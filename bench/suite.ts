/**
 * The shape every benchmark suite shares. Browser suites are listed in `bench/browserSuites.ts`
 * and run by `npm run bench` in headless Chromium; Node suites in `bench/nodeSuites.ts`.
 */
import type { BackendName } from '../src/backend/backendChoice.ts';

export interface BenchRow {
  suite: string;
  /** What was measured, e.g. "matmul 1024³" or "bench-nano train step". */
  case: string;
  /** A t5lab backend, or `pytorch` for the reference rows run by python3 (trainingPytorch.ts). */
  backend: BackendName | 'pytorch';
  env: 'browser' | 'node' | 'python';
  value: number;
  unit: string;
  /** Anything needed to read the number: thread count, batch, median of n runs. */
  note?: string;
}

export interface BenchContext {
  env: 'browser' | 'node';
  /** Backends usable in this environment, already probed; `use` activates one. */
  backends: BackendName[];
  use(backend: BackendName): Promise<void>;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Median of a list of numbers (timings are noisy on a shared 2-core machine). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
