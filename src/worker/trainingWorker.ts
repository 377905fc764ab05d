/**
 * The training Web Worker (a module worker; see trainingClient.ts). One worker trains one run:
 * the first message is `start` or `resume`; `pause`, `unpause` and `stop` control it between
 * steps. Training off the main thread keeps the page responsive, and the page can stop a run
 * instantly by terminating this worker.
 */
import { activeGpuDevice } from './workerBackend.ts';
import { runInWorker, type WorkerControl } from './workerRun.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const scope = self as unknown as { postMessage(m: FromWorker): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const post = (m: FromWorker) => scope.postMessage(m);
const control: WorkerControl = { paused: false, wake: null, abort: new AbortController() };
let started = false;

function wake(): void {
  const w = control.wake;
  control.wake = null;
  w?.();
}

scope.onmessage = (e) => {
  const msg = e.data;
  switch (msg.type) {
    case 'start':
    case 'resume':
      if (started) {
        post({ type: 'error', message: 'this worker already runs a training run; start another worker' });
        return;
      }
      started = true;
      void runInWorker(msg, post, control);
      return;
    case 'pause':
      control.paused = true;
      return;
    case 'unpause':
      control.paused = false;
      wake();
      return;
    case 'stop':
      control.paused = false;
      control.abort.abort();
      wake();
      return;
    case 'destroy-gpu-device':
      activeGpuDevice()?.destroy();
      return;
  }
};
