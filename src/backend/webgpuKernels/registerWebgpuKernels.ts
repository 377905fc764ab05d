/**
 * Installs t5lab's WebGPU kernels for tfjs-backend-webgpu in place of (BatchMatMul) or next to
 * (the fused RMS norm and softmax gradient, the fixed-order embedding gradient, the fused Adafactor
 * update) the stock ones, as registerWasmKernels.ts does for wasm. The model code is
 * unchanged: tf.matMul and rmsNorm in src/model/ops.ts dispatch to these on the webgpu backend.
 * `unregisterWebgpuKernels` restores tfjs's stock kernels, so benchmarks and tests can compare
 * the two in one page.
 */
import * as tf from '@tensorflow/tfjs';
import { webgpuBatchMatMulConfig } from './batchMatMul.ts';

export { setWebgpuMatMulMinSize } from './batchMatMul.ts';
import { webgpuRmsNormConfig, webgpuRmsNormGradConfig } from './rmsNorm.ts';
import { webgpuEmbeddingGradConfig } from './embeddingGrad.ts';
import { webgpuSoftmaxGradConfig } from './softmaxGrad.ts';
import { webgpuAdafactorFactoredConfig, webgpuAdafactorFullConfig } from './adafactor.ts';

const BACKEND = 'webgpu';

/** Each replacement: kernel name → config built from the stock one. */
const REPLACEMENTS: Array<[string, (stock: tf.KernelConfig) => tf.KernelConfig]> = [['BatchMatMul', webgpuBatchMatMulConfig]];

/** Kernels t5lab adds for its own ops (no stock counterpart). */
const ADDITIONS: tf.KernelConfig[] = [
  webgpuRmsNormConfig,
  webgpuRmsNormGradConfig,
  webgpuEmbeddingGradConfig,
  webgpuSoftmaxGradConfig,
  webgpuAdafactorFactoredConfig,
  webgpuAdafactorFullConfig,
];

let installed: string[] | null = null;
const stockConfigs = new Map<string, tf.KernelConfig>();

/**
 * Replaces webgpu kernels with t5lab's and adds the fused RMS norm. Returns the kernel names
 * installed; an empty list when tfjs-backend-webgpu was not imported. Later calls do nothing.
 * `only` restricts the set (by kernel name), for measuring one change at a time.
 */
export function registerWebgpuKernels(options: { only?: string[] } = {}): string[] {
  if (installed) return installed;
  if (!tf.getKernel('BatchMatMul', BACKEND)) return [];
  installed = [];
  const wanted = (name: string) => !options.only || options.only.includes(name);
  for (const [name, make] of REPLACEMENTS) {
    if (!wanted(name)) continue;
    const stock = tf.getKernel(name, BACKEND);
    if (!stock) continue;
    stockConfigs.set(name, stock);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(make(stock));
    installed.push(name);
  }
  for (const config of ADDITIONS) {
    if (!wanted(config.kernelName) || tf.getKernel(config.kernelName, BACKEND)) continue;
    tf.registerKernel(config);
    installed.push(config.kernelName);
  }
  return installed;
}

/** Puts tfjs's stock webgpu kernels back and removes t5lab's additions; returns what was removed. */
export function unregisterWebgpuKernels(): string[] {
  const removed = installed ?? [];
  for (const name of removed) {
    tf.unregisterKernel(name, BACKEND);
    const stock = stockConfigs.get(name);
    if (stock) tf.registerKernel(stock);
  }
  installed = null;
  stockConfigs.clear();
  return removed;
}

/** Kernel names installed now (empty before {@link registerWebgpuKernels} or after unregistering). */
export function registeredWebgpuKernels(): readonly string[] {
  return installed ?? [];
}
