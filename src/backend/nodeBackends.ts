/**
 * Node side of backend selection (the CLI, the figure script): wasm (SIMD, matmul helper threads) or the
 * pure-JS cpu backend, and webgpu on Dawn (the optional `webgpu` package, nodeWebgpu.ts) when
 * asked for by name: automatic choice never loads Dawn. `@tensorflow/tfjs-node` cannot be
 * installed offline, so it is not used.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendDecision, BackendName } from './backendChoice.ts';
import { probeAndActivate, type EnvironmentProbes } from './probeAndActivate.ts';
import { loadNodeWebgpu } from './nodeWebgpu.ts';
import { registerWasmKernels } from './wasmKernels/registerWasmKernels.ts';
import { nodeHelperThreads, spawnNodeWorker } from './nodeWorkers.ts';

// SIMD matmul for wasm. Node's tfjs-wasm build has no shared memory, so the matmul's helper
// threads work on a shared stage the operands are copied to (wasmKernels/gemmStage.ts), used
// while measuring shows it is faster (threadPolicy.ts).
registerWasmKernels({ helperThreads: nodeHelperThreads(), spawnWorker: spawnNodeWorker });

// tfjs greets Node users on stderr with advice to install tfjs-node, which cannot be installed
// offline; PROD mode silences tfjs's log.warn without changing numerics.
tf.env().set('PROD', true);

export const nodeEnvironment: EnvironmentProbes = {
  available: ['wasm', 'cpu'],
};

/** Node backends plus webgpu on Dawn (loaded on the first probe of webgpu). */
export const nodeEnvironmentWithWebgpu: EnvironmentProbes = {
  available: ['webgpu', 'wasm', 'cpu'],
  precheck: async (name) => (name === 'webgpu' ? loadNodeWebgpu() : undefined),
};

export function initNodeBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendDecision> {
  return probeAndActivate(requested === 'webgpu' ? nodeEnvironmentWithWebgpu : nodeEnvironment, requested);
}
