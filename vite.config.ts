import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from './csp.config.mjs';
import { VitePWA } from 'vite-plugin-pwa';
import { tfjsWasmThreads } from './scripts/vite/tfjsWasmThreads.ts';
import { datasetLicences } from './scripts/vite/datasetLicences.ts';

/**
 * Cross-origin isolation lets the tfjs WASM backend use SharedArrayBuffer threads.
 * The same headers are needed by `vite` (dev), `vite preview` and the test bridge. A built site
 * on a host that cannot send them gets them from the service worker (src/pwa/serviceWorker.ts).
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The app's Content-Security-Policy (csp.config.mjs) as a <meta> in every page Vite serves or builds. */
function cspMeta(): Plugin {
  return {
    name: 't5lab-csp-meta',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() }, injectTo: 'head-prepend' },
    ],
  };
}

const cspHeaders = { 'Content-Security-Policy': contentSecurityPolicy() };

export default defineConfig({
  // Relative URLs: the built site works under any path (https://host/t5lab/, a local folder).
  base: './',
  server: { headers: { ...isolationHeaders, ...cspHeaders }, port: 5173, host: '127.0.0.1' },
  preview: { headers: { ...isolationHeaders, ...cspHeaders }, port: 4173, host: '127.0.0.1' },
  resolve: {
    // The app's `tf` is tfjs-core + gradients + the cpu/webgl backends (src/backend/tfjsCore.ts),
    // not the all-in-one package with layers/converter/data; code cells load the full one.
    alias: [{ find: /^@tensorflow\/tfjs$/, replacement: new URL('./src/backend/tfjsCore.ts', import.meta.url).pathname }],
  },
  // Pre-bundle the heavy dependencies up front so the first page load (or test) does not
  // trigger a dependency re-optimisation and a full reload half-way through.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs/dist/version.js',
      '@tensorflow/tfjs/dist/index.js',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      'lit',
      'lit/decorators.js',
      '@observablehq/plot',
      'idb',
      'fflate',
      'marked',
      'dompurify',
      '@observablehq/runtime',
      '@huggingface/tokenizers',
      'lit/directives/style-map.js',
      '@observablehq/parser',
      '@codemirror/state',
      '@codemirror/view',
      '@codemirror/commands',
      '@codemirror/language',
      '@codemirror/lang-javascript',
      'katex',
      'workbox-window',
    ],
  },
  plugins: [
    cspMeta(),
    tfjsWasmThreads(),
    datasetLicences(new URL('./datasets/', import.meta.url).pathname),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'serviceWorker.ts',
      registerType: 'prompt',
      injectRegister: false, // cells/shell/pwa.ts registers it (and reloads once for isolation)
      manifest: {
        name: 't5lab: a workbench for T5',
        short_name: 't5lab',
        description:
          'Explore the T5 paper in your browser: a real encoder-decoder, its relative position buckets, attention, pre-training objectives and scaling.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f7f8fa',
        theme_color: '#0072B2',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      injectManifest: {
        // Everything the app can need offline: code, wasm, the datasets and their licences.
        globPatterns: ['**/*.{html,js,css,wasm,txt,tsv,json,md,svg,png,webmanifest}', 'datasets/**/*'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
});
