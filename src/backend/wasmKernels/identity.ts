/**
 * Identity for tfjs-backend-wasm without a copy. tfjs clones every tensor it saves for the
 * backward pass through this kernel; the stock wasm kernel copies the data each time (~470 copies
 * per bench-nano training step), while cpu and webgl share the data and bump a reference count,
 * as wasm's own Reshape does. Safe for the same reason: no wasm kernel writes into its inputs.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** An Identity config for 'wasm' that shares data; strings still go to `stock`. */
export function sharedIdentityConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock.kernelFunc(args) as TensorInfo;
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Cast for 'wasm' that shares the data when the dtype does not change. tfjs's gradient of every
 * saved clone is such a cast (float32 → float32), ~100 copies per bench-nano step otherwise.
 */
export function sharedCastConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const { dtype } = args.attrs as { dtype: TensorInfo['dtype'] };
    if (x.dtype !== dtype || dtype === 'string') return stock.kernelFunc(args) as TensorInfo;
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype };
  };
  return { kernelName: stock.kernelName, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}
