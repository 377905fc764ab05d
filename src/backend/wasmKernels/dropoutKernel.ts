/**
 * The seeded-dropout kernel (src/model/seededDropout.ts) for tfjs-backend-wasm: dropout.wat
 * hashes four element indices at a time and writes x·mask straight into the output, with no
 * random numbers drawn in JS and no mask tensor.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { SEEDED_DROPOUT, dropoutKeys, dropoutThreshold } from '../../model/seededDropout.ts';
import { DROPOUT_WASM } from './dropoutWasm.generated.ts';
import { heapOffset, perBackendExports, type WasmBackendLike } from './wasmModules.ts';

type DropoutFn = (x: number, out: number, n: number, start: number, k1: number, k2: number, threshold: number, scale: number) => void;

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
      fn(heapOffset(backend, x.dataId), heapOffset(backend, out.dataId), n, 0, k1 | 0, k2 | 0, dropoutThreshold(rate) | 0, 1 / (1 - rate));
    }
    return out;
  }) as unknown as KernelFunc,
};
