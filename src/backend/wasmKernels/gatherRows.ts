/**
 * GatherV2 along axis 0 (an embedding lookup) for tfjs-backend-wasm as one row copy per index.
 * The stock kernel walks every element through generic strides (~10 ms for bench-nano's
 * 2048 × 128 lookup); other axes and batch dims still go to it.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

interface HeapBackend {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** GatherV2 for 'wasm': rows of x for int32 indices when axis and batchDims are 0. */
export function rowGatherConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
    if (x.dtype === 'string' || indices.dtype !== 'int32' || x.shape.length === 0 ||
        util.parseAxisParam(axis, x.shape)[0] !== 0 || (batchDims ?? 0) !== 0) {
      return stock.kernelFunc(args) as TensorInfo;
    }
    const backend = args.backend as unknown as HeapBackend;
    const rows = x.shape[0];
    const row = util.sizeFromShape(x.shape.slice(1));
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const n = util.sizeFromShape(indices.shape);
    if (n * row === 0) return out;
    const idx = backend.typedArrayFromHeap(indices);
    const xVals = backend.typedArrayFromHeap(x);
    const outVals = backend.typedArrayFromHeap(out);
    for (let i = 0; i < n; i++) {
      const r = idx[i];
      util.assert(r >= 0 && r < rows, () => `GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      outVals.set(xVals.subarray(r * row, r * row + row), i * row);
    }
    return out;
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}
