/**
 * Reading a Hugging Face checkpoint folder off the main thread. In a browser,
 * {@link parseHfFilesOffThread} hands the files (Blobs: cloning one copies no bytes) to a module
 * worker (hfParseWorker.ts) that reads them with progress, parses the safetensors, converts
 * F16/BF16 to float32, checks every tensor against config.json and transposes to t5lab's layout;
 * the float32 weights come back as transferred ArrayBuffers (no copy). The page only builds the
 * tf tensors. Where there is no Worker (Node) the same {@link parseHfFiles} runs inline.
 *
 * Memory (t5-small, 60.5 M parameters, see bench/hfImportMemory.ts): the worker holds the file
 * bytes (242 MB F32 / 121 MB F16) plus the float32 weights (242 MB) while it works and frees all
 * of it when it ends; the page receives only the 242 MB of weights, then tf's copy.
 */
import type { T5Config } from '../model/config.ts';
import { INDEX_FILE, readHfFolder, type HfFolderSummary } from './hfFolder.ts';
import { weightsFromHfTensors, type WeightValues } from './hfWeights.ts';

/** One file of the folder, by base name. */
export interface HfInputFile {
  name: string;
  data: Blob | Uint8Array;
}

/** What reading a folder gives: every check passed. */
export interface HfParsed {
  configJson: string;
  config: T5Config;
  headSharesEmbedding: boolean;
  generationConfig?: Record<string, unknown>;
  summary: HfFolderSummary;
  /** The tokenizer file that was read (the page builds the Tokenizer from these bytes). */
  tokenizerFile?: { name: string; bytes: Uint8Array };
  /** t5lab-layout float32 weights, when asked for. */
  weights?: Map<string, WeightValues>;
  /** Where the parse ran (tests check that the browser path really used the worker). */
  parsedIn: 'worker' | 'inline';
}

export type HfParseRequest = { files: HfInputFile[]; weights: boolean };
export type HfParseMessage =
  | { type: 'progress'; phase: 'reading' | 'decoding'; done: number; total: number }
  | { type: 'result'; ok: true; parsed: HfParsed }
  | { type: 'result'; ok: false; error: string };

export interface HfParseOptions {
  /** Return the weights (the model cell) or only check them (the import panel, before storing). */
  weights: boolean;
  onProgress?: (p: { phase: 'reading' | 'decoding'; done: number; total: number }) => void;
}

const sizeOf = (d: Blob | Uint8Array) => (d instanceof Uint8Array ? d.length : d.size);

async function readBlob(blob: Blob, onBytes: (n: number) => void): Promise<Uint8Array> {
  const out = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.length;
    onBytes(value.length);
  }
  return out;
}

/** Reads and checks a folder where it is called (the worker, or inline where there is none). */
export async function parseHfFiles(
  files: HfInputFile[],
  options: HfParseOptions,
  parsedIn: HfParsed['parsedIn'] = 'inline',
): Promise<HfParsed> {
  const total = files.reduce((a, f) => a + sizeOf(f.data), 0);
  let done = 0;
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) {
    bytes.set(
      f.name,
      f.data instanceof Uint8Array
        ? f.data
        : await readBlob(f.data, (n) => options.onProgress?.({ phase: 'reading', done: (done += n), total })),
    );
  }
  options.onProgress?.({ phase: 'decoding', done: total, total });
  const reading = readHfFolder(bytes);
  let weights: Map<string, WeightValues>;
  try {
    weights = weightsFromHfTensors(reading.config, reading.tensors, { headSharesEmbedding: reading.headSharesEmbedding });
  } catch (err) {
    // Name the file the user brought: the single weight file, or the index of a sharded folder.
    const file = reading.summary.shards.length === 1 ? reading.summary.shards[0] : INDEX_FILE;
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
  const tokenizerName = reading.summary.tokenizerFile;
  return {
    configJson: reading.configJson,
    config: reading.config,
    headSharesEmbedding: reading.headSharesEmbedding,
    ...(reading.generationConfig ? { generationConfig: reading.generationConfig } : {}),
    summary: reading.summary,
    ...(tokenizerName ? { tokenizerFile: { name: tokenizerName, bytes: bytes.get(tokenizerName)!.slice() } } : {}),
    ...(options.weights ? { weights: ownWeights(weights) } : {}),
    parsedIn,
  };
}

/**
 * Gives every weight its own buffer: untransposed F32 weights are views into the file's bytes,
 * and transferring those would carry the whole file to the page.
 */
function ownWeights(weights: Map<string, WeightValues>): Map<string, WeightValues> {
  const out = new Map<string, WeightValues>();
  for (const [name, w] of weights) {
    const own = w.values.byteOffset === 0 && w.values.byteLength === w.values.buffer.byteLength;
    out.set(name, { shape: w.shape, values: own ? w.values : w.values.slice() });
  }
  return out;
}

/** The buffers to transfer with a result (each once). */
export function transferables(parsed: HfParsed): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const w of parsed.weights?.values() ?? []) set.add(w.values.buffer as ArrayBuffer);
  if (parsed.tokenizerFile) set.add(parsed.tokenizerFile.bytes.buffer as ArrayBuffer);
  return [...set];
}

const hasWorker = () => typeof Worker !== 'undefined' && typeof window !== 'undefined';

/** {@link parseHfFiles} in a module worker where the browser has one; errors reject with the worker's message. */
export function parseHfFilesOffThread(files: HfInputFile[], options: HfParseOptions): Promise<HfParsed> {
  if (!hasWorker()) return parseHfFiles(files, options);
  const worker = new Worker(new URL('./hfParseWorker.ts', import.meta.url), { type: 'module' });
  return new Promise<HfParsed>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<HfParseMessage>) => {
      const m = e.data;
      if (m.type === 'progress') options.onProgress?.(m);
      else if (m.ok) resolve(m.parsed);
      else reject(new Error(m.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`the checkpoint reading worker failed: ${e.message || 'unknown error'}`));
    };
    const request: HfParseRequest = { files, weights: options.weights };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}
