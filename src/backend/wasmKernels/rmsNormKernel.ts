/**
 * The fused RMS-norm kernels (src/model/fusedRmsNorm.ts) for tfjs-backend-wasm, on rmsnorm.wat.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { RMS_NORM, RMS_NORM_GRAD } from '../../model/fusedRmsNorm.ts';
import { RMSNORM_WASM } from './rmsnormWasm.generated.ts';
import { heapOffset, perBackendExports, wasmMemoryOf, type WasmBackendLike } from './wasmModules.ts';

interface RmsNormExports {
  rmsNormForward(x: number, g: number, y: number, inv: number, rows: number, d: number, eps: number): void;
  rmsNormBackward(dy: number, x: number, g: number, inv: number, dx: number, dg: number, rows: number, d: number): void;
}

const exportsFor = perBackendExports<RmsNormExports>(RMSNORM_WASM);

function checkFloat(name: string, ...ts: TensorInfo[]): void {
  for (const t of ts) if (t.dtype !== 'float32') throw new TypeError(`${name}: inputs must be float32 (got ${t.dtype})`);
}

/** Rows and row length of x, checking that scale has the row length. */
function rowsOf(name: string, x: TensorInfo, scale: TensorInfo): [rows: number, d: number] {
  const d = x.shape[x.shape.length - 1] ?? 1;
  if (scale.shape.length !== 1 || scale.shape[0] !== d) {
    throw new RangeError(`${name}: scale must have shape [${d}] (got [${scale.shape.join(', ')}])`);
  }
  return [d === 0 ? 0 : util.sizeFromShape(x.shape) / d, d];
}

export const rmsNormConfig: KernelConfig = {
  kernelName: RMS_NORM,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { x, scale } = args.inputs as { x: TensorInfo; scale: TensorInfo };
    const { epsilon } = args.attrs as { epsilon: number };
    checkFloat(RMS_NORM, x, scale);
    const [rows, d] = rowsOf(RMS_NORM, x, scale);
    const backend = args.backend as unknown as WasmBackendLike;
    const y = backend.makeOutput([...x.shape], 'float32');
    const inv = backend.makeOutput([rows], 'float32');
    if (rows * d > 0) {
      exportsFor(backend, RMS_NORM).rmsNormForward(
        heapOffset(backend, x.dataId),
        heapOffset(backend, scale.dataId),
        heapOffset(backend, y.dataId),
        heapOffset(backend, inv.dataId),
        rows,
        d,
        epsilon,
      );
    }
    return [y, inv];
  }) as unknown as KernelFunc,
};

export const rmsNormGradConfig: KernelConfig = {
  kernelName: RMS_NORM_GRAD,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { dy, x, scale, inv } = args.inputs as { dy: TensorInfo; x: TensorInfo; scale: TensorInfo; inv: TensorInfo };
    checkFloat(RMS_NORM_GRAD, dy, x, scale, inv);
    const [rows, d] = rowsOf(RMS_NORM_GRAD, x, scale);
    const backend = args.backend as unknown as WasmBackendLike;
    const dx = backend.makeOutput([...x.shape], 'float32');
    const dg = backend.makeOutput([d], 'float32');
    const dgPtr = heapOffset(backend, dg.dataId);
    new Float32Array(wasmMemoryOf(backend)!.buffer, dgPtr, d).fill(0);
    if (rows * d > 0) {
      exportsFor(backend, RMS_NORM_GRAD).rmsNormBackward(
        heapOffset(backend, dy.dataId),
        heapOffset(backend, x.dataId),
        heapOffset(backend, scale.dataId),
        heapOffset(backend, inv.dataId),
        heapOffset(backend, dx.dataId),
        dgPtr,
        rows,
        d,
      );
    }
    return [dx, dg];
  }) as unknown as KernelFunc,
};
