/**
 * Page entry point: registers every cell kind, shows the default notebook at once, and picks the
 * tfjs backend in the background (the badge says which and why when it is done).
 */
import './markdown-cell.ts';
import './buckets-cell.ts';
import './t5lab-app.ts';
import type { T5labApp } from './t5lab-app.ts';
import { defaultNotebook } from './default-notebook.ts';
import { initBrowserBackend, requestedBackendFromUrl } from '../src/backend/browserBackends.ts';

const app = document.querySelector('t5lab-app') as T5labApp;
app.notebook = defaultNotebook();

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
