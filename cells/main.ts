/**
 * Page entry point: registers every cell kind, opens the notebook session (a shared link in the
 * URL fragment, else the last notebook opened, else the tour on a first visit), reads the
 * `?hide=` / `?present=` flags, and picks the tfjs backend in the background (the badge says
 * which and why when it is done).
 */
import './markdown-cell.ts';
import './code-cell.ts';
import './dataset-cell.ts';
import './tokenizer-cell.ts';
import './model-cell.ts';
import './generate-cell.ts';
import './buckets-cell.ts';
import './attention-cell.ts';
import './objectives-cell.ts';
import './mixing-cell.ts';
import './comparison-cell.ts';
import './multitask-cell.ts';
import './scaling-cell.ts';
import './train-cell.ts';
import './runs-cell.ts';
import './architectures-cell.ts';
import './c4-cell.ts';
import './t5lab-app.ts';
import type { T5labApp } from './t5lab-app.ts';
import { defaultNotebook } from './default-notebook.ts';
import { initBrowserBackend, requestedBackendFromUrl } from '../src/backend/browserBackends.ts';
import { NotebookStore } from '../src/notebook/notebookStore.ts';
import { NotebookSession } from '../src/notebook/notebookSession.ts';
import { sharedPayload } from '../src/notebook/shareLink.ts';
import { parseViewFlags } from '../src/notebook/viewFlags.ts';
import { collectNotebookRuns, describeRestoredRuns, restoreNotebookRuns } from '../src/runs/notebookRuns.ts';
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

const { requested, error } = requestedBackendFromUrl();
initBrowserBackend(requested)
  .then((decision) => {
    app.backend = decision;
    if (error) app.backendError = error;
    (window as unknown as { t5lab: unknown }).t5lab = { backend: decision };
  })
  .catch((err: Error) => {
    app.backendError = err.message;
  });
