/** [target file, generated text] for every src/backend/wasmKernels/*.wat (see build-wasm-kernels.mjs). */
export function generate(): Promise<Array<[target: string, text: string]>>;
