/**
 * Looks at a WebGPU adapter before tfjs-backend-webgpu is created, in the browser
 * (navigator.gpu) and in Node (the `webgpu` package's Dawn binding): whether there is one, what
 * it is, and whether it is a software fallback (SwiftShader) on which wasm is faster.
 */
import type { BackendProbe } from './backendChoice.ts';

/** The fields of a GPUAdapter this check reads (older implementations put isFallbackAdapter on the adapter). */
export interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** The part of navigator.gpu (GPU) used here. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

/** Probe fields for the webgpu backend from `gpu` (undefined: WebGPU is not exposed at all). */
export async function precheckAdapter(gpu: GpuLike | undefined, missing: string, noAdapter: string): Promise<Partial<BackendProbe>> {
  if (!gpu) return { usable: false, reason: missing };
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { usable: false, reason: `WebGPU adapter request failed: ${(err as Error).message}` };
  }
  if (!adapter) return { usable: false, reason: noAdapter };
  return describeAdapter(adapter);
}

/** Detail text of an adapter, and whether it is software (then `software` and a reason are set). */
export function describeAdapter(adapter: AdapterLike): Partial<BackendProbe> {
  const info = adapter.info ?? {};
  const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const detail = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  if (fallback || /swiftshader|llvmpipe|lavapipe/i.test(detail)) {
    return {
      software: true,
      detail: `${detail} (fallback adapter)`,
      reason: `WebGPU runs on a software adapter (${detail}); wasm is faster here`,
    };
  }
  return { detail };
}
