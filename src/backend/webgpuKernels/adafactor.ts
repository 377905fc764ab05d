/**
 * The fused Adafactor update kernels (src/training/fusedAdafactor.ts) for tfjs-backend-webgpu.
 * A program has one output, so a factored update is 7 dispatches (row and column moments, their
 * mean, per-row sums of u² and w², the clipping and parameter scales, the new weight) and an
 * unfactored one 5, plus one for a first moment, against ~22 for the update composed of tfjs ops.
 * Each element is computed with the same float32 operations in the same order as the ops path.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import {
  ADAFACTOR_FACTORED,
  ADAFACTOR_FULL,
  checkAdafactorInput as check,
  type AdafactorKernelAttrs as Attrs,
} from '../../training/fusedAdafactor.ts';
import { viewAs, type UniformValue, type WebGPUBackendLike } from './program.ts';
import { columnReduce, elementwise, rowReduce } from './reductions.ts';

const f32 = (x: number): UniformValue => ({ type: 'float32', data: [x] });
const i32 = (x: number): UniformValue => ({ type: 'int32', data: [x] });

const MOMENT_UNIFORMS = 'decay : f32, omd : f32, eps1 : f32,';

/**
 * [div, mul] from per-row sums of u² (uRow) and w² (wRow) over n elements: div = max(RMS(u)/clip, 1)
 * (1 without clipping), mul = max(RMS(w), ε2)·lr (lr without the parameter scale). One workgroup each.
 */
function scales(backend: WebGPUBackendLike, uRow: TensorInfo, wRow: TensorInfo, rows: number, n: number, a: Attrs): TensorInfo {
  const div = a.clip ? 'max(sqrt(total / uniforms.n) / uniforms.clip, 1.0)' : '1.0';
  const mul = a.multiplyByParameterScale ? 'max(sqrt(total / uniforms.n), uniforms.eps2) * uniforms.lr' : 'uniforms.lr';
  return backend.runWebGPUProgram(
    rowReduce(
      `AdafactorScales${a.clip ? 'C' : ''}${a.multiplyByParameterScale ? 'P' : ''}`,
      ['uRow', 'wRow'],
      2,
      'select(wRow[j], uRow[j], row == 0)',
      `select(${mul}, ${div}, row == 0)`,
      'n : f32, clip : f32, eps2 : f32, lr : f32,',
    ),
    [uRow, wRow],
    'float32',
    [i32(2), i32(rows), f32(n), f32(a.clippingThreshold), f32(a.epsilon2), f32(a.learningRate)],
  );
}

/**
 * The new weight (and first moment) from w, the update expression `u` (an expression of `index`,
 * `r`, `j` over `names`) and sc = [div, mul]: delta = u / div · mul, m' = β1·m + (1 − β1)·delta, w − delta.
 */
function applyUpdate(
  backend: WebGPUBackendLike,
  key: string,
  names: string[],
  inputs: TensorInfo[],
  shape: number[],
  d: number,
  u: string,
  m: TensorInfo | undefined,
  a: Attrs,
): TensorInfo[] {
  const delta = `((${u}) / sc[0]) * sc[1]`;
  if (!m) {
    return [backend.runWebGPUProgram(elementwise(key, ['w', ...names, 'sc'], shape, `w[index] - ${delta}`), inputs, 'float32', [i32(d)])];
  }
  const newM = backend.runWebGPUProgram(
    elementwise(
      `${key}M`,
      ['m', ...names, 'sc'],
      shape,
      `m[index] * uniforms.beta1 + ${delta} * uniforms.omb1`,
      'beta1 : f32, omb1 : f32,',
    ),
    [m, ...inputs.slice(1)],
    'float32',
    [i32(d), f32(a.beta1), f32(1 - a.beta1)],
  );
  const newW = backend.runWebGPUProgram(
    elementwise('AdafactorSub', ['w', 'm'], shape, 'w[index] - m[index]'),
    [inputs[0], newM],
    'float32',
    [i32(d)],
  );
  return [newW, newM];
}

