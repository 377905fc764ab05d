/**
 * `trainUnigram` without blocking the page: in a browser the training runs in a module Worker
 * (terminated when `signal` aborts); where there is no Worker (Node) it runs inline. Same
 * documents and options give the same tokenizer either way (the trainer is deterministic), which
 * `trainUnigramOnce` uses to train each corpus and size once per page.
 */
import { trainUnigram, type UnigramTrainOptions, type UnigramTrainStats } from './unigramTrainer.ts';
import { UnigramTokenizer } from './unigramTokenizer.ts';
import type { TokenizerJSON } from './tokenizer.ts';
import { documentsArray, trainingDocumentsMessage, type CorpusDocuments, type TrainingDocuments } from './trainingDocuments.ts';

type Trained = { tokenizer: UnigramTokenizer; stats: UnigramTrainStats };

/** Trains in a Worker when there is one; `signal` stops it. */
export async function trainUnigramAsync(documents: CorpusDocuments, options: UnigramTrainOptions, signal?: AbortSignal): Promise<Trained> {
  signal?.throwIfAborted();
  if (typeof Worker === 'undefined' || typeof window === 'undefined') return trainUnigram(documentsArray(documents), options);
  const worker = new Worker(new URL('./unigramTrainWorker.ts', import.meta.url), { type: 'module' });
  try {
    const reply = await new Promise<{ ok: true; json: TokenizerJSON; stats: UnigramTrainStats } | { ok: false; message: string }>(
      (resolve, reject) => {
        const abort = () => reject(signal!.reason ?? new DOMException('aborted', 'AbortError'));
        signal?.addEventListener('abort', abort, { once: true });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(`tokenizer training worker failed: ${e.message}`));
        const message: TrainingDocuments & { options: UnigramTrainOptions } = { ...trainingDocumentsMessage(documents), options };
        worker.postMessage(message);
      },
    );
    if (!reply.ok) throw new RangeError(reply.message);
    return { tokenizer: UnigramTokenizer.fromJSON(reply.json), stats: reply.stats };
  } finally {
    worker.terminate();
  }
}

/** How long an abandoned training waits for a new caller to take it over before it is stopped. */
const ABANDON_AFTER_MS = 500;

interface TrainingJob {
  result: Promise<Trained>;
  controller: AbortController;
  /** Callers still waiting for it; the worker is stopped when the last one gives up. */
  waiting: number;
  done: boolean;
}

const jobsByCorpus = new WeakMap<object, Map<string, TrainingJob>>();

/**
 * `trainUnigramAsync`, once per documents array and options. Callers asking for the same training
 * share it (a superseded notebook run and the run replacing it usually do); it is stopped only
 * when every caller has aborted and none took it over within a moment, and a stopped or failed
 * training is forgotten, so the next caller starts afresh.
 */
export function trainUnigramOnce(documents: CorpusDocuments, options: UnigramTrainOptions, signal: AbortSignal): Promise<Trained> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let jobs = jobsByCorpus.get(documents);
  if (!jobs) jobsByCorpus.set(documents, (jobs = new Map()));
  const byKey = jobs;
  const key = JSON.stringify(options);
  let job = byKey.get(key);
  if (!job || job.controller.signal.aborted) {
    const controller = new AbortController();
    const started: TrainingJob = { controller, waiting: 0, done: false, result: trainUnigramAsync(documents, options, controller.signal) };
    started.result.then(
      () => (started.done = true),
      () => byKey.get(key) === started && byKey.delete(key),
    );
    byKey.set(key, (job = started));
  }
  const shared = job;
  shared.waiting++;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      if (--shared.waiting === 0 && !shared.done)
        setTimeout(() => shared.waiting === 0 && !shared.done && shared.controller.abort(), ABANDON_AFTER_MS);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    shared.result.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
