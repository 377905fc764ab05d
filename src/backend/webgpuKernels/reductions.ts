/**
 * Program builders shared by t5lab's WGSL kernels: a reduction along each row, a reduction down
 * each column, and an elementwise map. Expressions are spliced into the shader text, so the
 * `key` of each call must be unique per expression (it is the pipeline-cache key).
 */
import { util } from '@tensorflow/tfjs';
import { groups, type WebGPUProgramLike } from './program.ts';

/** Threads of a workgroup that reduces one row. */
export const ROW_THREADS = 64;

/** Linear workgroup index (tfjs reshapes a dispatch wider than the device limit into 2-D/3-D). */
export const WORKGROUP_INDEX = `i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x)`;

/**
 * Per row r of [rows, d]: out[r] = finish(total = Σ_j term(row, j, i = row·d + j)); one workgroup
 * per row, tree reduction. Uniforms `rows`, `d`, then `extraUniforms`; `prelude` may define functions.
 */
export function rowReduce(
  key: string,
  names: string[],
  rows: number,
  term: string,
  finish: string,
  extraUniforms = '',
  prelude = '',
): WebGPUProgramLike {
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
      ${prelude}
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

/**
 * Per column j of [rows, d]: out[j] = finish(total = Σ_r term(r, col, i = r·d + col)); 64
 * columns × 4 row-strided threads per workgroup. Uniforms `rows`, `d`, then `extraUniforms`.
 */
export function columnReduce(key: string, names: string[], d: number, term: string, finish: string, extraUniforms = ''): WebGPUProgramLike {
  return {
    variableNames: names,
    outputShape: [d],
    shaderKey: `t5lab${key}`,
    dispatchLayout: { x: [0] },
    dispatch: [groups(d, 64), 1, 1],
    workgroupSize: [64, 4, 1],
    variableComponents: names.map(() => 1),
    uniforms: `rows : i32, d : i32, ${extraUniforms}`,
    getUserCode: () => `
      var<workgroup> partial : array<f32, 256>;
      fn main(index : i32) {
        let col = ${WORKGROUP_INDEX} * 64 + i32(localId.x);
        let lane = i32(localId.y);
        var s = 0.0;
        if (col < uniforms.d) {
          for (var r = lane; r < uniforms.rows; r += 4) {
            let i = r * uniforms.d + col;
            s += ${term};
          }
        }
        partial[lane * 64 + i32(localId.x)] = s;
        workgroupBarrier();
        if (lane == 0 && col < uniforms.d) {
          let t = i32(localId.x);
          let total = (partial[t] + partial[64 + t]) + (partial[128 + t] + partial[192 + t]);
          result[col] = ${finish};
        }
      }`,
  };
}

/** out[i] = expr(index, r = index / d, j = index % d) over `shape`, flat. Uniforms `d`, then `extraUniforms`. */
export function elementwise(
  key: string,
  names: string[],
  shape: number[],
  expr: string,
  extraUniforms = '',
  prelude = '',
): WebGPUProgramLike {
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
    uniforms: `d : i32, ${extraUniforms}`,
    getUserCode: () => `
      ${prelude}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let r = index / uniforms.d;
          let j = index % uniforms.d;
          result[index] = ${expr};
        }
      }`,
  };
}
