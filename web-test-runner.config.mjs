// Browser tests run in Debian's Chromium through @web/test-runner. Test files are served by a
// Vite dev server (as middleware) so they are transformed exactly as the app is: wtr's own
// esbuild plugin cannot import tfjs (CommonJS `long`), see ../shared/reference/tfjs-notes.md.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { contentSecurityPolicy } from './csp.config.mjs';
import { createServer } from 'vite';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';

export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
];

if (!existsSync(chromiumPath)) {
  console.error(`No Chromium at ${chromiumPath}. Install it with: apt-get install -y chromium (or set CHROME_PATH).`);
  process.exit(1);
}

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

let vite;

/** Hands every request wtr itself does not serve to Vite's middleware stack. */
function viteBridge() {
  return {
    name: 'vite-bridge',
    async serverStart() {
      vite = await createServer({
        configFile: new URL('./vite.config.ts', import.meta.url).pathname,
        server: { middlewareMode: true, hmr: false, ws: false },
        appType: 'custom',
        logLevel: 'warn',
        // wtr's browser-side commands import the runner's own web-socket module by absolute URL;
        // it must reach the browser untouched (not pre-bundled, not resolved to a file).
        optimizeDeps: { exclude: ['@web/test-runner-commands'] },
        plugins: [
          {
            name: 'wtr-web-socket-external',
            enforce: 'pre',
            resolveId(id) {
              return id === '/__web-dev-server__web-socket.js' ? { id, external: true } : null;
            },
          },
        ],
      });
    },
    async serverStop() {
      await vite?.close();
    },
  };
}

/**
 * Server-side commands tests may call with `executeServerCommand` (@web/test-runner-commands):
 * `storage-quota` sets the page's real storage quota through the Chrome DevTools Protocol, so
 * quota-exceeded handling is tested against Chromium's own QuotaExceededError, not a mock.
 */
const cdpSessions = new WeakMap();

function cdpCommands() {
  return {
    name: 't5lab-cdp-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'storage-quota') return undefined;
      const page = session.browser.getPage(session.id);
      // The override lives as long as the CDP session: keep one per page (detaching resets it).
      let cdp = cdpSessions.get(page);
      if (!cdp) {
        cdp = await page.context().newCDPSession(page);
        cdpSessions.set(page, cdp);
      }
      const args = { origin: payload.origin };
      if (payload.quotaSize != null) args.quotaSize = payload.quotaSize;
      await cdp.send('Storage.overrideQuotaForOrigin', args);
      return true;
    },
  };
}

/**
 * Prints how long each test file took, slowest first, when the run ends: the suite's time budget
 * (about 15 minutes on 2 cores) is kept by knowing where it goes. Files run one at a time
 * (concurrency 1), so the time between two files' results is the later file's.
 */
function fileTimesReporter(top = 15) {
  const times = [];
  let last = 0;
  return {
    start() {
      last = Date.now();
    },
    reportTestFileResults({ testFile }) {
      const now = Date.now();
      times.push([testFile.replace(process.cwd() + '/', ''), now - last]);
      last = now;
    },
    stop() {
      if (times.length === 0) return;
      const total = times.reduce((a, [, ms]) => a + ms, 0);
      const lines = [...times].sort((a, b) => b[1] - a[1]).slice(0, top);
      console.log(`\nslowest browser test files (of ${times.length}, ${(total / 1000).toFixed(0)} s in all):`);
      for (const [file, ms] of lines) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
    },
  };
}

export default {
  reporters: [defaultReporter(), fileTimesReporter()],
  files: process.env.T5LAB_TEST_FILES ? process.env.T5LAB_TEST_FILES.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: false,
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120000,
  testsStartTimeout: 180000,
  testsFinishTimeout: 900000,
  testFramework: { config: { timeout: 300000, ui: 'bdd' } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs },
    }),
  ],
  plugins: [viteBridge(), cdpCommands()],
  middleware: [
    // Test pages run under the app's Content-Security-Policy; the runner's own inline scripts
    // get a per-page nonce (nothing else inline may run).
    async function csp(ctx, next) {
      await next();
      if (typeof ctx.body !== 'string' || !ctx.response.is('html')) return;
      const nonce = randomBytes(16).toString('base64');
      ctx.body = ctx.body.replace(/<script(?![^>]*\ssrc=)/g, `<script nonce="${nonce}"`);
      ctx.set('Content-Security-Policy', contentSecurityPolicy({ nonce }));
    },
    async function isolate(ctx, next) {
      for (const [k, v] of Object.entries(isolation)) ctx.set(k, v);
      await next();
    },
    function bridge(ctx, next) {
      const url = ctx.url;
      if (url.startsWith('/__web-dev-server') || url.startsWith('/__web-test-runner') || url === '/' || url.startsWith('/?')) {
        return next();
      }
      return new Promise((resolve, reject) => {
        // Vite answers the request itself, or calls its `next` when it has no handler.
        let handled = true;
        ctx.res.once('finish', () => resolve());
        for (const [k, v] of Object.entries(isolation)) ctx.res.setHeader(k, v);
        vite.middlewares(ctx.req, ctx.res, (err) => {
          handled = false;
          if (err) reject(err);
          else next().then(resolve, reject);
        });
        if (handled) ctx.respond = false;
      });
    },
  ],
};
