/**
 * The seeded-dropout kernel (src/model/seededDropout.ts) for tfjs-backend-wasm: dropout.wat
 * hashes sixteen element indices at a time and writes x·mask straight into the output, with no
 * random numbers drawn in JS and no mask tensor. On a shared heap a large call is cut into ranges
 * shared with the matmul's helper threads (batchMatMul.ts `dropoutHelpers`).
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { SEEDED_DROPOUT, dropoutKeys, dropoutThreshold } from '../../model/seededDropout.ts';
import { DROPOUT_WASM } from './dropoutWasm.generated.ts';
import { heapOffset, perBackendExports, type WasmBackendLike } from './wasmModules.ts';
import { dropoutHelpers } from './batchMatMul.ts';
import { CHUNKS_PER_THREAD } from './gemmSplit.ts';
import type { DropoutFn } from './gemmThreads.ts';

/**
 * Calls with fewer elements stay on one thread: 64 Ki elements take ~40 µs there, and a helper
 * that has gone to sleep takes 10-50 µs to wake.
 */
export const MIN_SHARED_DROPOUT = 1 << 16;

const exportsFor = perBackendExports<{ dropout: DropoutFn }>(DROPOUT_WASM);

/** The 'wasm' kernel for SEEDED_DROPOUT (float32 only). */
export const seededDropoutConfig: KernelConfig = {
  kernelName: SEEDED_DROPOUT,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const { rate, seed } = args.attrs as { rate: number; seed: number };
    if (x.dtype !== 'float32') throw new TypeError(`${SEEDED_DROPOUT}: x must be float32 (got ${x.dtype})`);
    const backend = args.backend as unknown as WasmBackendLike;
    const fn = exportsFor(backend, SEEDED_DROPOUT).dropout;
    const out = backend.makeOutput([...x.shape], 'float32');
    const n = util.sizeFromShape(x.shape);
    if (n > 0) {
      const { k1, k2 } = dropoutKeys(seed);
      const job = {
        x: heapOffset(backend, x.dataId),
        out: heapOffset(backend, out.dataId),
        n,
        start: 0,
        k1: k1 | 0,
        k2: k2 | 0,
        threshold: dropoutThreshold(rate) | 0,
        scale: 1 / (1 - rate),
      };
      const helpers = n >= MIN_SHARED_DROPOUT ? dropoutHelpers(backend) : null;
      if (helpers) helpers.runDropout(fn, job, CHUNKS_PER_THREAD * (1 + helpers.readyCount));
      else fn(job.x, job.out, job.n, job.start, job.k1, job.k2, job.threshold, job.scale);
    }
    return out;
  }) as unknown as KernelFunc,
};
