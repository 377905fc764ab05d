/**
 * Cross-origin isolation from a service worker (the coi-serviceworker technique): most static
 * hosts cannot send COOP/COEP, and without them the page has no SharedArrayBuffer, so the wasm
 * backend runs on one thread. The service worker answers every request itself and adds the headers
 * to each response, so a page it controls is isolated on any host. DOM-free; used by serviceWorker.ts.
 */

/** The headers that make a document cross-origin isolated (and let it embed its own resources). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * `response` with the isolation headers set (a copy: responses are immutable). Opaque and error
 * responses (status 0) cannot be rebuilt and are returned unchanged; headers the host already sent
 * are kept as they are.
 */
export function withIsolation(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
    if (!headers.has(name)) {
      headers.set(name, value);
      changed = true;
    }
  }
  if (!changed) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
