/**
 * The fused RMS-norm kernels (src/model/fusedRmsNorm.ts) for tfjs-backend-webgpu. A program has
 * one output, so forward is 2 passes (a workgroup per row reduces mean(x²) → inv; then y
 * elementwise) and backward 3 (a workgroup per row reduces Σ g·dy·x; dx elementwise; dScale as a
 * column reduction), against ~7 and ~12 kernels for the composed norm.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { RMS_NORM, RMS_NORM_GRAD } from '../../model/fusedRmsNorm.ts';
import { groups, viewAs, type WebGPUBackendLike, type WebGPUProgramLike } from './program.ts';

const ROW_THREADS = 64;

/** Linear workgroup index (tfjs reshapes a dispatch wider than the device limit into 2-D/3-D). */
const WORKGROUP_INDEX = `i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x)`;

/** Per row r of [rows, d]: out[r] = f(Σ_j term(r, j)); one workgroup per row, tree reduction. */
function rowReduce(key: string, names: string[], rows: number, term: string, finish: string, extraUniforms = ''): WebGPUProgramLike {
  return {
    variableNames: names,
    outputShape: [rows],
    shaderKey: `t5lab${key}`,
    dispatchLayout: { x: [0] },
    dispatch: [rows, 1, 1],
    workgroupSize: [ROW_THREADS, 1, 1],
    variableComponents: names.map(() => 1),
    uniforms: `rows : i32, d : i32, ${extraUniforms}`,
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${ROW_THREADS}>;
      fn main(index : i32) {
        let row = ${WORKGROUP_INDEX};
        let tid = i32(localId.x);
        let d = uniforms.d;
        var s = 0.0;
        if (row < uniforms.rows) {
          for (var j = tid; j < d; j += ${ROW_THREADS}) {
            let i = row * d + j;
            s += ${term};
          }
        }
        partial[tid] = s;
        workgroupBarrier();
        for (var w = ${ROW_THREADS / 2}; w > 0; w = w / 2) {
          if (tid < w) { partial[tid] = partial[tid] + partial[tid + w]; }
          workgroupBarrier();
        }
        if (tid == 0 && row < uniforms.rows) {
          let total = partial[0];
          result[row] = ${finish};
        }
      }`,
  };
}

/** out[i] = expr(i, r = i / d, j = i % d) over [rows·d], flat. */
function elementwise(key: string, names: string[], shape: number[], expr: string): WebGPUProgramLike {
  const n = util.sizeFromShape(shape);
  return {
    variableNames: names,
    outputShape: shape,
    shaderKey: `t5lab${key}`,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [groups(n, 64), 1, 1],
    workgroupSize: [64, 1, 1],
    variableComponents: names.map(() => 1),
    size: true,
    uniforms: 'd : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let r = index / uniforms.d;
          let j = index % uniforms.d;
          result[index] = ${expr};
        }
      }`,
  };
}

/** dScale[j] = Σ_r dy[r, j]·x[r, j]·inv[r]: 64 columns × 4 row-strided threads per workgroup. */
function columnReduce(_rows: number, d: number): WebGPUProgramLike {
  return {
    variableNames: ['dy', 'x', 'inv'],
    outputShape: [d],
    shaderKey: 't5labRmsNormDScale',
    dispatchLayout: { x: [0] },
    dispatch: [groups(d, 64), 1, 1],
    workgroupSize: [64, 4, 1],
    variableComponents: [1, 1, 1],
    uniforms: 'rows : i32, d : i32,',
    getUserCode: () => `
      var<workgroup> partial : array<f32, 256>;
      fn main(index : i32) {
        let col = ${WORKGROUP_INDEX} * 64 + i32(localId.x);
        let lane = i32(localId.y);
        var s = 0.0;
        if (col < uniforms.d) {
          for (var r = lane; r < uniforms.rows; r += 4) {
            let i = r * uniforms.d + col;
            s += dy[i] * x[i] * inv[r];
          }
        }
        partial[lane * 64 + i32(localId.x)] = s;
        workgroupBarrier();
        if (lane == 0 && col < uniforms.d) {
          let t = i32(localId.x);
          result[col] = (partial[t] + partial[64 + t]) + (partial[128 + t] + partial[192 + t]);
        }
      }`,
  };
}

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
    const dScale = backend.runWebGPUProgram(columnReduce(rows, d), [dy2, x2, inv], 'float32', sizes);
    return [viewAs(dx, [...x.shape]), dScale];
  }) as unknown as KernelFunc,
};
