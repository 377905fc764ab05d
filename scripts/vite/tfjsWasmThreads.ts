/**
 * Keeps tfjs-wasm's threaded backend working in a minified build.
 *
 * tfjs-backend-wasm starts its pthread workers with a script made from the emscripten factory's
 * own source text: `'var WasmBackendModuleThreadedSimd = ' + factory.toString()`. The factory
 * refers to a variable of its enclosing closure (`_scriptDir`) that the minifier renames (and
 * turns `typeof _scriptDir !== "undefined"` into a plain read), so in the worker the text reads an
 * undeclared `e`: "Uncaught ReferenceError: e is not defined", and the backend's init never
 * resolves ("choosing backend…" forever). This plugin hands the workers the package's unminified
 * factory file instead (imported as a string), which declares the same global by itself.
 * Build only: the dev server pre-bundles tfjs without minifying, where `toString()` is fine.
 */
import type { Plugin } from 'vite';

const FACTORY_TEXT = /`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)/;
const RAW_IMPORT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

export function tfjsWasmThreads(): Plugin {
  return {
    name: 't5lab-tfjs-wasm-threads',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/.test(id)) return null;
      if (!FACTORY_TEXT.test(code)) {
        this.error(
          'tfjs-backend-wasm changed: the threaded worker script is no longer built from factory.toString(); update scripts/vite/tfjsWasmThreads.ts',
        );
      }
      return {
        code: `import __t5labThreadedFactorySource from '${RAW_IMPORT}';\n${code.replace(FACTORY_TEXT, '__t5labThreadedFactorySource')}`,
        map: null,
      };
    },
  };
}
