// A plain static file server for the built site (dist/), as a typical static host behaves: files
// under a sub-path (`base`, e.g. "/t5lab/"), no special response headers (no COOP/COEP), 404 for
// anything else. Used by the built-site test and the first-figure measurement; `node
// scripts/static-server.mjs [dir] [base] [port]` serves by hand (the README's "any static server").
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * Serves `dir` under `base` on 127.0.0.1:`port` (0: any free port). Resolves to
 * `{ url, port, close }`, `url` being the site's address with the base ("http://127.0.0.1:PORT/t5lab/").
 * `requests` counts what was asked for (so a test can tell an offline reload from a network one).
 */
export function serveStatic({ dir = 'dist', base = '/', port = 0 } = {}) {
  const root = resolve(dir);
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base = `${base}/`;
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (path === base.slice(0, -1)) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!path.startsWith(base)) return notFound(res);
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) return notFound(res);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const { size } = statSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      notFound(res);
    }
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolveServer({
        url: `http://127.0.0.1:${actual}${base}`,
        port: actual,
        requests,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir = 'dist', base = '/', port = '8080'] = process.argv.slice(2);
  const { url } = await serveStatic({ dir, base, port: Number(port) });
  console.log(`serving ${dir} at ${url} (no special headers; Ctrl+C stops)`);
}
