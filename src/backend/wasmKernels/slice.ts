/**
 * Slice and SplitV for tfjs-backend-wasm that copy only the sliced rows. The stock kernels read
 * the whole input through `readSync`, which copies all of it out of the wasm heap on every call
 * (3 MB per q/k/v split of bench-nano, three times per split).
 */
import { backend_util, slice_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

type HeapArray = Float32Array | Int32Array | Uint8Array;

interface HeapBackend {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): HeapArray;
}

/** Copies x[begin : begin + size] (any rank) into `out`, one innermost run at a time. */
function copySlice(x: HeapArray, shape: number[], begin: number[], size: number[], out: HeapArray): void {
  const rank = shape.length;
  const strides = util.computeStrides(shape);
  const run = size[rank - 1];
  let o = 0;
  const walk = (dim: number, offset: number): void => {
    if (dim === rank - 1) {
      const from = offset + begin[dim];
      out.set(x.subarray(from, from + run), o);
      o += run;
      return;
    }
    for (let i = 0; i < size[dim]; i++) walk(dim + 1, offset + (begin[dim] + i) * strides[dim]);
  };
  walk(0, 0);
}

/** x[begin : begin + size] as a new output (sizes already resolved, no -1). */
function sliceOf(backend: HeapBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  const xVals = backend.typedArrayFromHeap(x);
  const outVals = backend.typedArrayFromHeap(out);
  if (x.shape.length === 0) {
    outVals[0] = xVals[0];
  } else if (slice_util.isSliceContinous(x.shape, begin, size)) {
    const from = slice_util.computeFlatOffset(begin, util.computeStrides(x.shape));
    outVals.set(xVals.subarray(from, from + util.sizeFromShape(size)));
  } else {
    copySlice(xVals, x.shape, begin, size, outVals);
  }
  return out;
}

/** Slice for 'wasm' reading the heap in place; strings go to `stock`. */
export function heapSliceConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock.kernelFunc(args) as TensorInfo;
    const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
    const [b, s] = slice_util.parseSliceParams(x, begin, size);
    slice_util.assertParamsValid(x, b, s);
    return sliceOf(args.backend as unknown as HeapBackend, x, b, s);
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** SplitV for 'wasm' built on the in-place slice; strings go to `stock`. */
export function heapSplitVConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock.kernelFunc(args) as TensorInfo[];
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const ax = util.parseAxisParam(axis, x.shape)[0];
    // prepareSplitSize resolves a -1 in place: give it a copy of the attribute.
    const sizes = backend_util.prepareSplitSize(x, Array.isArray(numOrSizeSplits) ? [...numOrSizeSplits] : numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[ax] = n;
      const out = sliceOf(args.backend as unknown as HeapBackend, x, [...begin], size);
      begin[ax] += n;
      return out;
    });
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
