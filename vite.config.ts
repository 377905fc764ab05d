import { defineConfig } from 'vite';
import { tfjsWasmThreads } from './scripts/vite/tfjsWasmThreads.ts';

/**
 * Cross-origin isolation lets the tfjs WASM backend use SharedArrayBuffer threads.
 * The same headers are needed by `vite` (dev), `vite preview` and the test bridge.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  server: { headers: isolationHeaders, port: 5173, host: '127.0.0.1' },
  preview: { headers: isolationHeaders, port: 4173, host: '127.0.0.1' },
  // Pre-bundle the heavy dependencies up front so the first page load (or test) does not
  // trigger a dependency re-optimisation and a full reload half-way through.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
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
    ],
  },
  plugins: [tfjsWasmThreads()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
});
