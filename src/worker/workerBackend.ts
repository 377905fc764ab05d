/**
 * tfjs backend selection inside a Web Worker. The worker has its own tfjs instance, so it must
 * register the backends and the wasm binary paths itself (importing browserBackends.ts does both)
 * and probe with the same prechecks as the page: WebGPU first when usable (a software adapter is
 * skipped in automatic mode, as on the page), then WebGL on an OffscreenCanvas (a worker has no
 * `document`), then wasm, then cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { browserEnvironment } from '../backend/browserBackends.ts';
import type { BackendDecision, BackendName, BackendProbe } from '../backend/backendChoice.ts';
import { probeAndActivate, type EnvironmentProbes } from '../backend/probeAndActivate.ts';

function precheckWebglOffscreen(): Partial<BackendProbe> {
  if (typeof OffscreenCanvas === 'undefined') return { usable: false, reason: 'this worker has no OffscreenCanvas, so no WebGL' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { usable: false, reason: 'WebGL 2 is not available in this worker' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (/swiftshader|llvmpipe|software/i.test(renderer)) {
    return { software: true, detail: renderer, reason: `WebGL runs on a software renderer (${renderer}); wasm is faster here` };
  }
  return { detail: renderer };
}

export const workerEnvironment: EnvironmentProbes = {
  ...browserEnvironment,
  async precheck(name: BackendName) {
    if (name === 'webgl') return precheckWebglOffscreen();
    return browserEnvironment.precheck?.(name);
  },
};

export function initWorkerBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendDecision> {
  return probeAndActivate(workerEnvironment, requested);
}

/** Minimal view of a WebGPU device (the @webgpu/types package is not installed). */
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** The active WebGPU device, when the webgpu backend is active. */
export function activeGpuDevice(): GpuDeviceLike | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  return (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
}
