/**
 * Browser side of backend selection: registers the webgpu and wasm backends (wasm binaries are
 * served by Vite from node_modules, never a CDN, so the app works offline) and knows how to
 * recognise software-emulated GPUs.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { parseBackendRequest, type BackendDecision, type BackendName, type BackendProbe } from './backendChoice.ts';
import { probeAndActivate, type EnvironmentProbes } from './probeAndActivate.ts';
import { precheckAdapter, type GpuLike } from './webgpuAdapter.ts';
import { registerWasmKernels, wasmMatMulHelpersReady, wasmMatMulStatus } from './wasmKernels/registerWasmKernels.ts';
import { registerWebgpuKernels } from './webgpuKernels/registerWebgpuKernels.ts';

// Faster wasm kernels (src/backend/wasmKernels); matmuls get a helper worker per further core,
// used while measuring shows it is faster (not on a busy machine; see threadPolicy.ts).
registerWasmKernels({ helperThreads: Math.min(3, Math.max(0, (navigator.hardwareConcurrency || 1) - 1)) });

// Tiled vec4 matmul and fused RMS norm for webgpu (src/backend/webgpuKernels).
registerWebgpuKernels();

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Looks at the WebGPU adapter without creating the tfjs backend. */
function precheckWebgpu(): Promise<Partial<BackendProbe>> {
  return precheckAdapter(
    (navigator as Navigator & { gpu?: GpuLike }).gpu,
    'this browser does not expose WebGPU (navigator.gpu is missing)',
    'no WebGPU adapter (no GPU, or WebGPU disabled)',
  );
}

function precheckWebgl(): Partial<BackendProbe> {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { usable: false, reason: 'WebGL 2 is not available' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (/swiftshader|llvmpipe|software/i.test(renderer)) {
    return { software: true, detail: renderer, reason: `WebGL runs on a software renderer (${renderer}); wasm is faster here` };
  }
  return { detail: renderer };
}

/**
 * tfjs-wasm sizes its own thread pool as hardwareConcurrency / 2 (one thread on 2 cores) and uses
 * it only for XNNPACK's elementwise ops, where handing ~1 ms ops to a second thread cost more
 * than it saved (and much more on a busy machine; see bench/RESULTS.md). Spare cores go to the
 * matmul helper workers registered above instead.
 */
let wasmSimd_ = false;

async function precheckWasm(): Promise<Partial<BackendProbe>> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const simd = (wasmSimd_ = WebAssembly.validate(
    new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]),
  ));
  return { detail: `SIMD ${simd ? 'on' : 'off'}, ${isolated ? 'threads allowed' : 'no threads (page is not cross-origin isolated)'}` };
}

export const browserEnvironment: EnvironmentProbes = {
  available: ['webgpu', 'webgl', 'wasm', 'cpu'],
  async precheck(name: BackendName) {
    if (name === 'webgpu') return precheckWebgpu();
    if (name === 'webgl') return precheckWebgl();
    if (name === 'wasm') return precheckWasm();
    return undefined;
  },
  async afterInit(name: BackendName) {
    if (name === 'wasm') await wasmMatMulHelpersReady();
  },
  describe(name: BackendName) {
    if (name !== 'wasm') return undefined;
    const threads = wasmThreadCount();
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    const helpers = wasmMatMulStatus()?.helperThreads ?? 0;
    const matmul = helpers > 0 ? `, ${helpers} matmul helper thread${helpers === 1 ? '' : 's'} (used when measured faster)` : '';
    return `SIMD ${wasmSimd_ ? 'on' : 'off'}, ${threads ?? '?'} thread${threads === 1 ? '' : 's'}${matmul}${isolated ? '' : ' (not cross-origin isolated)'}`;
  },
};

/** Reads `?backend=` from the page URL; an unknown value is reported, not thrown. */
export function requestedBackendFromUrl(search = location.search): { requested: BackendName | 'auto'; error?: string } {
  try {
    return { requested: parseBackendRequest(new URLSearchParams(search).get('backend')) };
  } catch (err) {
    return { requested: 'auto', error: (err as Error).message };
  }
}

/** Threads the wasm backend actually runs with (after it initialised), or undefined. */
export function wasmThreadCount(): number | undefined {
  try {
    return getThreadsCount();
  } catch {
    return undefined;
  }
}

/** Picks, initialises and self-tests the best backend for this browser. */
export function initBrowserBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendDecision> {
  return probeAndActivate(browserEnvironment, requested);
}
