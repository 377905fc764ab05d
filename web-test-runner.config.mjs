// Browser tests run in Debian's Chromium through @web/test-runner. Test files are served by a
// Vite dev server (as middleware) so they are transformed exactly as the app is: wtr's own
// esbuild plugin cannot import tfjs (CommonJS `long`), see ../shared/reference/tfjs-notes.md.
import { existsSync } from 'node:fs';
import { createServer } from 'vite';
import { playwrightLauncher } from '@web/test-runner-playwright';

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
      });
    },
    async serverStop() {
      await vite?.close();
    },
  };
}

export default {
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
  plugins: [viteBridge()],
  middleware: [
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
