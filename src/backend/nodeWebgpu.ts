/**
 * WebGPU in Node through Dawn: the optional `webgpu` package (Dawn's Node binding) provides a
 * navigator.gpu-style object; installed as `navigator.gpu` (with Dawn's GPU* globals) before
 * '@tensorflow/tfjs-backend-webgpu' is imported, tfjs registers its webgpu backend exactly as in
 * a browser, and t5lab's kernels (src/backend/webgpuKernels) go on top. Dawn needs the Vulkan
 * loader (libvulkan.so.1) and a GPU driver; without them it finds no adapter, which
 * {@link loadNodeWebgpu} reports in words instead of failing later inside tfjs.
 */
import type { BackendProbe } from './backendChoice.ts';
import { precheckAdapter, type GpuLike } from './webgpuAdapter.ts';
import { registerWebgpuKernels } from './webgpuKernels/registerWebgpuKernels.ts';

/** The exact version package.json pins (an optional dependency). */
export const WEBGPU_PACKAGE = 'webgpu@0.6.2';

/** Why there is no adapter in Node, and what to do about it. */
export const NO_NODE_ADAPTER =
  'no WebGPU adapter: Dawn found no usable Vulkan GPU (it needs the Vulkan loader libvulkan.so.1 and a GPU driver, ' +
  "e.g. NVIDIA's; software Vulkan such as lavapipe is refused). Use --backend wasm, or see bench/gpu/README.md";

interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

let loading: Promise<Partial<BackendProbe>> | null = null;

/**
 * Loads Dawn, installs navigator.gpu, checks for an adapter and, when there is one, registers
 * tfjs's webgpu backend and t5lab's kernels. Resolves to precheck fields (usable: false with a
 * reason when the package is missing or no adapter exists). Runs once per process.
 */
export function loadNodeWebgpu(dawnFlags: string[] = []): Promise<Partial<BackendProbe>> {
  loading ??= load(dawnFlags);
  return loading;
}

async function load(dawnFlags: string[]): Promise<Partial<BackendProbe>> {
  let dawn: DawnModule;
  try {
    // A variable specifier: the package is optional, and bundlers must not try to resolve it.
    const name = 'webgpu';
    dawn = (await import(name)) as DawnModule;
  } catch (err) {
    return {
      usable: false,
      reason: `WebGPU in Node needs the optional package ${WEBGPU_PACKAGE} (npm install ${WEBGPU_PACKAGE}); loading it failed: ${(err as Error).message}`,
    };
  }
  const gpu = dawn.create(dawnFlags);
  const probe = await precheckAdapter(gpu, `the ${WEBGPU_PACKAGE} package gave no GPU object`, NO_NODE_ADAPTER);
  if (probe.usable === false) return probe;
  Object.assign(globalThis, dawn.globals);
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  registerWebgpuKernels();
  return probe;
}
