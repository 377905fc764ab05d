/**
 * The app's service worker (built by vite-plugin-pwa, `injectManifest`): Workbox precaches the
 * whole build (app, wasm binaries, bundled datasets and their licences) so a reload without a
 * network still opens the app, and every response it hands out carries the cross-origin-isolation
 * headers (isolation.ts) so wasm threads work on hosts that cannot send them.
 *
 * Updates: a new build installs beside the old one and waits; the page shows "update available —
 * reload" and posts SKIP_WAITING when the user accepts. Only Cache Storage entries of older builds
 * are removed (`cleanupOutdatedCaches`); IndexedDB (notebooks, runs, checkpoints) is never touched.
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setDefaultHandler } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { clientsClaim } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { withIsolation } from './isolation.ts';

// Typed locally: the WebWorker lib cannot be combined with the DOM lib in one project.
declare const self: {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

const isolate: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withIsolation(response),
};

addPlugins([isolate]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Any page of the app (the base path, with or without a query such as ?backend=cpu) is the app shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [/\/(index\.html)?(\?.*)?$/] }));
// Everything not precached still goes to the network, with the headers added.
setDefaultHandler(new NetworkOnly({ plugins: [isolate] }));

// The first install takes the open page at once (it reloads itself to become isolated).
clientsClaim();
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
