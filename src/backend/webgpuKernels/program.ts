/**
 * The slice of tfjs-backend-webgpu's internals t5lab's WebGPU kernels use: the program shape
 * `runWebGPUProgram` compiles (webgpu_program.ts in tfjs 4.22, frozen) and the backend call.
 * Declared here instead of imported so the kernels depend only on this stable contract.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** A compute shader as tfjs-backend-webgpu builds it: generated header + {@link getUserCode}. */
export interface WebGPUProgramLike {
  /** Input buffer names, in binding order; `A` becomes `var<storage, read> A : array<…>`. */
  variableNames: string[];
  outputShape: number[];
  /** Prefix of the pipeline-cache key: must encode every compile-time choice of the program. */
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Elements per buffer slot of each input (1 or 4: vec4 loads). */
  variableComponents?: number[];
  /** Elements per slot of the output buffer. */
  outputComponent?: number;
  /** Extra uniform fields, e.g. `dimM : i32, eps : f32,` (values passed at run time in order). */
  uniforms?: string;
  /** Adds `size : i32` (the output size) to the uniforms. */
  size?: boolean;
  getUserCode(): string;
}

export interface UniformValue {
  type: 'int32' | 'float32';
  data: number[];
}

/** The methods of tfjs's WebGPUBackend the kernels call. */
export interface WebGPUBackendLike {
  runWebGPUProgram(program: WebGPUProgramLike, inputs: TensorInfo[], outputDtype: DataType, uniforms?: UniformValue[]): TensorInfo;
  disposeData(dataId: object): void;
}

/** The same buffer seen with another shape (no copy, no reference count: valid during one call). */
export function viewAs(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Workgroups needed to cover `n` items `per` at a time. */
export function groups(n: number, per: number): number {
  return Math.max(1, Math.ceil(n / per));
}
