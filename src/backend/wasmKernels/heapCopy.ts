/**
 * Strided copies inside tfjs-backend-wasm's heap with copy.wat: a copy is described by element
 * counts and byte strides per dimension; dimensions are merged where memory is contiguous so each
 * memory.copy moves the longest possible run.
 */
import { COPY_WASM } from './copyWasm.generated.ts';
import { instantiateOn, wasmMemoryOf, type WasmBackendLike } from './wasmModules.ts';

interface CopyExports {
  copyRuns(
    src: number,
    dst: number,
    n0: number,
    n1: number,
    n2: number,
    s0: number,
    s1: number,
    s2: number,
    d0: number,
    d1: number,
    d2: number,
    run: number,
  ): void;
  gatherRows(table: number, rows: number, idx: number, n: number, dst: number, rowBytes: number): number;
  transpose32(
    src: number,
    dst: number,
    n0: number,
    n1: number,
    s0: number,
    s1: number,
    d0: number,
    d1: number,
    rows: number,
    cols: number,
    sr: number,
    dc: number,
  ): void;
}

const instances = new WeakMap<object, CopyExports | null>();

/** copy.wat on this backend's memory, or null when the engine cannot run it. */
export function copyModuleFor(backend: WasmBackendLike): CopyExports | null {
  if (!instances.has(backend)) {
    const memory = wasmMemoryOf(backend);
    const inst = memory ? instantiateOn(COPY_WASM, memory) : null;
    instances.set(backend, inst ? (inst.exports as unknown as CopyExports) : null);
  }
  return instances.get(backend)!;
}

/** One dimension of a strided copy: how many, and byte strides in source and destination. */
export interface CopyDim {
  count: number;
  src: number;
  dst: number;
}

/**
 * Copies elements of `elementBytes` bytes over `dims` (outermost first) from byte offset `src`
 * to `dst`. Source and destination must not overlap.
 */
export function copyStrided(mod: CopyExports, src: number, dst: number, dims: CopyDim[], elementBytes: number): void {
  if (dims.some((d) => d.count === 0)) return;
  const ds = mergeDims(dims);
  // An innermost dim contiguous on both sides is the run.
  let run = elementBytes;
  if (ds.length > 0 && ds[ds.length - 1].src === run && ds[ds.length - 1].dst === run) run *= ds.pop()!.count;
  const loop = (level: number, s: number, d: number): void => {
    if (ds.length - level <= 3) {
      const rest = ds.slice(level);
      while (rest.length < 3) rest.unshift({ count: 1, src: 0, dst: 0 });
      mod.copyRuns(
        s,
        d,
        rest[0].count,
        rest[1].count,
        rest[2].count,
        rest[0].src,
        rest[1].src,
        rest[2].src,
        rest[0].dst,
        rest[1].dst,
        rest[2].dst,
        run,
      );
      return;
    }
    for (let i = 0; i < ds[level].count; i++) loop(level + 1, s + i * ds[level].src, d + i * ds[level].dst);
  };
  loop(0, src, dst);
}

/** Row-major strides of `shape`, in units of `scale` (e.g. bytes per element). */
export function stridesOf(shape: number[], scale: number): number[] {
  const out = new Array<number>(shape.length);
  let s = scale;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}

/** Drops dimensions of one element and merges neighbours that step like one longer dimension. */
function mergeDims(dims: CopyDim[]): CopyDim[] {
  const ds = dims.filter((d) => d.count !== 1).map((d) => ({ ...d }));
  for (let i = ds.length - 2; i >= 0; i--) {
    const outer = ds[i];
    const inner = ds[i + 1];
    if (outer.src === inner.src * inner.count && outer.dst === inner.dst * inner.count) {
      inner.count *= outer.count;
      ds.splice(i, 1);
    }
  }
  return ds;
}

/**
 * A batch of transposed matrices of 32-bit elements: for every index of `outer` (outermost first),
 * element (r, c) of the matrix, `rows` × `cols`, moves from src + r·srcRowBytes + 4c to
 * dst + c·dstColBytes + 4r (plus the outer dims' byte strides). Source and destination must not
 * overlap.
 */
export function transposeStrided(
  mod: CopyExports,
  src: number,
  dst: number,
  outer: CopyDim[],
  rows: number,
  cols: number,
  srcRowBytes: number,
  dstColBytes: number,
): void {
  if (rows === 0 || cols === 0 || outer.some((d) => d.count === 0)) return;
  const ds = mergeDims(outer);
  const loop = (level: number, s: number, d: number): void => {
    if (ds.length - level <= 2) {
      const rest = ds.slice(level);
      while (rest.length < 2) rest.unshift({ count: 1, src: 0, dst: 0 });
      mod.transpose32(
        s,
        d,
        rest[0].count,
        rest[1].count,
        rest[0].src,
        rest[1].src,
        rest[0].dst,
        rest[1].dst,
        rows,
        cols,
        srcRowBytes,
        dstColBytes,
      );
      return;
    }
    for (let i = 0; i < ds[level].count; i++) loop(level + 1, s + i * ds[level].src, d + i * ds[level].dst);
  };
  loop(0, src, dst);
}
