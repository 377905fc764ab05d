/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The page's side of the service worker (src/pwa/serviceWorker.ts), in a built site only (the
 * dev server and tests run without one): registers it, reloads the page once when the worker
 * first takes it over and the page is not yet cross-origin isolated (the host sent no COOP/COEP,
 * the worker adds them), and tells `<t5-app-status>` when the app works offline and when a new
 * build is waiting ("update available — reload").
 */
import { registerSW } from 'virtual:pwa-register';

export interface PwaState {
  /** The app (code, wasm, datasets) is cached: a reload without a network works. */
  offlineReady: boolean;
  /** A newer build is installed and waits for `applyUpdate()`. */
  updateWaiting: boolean;
  /** Registration failed (the message), e.g. a browser with service workers disabled. */
  error: string;
}

const RELOADED_FOR_ISOLATION = 't5lab-reloaded-for-isolation';

let state: PwaState = { offlineReady: false, updateWaiting: false, error: '' };
const listeners = new Set<(s: PwaState) => void>();
let update: ((reload?: boolean) => Promise<void>) | undefined;

function set(patch: Partial<PwaState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l(state);
}

/** The current state, and every change from now on; returns the unsubscribe function. */
export function watchPwa(listener: (s: PwaState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/** Activates the waiting build and reloads into it (notebooks and runs in IndexedDB stay). */
export async function applyUpdate(): Promise<void> {
  await update?.(true);
}

/** Reloads at most once per tab session, so a browser that will not isolate cannot loop. */
function reloadForIsolation(): void {
  if (globalThis.crossOriginIsolated) return;
  try {
    if (sessionStorage.getItem(RELOADED_FOR_ISOLATION)) return;
    sessionStorage.setItem(RELOADED_FOR_ISOLATION, '1');
  } catch {
    return; // no session storage: better one thread than a reload loop
  }
  location.reload();
}

/** Starts the service worker of a production build; does nothing in dev, tests or old browsers. */
export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (!globalThis.crossOriginIsolated) {
    // Controlled but not isolated: the worker took over after this page loaded (first visit).
    if (navigator.serviceWorker.controller) reloadForIsolation();
    else navigator.serviceWorker.addEventListener('controllerchange', reloadForIsolation, { once: true });
  }
  update = registerSW({
    immediate: true,
    onOfflineReady: () => set({ offlineReady: true }),
    onNeedRefresh: () => set({ updateWaiting: true }),
    onRegisteredSW: (_url, registration) => {
      // A page opened from the cache is offline-ready too.
      if (registration?.active) set({ offlineReady: true });
    },
    onRegisterError: (err: unknown) => set({ error: err instanceof Error ? err.message : String(err) }),
  });
}
