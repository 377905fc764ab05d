/**
 * The fused cross-entropy kernels (src/model/loss.ts) for tfjs-backend-wasm, on crossEntropy.wat:
 * two passes over each row of logits forward, one backward, instead of tfjs's ~10 kernels.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { CROSS_ENTROPY_GRAD, CROSS_ENTROPY_ROWS } from '../../model/loss.ts';
import { CROSSENTROPY_WASM } from './crossEntropyWasm.generated.ts';
import { heapOffset, perBackendExports, type WasmBackendLike } from './wasmModules.ts';

interface CrossEntropyExports {
  crossEntropyRows(z: number, y: number, rows: number, V: number, maxOut: number, sumOut: number, pickedOut: number): void;
  crossEntropyGrad(z: number, logZ: number, y: number, a: number, b: number, dx: number, rows: number, V: number): void;
}

const exportsFor = perBackendExports<CrossEntropyExports>(CROSSENTROPY_WASM);

/** Rows and vocabulary of float32 logits [N, V] with int32 labels [N]; throws naming the kernel otherwise. */
export function crossEntropyShape(kernel: string, logits: TensorInfo, labels: TensorInfo): [rows: number, V: number] {
  if (logits.dtype !== 'float32' || logits.shape.length !== 2) {
    throw new TypeError(`${kernel}: logits must be float32 [N, V] (got ${logits.dtype} [${logits.shape}])`);
  }
  const [rows, V] = logits.shape;
  if (labels.dtype !== 'int32' || !util.arraysEqual(labels.shape, [rows])) {
    throw new TypeError(`${kernel}: labels must be int32 [${rows}] (got ${labels.dtype} [${labels.shape}])`);
  }
  return [rows, V];
}

/** One float32 value per row, [N]; throws naming the kernel and input otherwise. */
function checkRowValues(kernel: string, name: string, t: TensorInfo, rows: number): void {
  if (t.dtype !== 'float32' || !util.arraysEqual(t.shape, [rows])) {
    throw new TypeError(`${kernel}: ${name} must be float32 [${rows}] (got ${t.dtype} [${t.shape}])`);
  }
}

export const crossEntropyRowsConfig: KernelConfig = {
  kernelName: CROSS_ENTROPY_ROWS,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { logits, labels } = args.inputs as { logits: TensorInfo; labels: TensorInfo };
    const [rows, V] = crossEntropyShape(CROSS_ENTROPY_ROWS, logits, labels);
    const backend = args.backend as unknown as WasmBackendLike;
    const outs = [0, 1, 2].map(() => backend.makeOutput([rows], 'float32'));
    if (rows > 0 && V > 0) {
      const at = (t: TensorInfo) => heapOffset(backend, t.dataId);
      exportsFor(backend, CROSS_ENTROPY_ROWS).crossEntropyRows(at(logits), at(labels), rows, V, at(outs[0]), at(outs[1]), at(outs[2]));
    }
    return outs;
  }) as unknown as KernelFunc,
};

export const crossEntropyGradConfig: KernelConfig = {
  kernelName: CROSS_ENTROPY_GRAD,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { logits, logZ, labels, a, b } = args.inputs as Record<'logits' | 'logZ' | 'labels' | 'a' | 'b', TensorInfo>;
    const [rows, V] = crossEntropyShape(CROSS_ENTROPY_GRAD, logits, labels);
    checkRowValues(CROSS_ENTROPY_GRAD, 'logZ', logZ, rows);
    checkRowValues(CROSS_ENTROPY_GRAD, 'a', a, rows);
    checkRowValues(CROSS_ENTROPY_GRAD, 'b', b, rows);
    const backend = args.backend as unknown as WasmBackendLike;
    const dx = backend.makeOutput([rows, V], 'float32');
    if (rows > 0 && V > 0) {
      const at = (t: TensorInfo) => heapOffset(backend, t.dataId);
      exportsFor(backend, CROSS_ENTROPY_GRAD).crossEntropyGrad(at(logits), at(logZ), at(labels), at(a), at(b), at(dx), rows, V);
    }
    return dx;
  }) as unknown as KernelFunc,
};
