/**
 * The C4 pipeline off the main thread: in a browser `cleanOffThread` runs it in a module worker
 * (cleanWorker.ts), so cleaning a few hundred pages (seconds on a slow machine) leaves the page
 * responsive; where there is no Worker (Node) it runs inline, with the same result.
 */
import type { CleanReport } from './countsReport.ts';
import type { CleanedCorpus } from './pipeline.ts';
import type { CleanOptions } from './rules.ts';

export interface CleanRequest {
  texts: string[];
  options?: Partial<CleanOptions>;
}

/** The decisions and counts, the kept pages' cleaned texts (in order) and the JSON report. */
export interface CleanOutcome {
  result: CleanedCorpus;
  cleaned: string[];
  report: CleanReport;
}

export type CleanReply = ({ ok: true } & CleanOutcome) | { ok: false; error: string };

/** Runs the pipeline and shapes its outcome (the worker and the inline path share it). */
export async function cleanOutcome(request: CleanRequest): Promise<CleanOutcome> {
  // Imported here, not at the top: the language profiles and word list load with the first run.
  const [{ cleanCorpus, cleanedText }, { cleanReport }] = await Promise.all([import('./pipeline.ts'), import('./countsReport.ts')]);
  const result = cleanCorpus(request.texts, request.options);
  const cleaned = result.pages.map(cleanedText).filter((t): t is string => t !== undefined);
  return { result, cleaned, report: cleanReport(result.counts, result.options) };
}

const hasWorker = () => typeof Worker !== 'undefined' && typeof window !== 'undefined';

/** Cleans `texts` in a worker (inline without one); `signal` ends the worker and rejects. */
export async function cleanOffThread(request: CleanRequest, signal?: AbortSignal): Promise<CleanOutcome> {
  if (!hasWorker()) return cleanOutcome(request);
  const worker = new Worker(new URL('./cleanWorker.ts', import.meta.url), { type: 'module' });
  try {
    const reply = await new Promise<CleanReply>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<CleanReply>) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`the C4 cleaning worker failed: ${e.message || 'unknown error'}`));
      };
      signal?.addEventListener('abort', () => reject(signal.reason instanceof Error ? signal.reason : new Error('cleaning stopped')), {
        once: true,
      });
      worker.postMessage(request);
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  } finally {
    worker.terminate();
  }
}
