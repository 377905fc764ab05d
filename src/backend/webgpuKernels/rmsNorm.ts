/**
 * The fused RMS-norm kernels (src/model/fusedRmsNorm.ts) for tfjs-backend-webgpu. A program has
 * one output, so forward is 2 passes (a workgroup per row reduces mean(x²) → inv; then y
 * elementwise) and backward 3 (a workgroup per row reduces Σ g·dy·x; dx elementwise; dScale as a
 * column reduction), against ~7 and ~12 kernels for the composed norm.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { RMS_NORM, RMS_NORM_GRAD } from '../../model/fusedRmsNorm.ts';
import { viewAs, type WebGPUBackendLike } from './program.ts';
import { columnReduce, elementwise, rowReduce } from './reductions.ts';

function checkInputs(name: string, x: TensorInfo, scale: TensorInfo, ...rest: TensorInfo[]): [rows: number, d: number] {
  for (const t of [x, scale, ...rest]) if (t.dtype !== 'float32') throw new TypeError(`${name}: inputs must be float32 (got ${t.dtype})`);
  const d = x.shape[x.shape.length - 1] ?? 1;
  if (scale.shape.length !== 1 || scale.shape[0] !== d) {
    throw new RangeError(`${name}: scale must have shape [${d}] (got [${scale.shape.join(', ')}])`);
  }
  return [d === 0 ? 0 : util.sizeFromShape(x.shape) / d, d];
}

export const webgpuRmsNormConfig: KernelConfig = {
  kernelName: RMS_NORM,
  backendName: 'webgpu',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { x, scale } = args.inputs as { x: TensorInfo; scale: TensorInfo };
    const { epsilon } = args.attrs as { epsilon: number };
    const [rows, d] = checkInputs(RMS_NORM, x, scale);
    const backend = args.backend as unknown as WebGPUBackendLike;
    const x2 = viewAs(x, [rows, d]);
    const inv = backend.runWebGPUProgram(
      rowReduce('RmsNormInv', ['x'], rows, 'x[i] * x[i]', 'inverseSqrt(total / f32(d) + uniforms.eps)', 'eps : f32,'),
      [x2],
      'float32',
      [
        { type: 'int32', data: [rows] },
        { type: 'int32', data: [d] },
        { type: 'float32', data: [epsilon] },
      ],
    );
    const y = backend.runWebGPUProgram(
      elementwise('RmsNormY', ['x', 'inv', 'scale'], [rows, d], 'x[index] * inv[r] * scale[j]'),
      [x2, inv, scale],
      'float32',
      [{ type: 'int32', data: [Math.max(d, 1)] }],
    );
    return [viewAs(y, [...x.shape]), inv];
  }) as unknown as KernelFunc,
};

export const webgpuRmsNormGradConfig: KernelConfig = {
  kernelName: RMS_NORM_GRAD,
  backendName: 'webgpu',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { dy, x, scale, inv } = args.inputs as { dy: TensorInfo; x: TensorInfo; scale: TensorInfo; inv: TensorInfo };
    const [rows, d] = checkInputs(RMS_NORM_GRAD, x, scale, dy, inv);
    const backend = args.backend as unknown as WebGPUBackendLike;
    const x2 = viewAs(x, [rows, d]);
    const dy2 = viewAs(dy, [rows, d]);
    const sizes = [
      { type: 'int32' as const, data: [rows] },
      { type: 'int32' as const, data: [d] },
    ];
    // dx = inv·(g·dy − x·inv²·Σ_k g_k·dy_k·x_k / d)
    const dot = backend.runWebGPUProgram(
      rowReduce('RmsNormDot', ['dy', 'x', 'scale'], rows, 'scale[j] * dy[i] * x[i]', 'total'),
      [dy2, x2, scale],
      'float32',
      sizes,
    );
    const dx = backend.runWebGPUProgram(
      elementwise(
        'RmsNormDx',
        ['dy', 'x', 'scale', 'inv', 'rowDot'],
        [rows, d],
        'inv[r] * (scale[j] * dy[index] - x[index] * inv[r] * inv[r] * rowDot[r] / f32(uniforms.d))',
      ),
      [dy2, x2, scale, inv, dot],
      'float32',
      [{ type: 'int32', data: [Math.max(d, 1)] }],
    );
    backend.disposeData(dot.dataId);
    // dScale[j] = Σ_r dy[r, j]·x[r, j]·inv[r]
    const dScale = backend.runWebGPUProgram(
      columnReduce('RmsNormDScale', ['dy', 'x', 'inv'], d, 'dy[i] * x[i] * inv[r]', 'total'),
      [dy2, x2, inv],
      'float32',
      sizes,
    );
    return [viewAs(dx, [...x.shape]), dScale];
  }) as unknown as KernelFunc,
};
