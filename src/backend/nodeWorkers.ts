/**
 * Worker threads for the wasm matmul's helpers in Node (see wasmKernels/gemmStage.ts): the
 * helpers' script is written for Web Workers (a global `onmessage` taking `{ data }`), so a
 * line of glue hands it worker_threads' messages. Workers are unref'd: a helper asleep waiting
 * for the next product does not keep the CLI from exiting.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from './wasmKernels/gemmThreads.ts';

const GLUE = "require('node:worker_threads').parentPort.on('message', (data) => onmessage({ data }));\n";

/** Starts `source` (a Web Worker script) on a Node worker thread. */
export function spawnNodeWorker(source: string, name: string): WorkerLike {
  const worker = new Worker(GLUE + source, { eval: true, name });
  worker.unref();
  return worker;
}

/**
 * Helper threads for the wasm matmul: one per core beyond the first, at most 3; none when the
 * environment says `T5LAB_WASM_HELPERS=0` (or sets another count).
 */
export function nodeHelperThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = env.T5LAB_WASM_HELPERS;
  if (asked !== undefined && asked !== '') {
    const n = Number(asked);
    if (!Number.isInteger(n) || n < 0 || n > 8)
      throw new RangeError(`T5LAB_WASM_HELPERS must be a whole number from 0 to 8 (got "${asked}")`);
    return n;
  }
  return Math.min(3, Math.max(0, availableParallelism() - 1));
}
