/**
 * BatchMatMul for tfjs-backend-webgpu: a 64×64 output tile per workgroup of 16×16 threads, each
 * thread accumulating a 4×4 block as four vec4 FMAs per k (an outer product of a column of A and
 * a row of B, both read as vec4 from workgroup memory). transposeA / transposeB only change how a
 * tile is loaded into workgroup memory, so transposed operands cost no copy and no slower inner
 * loop; loads are vec4 whenever the operand's contiguous axis is a multiple of 4. Batch dims
 * broadcast NumPy-style (up to 4 outer dims), including the two-sided case ([2,1,…] with
 * [1,3,…]) that tfjs's stock kernels flatten incorrectly.
 */
import { broadcast_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { groups, viewAs, type UniformValue, type WebGPUBackendLike, type WebGPUProgramLike } from './program.ts';

const TILE = 64;
const TILE_K = 16;
const MAX_OUTER_DIMS = 4;
/** tfjs 4.22's batchMatMulImpl: split-K for batch 1 and K ≥ 2000 unless the output has ≤ 128 elements. */
const STOCK_SPLIT_K_MIN_INNER = 2000;
const STOCK_REDUCE_MAX_OUTPUT = 128;

/**
 * Products with M or N below this go to the stock kernel (unless its batch broadcasting would be
 * wrong): a 64×64 tile mostly idle costs little on a GPU but a lot on SwiftShader, where every
 * invocation is CPU work. Tests set it to 0 to run every shape through this kernel.
 */
let minOuterSize = 32;

/** Sets the smallest M and N this kernel takes (0: all); returns the previous value. */
export function setWebgpuMatMulMinSize(n: number): number {
  const previous = minOuterSize;
  minOuterSize = n;
  return previous;
}

interface Layout {
  transposeA: boolean;
  transposeB: boolean;
  vecA: boolean;
  vecB: boolean;
  vecOut: boolean;
}

/** Loads 4 consecutive elements along the operand's contiguous axis (zeros outside [0, limit)). */
function fetch4(name: string, vec: boolean, start: string, inRange: string, last: string): string {
  if (vec) return `select(vec4<f32>(0.0), ${name}[(${start}) / 4], ${inRange})`;
  // Scalar buffer: each of the 4 elements is checked against the end of its run.
  return `vec4<f32>(${[0, 1, 2, 3].map((j) => `select(0.0, ${name}[min(${start} + ${j}, total${name} - 1)], ${inRange} && ${last} + ${j} < limit${name})`).join(', ')})`;
}

/** The user code of one layout (transposes and vec4-ness are compile-time; sizes are uniforms). */
function matMulSource(l: Layout): string {
  // Tile element each thread loads: along the contiguous axis 4 at a time.
  //   A [M, K] row-major: thread → (m = tid / 4, k = 4·(tid % 4)), writes As[k + j][m].
  //   Aᵀ stored [K, M]:   thread → (k = tid / 16, m = 4·(tid % 16)), writes As[k][m..m+3].
  const loadA = l.transposeA
    ? `{
        let k = tid / 16; let m = (tid % 16) * 4;
        let gk = k0 + k; let gm = row0 + m;
        let limitA = uniforms.dimM;
        let v = ${fetch4('A', l.vecA, 'aBase + gk * uniforms.dimM + gm', 'gk < uniforms.dimK && gm < uniforms.dimM', 'gm')};
        As[k * 16 + m / 4] = v;
      }`
    : `{
        let m = tid / 4; let k = (tid % 4) * 4;
        let gm = row0 + m; let gk = k0 + k;
        let limitA = uniforms.dimK;
        let v = ${fetch4('A', l.vecA, 'aBase + gm * uniforms.dimK + gk', 'gm < uniforms.dimM && gk < uniforms.dimK', 'gk')};
        let slot = m / 4; let lane = m % 4;
        As[k * 16 + slot][lane] = v.x;
        As[(k + 1) * 16 + slot][lane] = v.y;
        As[(k + 2) * 16 + slot][lane] = v.z;
        As[(k + 3) * 16 + slot][lane] = v.w;
      }`;
  //   B [K, N] row-major: thread → (k = tid / 16, n = 4·(tid % 16)), writes Bs[k][n..n+3].
  //   Bᵀ stored [N, K]:   thread → (n = tid / 4, k = 4·(tid % 4)), writes Bs[k + j][n].
  const loadB = l.transposeB
    ? `{
        let n = tid / 4; let k = (tid % 4) * 4;
        let gn = col0 + n; let gk = k0 + k;
        let limitB = uniforms.dimK;
        let v = ${fetch4('B', l.vecB, 'bBase + gn * uniforms.dimK + gk', 'gn < uniforms.dimN && gk < uniforms.dimK', 'gk')};
        let slot = n / 4; let lane = n % 4;
        Bs[k * 16 + slot][lane] = v.x;
        Bs[(k + 1) * 16 + slot][lane] = v.y;
        Bs[(k + 2) * 16 + slot][lane] = v.z;
        Bs[(k + 3) * 16 + slot][lane] = v.w;
      }`
    : `{
        let k = tid / 16; let n = (tid % 16) * 4;
        let gk = k0 + k; let gn = col0 + n;
        let limitB = uniforms.dimN;
        let v = ${fetch4('B', l.vecB, 'bBase + gk * uniforms.dimN + gn', 'gk < uniforms.dimK && gn < uniforms.dimN', 'gn')};
        Bs[k * 16 + n / 4] = v;
      }`;
  const store = l.vecOut
    ? `if (r < uniforms.dimM && c < uniforms.dimN) { result[(outBase + r * uniforms.dimN + c) / 4] = acc[i]; }`
    : `for (var j = 0; j < 4; j++) {
          if (r < uniforms.dimM && c + j < uniforms.dimN) { result[outBase + r * uniforms.dimN + c + j] = acc[i][j]; }
        }`;
  return `
    var<workgroup> As : array<vec4<f32>, ${TILE_K * 16}>;
    var<workgroup> Bs : array<vec4<f32>, ${TILE_K * 16}>;

    fn main() {
      let tx = i32(localId.x);
      let ty = i32(localId.y);
      let tid = ty * 16 + tx;
      let batch = i32(globalId.z);
      let row0 = i32(workgroupId.y) * ${TILE};
      let col0 = i32(workgroupId.x) * ${TILE};
      let totalA = i32(arrayLength(&A)) * ${l.vecA ? 4 : 1};
      let totalB = i32(arrayLength(&B)) * ${l.vecB ? 4 : 1};
      // Output batch index → coordinates over (up to) 4 outer dims → each operand's matrix.
      let dims = uniforms.outerDims;
      var rest = batch;
      let c3 = rest % dims.w; rest = rest / dims.w;
      let c2 = rest % dims.z; rest = rest / dims.z;
      let c1 = rest % dims.y; rest = rest / dims.y;
      let coords = vec4<i32>(rest, c1, c2, c3);
      let aBase = dot(coords, uniforms.aBatchStrides) * uniforms.dimM * uniforms.dimK;
      let bBase = dot(coords, uniforms.bBatchStrides) * uniforms.dimK * uniforms.dimN;
      let outBase = batch * uniforms.dimM * uniforms.dimN;

      var acc : array<vec4<f32>, 4>;
      for (var i = 0; i < 4; i++) { acc[i] = vec4<f32>(0.0); }

      for (var k0 = 0; k0 < uniforms.dimK; k0 += ${TILE_K}) {
        ${loadA}
        ${loadB}
        workgroupBarrier();
        for (var kk = 0; kk < ${TILE_K}; kk++) {
          let a = As[kk * 16 + ty];
          let b = Bs[kk * 16 + tx];
          acc[0] = fma(vec4<f32>(a.x), b, acc[0]);
          acc[1] = fma(vec4<f32>(a.y), b, acc[1]);
          acc[2] = fma(vec4<f32>(a.z), b, acc[2]);
          acc[3] = fma(vec4<f32>(a.w), b, acc[3]);
        }
        workgroupBarrier();
      }

      let c = col0 + tx * 4;
      for (var i = 0; i < 4; i++) {
        let r = row0 + ty * 4 + i;
        ${store}
      }
    }
  `;
}

function makeProgram(l: Layout, batch: number, M: number, N: number): WebGPUProgramLike {
  return {
    variableNames: ['A', 'B'],
    outputShape: [batch, M, N],
    shaderKey: `t5labMatMul_${+l.transposeA}${+l.transposeB}${+l.vecA}${+l.vecB}${+l.vecOut}`,
    dispatchLayout: { x: [2], y: [1], z: [0] },
    dispatch: [groups(N, TILE), groups(M, TILE), batch],
    workgroupSize: [16, 16, 1],
    variableComponents: [l.vecA ? 4 : 1, l.vecB ? 4 : 1],
    outputComponent: l.vecOut ? 4 : 1,
    uniforms: 'dimM : i32, dimN : i32, dimK : i32, outerDims : vec4<i32>, aBatchStrides : vec4<i32>, bBatchStrides : vec4<i32>,',
    getUserCode: () => matMulSource(l),
  };
}

/** Strides (in whole matrices) of an operand's outer dims against the output's, 0 where it broadcasts. */
function batchStrides(outer: number[], outOuter: number[]): number[] {
  const padded = [...new Array(MAX_OUTER_DIMS - outer.length).fill(1), ...outer];
  const strides = new Array<number>(MAX_OUTER_DIMS).fill(0);
  let s = 1;
  for (let i = MAX_OUTER_DIMS - 1; i >= 0; i--) {
    strides[i] = padded[i] === 1 && outOuter[i] !== 1 ? 0 : s;
    s *= padded[i];
  }
  return strides;
}

/** Builds the replacement BatchMatMul from the stock one (used for what it does not cover). */
export function webgpuBatchMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA = false, transposeB = false } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || outerA.length > MAX_OUTER_DIMS || outerB.length > MAX_OUTER_DIMS) {
      return stock.kernelFunc(args) as TensorInfo;
    }
    const ra = a.shape.length;
    const rb = b.shape.length;
    const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const kB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    util.assert(
      K === kB,
      () =>
        `Error in matMul: inner shapes (${K}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and ` +
        `transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
    const outOuter = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
    const outShape = [...outOuter, M, N];
    const batch = util.sizeFromShape(outOuter);
    // tfjs's kernel indexes a batch as (out batch) % (own batch): right only when each operand has 1 or all batches.
    const stockBroadcastOk = [outerA, outerB].every((o) => [1, batch].includes(util.sizeFromShape(o)));
    // For one long product with few output tiles (the embedding's dh = dlogits·E, K = vocab) the stock
    // kernel splits K and adds the parts with float atomics in no fixed order; this kernel sums in order.
    const stockSplitsK = batch === 1 && K >= STOCK_SPLIT_K_MIN_INNER && M * N > STOCK_REDUCE_MAX_OUTPUT;
    if (stockBroadcastOk && !stockSplitsK && (M < minOuterSize || N < minOuterSize)) return stock.kernelFunc(args) as TensorInfo;
    const backend = args.backend as unknown as WebGPUBackendLike;
    const paddedOut = [...new Array(MAX_OUTER_DIMS - outOuter.length).fill(1), ...outOuter];
    const layout: Layout = {
      transposeA,
      transposeB,
      vecA: (transposeA ? M : K) % 4 === 0,
      vecB: (transposeB ? K : N) % 4 === 0,
      vecOut: N % 4 === 0,
    };
    const uniforms: UniformValue[] = [
      { type: 'int32', data: [M] },
      { type: 'int32', data: [N] },
      { type: 'int32', data: [K] },
      { type: 'int32', data: paddedOut },
      { type: 'int32', data: batchStrides(outerA, paddedOut) },
      { type: 'int32', data: batchStrides(outerB, paddedOut) },
    ];
    const a3 = viewAs(a, [util.sizeFromShape(outerA), a.shape[ra - 2], a.shape[ra - 1]]);
    const b3 = viewAs(b, [util.sizeFromShape(outerB), b.shape[rb - 2], b.shape[rb - 1]]);
    if (M * N * batch > 0 && K === 0) return stock.kernelFunc(args) as TensorInfo; // all-zero product: rare, stock handles it
    const out = backend.runWebGPUProgram(makeProgram(layout, batch, M, N), [a3, b3], 'float32', uniforms);
    return viewAs(out, outShape);
  };
  return { kernelName: 'BatchMatMul', backendName: 'webgpu', kernelFunc: kernelFunc as unknown as KernelFunc };
}
