/**
 * The embedding gradient (src/model/embeddingGradient.ts) for tfjs-backend-webgpu, summed in a
 * fixed order so that a training step is bit-reproducible. Stock ScatterNd adds rows of repeated
 * ids with float atomics, whose order changes from run to run. Here:
 *   1. chain: for each token t, whether it is its id's first occurrence (head), and the next
 *      token with the same id (−1 at the end): a linked list per id, in token order;
 *   2. sums: each head walks its list and adds the dy rows in that order; other tokens give 0;
 *   3. stock ScatterNd of the sums: each id now receives one non-zero row and exact zeros, and
 *      x + 0 = x, so the atomics' order no longer matters.
 * Step 1 costs O(T²) integer compares over T tokens (early exit at the first match), step 2 O(T·d).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { EMBEDDING_GRAD } from '../../model/embeddingGradient.ts';
import { groups, viewAs, type WebGPUBackendLike, type WebGPUProgramLike } from './program.ts';

function chainProgram(tokens: number): WebGPUProgramLike {
  return {
    variableNames: ['ids'],
    outputShape: [2 * tokens],
    shaderKey: 't5labEmbeddingChain',
    dispatchLayout: { x: [0] },
    dispatch: [groups(2 * tokens, 64), 1, 1],
    workgroupSize: [64, 1, 1],
    variableComponents: [1],
    size: true,
    uniforms: 'tokens : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let n = uniforms.tokens;
          if (index < n) {
            let id = ids[index];
            var head = 1;
            for (var s = 0; s < index; s = s + 1) {
              if (ids[s] == id) { head = 0; break; }
            }
            result[index] = head;
          } else {
            let t = index - n;
            let id = ids[t];
            var next = -1;
            for (var s = t + 1; s < n; s = s + 1) {
              if (ids[s] == id) { next = s; break; }
            }
            result[index] = next;
          }
        }
      }`,
  };
}

function sumsProgram(tokens: number, d: number): WebGPUProgramLike {
  return {
    variableNames: ['dy', 'chain'],
    outputShape: [tokens, d],
    shaderKey: 't5labEmbeddingSums',
    dispatchLayout: { x: [0, 1] },
    dispatch: [groups(tokens * d, 64), 1, 1],
    workgroupSize: [64, 1, 1],
    variableComponents: [1, 1],
    size: true,
    uniforms: 'tokens : i32, d : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let d = uniforms.d;
          let t = index / d;
          let j = index % d;
          var total = 0.0;
          if (chain[t] == 1) {
            var s = t;
            loop {
              total = total + dy[s * d + j];
              s = chain[uniforms.tokens + s];
              if (s < 0) { break; }
            }
          }
          result[index] = total;
        }
      }`,
  };
}

export const webgpuEmbeddingGradConfig: KernelConfig = {
  kernelName: EMBEDDING_GRAD,
  backendName: 'webgpu',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { ids, dy } = args.inputs as { ids: TensorInfo; dy: TensorInfo };
    const { vocabSize } = args.attrs as { vocabSize: number };
    const backend = args.backend as unknown as WebGPUBackendLike;
    const tokens = ids.shape[0] ?? 0;
    const d = dy.shape[1] ?? 0;
    if (ids.shape.length !== 1 || dy.shape.length !== 2 || dy.shape[0] !== tokens) {
      throw new RangeError(`${EMBEDDING_GRAD}: ids must be [T] and dy [T, d] (got [${ids.shape}] and [${dy.shape}])`);
    }
    if (ids.dtype !== 'int32' || dy.dtype !== 'float32') {
      throw new TypeError(`${EMBEDDING_GRAD}: ids must be int32 and dy float32 (got ${ids.dtype} and ${dy.dtype})`);
    }
    const scatter = tf.getKernel('ScatterNd', 'webgpu')!;
    const scatterArgs = (updates: TensorInfo) =>
      ({
        inputs: { indices: viewAs(ids, [tokens, 1]), updates },
        attrs: { shape: [vocabSize, d] },
        backend: args.backend,
      }) as Parameters<KernelFunc>[0];
    if (tokens === 0 || d === 0) return scatter.kernelFunc(scatterArgs(dy)) as TensorInfo;
    const chain = backend.runWebGPUProgram(chainProgram(tokens), [ids], 'int32', [{ type: 'int32', data: [tokens] }]);
    const sums = backend.runWebGPUProgram(sumsProgram(tokens, d), [dy, chain], 'float32', [
      { type: 'int32', data: [tokens] },
      { type: 'int32', data: [d] },
    ]);
    backend.disposeData(chain.dataId);
    const out = scatter.kernelFunc(scatterArgs(sums)) as TensorInfo;
    backend.disposeData(sums.dataId);
    return out;
  }) as unknown as KernelFunc,
};
