/**
 * The fused softmax gradient (src/model/fusedSoftmax.ts) for tfjs-backend-wasm, on softmax.wat:
 * one pass per row instead of tfjs's four kernels.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { SOFTMAX_GRAD } from '../../model/fusedSoftmax.ts';
import { SOFTMAX_WASM } from './softmaxWasm.generated.ts';
import { heapOffset, perBackendExports, type WasmBackendLike } from './wasmModules.ts';

type SoftmaxBackward = (dy: number, p: number, dx: number, rows: number, d: number) => void;

const exportsFor = perBackendExports<{ softmaxBackward: SoftmaxBackward }>(SOFTMAX_WASM);

/** Rows and row length of two same-shape float32 inputs. */
export function softmaxGradRows(dy: TensorInfo, p: TensorInfo): [rows: number, d: number] {
  if (dy.dtype !== 'float32' || p.dtype !== 'float32') {
    throw new TypeError(`${SOFTMAX_GRAD}: dy and p must be float32 (got ${dy.dtype} and ${p.dtype})`);
  }
  if (!util.arraysEqual(dy.shape, p.shape)) {
    throw new RangeError(`${SOFTMAX_GRAD}: dy [${dy.shape}] and p [${p.shape}] must have one shape`);
  }
  const d = p.shape[p.shape.length - 1] ?? 1;
  return [d === 0 ? 0 : util.sizeFromShape(p.shape) / d, d];
}

export const softmaxGradConfig: KernelConfig = {
  kernelName: SOFTMAX_GRAD,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { dy, p } = args.inputs as { dy: TensorInfo; p: TensorInfo };
    const [rows, d] = softmaxGradRows(dy, p);
    const backend = args.backend as unknown as WasmBackendLike;
    const dx = backend.makeOutput([...p.shape], 'float32');
    if (rows * d > 0) {
      exportsFor(backend, SOFTMAX_GRAD).softmaxBackward(
        heapOffset(backend, dy.dataId),
        heapOffset(backend, p.dataId),
        heapOffset(backend, dx.dataId),
        rows,
        d,
      );
    }
    return dx;
  }) as unknown as KernelFunc,
};