export const webgpuAdafactorFactoredConfig: KernelConfig = {
  kernelName: ADAFACTOR_FACTORED,
  backendName: 'webgpu',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { w, g, r, c, m } = args.inputs as Record<'w' | 'g' | 'r' | 'c', TensorInfo> & { m?: TensorInfo };
    const attrs = args.attrs as unknown as Attrs;
    if (w.shape.length !== 2) throw new TypeError(`${ADAFACTOR_FACTORED}: w must be a matrix (got [${w.shape}])`);
    const [a, b] = w.shape;
    check(ADAFACTOR_FACTORED, 'g', g, [a, b]);
    check(ADAFACTOR_FACTORED, 'r', r, [a]);
    check(ADAFACTOR_FACTORED, 'c', c, [b]);
    if (m) check(ADAFACTOR_FACTORED, 'm', m, [a, b]);
    const backend = args.backend as unknown as WebGPUBackendLike;
    const moments = [i32(a), i32(b), f32(attrs.decay), f32(attrs.oneMinusDecay), f32(attrs.epsilon1)];
    // r' = decay·r + (1 − decay)·mean_j(g² + ε1), c' likewise down the columns.
    const newR = backend.runWebGPUProgram(
      rowReduce(
        'AdafactorRows',
        ['g', 'r'],
        a,
        'g[i] * g[i] + uniforms.eps1',
        'r[row] * uniforms.decay + (total / f32(d)) * uniforms.omd',
        MOMENT_UNIFORMS,
      ),
      [g, r],
      'float32',
      moments,
    );
    const newC = backend.runWebGPUProgram(
      columnReduce(
        'AdafactorCols',
        ['g', 'c'],
        b,
        'g[i] * g[i] + uniforms.eps1',
        'c[col] * uniforms.decay + (total / f32(uniforms.rows)) * uniforms.omd',
        MOMENT_UNIFORMS,
      ),
      [g, c],
      'float32',
      moments,
    );
    const meanR = backend.runWebGPUProgram(
      rowReduce('AdafactorMean', ['v'], 1, 'v[i]', 'total / f32(d)'),
      [viewAs(newR, [1, a])],
      'float32',
      [i32(1), i32(a)],
    );
    // u = (g · rsqrt(r'/mean(r'))) · rsqrt(c'), as the ops path multiplies.
    const prelude = `fn adafactorU(i : i32, row : i32, j : i32) -> f32 { return (g[i] * (1.0 / sqrt(nr[row] / mr[0]))) * (1.0 / sqrt(nc[j])); }`;
    const uRow = backend.runWebGPUProgram(
      rowReduce('AdafactorURows', ['g', 'nr', 'nc', 'mr'], a, 'adafactorU(i, row, j) * adafactorU(i, row, j)', 'total', '', prelude),
      [g, newR, newC, meanR],
      'float32',
      [i32(a), i32(b)],
    );
    const wRow = backend.runWebGPUProgram(rowReduce('AdafactorWRows', ['w'], a, 'w[i] * w[i]', 'total'), [w], 'float32', [i32(a), i32(b)]);
    const sc = scales(backend, uRow, wRow, a, a * b, attrs);
    const u = '(g[index] * (1.0 / sqrt(nr[r] / mr[0]))) * (1.0 / sqrt(nc[j]))';
    const [newW, newM] = applyUpdate(
      backend,
      'AdafactorApplyFactored',
      ['g', 'nr', 'nc', 'mr'],
      [w, g, newR, newC, meanR, sc],
      [a, b],
      b,
      u,
      m,
      attrs,
    );
    for (const t of [meanR, uRow, wRow, sc]) backend.disposeData(t.dataId);
    return newM ? [newW, newR, newC, newM] : [newW, newR, newC];
  }) as unknown as KernelFunc,
};

export const webgpuAdafactorFullConfig: KernelConfig = {
  kernelName: ADAFACTOR_FULL,
  backendName: 'webgpu',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { w, g, v, m } = args.inputs as Record<'w' | 'g' | 'v', TensorInfo> & { m?: TensorInfo };
    const attrs = args.attrs as unknown as Attrs;
    const shape = [...w.shape];
    check(ADAFACTOR_FULL, 'g', g, shape);
    check(ADAFACTOR_FULL, 'v', v, shape);
    if (m) check(ADAFACTOR_FULL, 'm', m, shape);
    const backend = args.backend as unknown as WebGPUBackendLike;
    const n = util.sizeFromShape(shape);
    const d = Math.max(1, shape.at(-1) ?? 1);
    const rows = n / d;
    const flat = [rows, d];
    // v' = decay·v + (1 − decay)·(g² + ε1)
    const newV = backend.runWebGPUProgram(
      elementwise(
        'AdafactorV',
        ['v', 'g'],
        flat,
        'v[index] * uniforms.decay + (g[index] * g[index] + uniforms.eps1) * uniforms.omd',
        MOMENT_UNIFORMS,
      ),
      [viewAs(v, flat), viewAs(g, flat)],
      'float32',
      [i32(d), f32(attrs.decay), f32(attrs.oneMinusDecay), f32(attrs.epsilon1)],
    );
    const prelude = `fn adafactorU(i : i32) -> f32 { return g[i] * (1.0 / sqrt(nv[i])); }`;
    const uRow = backend.runWebGPUProgram(
      rowReduce('AdafactorURowsFull', ['g', 'nv'], rows, 'adafactorU(i) * adafactorU(i)', 'total', '', prelude),
      [viewAs(g, flat), newV],
      'float32',
      [i32(rows), i32(d)],
    );
    const wRow = backend.runWebGPUProgram(rowReduce('AdafactorWRows', ['w'], rows, 'w[i] * w[i]', 'total'), [viewAs(w, flat)], 'float32', [
      i32(rows),
      i32(d),
    ]);
    const sc = scales(backend, uRow, wRow, rows, n, attrs);
    const [newW, newM] = applyUpdate(
      backend,
      'AdafactorApplyFull',
      ['g', 'nv'],
      [viewAs(w, flat), viewAs(g, flat), newV, sc],
      flat,
      d,
      'g[index] * (1.0 / sqrt(nv[index]))',
      m ? viewAs(m, flat) : undefined,
      attrs,
    );
    for (const t of [uRow, wRow, sc]) backend.disposeData(t.dataId);
    const outs = [viewAs(newW, shape), viewAs(newV, shape)];
    if (newM) outs.push(viewAs(newM, shape));
    return outs;
  }) as unknown as KernelFunc,
};
