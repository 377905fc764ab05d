/**
 * Kernels that only move data, for tfjs-backend-wasm, on copy.wat (memory.copy of contiguous
 * runs). The stock Slice reads its whole input through `readSync` (a full copy out of the heap)
 * on every call, SplitV calls that Slice once per part, and Concat, Transpose and GatherV2 move
 * one element or one short run per JS call or loop step. Transposes that move the last axis (the
 * attention keys' [b, L, H, d] → [b, H, d, L] and its gradient) run as batches of 2-D transposes
 * in 4x4 SIMD blocks. Cases these do not cover (strings, such transposes of elements other than
 * 32-bit, gathers off axis 0) go to the stock kernels.
 */
import { backend_util, slice_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { copyModuleFor, copyStrided, stridesOf, transposeStrided, type CopyDim } from './heapCopy.ts';
import { heapOffset, wasmMemoryOf, type WasmBackendLike } from './wasmModules.ts';

type Args = Parameters<KernelFunc>[0];
type Backend = WasmBackendLike & { makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo };

function config(stock: KernelConfig, kernelFunc: (args: Args) => TensorInfo | TensorInfo[] | null): KernelConfig {
  const run = (args: Args) => kernelFunc(args) ?? stock.kernelFunc(args);
  return { kernelName: stock.kernelName, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: run as unknown as KernelFunc };
}

/** x[begin : begin + size] as a new output. */
function sliceOf(backend: Backend, x: TensorInfo, begin: number[], size: number[]): TensorInfo | null {
  const mod = copyModuleFor(backend);
  if (!mod) return null;
  const out = backend.makeOutput(size, x.dtype);
  const e = util.bytesPerElement(x.dtype);
  const xs = stridesOf(x.shape, e);
  const os = stridesOf(size, e);
  const src = heapOffset(backend, x.dataId) + begin.reduce((sum, b, i) => sum + b * xs[i], 0);
  copyStrided(
    mod,
    src,
    heapOffset(backend, out.dataId),
    size.map((n, i) => ({ count: n, src: xs[i], dst: os[i] })),
    e,
  );
  return out;
}

export function copySliceConfig(stock: KernelConfig): KernelConfig {
  return config(stock, (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return null;
    const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
    const [b, s] = slice_util.parseSliceParams(x, begin, size);
    slice_util.assertParamsValid(x, b, s);
    return sliceOf(args.backend as unknown as Backend, x, b, s);
  });
}

export function copySplitVConfig(stock: KernelConfig): KernelConfig {
  return config(stock, (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const backend = args.backend as unknown as Backend;
    if (x.dtype === 'string' || !copyModuleFor(backend)) return null;
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const ax = util.parseAxisParam(axis, x.shape)[0];
    // prepareSplitSize resolves a -1 in place: give it a copy of the attribute.
    const sizes = backend_util.prepareSplitSize(x, Array.isArray(numOrSizeSplits) ? [...numOrSizeSplits] : numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[ax] = n;
      const out = sliceOf(backend, x, [...begin], size)!;
      begin[ax] += n;
      return out;
    });
  });
}

export function copyConcatConfig(stock: KernelConfig): KernelConfig {
  return config(stock, (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const backend = args.backend as unknown as Backend;
    const mod = copyModuleFor(backend);
    if (!mod || inputs.length === 0 || inputs[0].dtype === 'string') return null;
    const ax = util.parseAxisParam((args.attrs as { axis: number }).axis, inputs[0].shape)[0];
    backend_util.assertParamsConsistent(
      inputs.map((t) => t.shape),
      ax,
    );
    const outShape = backend_util.computeOutShape(
      inputs.map((t) => t.shape),
      ax,
    );
    const out = backend.makeOutput(outShape, inputs[0].dtype);
    const e = util.bytesPerElement(inputs[0].dtype);
    const os = stridesOf(outShape, e);
    let dst = heapOffset(backend, out.dataId);
    for (const t of inputs) {
      const ts = stridesOf(t.shape, e);
      copyStrided(
        mod,
        heapOffset(backend, t.dataId),
        dst,
        t.shape.map((n, i) => ({ count: n, src: ts[i], dst: os[i] })),
        e,
      );
      dst += t.shape[ax] * os[ax];
    }
    return out;
  });
}

/**
 * Transposes that keep the last axis in place move whole rows. One that moves it is a batch of
 * 2-D transposes: of the input axis that becomes the output's last (rows) against the input's last
 * axis (columns), for every index of the other axes. Other dtypes than 32-bit ones go to the stock
 * kernel for those.
 */
export function copyTransposeConfig(stock: KernelConfig): KernelConfig {
  return config(stock, (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const { perm } = args.attrs as { perm: number[] };
    const r = x.shape.length;
    const backend = args.backend as unknown as Backend;
    const mod = copyModuleFor(backend);
    if (!mod || x.dtype === 'string' || r < 2) return null;
    const e = util.bytesPerElement(x.dtype);
    const keepsLast = perm[r - 1] === r - 1;
    if (!keepsLast && e !== 4) return null;
    const outShape = perm.map((p) => x.shape[p]);
    const out = backend.makeOutput(outShape, x.dtype);
    const xs = stridesOf(x.shape, e);
    const os = stridesOf(outShape, e);
    const dims: CopyDim[] = outShape.map((n, i) => ({ count: n, src: xs[perm[i]], dst: os[i] }));
    const src = heapOffset(backend, x.dataId);
    const dst = heapOffset(backend, out.dataId);
    if (keepsLast) {
      copyStrided(mod, src, dst, dims, e);
    } else {
      // Output axis p holds the input's last axis (the columns); the output's last is input axis perm[r − 1] (the rows).
      const p = perm.indexOf(r - 1);
      const outer = dims.filter((_, i) => i !== p && i !== r - 1);
      transposeStrided(mod, src, dst, outer, x.shape[perm[r - 1]], x.shape[r - 1], xs[perm[r - 1]], os[p]);
    }
    return out;
  });
}

/** GatherV2 along axis 0 with int32 indices (an embedding lookup): one row copy per index. */
export function copyGatherConfig(stock: KernelConfig): KernelConfig {
  return config(stock, (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
    const backend = args.backend as unknown as Backend;
    const mod = copyModuleFor(backend);
    if (
      !mod ||
      x.dtype === 'string' ||
      indices.dtype !== 'int32' ||
      x.shape.length === 0 ||
      util.parseAxisParam(axis, x.shape)[0] !== 0 ||
      (batchDims ?? 0) !== 0
    )
      return null;
    const rows = x.shape[0];
    const rowBytes = util.sizeFromShape(x.shape.slice(1)) * util.bytesPerElement(x.dtype);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const n = util.sizeFromShape(indices.shape);
    if (n === 0 || rowBytes === 0) return out;
    const bad = mod.gatherRows(
      heapOffset(backend, x.dataId),
      rows,
      heapOffset(backend, indices.dataId),
      n,
      heapOffset(backend, out.dataId),
      rowBytes,
    );
    if (bad >= 0) {
      const value = new Int32Array(wasmMemoryOf(backend)!.buffer, heapOffset(backend, indices.dataId) + 4 * bad, 1)[0];
      (backend as unknown as { disposeData(id: object): void }).disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${value} is not in [0, ${rows - 1}]`);
    }
    return out;
  });
}
