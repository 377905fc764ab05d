/**
 * Installs t5lab's faster kernels for tfjs-backend-wasm in place of the stock ones (the model
 * code stays unchanged). Call once after importing '@tensorflow/tfjs-backend-wasm', before or
 * after the backend initialises; later calls do nothing.
 */
import * as tf from '@tensorflow/tfjs';
import {
  fastBatchMatMulConfig,
  fastBatchMatMulStatus,
  setFastBatchMatMulHelpers,
  setFastBatchMatMulSpin,
  setFastBatchMatMulThreading,
  type FastBatchMatMulOptions,
  type FastBatchMatMulStatus,
} from './batchMatMul.ts';
import type { ThreadingMode } from './threadPolicy.ts';
import { sharedCastConfig, sharedIdentityConfig } from './identity.ts';
import { copyConcatConfig, copyGatherConfig, copySliceConfig, copySplitVConfig, copyTransposeConfig } from './copyKernels.ts';
import { seededDropoutConfig } from './dropoutKernel.ts';
import { DROPOUT_WASM } from './dropoutWasm.generated.ts';
import { rmsNormConfig, rmsNormGradConfig } from './rmsNormKernel.ts';
import { softmaxGradConfig } from './softmaxGradKernel.ts';
import { crossEntropyGradConfig, crossEntropyRowsConfig } from './crossEntropyKernel.ts';
import { CROSSENTROPY_WASM } from './crossEntropyWasm.generated.ts';
import { SOFTMAX_WASM } from './softmaxWasm.generated.ts';
import { RMSNORM_WASM } from './rmsnormWasm.generated.ts';
import { adafactorFactoredConfig, adafactorFullConfig } from './adafactorKernel.ts';
import { ADAFACTOR_WASM } from './adafactorWasm.generated.ts';
import { wasmModule, type WasmBinary } from './wasmModules.ts';

export interface WasmKernelOptions extends FastBatchMatMulOptions {
  /** Install only these kernels (by name); default all. For measuring one change at a time. */
  only?: string[];
}

let installed: string[] | null = null;
let installedOptions: WasmKernelOptions = {};

/** Each replacement: kernel name → config built from the stock one. */
const REPLACEMENTS: Array<[string, (stock: tf.KernelConfig, options: WasmKernelOptions) => tf.KernelConfig]> = [
  ['BatchMatMul', fastBatchMatMulConfig],
  ['Identity', sharedIdentityConfig],
  ['Cast', sharedCastConfig],
  ['Slice', copySliceConfig],
  ['SplitV', copySplitVConfig],
  ['Concat', copyConcatConfig],
  ['Transpose', copyTransposeConfig],
  ['GatherV2', copyGatherConfig],
];

/** Kernels t5lab adds for its own ops, with the module each needs. */
const ADDITIONS: Array<[WasmBinary, tf.KernelConfig[]]> = [
  [DROPOUT_WASM, [seededDropoutConfig]],
  [RMSNORM_WASM, [rmsNormConfig, rmsNormGradConfig]],
  [SOFTMAX_WASM, [softmaxGradConfig]],
  [CROSSENTROPY_WASM, [crossEntropyRowsConfig, crossEntropyGradConfig]],
  [ADAFACTOR_WASM, [adafactorFactoredConfig, adafactorFullConfig]],
];

/**
 * Replaces wasm kernels with t5lab's (BatchMatMul: SIMD and threads; Identity, same-dtype Cast: no
 * copy; Slice, SplitV, Concat, row-preserving Transpose, GatherV2 on axis 0: memory.copy of whole
 * runs, see copyKernels.ts) and adds the kernels of
 * t5lab's seeded dropout, fused RMS norm, fused softmax gradient, fused cross-entropy and fused
 * Adafactor update (src/model/seededDropout.ts, fusedRmsNorm.ts, fusedSoftmax.ts, loss.ts,
 * src/training/fusedAdafactor.ts). Returns
 * the kernel names replaced; an empty list when the wasm backend's kernels are not registered
 * (its package was not imported).
 */
export function registerWasmKernels(options: WasmKernelOptions = {}): string[] {
  if (installed) return installed;
  if (!tf.getKernel('BatchMatMul', 'wasm')) return [];
  installed = [];
  const wanted = (name: string) => !options.only || options.only.includes(name);
  for (const [name, make] of REPLACEMENTS) {
    if (!wanted(name)) continue;
    const stock = tf.getKernel(name, 'wasm');
    if (!stock) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(make(stock, options));
    installed.push(name);
  }
  // New kernels (no stock counterpart), only where their module can run (WebAssembly SIMD).
  for (const [binary, configs] of ADDITIONS) {
    if (!wasmModule(binary, false)) continue;
    for (const config of configs) {
      if (!wanted(config.kernelName) || tf.getKernel(config.kernelName, 'wasm')) continue;
      tf.registerKernel(config);
      installed.push(config.kernelName);
    }
  }
  installedOptions = { ...options };
  return installed;
}

/** Kernel names replaced so far (empty before {@link registerWasmKernels}). */
export function registeredWasmKernels(): readonly string[] {
  return installed ?? [];
}

/**
 * Status of the SIMD matmul on the registered wasm backend, or null when the kernels are not
 * installed or the wasm backend was never created.
 */
export function wasmMatMulStatus(): FastBatchMatMulStatus | null {
  if (!installed) return null;
  const backend = tf.findBackend('wasm');
  return backend ? fastBatchMatMulStatus(backend, installedOptions) : null;
}

/**
 * How the wasm matmul uses its helper threads: `adaptive` (default) measures whether they help,
 * `always` / `never` fix it. No effect before the wasm backend exists or without helpers.
 */
export function setWasmMatMulThreading(mode: ThreadingMode): void {
  const backend = installed ? tf.findBackend('wasm') : undefined;
  if (backend) setFastBatchMatMulThreading(backend, mode, installedOptions);
}

/** How long (µs) the wasm matmul's idle helper threads spin for the next product before sleeping. */
export function setWasmMatMulSpin(micros: number): void {
  const backend = installed ? tf.findBackend('wasm') : undefined;
  if (backend) setFastBatchMatMulSpin(backend, micros, installedOptions);
}

/**
 * Restarts the wasm matmul's helper threads with `count` workers (0 stops them); returns how many
 * started (none where the page is not cross-origin isolated, or before the wasm backend exists).
 */
export function setWasmMatMulHelpers(count: number): number {
  const backend = installed ? tf.findBackend('wasm') : undefined;
  return backend ? setFastBatchMatMulHelpers(backend, count, installedOptions) : 0;
}

/**
 * Resolves once the wasm matmul's helper workers have started, or after `timeoutMs`. Workers
 * start asynchronously and, in Chromium, only while the page's event loop runs, so a caller about
 * to train without yielding should wait here first.
 */
export async function wasmMatMulHelpersReady(timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = wasmMatMulStatus();
    if (!s || s.helpersReady >= s.helperThreads || Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}
