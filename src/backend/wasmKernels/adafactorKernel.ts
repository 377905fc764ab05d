/**
 * The fused Adafactor update kernels (src/training/fusedAdafactor.ts) for tfjs-backend-wasm, on
 * adafactor.wat: three passes over a weight instead of ~22 tfjs kernels.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import {
  ADAFACTOR_FACTORED,
  ADAFACTOR_FULL,
  checkAdafactorInput as check,
  type AdafactorKernelAttrs as Attrs,
} from '../../training/fusedAdafactor.ts';
import { ADAFACTOR_WASM } from './adafactorWasm.generated.ts';
import { heapOffset, perBackendExports, type WasmBackendLike } from './wasmModules.ts';

type F = number;
interface AdafactorExports {
  // prettier-ignore
  adafactorFactored(w: F, g: F, r: F, c: F, m: F, ow: F, or: F, oc: F, om: F, cf: F, a: F, b: F,
    decay: F, omd: F, eps1: F, eps2: F, lr: F, clip: F, beta1: F, omb1: F, flags: F): void;
  // prettier-ignore
  adafactorFull(w: F, g: F, v: F, m: F, ow: F, ov: F, om: F, n: F,
    decay: F, omd: F, eps1: F, eps2: F, lr: F, clip: F, beta1: F, omb1: F, flags: F): void;
}

const exportsFor = perBackendExports<AdafactorExports>(ADAFACTOR_WASM);

/** The scalar arguments shared by both exports: decay … omb1, flags. */
function scalars(a: Attrs, hasM: boolean): number[] {
  const flags = (a.multiplyByParameterScale ? 1 : 0) | (a.clip ? 2 : 0) | (hasM ? 4 : 0);
  return [a.decay, a.oneMinusDecay, a.epsilon1, a.epsilon2, a.learningRate, a.clippingThreshold, a.beta1, 1 - a.beta1, flags];
}

export const adafactorFactoredConfig: KernelConfig = {
  kernelName: ADAFACTOR_FACTORED,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { w, g, r, c, m } = args.inputs as Record<'w' | 'g' | 'r' | 'c', TensorInfo> & { m?: TensorInfo };
    const attrs = args.attrs as unknown as Attrs;
    if (w.shape.length !== 2) throw new TypeError(`${ADAFACTOR_FACTORED}: w must be a matrix (got [${w.shape}])`);
    const [a, b] = w.shape;
    check(ADAFACTOR_FACTORED, 'w', w, [a, b]);
    check(ADAFACTOR_FACTORED, 'g', g, [a, b]);
    check(ADAFACTOR_FACTORED, 'r', r, [a]);
    check(ADAFACTOR_FACTORED, 'c', c, [b]);
    if (m) check(ADAFACTOR_FACTORED, 'm', m, [a, b]);
    const backend = args.backend as unknown as WasmBackendLike;
    const outs = [backend.makeOutput([a, b], 'float32'), backend.makeOutput([a], 'float32'), backend.makeOutput([b], 'float32')];
    if (m) outs.push(backend.makeOutput([a, b], 'float32'));
    if (a * b > 0) {
      const at = (t: TensorInfo) => heapOffset(backend, t.dataId);
      // Scratch for the column factors rsqrt(c'), 16-byte aligned.
      const raw = backend.wasm._malloc(4 * b + 16) >>> 0;
      const cf = Math.ceil(raw / 16) * 16;
      try {
        const mp = m ? at(m) : 0;
        const omp = m ? at(outs[3]) : 0;
        // prettier-ignore
        exportsFor(backend, ADAFACTOR_FACTORED).adafactorFactored(
          at(w), at(g), at(r), at(c), mp, at(outs[0]), at(outs[1]), at(outs[2]), omp, cf, a, b, ...(scalars(attrs, !!m) as [F, F, F, F, F, F, F, F, F]));
      } finally {
        backend.wasm._free(raw);
      }
    }
    return outs;
  }) as unknown as KernelFunc,
};

export const adafactorFullConfig: KernelConfig = {
  kernelName: ADAFACTOR_FULL,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<KernelFunc>[0]): TensorInfo[] => {
    const { w, g, v, m } = args.inputs as Record<'w' | 'g' | 'v', TensorInfo> & { m?: TensorInfo };
    const attrs = args.attrs as unknown as Attrs;
    check(ADAFACTOR_FULL, 'w', w, w.shape);
    check(ADAFACTOR_FULL, 'g', g, w.shape);
    check(ADAFACTOR_FULL, 'v', v, w.shape);
    if (m) check(ADAFACTOR_FULL, 'm', m, w.shape);
    const backend = args.backend as unknown as WasmBackendLike;
    const outs = [backend.makeOutput([...w.shape], 'float32'), backend.makeOutput([...w.shape], 'float32')];
    if (m) outs.push(backend.makeOutput([...w.shape], 'float32'));
    const n = util.sizeFromShape(w.shape);
    if (n > 0) {
      const at = (t: TensorInfo) => heapOffset(backend, t.dataId);
      // prettier-ignore
      exportsFor(backend, ADAFACTOR_FULL).adafactorFull(
        at(w), at(g), at(v), m ? at(m) : 0, at(outs[0]), at(outs[1]), m ? at(outs[2]) : 0, n, ...(scalars(attrs, !!m) as [F, F, F, F, F, F, F, F, F]));
    }
    return outs;
  }) as unknown as KernelFunc,
};
