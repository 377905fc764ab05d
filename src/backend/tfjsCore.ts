/**
 * What the app bundle gets for `import * as tf from '@tensorflow/tfjs'` (a Vite alias, see
 * vite.config.ts): tfjs-core with its gradients and chained ops, and the cpu and webgl backends,
 * the same API the all-in-one package has minus tfjs-layers, -converter and -data (~800 kB the
 * core never uses). Code cells load the full package for users' code (cells/kinds/code.ts); Node
 * (CLI, tests) imports the real package. Backends webgpu and wasm are imported where chosen.
 */
// Core first: its index registers the environment flags the gradient registrations read.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { version_core } from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_webgl } from '@tensorflow/tfjs-backend-webgl';
import { version as version_union } from '@tensorflow/tfjs/dist/version.js';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-backend-webgl';

/** Versions, as the all-in-one package reports them (`tf.version.tfjs` is recorded with each run). */
export const version = {
  'tfjs-core': version_core,
  'tfjs-backend-cpu': version_cpu,
  'tfjs-backend-webgl': version_webgl,
  tfjs: version_union,
};
