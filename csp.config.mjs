// The Content-Security-Policy of t5lab: one definition for the app (a <meta> tag that Vite puts
// in index.html, so a static host without headers enforces it too), the dev/preview servers
// (a header) and the browser tests (a header on the test runner's pages, with a nonce for its
// two inline scripts). It is the second line of defence behind the markdown sanitizer
// (cells/widgets/markdown-sanitize.ts): nothing in a notebook can load from, or send to, another host.
//
// Trade-offs, each needed by something real:
// - script-src 'unsafe-eval': trusted code cells are compiled with `new Function`
//   (src/notebook/codeCell.ts); untrusted ones are never compiled. 'wasm-unsafe-eval' alone
//   would serve tfjs-wasm and t5lab's own WebAssembly kernels.
// - style-src 'unsafe-inline': Vite injects CSS as <style> elements, index.html has one, and Lit
//   templates set a few `style` attributes. Markdown keeps no style attribute or element.
// - script-src blob:, worker-src blob:: tfjs-wasm's thread workers are blob: URLs that
//   importScripts() other blob: URLs (a blob: URL can only be made by this origin's own code).
// - img-src data: blob:: figure export (SVG → PNG).

/** The policy's directives; `nonce` allows inline scripts that carry it (the test runner's). */
export function contentSecurityPolicy({ nonce } = {}) {
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'", 'blob:', "'wasm-unsafe-eval'", "'unsafe-eval'", ...(nonce ? [`'nonce-${nonce}'`] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'data:', 'blob:'],
    'connect-src': ["'self'", 'blob:', 'data:'],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'none'"],
    'manifest-src': ["'self'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}
