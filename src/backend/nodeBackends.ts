/**
 * Node side of backend selection (the CLI, the figure script): wasm (SIMD, no threads) or the
 * pure-JS cpu backend. `@tensorflow/tfjs-node` cannot be installed offline, so it is not used.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendDecision, BackendName } from './backendChoice.ts';
import { probeAndActivate, type EnvironmentProbes } from './probeAndActivate.ts';
import { registerWasmKernels } from './wasmKernels/registerWasmKernels.ts';

// SIMD matmul for wasm (single-threaded: Node's tfjs-wasm build has no shared memory).
registerWasmKernels();

// tfjs greets Node users on stderr with advice to install tfjs-node, which cannot be installed
// offline; PROD mode silences tfjs's log.warn without changing numerics.
tf.env().set('PROD', true);

export const nodeEnvironment: EnvironmentProbes = {
  available: ['wasm', 'cpu'],
};

export function initNodeBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendDecision> {
  return probeAndActivate(nodeEnvironment, requested);
}
