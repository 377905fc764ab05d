/**
 * Page entry point: registers every cell kind, opens the notebook session (a shared link in the
 * URL fragment, else the last notebook opened, else the tour on a first visit), reads the
 * `?hide=` / `?present=` flags, and picks the tfjs backend in the background (the badge says
 * which and why when it is done).
 */
import './all-kinds.ts';
import './t5lab-app.ts';
import type { T5labApp } from './t5lab-app.ts';
import { defaultNotebook } from './default-notebook.ts';
import { NotebookStore } from '../../src/notebook/notebookStore.ts';
import { NotebookSession } from '../../src/notebook/notebookSession.ts';
import { sharedPayload } from '../../src/notebook/shareLink.ts';
import { parseViewFlags } from '../../src/notebook/viewFlags.ts';
import { collectNotebookRuns, describeRestoredRuns, restoreNotebookRuns } from '../../src/runs/notebookRuns.ts';
import { watchShareLinks } from './share-link-watch.ts';
import { startServiceWorker } from './pwa.ts';

// First, so a first visit on a host without COOP/COEP reloads into isolation as early as possible.
startServiceWorker();

const app = document.querySelector('t5lab-app') as T5labApp;
app.flags = parseViewFlags(location.search);
const prefs = (() => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: the last notebook is not remembered
  }
})();
const session = new NotebookSession(new NotebookStore(), {
  tour: defaultNotebook,
  prefs,
  // Runs exported with a notebook come back into this browser's runs (never replacing one).
  restoreRuns: async (runs) => describeRestoredRuns(await restoreNotebookRuns(runs)),
});
app.session = session;
// Exported notebooks carry the records of the runs their train and runs cells refer to.
app.collectRuns = (doc) => collectNotebookRuns(doc);
const shared = sharedPayload(location.hash);
// A shared notebook is imported once: a reload opens the stored copy, not a second import.
if (shared !== undefined) history.replaceState(null, '', location.pathname + location.search);
void session.start(shared).then(() => watchShareLinks(window, session));
addEventListener('pagehide', () => void session.flush());

// The backends (tfjs-backend-webgpu and -wasm with t5lab's kernels: over half of the page's code)
// load as their own chunk after the page, so cells that need no tensors (text, datasets, buckets)
// draw without waiting for them. A cell that computes before the choice uses tfjs's registered
// default (webgl or cpu), as it did before this chunk was split off; tensors move when it is set.
import('../../src/backend/browserBackends.ts')
  .then(({ initBrowserBackend, requestedBackendFromUrl }) => {
    const { requested, error } = requestedBackendFromUrl();
    return initBrowserBackend(requested).then((decision) => ({ decision, error }));
  })
  .then(({ decision, error }) => {
    app.backend = decision;
    if (error) app.backendError = error;
    (window as unknown as { t5lab: unknown }).t5lab = { backend: decision };
  })
  .catch((err: Error) => {
    app.backendError = err.message;
  });
