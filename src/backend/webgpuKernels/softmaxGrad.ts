/**
 * The fused softmax gradient (src/model/fusedSoftmax.ts) for tfjs-backend-webgpu: one workgroup
 * per row reduces Σ dy·p (fixed tree order) and then writes dx = p·(dy − Σ) for its row, one
 * dispatch instead of tfjs's four.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { SOFTMAX_GRAD } from '../../model/fusedSoftmax.ts';
import { viewAs, type WebGPUBackendLike, type WebGPUProgramLike } from './program.ts';
import { ROW_THREADS, WORKGROUP_INDEX } from './reductions.ts';

function softmaxGradProgram(rows: number, d: number): WebGPUProgramLike {
  return {
    variableNames: ['dy', 'p'],
    outputShape: [rows, d],
    shaderKey: 't5labSoftmaxGrad',
    dispatchLayout: { x: [0, 1] },
    dispatch: [rows, 1, 1],
    workgroupSize: [ROW_THREADS, 1, 1],
    variableComponents: [1, 1],
    uniforms: 'rows : i32, d : i32,',
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
            s += dy[i] * p[i];
          }
        }
        partial[tid] = s;
        workgroupBarrier();
        for (var w = ${ROW_THREADS / 2}; w > 0; w = w / 2) {
          if (tid < w) { partial[tid] = partial[tid] + partial[tid + w]; }
          workgroupBarrier();
        }
        let total = partial[0];
        if (row < uniforms.rows) {
          for (var j = tid; j < d; j += ${ROW_THREADS}) {
            let i = row * d + j;
            result[i] = p[i] * (dy[i] - total);
          }
        }
      }`,
  };
}

export const webgpuSoftmaxGradConfig: KernelConfig = {
  kernelName: SOFTMAX_GRAD,
  backendName: 'webgpu',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { dy, p } = args.inputs as { dy: TensorInfo; p: TensorInfo };
    if (dy.dtype !== 'float32' || p.dtype !== 'float32') {
      throw new TypeError(`${SOFTMAX_GRAD}: dy and p must be float32 (got ${dy.dtype} and ${p.dtype})`);
    }
    if (!util.arraysEqual(dy.shape, p.shape)) {
      throw new RangeError(`${SOFTMAX_GRAD}: dy [${dy.shape}] and p [${p.shape}] must have one shape`);
    }
    const d = p.shape[p.shape.length - 1] ?? 1;
    const rows = d === 0 ? 0 : util.sizeFromShape(p.shape) / d;
    const backend = args.backend as unknown as WebGPUBackendLike;
    const out = backend.runWebGPUProgram(softmaxGradProgram(rows, d), [viewAs(dy, [rows, d]), viewAs(p, [rows, d])], 'float32', [
      { type: 'int32', data: [rows] },
      { type: 'int32', data: [d] },
    ]);
    return viewAs(out, [...p.shape]);
  }) as unknown as KernelFunc,
};
