/**
 * Loading t5lab's small WebAssembly kernel modules (compiled from *.wat by
 * scripts/build-wasm-kernels.mjs) onto tfjs-backend-wasm's own memory, so they read and write
 * tensors in place by heap offset. The threaded tfjs build has a shared memory and gets each
 * module's `shared` variant.
 */

/** A module compiled twice: for a plain and for a shared imported memory (base64). */
export interface WasmBinary {
  plain: string;
  shared: string;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * The compiled module, or null when this engine cannot run it (no WebAssembly SIMD). Compiled
 * once; the modules are a few kB, so synchronous compilation is fine even on a page.
 */
export function wasmModule(binary: WasmBinary, shared: boolean): WebAssembly.Module | null {
  const source = shared ? binary.shared : binary.plain;
  if (!compiled.has(source)) {
    const bytes = decodeBase64(source);
    compiled.set(source, WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null);
  }
  return compiled.get(source)!;
}

/** True when `memory` is backed by a SharedArrayBuffer (tfjs's threaded build). */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/** A fresh instance on `memory` and its module, or null when the module cannot run here. */
export function instantiateOn(
  binary: WasmBinary,
  memory: WebAssembly.Memory,
): { module: WebAssembly.Module; exports: WebAssembly.Exports } | null {
  const module = wasmModule(binary, isSharedMemory(memory));
  if (!module) return null;
  return { module, exports: new WebAssembly.Instance(module, { env: { memory } }).exports };
}

/** What the kernels need of tfjs-backend-wasm's BackendWasm (the package exports no such type). */
export interface WasmBackendLike {
  wasm: {
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): import('@tensorflow/tfjs').TensorInfo;
}

/** The backend's WebAssembly.Memory: `wasmMemory` in the threaded build, `asm.memory` otherwise. */
export function wasmMemoryOf(backend: WasmBackendLike): WebAssembly.Memory | undefined {
  return backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
}

/** Heap offset of a tensor's data. */
export function heapOffset(backend: WasmBackendLike, dataId: object): number {
  return backend.dataIdMap.get(dataId)!.memoryOffset;
}

/**
 * A lookup of `binary`'s exports, instantiated once per backend on that backend's memory. The
 * lookup throws naming `kernel` when this engine cannot run the module (no WebAssembly SIMD).
 */
export function perBackendExports<E>(binary: WasmBinary): (backend: WasmBackendLike, kernel: string) => E {
  const instances = new WeakMap<object, E | null>();
  return (backend, kernel) => {
    if (!instances.has(backend)) {
      const memory = wasmMemoryOf(backend);
      const inst = memory ? instantiateOn(binary, memory) : null;
      instances.set(backend, inst ? (inst.exports as unknown as E) : null);
    }
    const e = instances.get(backend);
    if (!e) throw new Error(`${kernel}: this engine cannot run WebAssembly SIMD`);
    return e;
  };
}
