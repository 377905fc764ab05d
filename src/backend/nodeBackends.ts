/**
 * Node side of backend selection (the CLI, the figure script): wasm (SIMD, no threads) or the
 * pure-JS cpu backend. `@tensorflow/tfjs-node` cannot be installed offline, so it is not used.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendDecision, BackendName } from './backendChoice.ts';
import { probeAndActivate, type EnvironmentProbes } from './probeAndActivate.ts';

export const nodeEnvironment: EnvironmentProbes = {
  available: ['wasm', 'cpu'],
};

export function initNodeBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendDecision> {
  return probeAndActivate(nodeEnvironment, requested);
}
